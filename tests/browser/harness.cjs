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
//   await h.assertChartsInked(page);                 // every chart draws data, not only axes
//   h.assertClean(page);                             // no console error, failed or foreign request
//
// Randomness: each tab's Math.random and crypto.getRandomValues are seeded from the test file's
// seed (tests/seed.cjs prints it; NW_TEST_SEED=<seed> replays a run), so that e.g. "New data"
// draws the same seeds again.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { startStaticServer } = require('../../scripts/static-server.cjs');
const { testSeed, deriveSeed } = require('../seed.cjs');

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
 * Serves dist/ (or `root`) under a sub-path on a random port; everything else is a 404. Responses
 * are `Cache-Control: no-store` unless `cacheControl` says otherwise.
 * @returns {Promise<{url, origin, port, requests, close}>} `url` ends with '/'.
 */
function startServer({
  root = DIST_DIR,
  prefix = '/tutorials/attention-pooling/',
  cacheControl,
} = {}) {
  return startStaticServer({ root, prefix, host: '127.0.0.1', port: 0, cacheControl });
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
 * Init script: replaces the page's Math.random and crypto.getRandomValues (integer arrays) with
 * mulberry32 from `seed`, in every frame, before the page's own scripts run.
 */
function seedPageRandomness(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  Math.random = () => next() / 4294967296;
  const original = Crypto.prototype.getRandomValues;
  Crypto.prototype.getRandomValues = function getRandomValues(array) {
    const integer =
      ArrayBuffer.isView(array) &&
      !(array instanceof DataView) &&
      !/Float/.test(array.constructor.name);
    if (!integer || array.byteLength > 65536) return original.call(this, array); // its errors
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i += 4) {
      const v = next();
      for (let k = 0; k < 4 && i + k < bytes.length; k += 1) bytes[i + k] = (v >>> (8 * k)) & 255;
    }
    return array;
  };
}

let pagesOpened = 0;

/**
 * Opens a new tab that records problems into `page.problems`:
 *   consoleErrors  console.error() calls and browser-logged errors (CSP violations, 404s, ...)
 *   pageErrors     uncaught exceptions and unhandled rejections
 *   failedRequests requests that failed or answered with HTTP status >= 400
 *   foreignRequests requests to anything but `allowedOrigins`, file:, data:, blob: (aborted)
 * The tab's randomness is seeded (seedPageRandomness) from the test file's seed and the number of
 * tabs opened before it, unless `seed` is given (a number) or null (the browser's own randomness).
 * @param {import('playwright-core').BrowserContext} browser from launchBrowser()
 * @param {{allowedOrigins?: string[], seed?: number | null}} options the test server's origin(s)
 */
async function openPage(browser, { allowedOrigins = [], seed } = {}) {
  const page = await browser.newPage();
  pagesOpened += 1;
  page.seed = seed === undefined ? deriveSeed(testSeed(), `page ${pagesOpened}`) : seed;
  if (page.seed !== null) await page.addInitScript(seedPageRandomness, page.seed);
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
    // net::ERR_ABORTED is a request cancelled, not failed: a navigation (a reload, e.g. a change of
    // embed mode) cancels what the previous document was still loading, such as its worker script.
    // A missing file is an HTTP error status (recorded below) or another net:: error.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
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
  // The page sets 'error' when it cannot start: fail at once instead of at the timeout.
  const settled = (ms) =>
    (frame || page).waitForFunction(
      () => {
        const { ready } = document.documentElement.dataset;
        return (ready === 'true' || ready === 'error') && ready;
      },
      null,
      { timeout: ms, polling: 50 },
    );
  let frameNote = '';
  try {
    let handle;
    try {
      handle = await settled(timeout);
    } catch (err) {
      // What the frame had done (and whether it gets animation frames: the page does not wait for
      // them, app.js FRAME_WAIT_MS, and course.test checks a figure in a hidden frame).
      if (frame) frameNote = `\n  frame: ${JSON.stringify(await frameState(frame))}`;
      throw err;
    }
    const state = await handle.jsonValue();
    if (state !== 'true') throw new Error(`the page set data-ready="${state}"`);
  } catch (err) {
    const lines = problemsOf(page);
    const recent = (page.consoleMessages || []).slice(-20);
    err.message +=
      frameNote +
      `\n  page ${page.url()} did not set data-ready="true"` +
      (lines.length ? `\n  problems:\n    ${lines.join('\n    ')}` : '') +
      (recent.length ? `\n  last console messages:\n    ${recent.join('\n    ')}` : '');
    throw err;
  }
}

/**
 * What a frame that is not ready has done: its ready flag, User Timing marks and measures (which
 * sections were created, updated and drawn, which jobs ran), and whether it gets an animation
 * frame within 2 s.
 */
function frameState(frame) {
  return frame
    .evaluate(
      () =>
        new Promise((resolve) => {
          const state = (animationFrames) => ({
            ready: document.documentElement.dataset.ready,
            compute: document.documentElement.dataset.compute,
            visibility: document.visibilityState,
            animationFrames,
            marks: performance.getEntriesByType('mark').map((m) => m.name),
            measures: performance
              .getEntriesByType('measure')
              .map((m) => `${m.name} ${Math.round(m.startTime)}+${Math.round(m.duration)}`),
          });
          requestAnimationFrame(() => resolve(state(true)));
          setTimeout(() => resolve(state(false)), 2000);
        }),
    )
    .catch((e) => ({ error: e.message }));
}

/**
 * In the page: for each canvas, how much ink it carries and how much of it is data.
 *   ink      fraction of all pixels that are opaque enough (alpha > 16) and not near-white (some
 *            channel below 235): axes, tick labels and the legend count too
 *   dataInk  fraction of the plot area's pixels that carry ink other than the rules. A long row
 *            (or column) is one where a single opaque colour covers over 40 % of the canvas width
 *            (height): axis lines, gridlines, a heatmap's rows. The plot area is down to the lowest
 *            long row and from the leftmost long column, which leaves out tick labels, axis
 *            titles and the legend. Rules are the grey colours (gridlines, axis lines) that make
 *            long rows or columns in at most a quarter of the rows and columns (thin lines, not a
 *            heatmap's fill); colours within 4 per channel of a rule's count as it. A chart that
 *            draws only axes, gridlines and a legend has dataInk 0.
 *   dataLines  the data pixels over the plot area's width: 1 = as much ink as a 1-pixel line
 *            across the plot; a chart with only axes, gridlines and a legend has about 0
 *   dataPixels, plot {left, bottom} (-1 where no long column / row was found: the canvas edge)
 *   visible  whether the canvas is laid out and shown (embed mode hides the other figures)
 * Each canvas is copied onto a 2D scratch canvas so that any context type can be measured.
 */
function measureInk(canvases) {
  // Pixels are little-endian RGBA words: r = v & 255, g = (v >>> 8) & 255, b = (v >>> 16) & 255.
  const isOpaque = (v) => v >>> 24 > 16;
  const isInked = (v) =>
    isOpaque(v) && ((v & 255) < 235 || ((v >>> 8) & 255) < 235 || ((v >>> 16) & 255) < 235);
  const isGrey = (v) => {
    const r = v & 255;
    const g = (v >>> 8) & 255;
    const b = (v >>> 16) & 255;
    return Math.max(r, g, b) - Math.min(r, g, b) < 40;
  };
  /**
   * The opaque colour that covers at least `need` of the `count` pixels word[start + j * step], or
   * null: Misra-Gries with two counters finds every colour above a third, then one count checks.
   */
  const dominant = (word, start, step, count, need) => {
    let a = 0;
    let ca = 0;
    let b = 0;
    let cb = 0;
    for (let j = 0, i = start; j < count; j += 1, i += step) {
      const v = word[i];
      if (!isOpaque(v)) continue;
      if (ca > 0 && v === a) ca += 1;
      else if (cb > 0 && v === b) cb += 1;
      else if (ca === 0) [a, ca] = [v, 1];
      else if (cb === 0) [b, cb] = [v, 1];
      else {
        ca -= 1;
        cb -= 1;
      }
    }
    let na = 0;
    let nb = 0;
    for (let j = 0, i = start; j < count; j += 1, i += step) {
      if (ca > 0 && word[i] === a) na += 1;
      else if (cb > 0 && word[i] === b) nb += 1;
    }
    if (na >= need && na >= nb) return a;
    if (nb >= need) return b;
    return null;
  };
  return canvases.map((canvas) => {
    const { width, height } = canvas;
    const chart = canvas.dataset.chart || canvas.id || '';
    const rect = canvas.getBoundingClientRect();
    const visible = rect.width > 0 && rect.height > 0 && canvas.checkVisibility();
    if (!width || !height)
      return {
        chart,
        ink: 0,
        dataInk: 0,
        dataLines: 0,
        dataPixels: 0,
        plot: null,
        width,
        height,
        visible,
      };
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, width, height).data;
    const n = width * height;
    const word = new Uint32Array(px.buffer, px.byteOffset, n);
    let ink = 0;
    for (let i = 0; i < n; i += 1) if (isInked(word[i])) ink += 1;

    // Long rows and columns, and how many of each every dominant colour makes.
    const lines = new Map(); // colour -> [long rows, long columns]
    let bottom = -1;
    let left = -1;
    for (let y = 0; y < height; y += 1) {
      const v = dominant(word, y * width, 1, width, 0.4 * width);
      if (v === null) continue;
      bottom = y;
      const e = lines.get(v) ?? [0, 0];
      e[0] += 1;
      lines.set(v, e);
    }
    for (let x = width - 1; x >= 0; x -= 1) {
      const v = dominant(word, x, width, height, 0.4 * height);
      if (v === null) continue;
      left = x;
      const e = lines.get(v) ?? [0, 0];
      e[1] += 1;
      lines.set(v, e);
    }
    const rules = [];
    for (const [v, [rows, cols]] of lines) {
      if (isGrey(v) && rows <= 0.25 * height && cols <= 0.25 * width) rules.push(v);
    }
    // A rule's own colour, or within 4 per channel of it (where a line ends or crosses another).
    const near = (v, r) =>
      Math.abs((v & 255) - (r & 255)) <= 4 &&
      Math.abs(((v >>> 8) & 255) - ((r >>> 8) & 255)) <= 4 &&
      Math.abs(((v >>> 16) & 255) - ((r >>> 16) & 255)) <= 4;
    const isRule = (v) => rules.some((r) => near(v, r));
    // The plot area includes the axis lines themselves: a series lying on an axis (a constant
    // loss of 0, w = 0) is drawn over it in its own colour.
    const y1 = bottom >= 0 ? bottom + 1 : height;
    const x0 = left >= 0 ? left : 0;
    let dataPixels = 0;
    for (let y = 0; y < y1; y += 1) {
      for (let i = y * width + x0, end = (y + 1) * width; i < end; i += 1) {
        const v = word[i];
        if (isInked(v) && !isRule(v)) dataPixels += 1;
      }
    }
    const plotWidth = Math.max(1, width - x0);
    const dataInk = dataPixels / Math.max(1, y1 * plotWidth);
    return {
      chart,
      ink: ink / n,
      dataInk,
      dataLines: dataPixels / plotWidth,
      dataPixels,
      plot: { left, bottom },
      width,
      height,
      visible,
    };
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

/**
 * The least data ink (dataLines: in 1-pixel lines across the plot area) of a chart that shows
 * data: one visible line along the plot has about 1 or more (a constant series drawn over the
 * axis: 0.8), five points of radius 2.5 on a wide chart 0.3; a chart that draws only axes,
 * gridlines and a legend has under 0.01 (page.test.cjs checks both sides).
 */
const MIN_DATA_LINES = 0.1;

/**
 * Asserts that every chart matching `selector` draws data (dataLines >= `min`), not only axes;
 * with `visibleOnly`, charts that are not shown (other figures in embed mode) are left out.
 * Reports every failing chart at once; `what` names the page or the setting in the message.
 * Returns the measurements (e.g. for t.diagnostic).
 */
async function assertChartsInked(
  page,
  {
    selector = 'canvas[data-chart]',
    min = MIN_DATA_LINES,
    visibleOnly = false,
    what = 'page',
    frame = null,
  } = {},
) {
  const all = await (frame || page).$$eval(selector, measureInk);
  const charts = visibleOnly ? all.filter((c) => c.visible) : all;
  const { AssertionError } = require('node:assert');
  if (charts.length === 0)
    throw new AssertionError({ message: `${what}: no chart matches ${selector}` });
  const blank = charts.filter((c) => !(c.dataLines >= min));
  if (blank.length) {
    const lines = blank.map(
      (c) =>
        `${c.chart} (${c.width}x${c.height}): data ink ${c.dataLines.toFixed(2)} plot widths (${c.dataPixels} px), ` +
        `all ink ${(100 * c.ink).toFixed(2)} %`,
    );
    throw new AssertionError({
      message: `${what}: ${blank.length} of ${charts.length} charts show no data (only axes, gridlines, labels):\n  ${lines.join('\n  ')}`,
    });
  }
  return charts;
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
  if (selector) {
    await page.locator(selector).first().screenshot({ path: file });
    return file;
  }
  // Chromium's full-page capture leaves the canvases below the first screens blank (it does not
  // repaint them for the capture). A viewport as tall as the page (up to Chromium's 16,384 px)
  // shows every chart; the viewport is restored afterwards. Sections off screen skip layout
  // (content-visibility: auto), so the tall viewport lays them out and their charts resize: the
  // capture, and the caller after it, wait until no canvas changes size between frames.
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const tall = viewport && height > viewport.height;
  if (tall) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 16384) });
    await canvasesSettled(page);
  }
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    if (tall) {
      await page.setViewportSize(viewport);
      await canvasesSettled(page);
    }
  }
  return file;
}

/**
 * The charts whose canvas is not the size of its box (by more than a pixel), as
 * "id: WxH in a WxH box" (empty when every chart fits).
 */
function chartMisfits(page, selector = 'canvas[data-chart]') {
  return page.$$eval(selector, (cs) =>
    cs
      .map((c) => {
        const box = c.parentElement.getBoundingClientRect();
        const r = c.getBoundingClientRect();
        return { id: c.dataset.chart, w: r.width, h: r.height, bw: box.width, bh: box.height };
      })
      .filter((c) => Math.abs(c.w - c.bw) > 1 || Math.abs(c.h - c.bh) > 1)
      .map((c) => `${c.id}: ${c.w}x${c.h} in a ${c.bw}x${c.bh} box`),
  );
}

/** Resolves once no canvas of the page has changed size over two frames (at most ~2 s). */
async function canvasesSettled(page) {
  const sizes = () =>
    page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              resolve(
                Array.from(
                  document.querySelectorAll('canvas'),
                  (c) => `${c.width}x${c.height}`,
                ).join(','),
              ),
            ),
          ),
        ),
    );
  let last = await sizes();
  for (let i = 0; i < 60; i++) {
    const now = await sizes();
    if (now === last) return;
    last = now;
  }
}

/**
 * The viewport point at fractions (fx, fy) of the element `selector`, ready for page.mouse: the
 * element is scrolled to the viewport's centre, the page's canvases are left to settle (sections
 * that come on screen are laid out then and their charts resize, which moves what is below them),
 * and the point is returned only once the element itself is what is hit there. A box read right
 * after a scroll can be the one from before that layout (then a press lands beside the chart).
 */
async function pointOn(page, selector, fx = 0.5, fy = 0.5, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    await page.$eval(selector, (e) => e.scrollIntoView({ block: 'center', inline: 'center' }));
    await canvasesSettled(page);
    last = await page.$eval(
      selector,
      (e, [fx, fy]) => {
        const r = e.getBoundingClientRect();
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        const inView = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
        const hit = inView && document.elementFromPoint(x, y) === e;
        return { x, y, width: r.width, height: r.height, hit };
      },
      [fx, fy],
    );
    if (last.hit) return last;
  }
  throw new Error(`pointOn: ${selector} is not hit at (${fx}, ${fy}): ${JSON.stringify(last)}`);
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
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector))
      return i;
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
  if (!fs.existsSync(index))
    throw new Error(`${index} is missing: build first (bash scripts/build.sh)`);
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

/**
 * In the page (an init script, or run once it has loaded; self-contained: the engines' run() sends
 * its source): after each painted frame (an animation frame, then a task), the top of the element
 * window.__pinId names (at first: `id`) against where a link puts it, below the sticky bar (the
 * page's scroll-padding-top and its own scroll-margin-top). window.__frames: [ms, top, margin,
 * <html data-ready>].
 * @param {string} id
 */
function recordPinnedFrames(id) {
  window.__pinId = id;
  window.__frames = [];
  const look = () => {
    const target = document.getElementById(window.__pinId);
    if (target) {
      const top = target.getBoundingClientRect().top;
      const margin =
        (parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0) +
        (parseFloat(getComputedStyle(target).scrollMarginTop) || 0);
      const { ready } = document.documentElement.dataset;
      window.__frames.push([Math.round(performance.now()), top, margin, ready]);
    }
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = look;
      ch.port2.postMessage(0);
    });
  };
  look();
  return true;
}

/** A frame of recordPinnedFrames with its element more than 2 px from its place. */
const pinnedOff = ([, top, margin]) => Math.abs(top - margin) > 2;

/**
 * The frames of recordPinnedFrames from the first with the element in place (`first`: its index,
 * -1 if none; `after`: those frames) and, of those, the ones off it (`off`).
 */
function pinnedFrames(frames) {
  const first = frames.findIndex((f) => !pinnedOff(f));
  const after = first < 0 ? [] : frames.slice(first);
  return { first, after, off: after.filter(pinnedOff) };
}

/**
 * In the page (self-contained, as recordPinnedFrames): the element at height y of the view, in
 * the middle of its width, as a path of child indices from <body> (the page is static HTML: the
 * same path finds it after a reload), with its top in the view. What a reader sees there.
 */
function markPlace(y) {
  const element = document.elementFromPoint(window.innerWidth / 2, y);
  const path = [];
  for (let e = element; e && e !== document.body; e = e.parentElement)
    path.unshift([...e.parentElement.children].indexOf(e));
  return { path, top: element.getBoundingClientRect().top, tag: element.tagName };
}

/** In the page: the top in the view of the element markPlace's path names (null if none). */
function topOfPlace(path) {
  let element = document.body;
  for (const i of path) element = element?.children[i];
  return element ? element.getBoundingClientRect().top : null;
}

module.exports = {
  markPlace,
  topOfPlace,
  recordPinnedFrames,
  pinnedOff,
  pinnedFrames,
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
  assertChartsInked,
  MIN_DATA_LINES,
  measureInk,
  seedPageRandomness,
  canvasFingerprint,
  chartFingerprints,
  waitForCanvasChange,
  saveScreenshot,
  canvasesSettled,
  chartMisfits,
  pointOn,
  settle,
  tabTo,
};
