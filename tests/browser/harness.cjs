'use strict';
// Shared helpers for the browser tests: a static server for dist/ under a sub-path, Debian's
// Chromium through playwright-core (one launch per test file), a page wrapper that records every
// problem a learner's browser would show, and pixel checks on the charts.
//
//   const h = require('./harness.cjs');
//   const server = await h.startServer();     // dist/ at http://127.0.0.1:<port>/<sub-path>/
//   const browser = await h.launchBrowser();          // once per file; browser.close() in after()
//   const page = await h.openPage(browser, {allowedOrigins: [server.origin]});
//   await page.goto(server.url + 'index.html');
//   await h.waitReady(page);
//   assert.ok((await h.inkFraction(page, 'canvas[data-chart="data"]')).ink > 0.01);
//   h.assertClean(page);                             // no console error, failed or foreign request

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { startStaticServer } = require('../../scripts/static-server.cjs');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST_DIR = path.resolve(process.env.NW_DIST_DIR || path.join(REPO_ROOT, 'dist'));
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// See ../../../shared/TOOLCHAIN.md: without the background-networking flags Chromium keeps
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
const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS || 60_000);

/** URL of a file in dist/ opened by double-click (file://). */
function fileUrl(name = 'index.html', root = DIST_DIR) {
  return pathToFileURL(path.join(root, name)).href;
}

/**
 * Serves dist/ (or `root`) under a sub-path on a random port; everything else is a 404.
 * @returns {Promise<{url, origin, port, requests, close}>} `url` ends with '/'.
 */
function startServer({ root = DIST_DIR, prefix = '/tutorials/attention-pooling/' } = {}) {
  return startStaticServer({ root, prefix, host: '127.0.0.1', port: 0 });
}

/**
 * Launches Debian's Chromium headless with a fresh temporary profile. `args` are added to
 * CHROMIUM_ARGS (e.g. '--disable-gpu-vsync' for a benchmark).
 * @returns {Promise<import('playwright-core').BrowserContext>} close() also deletes the profile.
 */
async function launchBrowser({ viewport = { width: 1280, height: 900 }, args = [] } = {}) {
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...args],
      viewport,
      // The tests must see the page exactly as a learner's browser runs it.
      serviceWorkers: 'block',
    });
  } catch (err) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const close = context.close.bind(context);
  context.close = async () => {
    try {
      await close();
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return context;
}

/** True for URLs a page may load: its test server, file://, data:, blob:, about:. */
function isAllowedUrl(url, allowedOrigins) {
  if (/^(data|blob|about):/.test(url)) return true;
  if (url.startsWith('file://')) return true;
  let origin;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return allowedOrigins.includes(origin);
}

/**
 * Opens a new tab that records problems into `page.problems`:
 *   consoleErrors  console.error() calls and browser-logged errors (CSP violations, 404s, ...)
 *   pageErrors     uncaught exceptions and unhandled rejections
 *   failedRequests requests that failed or answered with HTTP status >= 400
 *   foreignRequests requests to anything but `allowedOrigins`, file:, data:, blob: (aborted)
 * @param {import('playwright-core').BrowserContext} browser from launchBrowser()
 * @param {{allowedOrigins?: string[]}} options the test server's origin(s)
 */
async function openPage(browser, { allowedOrigins = [] } = {}) {
  const page = await browser.newPage();
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] };
  page.problems = problems;
  page.consoleMessages = [];

  page.on('console', (msg) => {
    const loc = msg.location();
    const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
    page.consoleMessages.push(`${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') problems.consoleErrors.push(`${msg.text()}${where}`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on('requestfailed', (req) => {
    if (isAllowedUrl(req.url(), allowedOrigins)) {
      problems.failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  page.on('request', (req) => {
    if (!isAllowedUrl(req.url(), allowedOrigins)) problems.foreignRequests.push(req.url());
  });
  page.on('websocket', (ws) => {
    const asHttp = ws.url().replace(/^ws/, 'http');
    if (!isAllowedUrl(asHttp, allowedOrigins)) problems.foreignRequests.push(ws.url());
  });
  // Foreign requests are recorded above and never leave the machine.
  await page.route(
    (url) => !isAllowedUrl(url.href, allowedOrigins),
    (route) => route.abort('blockedbyclient'),
  );
  return page;
}

/** Every recorded problem of `page` as lines (empty when clean). */
function problemsOf(page) {
  const p = page.problems;
  return [
    ...p.consoleErrors.map((s) => `console error: ${s}`),
    ...p.pageErrors.map((s) => `page error: ${s}`),
    ...p.failedRequests.map((s) => `failed request: ${s}`),
    ...p.foreignRequests.map((s) => `request to another origin: ${s}`),
  ];
}

/** Throws an AssertionError listing every problem the page has shown so far. */
function assertClean(page, what = 'page') {
  const lines = problemsOf(page);
  if (lines.length > 0) {
    const { AssertionError } = require('node:assert');
    throw new AssertionError({ message: `${what} is not clean:\n  ${lines.join('\n  ')}` });
  }
}

/**
 * Waits until the page says every chart is drawn: <html data-ready="true">. Fails on
 * data-ready="error" or on timeout with the page's problems and console, which usually say why.
 * `frame`: wait on that frame of `page` instead (e.g. the tutorial embedded in an iframe).
 */
async function waitReady(page, { timeout = READY_TIMEOUT_MS, frame = null } = {}) {
  try {
    // The page sets 'error' when it cannot start: fail at once instead of at the timeout.
    const handle = await (frame || page).waitForFunction(
      () => {
        const { ready } = document.documentElement.dataset;
        return (ready === 'true' || ready === 'error') && ready;
      },
      null,
      { timeout, polling: 50 },
    );
    const state = await handle.jsonValue();
    if (state !== 'true') throw new Error(`the page set data-ready="${state}"`);
  } catch (err) {
    const lines = problemsOf(page);
    const recent = (page.consoleMessages || []).slice(-20);
    err.message +=
      `\n  page ${page.url()} did not set data-ready="true"` +
      (lines.length ? `\n  problems:\n    ${lines.join('\n    ')}` : '') +
      (recent.length ? `\n  last console messages:\n    ${recent.join('\n    ')}` : '');
    throw err;
  }
}

/**
 * In the page: for each canvas, the fraction of its pixels that carry ink: opaque enough
 * (alpha > 16) and not near-white (some channel below 235). Each canvas is copied onto a 2D
 * scratch canvas so that any context type can be measured.
 */
function measureInk(canvases) {
  return canvases.map((canvas) => {
    const { width, height } = canvas;
    const chart = canvas.dataset.chart || canvas.id || '';
    if (!width || !height) return { chart, ink: 0, width, height };
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, width, height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 16 && (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235)) ink += 1;
    }
    return { chart, ink: ink / (width * height), width, height };
  });
}

/**
 * Ink fraction (0..1) of the first canvas matching `selector`.
 * @returns {Promise<{chart: string, ink: number, width: number, height: number}>}
 */
async function inkFraction(page, selector) {
  const [result] = await page.$$eval(selector, measureInk);
  if (!result) throw new Error(`inkFraction: no element matches ${selector}`);
  return result;
}

/** Ink fractions of every canvas matching `selector` (default: every chart), in document order. */
async function inkFractions(page, selector = 'canvas[data-chart]') {
  return page.$$eval(selector, measureInk);
}

/** A short fingerprint of a canvas's pixels, to tell whether a chart was redrawn differently. */
async function canvasFingerprint(page, selector) {
  return fingerprint(await page.$eval(selector, (canvas) => canvas.toDataURL('image/png')));
}

/**
 * Fingerprints of every chart, keyed "<section id>/<data-chart>", to tell which charts a change
 * redrew.
 */
async function chartFingerprints(page, selector = 'canvas[data-chart]') {
  const urls = await page.$$eval(selector, (canvases) =>
    canvases.map((c) => [`${c.closest('section')?.id ?? ''}/${c.dataset.chart}`, c.toDataURL()]),
  );
  return Object.fromEntries(urls.map(([key, url]) => [key, fingerprint(url)]));
}

/** FNV-1a of a string, with its length. */
function fingerprint(text) {
  let h1 = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
  return `${text.length}:${h1.toString(16)}`;
}

/** Waits until the canvas at `selector` differs from fingerprint `old`; returns the new one. */
async function waitForCanvasChange(page, selector, old, { timeout = 15_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = await canvasFingerprint(page, selector);
    if (now !== old) return now;
    if (Date.now() > deadline) throw new Error(`${selector} did not change within ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

/**
 * Saves a screenshot as test-results/screenshots/<name>.png and returns its path: the full page,
 * or only the element matching `selector` (scrolled into view), which is faster and easier to read.
 */
async function saveScreenshot(page, name, { selector = null } = {}) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * After an action: waits until `condition` (a function run in the page, given `arg`) is true,
 * then until the page is ready again. The condition must name the action's visible effect (e.g.
 * the new point count): data-ready alone may still be "true" from before the action.
 */
async function settle(page, condition, arg, { timeout = 30_000 } = {}) {
  try {
    await page.waitForFunction(condition, arg, { timeout, polling: 20 });
  } catch (err) {
    err.message += `\n  condition: ${String(condition).slice(0, 300)}`;
    throw err;
  }
  await waitReady(page, { timeout });
}

/**
 * Presses Tab until the focused element matches `selector` (keyboard-only navigation); fails
 * after `max` presses. Returns the number of presses.
 */
async function tabTo(page, selector, { max = 100, shift = false } = {}) {
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`tabTo: ${selector} was not reached with ${max} Tab presses`);
}

/**
 * The per-file setup every browser test file shares: checks that dist/ was built, starts the
 * server and launches the browser once. Use as
 *   before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);
 *   after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);
 */
async function openSuite(launchOptions) {
  const index = path.join(DIST_DIR, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: build first (bash scripts/build.sh)`);
  const server = await startServer();
  const browser = await launchBrowser(launchOptions);
  return { server, browser };
}

async function closeSuite({ server, browser } = {}) {
  await browser?.close();
  await server?.close();
}

/** A hook that hangs (a browser that never starts) fails instead of holding the suite. */
const SUITE_TIMEOUT = { timeout: 120_000 };

module.exports = {
  openSuite,
  closeSuite,
  SUITE_TIMEOUT,
  REPO_ROOT,
  DIST_DIR,
  SCREENSHOT_DIR,
  CHROMIUM_ARGS,
  fileUrl,
  startServer,
  launchBrowser,
  openPage,
  isAllowedUrl,
  problemsOf,
  assertClean,
  waitReady,
  inkFraction,
  inkFractions,
  canvasFingerprint,
  chartFingerprints,
  waitForCanvasChange,
  saveScreenshot,
  settle,
  tabTo,
};
