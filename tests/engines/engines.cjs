'use strict';
// The page in three browser engines behind one small interface, for tests/engines/suite.cjs:
//
//   chromium  Debian's chromium, driven by puppeteer-core over the DevTools protocol
//   firefox   Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser, driven by WebKitWebDriver (classic W3C WebDriver) over
//             HTTP with fetch; MiniBrowser needs an X display even when automated, so each launch
//             starts its own Xvfb (../../../shared/TOOLCHAIN.md)
//
//   const engine = await launch('webkit', {downloadDir});
//   const page = await engine.newPage({width: 1440, height: 900});
//   await page.goto(url); await page.reload();
//   await page.run((sel) => document.querySelector(sel).id, '#x');   // a function run in the page
//   await page.waitFor(() => document.documentElement.dataset.ready === 'true');
//   await page.click(x, y); await page.drag(from, to); await page.press('ArrowDown');
//   await page.screenshot(file);            // the viewport, PNG
//   await page.problems();                  // what a learner's browser would show as an error
//   await engine.close();
//
// Functions given to run() are sent as source text: they must not use variables of the test.
// Coordinates are CSS pixels of the viewport (getBoundingClientRect), as the page sees them.
//
// What each driver can and cannot see is recorded by problems(): puppeteer's console, page-error
// and network events (Chromium, Firefox) and, in every engine, an in-page probe: uncaught errors,
// unhandled rejections, failed resource loads, CSP violations (securitypolicyviolation), and the
// page's own error notice (#notice, .section-error). Classic WebDriver has no console and no way to
// run a script before the page's own, so in WebKit the probe is installed right after each load and
// also wraps console.error: errors before that show in the page's notice and data-ready="error"
// (main.js reports every uncaught error there), CSP violations during the load do not.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER =
  process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
// Same flags as tests/browser/harness.cjs: without the background-networking ones Chromium keeps
// trying to reach outside hosts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The executable an engine needs, for a clear message when it is not installed. */
const EXECUTABLES = {
  chromium: [CHROMIUM],
  firefox: [FIREFOX],
  webkit: [WEBKIT_DRIVER, MINIBROWSER, 'Xvfb'],
};

function which(file) {
  if (file.includes('/')) return fs.existsSync(file) ? file : null;
  for (const dir of (process.env.PATH || '').split(':')) {
    const p = path.join(dir, file);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** Throws naming the missing program and the package that has it (scripts/setup.sh installs it). */
function checkInstalled(name) {
  const packages = {
    chromium: 'chromium',
    firefox: 'firefox-esr',
    webkit: 'webkit2gtk-driver xvfb',
  };
  const missing = EXECUTABLES[name].filter((f) => !which(f));
  if (missing.length)
    throw new Error(
      `${name}: ${missing.join(', ')} not found; install ${packages[name]} (bash scripts/setup.sh)`,
    );
}

/**
 * The in-page probe (run as source in the page, once per document): records uncaught errors,
 * unhandled rejections, failed loads of scripts, styles and images, and CSP violations;
 * `wrapConsole` also records console.error calls (for drivers without console events).
 */
function installProbe(wrapConsole) {
  if (window.__engineProbe) return false;
  const probe = { errors: [], violations: [] };
  Object.defineProperty(window, '__engineProbe', { value: probe });
  const text = (v) => (v instanceof Error ? `${v.name}: ${v.message}` : String(v));
  window.addEventListener(
    'error',
    (e) => {
      const t = e.target;
      if (t && t !== window && (t.src || t.href))
        probe.errors.push(`failed to load ${t.tagName}: ${t.src || t.href}`);
      else probe.errors.push(`uncaught: ${text(e.error || e.message)}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (e) =>
    probe.errors.push(`unhandled rejection: ${text(e.reason)}`),
  );
  window.addEventListener(
    'securitypolicyviolation',
    (e) =>
      probe.violations.push(
        `${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
          ` at ${e.sourceFile || '?'}:${e.lineNumber || '?'}`,
      ),
    true,
  );
  if (wrapConsole) {
    const original = console.error;
    console.error = function error(...args) {
      probe.errors.push(`console.error: ${args.map(text).join(' ')}`);
      return original.apply(this, args);
    };
  }
  return true;
}

/** In the page: what the probe recorded and the page's own error notices. */
function readProbe() {
  const probe = window.__engineProbe;
  const notice = document.getElementById('notice');
  return {
    installed: Boolean(probe),
    errors: probe ? [...probe.errors] : [],
    violations: probe ? [...probe.violations] : [],
    notice: notice && !notice.hidden ? notice.textContent.trim() || '(empty notice shown)' : '',
    sectionErrors: [...document.querySelectorAll('.section-error')].map((e) => e.textContent),
    ready: document.documentElement.dataset.ready,
  };
}

/** Lines of problems from a readProbe() result (empty when clean). */
function probeLines(p, where = 'page') {
  return [
    ...(p.installed ? [] : [`${where}: the probe is not installed`]),
    ...p.errors.map((s) => `${where}: ${s}`),
    ...p.violations.map((s) => `${where}: CSP violation: ${s}`),
    ...(p.notice ? [`${where}: error notice shown: ${p.notice}`] : []),
    ...p.sectionErrors.map((s) => `${where}: section error: ${s}`),
    ...(p.ready === 'error' ? [`${where}: data-ready="error"`] : []),
  ];
}

/** A script that calls `fn` (a function or its source) with JSON arguments, as an expression. */
function callSource(fn, args) {
  return `(${String(fn)})(...${JSON.stringify(args)})`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fn(arg)` in the page (or `frameSelector`'s frame) every 50 ms until it returns a truthy
 * value, which is returned; fails after `timeout` ms naming `what` and the last value.
 */
async function pollUntil(
  page,
  fn,
  arg,
  { timeout = 30_000, what = String(fn).slice(0, 200), frame } = {},
) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = frame ? await page.inFrame(frame, fn, arg) : await page.run(fn, arg);
      if (last) return last;
    } catch (err) {
      last = err; // a navigation in progress: try again
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    await sleep(50);
  }
}

/**
 * Waits until `selector`'s frame holds its own document, not the empty one a frame starts with: a
 * frame with loading="lazy" (the documented embed code) may not have started loading when the
 * host page has, and a probe installed in that first document would be gone with it.
 */
function frameDocument(page, selector) {
  return pollUntil(page, () => location.href !== 'about:blank', undefined, {
    frame: selector,
    what: `${selector} to load its document`,
  });
}

// ---------------------------------------------------------------------------------------------
// Chromium and Firefox: puppeteer-core

async function launchPuppeteer(name, { downloadDir }) {
  const puppeteer = require('puppeteer-core');
  const options =
    name === 'chromium'
      ? { browser: 'chrome', executablePath: CHROMIUM, args: CHROMIUM_ARGS }
      : {
          browser: 'firefox',
          executablePath: FIREFOX,
          extraPrefsFirefox: {
            // Downloads go to downloadDir without a dialog.
            'browser.download.dir': downloadDir,
            'browser.download.folderList': 2,
            'browser.download.useDownloadDir': true,
            'browser.download.always_ask_before_handling_new_types': false,
            'browser.helperApps.neverAsk.saveToDisk': 'text/csv,image/png',
          },
        };
  const browser = await puppeteer.launch({
    ...options,
    headless: true,
    defaultViewport: null,
    protocolTimeout: 120_000,
    ...(name === 'chromium'
      ? { downloadBehavior: { policy: 'allow', downloadPath: downloadDir } }
      : {}),
  });
  const version = await browser.version();

  async function newPage({ width = 1440, height = 900 } = {}) {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    const events = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') events.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => events.push(`page error: ${err?.message ?? err}`));
    page.on('requestfailed', (req) => {
      const reason = req.failure()?.errorText ?? 'failed';
      // A navigation cancels what the previous document was still loading.
      if (!/ABORTED|NS_BINDING_ABORTED/i.test(reason))
        events.push(`failed request: ${req.url()}: ${reason}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) events.push(`failed request: ${res.url()}: HTTP ${res.status()}`);
    });
    // Before the page's own scripts, in every document of the tab.
    await page.evaluateOnNewDocument(callSource(installProbe, [false]));
    const frameOf = async (selector) => {
      const handle = await page.waitForSelector(selector, { timeout: 30_000 });
      const frame = await handle.contentFrame();
      if (!frame) throw new Error(`${selector} is not a frame`);
      return frame;
    };
    return {
      engine: name,
      async goto(url) {
        await page.goto('about:blank');
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      },
      async reload() {
        await page.reload({ waitUntil: 'load', timeout: 60_000 });
      },
      run: (fn, ...args) => page.evaluate(callSource(fn, args)),
      async inFrame(selector, fn, ...args) {
        return (await frameOf(selector)).evaluate(callSource(fn, args));
      },
      async installProbeInFrame(selector) {
        await frameDocument(this, selector);
        return (await frameOf(selector)).evaluate(callSource(installProbe, [false]));
      },
      waitFor(fn, arg, opts) {
        return pollUntil(this, fn, arg, opts);
      },
      setViewport: (w, h) => page.setViewport({ width: w, height: h }),
      click: (x, y, { count = 1 } = {}) => page.mouse.click(x, y, { count, clickCount: count }),
      async drag(from, to, { steps = 8 } = {}) {
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(to.x, to.y, { steps });
        await page.mouse.up();
      },
      hover: (x, y) => page.mouse.move(x, y),
      async press(key) {
        const keys = key.length > 1 ? key.split('+') : [key];
        for (const k of keys.slice(0, -1)) await page.keyboard.down(k);
        await page.keyboard.press(keys[keys.length - 1]);
        for (const k of keys.slice(0, -1).reverse()) await page.keyboard.up(k);
      },
      async clickElement(selector) {
        await page.click(selector);
      },
      async screenshot(file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file });
        return file;
      },
      async problems() {
        const probe = await page.evaluate(callSource(readProbe, []));
        return [...events, ...probeLines(probe)];
      },
      close: () => page.close(),
    };
  }
  return { name, version, newPage, close: () => browser.close() };
}

// ---------------------------------------------------------------------------------------------
// WebKit: WebKitWebDriver (classic W3C WebDriver) over HTTP

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** WebDriver key codes (W3C WebDriver, "Keyboard actions") of the keys the tests press. */
const KEYS = {
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Escape: '\uE00C',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
};

/** Starts Xvfb on a free display (-displayfd); resolves with {display, process}. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn(
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not start within 10 s')), 10_000);
    const fail = (e) => {
      clearTimeout(timer);
      xvfb.kill();
      reject(new Error(`${e.message}\n${err}`));
    };
    xvfb.on('error', fail);
    xvfb.on('exit', (code) => fail(new Error(`Xvfb exited with ${code}`)));
    xvfb.stderr.on('data', (d) => (err += d));
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      xvfb.removeAllListeners('exit');
      resolve({ display: `:${out.trim()}`, process: xvfb });
    });
  });
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  const net = require('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function launchWebKit({ downloadDir }) {
  const children = [];
  // Children must not outlive a test process that ends abruptly.
  const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.on('exit', killAll);
  let sessionUrl = null;
  try {
    const xvfb = await startXvfb();
    children.push(xvfb.process);
    const port = await freePort();
    // MiniBrowser saves downloads into $HOME: a fresh one per launch is the download folder.
    const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display, HOME: downloadDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(driver);
    let driverLog = '';
    driver.stderr.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;

    /** One WebDriver command; throws the driver's error with its message. */
    const command = async (method, url, body, { timeout = 120_000 } = {}) => {
      const res = await fetch(base + url, {
        method,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
      const json = await res.json();
      if (res.status >= 400 || (json.value && json.value.error)) {
        const v = json.value || {};
        throw new Error(`WebDriver ${method} ${url}: ${v.error}: ${v.message}`);
      }
      return json.value;
    };
    for (let i = 0; ; i += 1) {
      try {
        await command('GET', '/status', undefined, { timeout: 1000 });
        break;
      } catch (err) {
        if (i > 100)
          throw new Error(`WebKitWebDriver did not answer:\n${driverLog}`, { cause: err });
        await sleep(100);
      }
    }
    const session = await command(
      'POST',
      '/session',
      {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      },
      { timeout: 60_000 },
    );
    sessionUrl = `/session/${session.sessionId}`;
    const s = (method, url, body, opts) => command(method, sessionUrl + url, body, opts);
    await s('POST', '/timeouts', { script: 120_000, pageLoad: 120_000 });
    const version = `MiniBrowser (WebKitGTK) ${session.capabilities.browserVersion}`;

    const execute = (fn, args) =>
      s('POST', '/execute/sync', { script: `return ${callSource(fn, args)};`, args: [] });
    const find = async (selector) => {
      const ref = await s('POST', '/element', { using: 'css selector', value: selector });
      return ref[ELEMENT];
    };
    const pointer = (actions) =>
      s('POST', '/actions', {
        actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
      });
    const at = (x, y, duration = 0) => ({
      type: 'pointerMove',
      origin: 'viewport',
      x: Math.round(x),
      y: Math.round(y),
      duration,
    });
    let frameDepth = 0;
    const inFrame = async (selector, body) => {
      await s('POST', '/frame', { id: { [ELEMENT]: await find(selector) } });
      frameDepth += 1;
      try {
        return await body();
      } finally {
        await s('POST', '/frame/parent', {});
        frameDepth -= 1;
      }
    };
    let pageOpen = false;

    async function newPage({ width = 1440, height = 900 } = {}) {
      if (pageOpen) throw new Error('webkit: one page at a time (one WebDriver window)');
      pageOpen = true;
      const page = {
        engine: 'webkit',
        async goto(url) {
          await s('POST', '/url', { url: 'about:blank' });
          await s('POST', '/url', { url });
          await execute(installProbe, [true]);
        },
        async reload() {
          await s('POST', '/refresh', {});
          await execute(installProbe, [true]);
        },
        run: (fn, ...args) => execute(fn, args),
        inFrame: (selector, fn, ...args) => inFrame(selector, () => execute(fn, args)),
        async installProbeInFrame(selector) {
          await frameDocument(this, selector);
          return inFrame(selector, () => execute(installProbe, [true]));
        },
        waitFor(fn, arg, opts) {
          return pollUntil(this, fn, arg, opts);
        },
        async setViewport(w, h) {
          // The window is the viewport plus MiniBrowser's toolbar; MiniBrowser's window is at least
          // 447 px wide (its toolbar), so narrower viewports need a frame (suite.cjs).
          await s('POST', '/window/rect', { width: w, height: h + 40 });
          const [iw, ih] = await execute(() => [innerWidth, innerHeight], []);
          await s('POST', '/window/rect', { width: w + (w - iw), height: h + 40 + (h - ih) });
        },
        click: (x, y, { count = 1 } = {}) => {
          const actions = [at(x, y)];
          for (let i = 0; i < count; i += 1)
            actions.push({ type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 });
          return pointer(actions);
        },
        drag: (from, to, { steps = 8 } = {}) => {
          const actions = [at(from.x, from.y), { type: 'pointerDown', button: 0 }];
          for (let i = 1; i <= steps; i += 1)
            actions.push(
              at(
                from.x + ((to.x - from.x) * i) / steps,
                from.y + ((to.y - from.y) * i) / steps,
                16,
              ),
            );
          actions.push({ type: 'pointerUp', button: 0 });
          return pointer(actions);
        },
        hover: (x, y) => pointer([at(x, y)]),
        async press(key) {
          const codes = (key.length > 1 ? key.split('+') : [key]).map((k) => KEYS[k] ?? k);
          const down = codes.map((value) => ({ type: 'keyDown', value }));
          const up = [...codes].reverse().map((value) => ({ type: 'keyUp', value }));
          await s('POST', '/actions', {
            actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }],
          });
        },
        async clickElement(selector) {
          await s('POST', `/element/${await find(selector)}/click`, {});
        },
        async screenshot(file) {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, Buffer.from(await s('GET', '/screenshot'), 'base64'));
          return file;
        },
        async problems() {
          return probeLines(await execute(readProbe, []));
        },
        async close() {
          pageOpen = false;
          if (frameDepth === 0) await s('POST', '/url', { url: 'about:blank' }).catch(() => {});
        },
      };
      await page.setViewport(width, height);
      return page;
    }

    return {
      name: 'webkit',
      version,
      newPage,
      async close() {
        try {
          await s('DELETE', '', undefined, { timeout: 15_000 });
        } catch {
          /* the processes are killed below */
        }
        sessionUrl = null;
        driver.kill();
        await Promise.race([new Promise((r) => driver.once('exit', r)), sleep(3000)]);
        killAll();
        process.off('exit', killAll);
      },
    };
  } catch (err) {
    killAll();
    process.off('exit', killAll);
    throw err;
  }
}

/**
 * Launches an engine: 'chromium', 'firefox' or 'webkit'. Downloads are saved into `downloadDir`
 * (WebKit: MiniBrowser saves them into $HOME, which is that folder); without one, a temporary
 * folder that close() deletes.
 * @returns {Promise<{name, version, downloadDir, newPage({width, height}), close()}>}
 */
async function launch(name, { downloadDir } = {}) {
  if (!ENGINES.includes(name)) throw new Error(`unknown engine ${name}`);
  checkInstalled(name);
  const own = !downloadDir;
  const dir = downloadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nw-dl-'));
  let engine;
  try {
    engine =
      name === 'webkit'
        ? await launchWebKit({ downloadDir: dir })
        : await launchPuppeteer(name, { downloadDir: dir });
  } catch (err) {
    if (own) fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...engine,
    downloadDir: dir,
    async close() {
      try {
        await engine.close();
      } finally {
        if (own) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { ENGINES, launch, installProbe, readProbe, probeLines, callSource, sleep };
