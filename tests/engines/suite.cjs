'use strict';
// The cross-engine suite (issue 14): the same tests in Chromium, Firefox and WebKit, each engine
// in its own test file (chromium.test.cjs, ...) so that scripts/test.sh prints a count per engine.
// Every test checks that the page showed no problem (engines.cjs: problems()), and so no CSP
// violation. The tests:
//   load served     under a sub-path at 1440 px: every chart inked, the stylesheet applied, no
//                   request failed; at a few places of the page a screenshot, and there every
//                   chart on screen fits its box and shows on the screen what its canvas holds;
//                   every section scrolled to in turn: the charts on screen fit their boxes
//   load file://    the double-clicked file: every chart inked, no problem
//   linked section  index.html#section-consistency: every frame painted from the first with the
//                   section in place keeps it there while the page is built (keep-in-view.js)
//   375 px wide     no sideways scrolling, every chart inked; the same places, screenshots and
//                   checks (WebKit: MiniBrowser's window is at least 447 px wide, so the page is
//                   in a 375 px frame there)
//   slider          #control-bandwidth redraws and refits (the inspector's prediction is the API's
//                   in Node, to 1e-12); ArrowRight on the focused slider steps log10 h by 0.01
//   pointer         two clicks on the data chart add points, a drag moves one where the pointer
//                   went; the fit follows
//   inspector       arrows, PageDown, End, Home on the heatmap and the prediction chart choose the
//                   query; the pointer too; the inspector shows the API's attention row
//   embed           the embed code the page's "Embed…" dialog gives (the same sandbox tokens as
//                   README's), with README's resize listener, in a page of another origin: the
//                   figure posts its height (the host sizes the frame by it), its export offers
//                   the CSV in a dialog (downloads blocked). Plain <iframe sandbox="allow-scripts">
//                   too: Chromium and Firefox; in WebKit a todo (bug 316847: CSP 'self' refused
//                   in an opaque-origin frame)
//   CSP             the policy is the strict one, the served document has no inline script, style
//                   or handler, and the engine enforces it: an inline script, a data: script and a
//                   style attribute are refused and reported (so the probe would see a
//                   violation); eval too where the driver's own scripts are subject to it (WebKit)
//   export          "Data (CSV)" downloads data-seed5.csv with the page's numbers (each driver
//                   saves downloads into a temporary folder, WebKit's MiniBrowser into its $HOME)
//   kernel gallery  nw.kernelInfo and nw.kernelValues on the gallery's 501 values of u, computed
//                   in this engine's WebAssembly, equal Node's bit for bit; each caption shows
//                   its kernel's formula
// Screenshots: test-results/screenshots/engines-<engine>-<width>-<place>.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const h = require('../browser/harness.cjs');
const { launch, sleep } = require('./engines.cjs');

const TIMEOUT = { timeout: 180_000 };
const DATA = 'canvas[data-chart="data"]';
const PRED = 'canvas[data-chart="heatmap-prediction"]';
const HEAT = 'canvas[data-chart="heatmap"]';
const SLIDER = '#control-bandwidth';
/** Places of the page shot at each width: the top, then figures scrolled to below the bar. */
const PLACES = [
  ['top', null],
  ['data', '#section-data .figures'],
  ['heatmap', '#section-heatmap .figures'],
  ['training', '#section-training .figures'],
  ['kernels', '#section-kernels .figures'],
  ['boundary', '#section-boundary .figures'],
];
const WIDE = { width: 1440, height: 900 };
const NARROW = { width: 375, height: 812 };

/** Serves host pages (a second origin) from `pages`: name -> HTML. */
function startHostServer(pages) {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1);
    const body = pages.get(name);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found\n');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${server.address().port}/`;
      resolve({
        url: (name, html) => {
          pages.set(name, html);
          return base + name;
        },
        close: () => new Promise((r) => server.close(r)),
      });
    }),
  );
}

/** A host page with one frame `#f` of `src` (`attrs`: e.g. sandbox), recording its messages. */
function hostPage(src, { width = 800, height = 200, attrs = '' } = {}) {
  return `<!doctype html><meta charset="utf-8"><title>host</title>
<link rel="icon" href="data:,">
<style>html, body { margin: 0; } iframe { border: 0; display: block; }</style>
<iframe id="f" ${attrs} src="${src}" width="${width}" height="${height}"></iframe>
<script>
  window.messages = [];
  addEventListener('message', (e) => {
    window.messages.push(e.data);
    if (e.data && e.data.type === 'nadaraya-watson:resize') document.getElementById('f').height = e.data.height;
  });
</script>`;
}

/** The value of the sandbox attribute of the first <iframe> in `html`. */
function sandboxOf(html) {
  const m = /<iframe\b[^>]*\ssandbox="([^"]*)"/.exec(html);
  assert.ok(m, `no sandboxed <iframe> in ${html}`);
  return m[1];
}

/**
 * README's "Embedding one figure": its example snippet and the host's resize listener (the html
 * code blocks of that section), so that the test embeds exactly what a course author copies.
 */
const README_EMBED = (() => {
  const readme = fs.readFileSync(path.join(h.REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding one figure'));
  const blocks = [...section.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1]);
  return {
    snippet: blocks.find((b) => b.startsWith('<iframe')) ?? '',
    listener: blocks.find((b) => b.includes('nadaraya-watson:resize')) ?? '',
  };
})();

/** A host page with `snippet` and README's `listener` as given, and a record of the messages. */
function documentedHostPage(snippet, listener) {
  return `<!doctype html><meta charset="utf-8"><title>course page</title>
<link rel="icon" href="data:,">
<style>html, body { margin: 0; }</style>
<script>
  window.messages = [];
  addEventListener('message', (e) => window.messages.push(e.data));
</script>
${snippet}
${listener}`;
}

/**
 * In the page: measureInk (harness.cjs) of every chart matching `selector`. Its plot area starts
 * at the leftmost column that one colour covers for 40 % of the height (the y axis); in a small
 * chart WebKit draws the last vertical gridline that crisply, so a "y axis" right of the middle is
 * a gridline: it is erased (on a copy) and the chart measured again (`erased` counts them).
 */
function measureCharts(selector, measureInk) {
  return [...document.querySelectorAll(selector)].map((canvas) => {
    const first = measureInk([canvas])[0];
    let m = first;
    let copy = canvas;
    let erased = 0;
    while (m.plot && m.plot.left > m.width / 2 && erased < 8) {
      const next = document.createElement('canvas');
      next.width = copy.width;
      next.height = copy.height;
      const ctx = next.getContext('2d');
      ctx.drawImage(copy, 0, 0);
      ctx.clearRect(m.plot.left, 0, 1, next.height);
      copy = next;
      erased += 1;
      m = measureInk([copy])[0];
    }
    return { ...m, chart: first.chart, visible: first.visible, erased };
  });
}
const MEASURE = `(selector) => (${measureCharts})(selector, ${h.measureInk})`;

/** In the page: resolves after two animation frames (a redraw has reached the canvases). */
const twoFrames = () =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))));

const isReady = () => {
  const { ready } = document.documentElement.dataset;
  return (ready === 'true' || ready === 'error') && ready;
};

/** Everything the checks read from the page, through its test handle and data attributes. */
function readPage() {
  const p = window.__nwPage;
  const ins = document.querySelector('#inspector')?.dataset ?? {};
  const num = (v) => (v === undefined ? null : Number(v));
  return {
    state: { ...p.state() },
    data: p.data(),
    queries: p.queries(),
    inspector: {
      query: num(ins.query),
      x: num(ins.x),
      prediction: num(ins.prediction),
      weights: ins.weights ? JSON.parse(ins.weights) : null,
    },
    pointCount: num(document.documentElement.dataset.pointCount),
    number: Number(document.querySelector('#control-bandwidth-number').value),
  };
}

/** A fingerprint of a canvas's pixels (its PNG data URL's length and FNV-1a hash). */
function canvasPrint(selector) {
  const text = document.querySelector(selector).toDataURL('image/png');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1)
    hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return `${text.length}:${hash.toString(16)}`;
}

/** Sets an input's value and fires the `input` event the page listens to. */
function setInput(selector, value) {
  const el = document.querySelector(selector);
  el.value = String(value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return true;
}

/**
 * In the page: the viewport rectangle of the element matching `selector`, scrolled to the
 * viewport's centre. Sections that come on screen are laid out in the frames after a scroll and
 * their charts resize, which moves what is below them: the box is returned once it is the same
 * two frames apart and the element is what is hit at its centre (a box read at once can be stale).
 */
async function boxOf(selector) {
  const el = document.querySelector(selector);
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  let last = '';
  for (let i = 0; i < 60; i += 1) {
    el.scrollIntoView({ block: 'center' });
    await frames();
    const r = el.getBoundingClientRect();
    const now = [r.left, r.top, r.width, r.height].join();
    const hit = el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    if (now === last && hit) return { x: r.left, y: r.top, width: r.width, height: r.height };
    last = now;
  }
  throw new Error(`boxOf: ${selector} did not settle on screen (last box ${last})`);
}

/**
 * In the page: the charts on screen whose canvas is not the size of its .chart-box (more than
 * 2 px off), e.g. a chart still as wide as its grid was when it had only its own figure.
 */
function chartsOffBox() {
  return [...document.querySelectorAll('.chart-box > canvas[data-chart]')]
    .filter((c) => {
      const b = c.parentElement.getBoundingClientRect();
      const r = c.getBoundingClientRect();
      // The box, not the canvas: a section clips what overflows it (content-visibility: auto).
      const shown = b.bottom > 0 && b.top < innerHeight && b.width > 0;
      return shown && (Math.abs(b.width - r.width) > 2 || Math.abs(b.height - r.height) > 2);
    })
    .map((c) => {
      const [b, r] = [c.parentElement, c].map((e) => e.getBoundingClientRect());
      const size = (x) => `${Math.round(x.width)}x${Math.round(x.height)}`;
      return `${c.closest('section')?.id}/${c.dataset.chart}: canvas ${size(r)} in a box ${size(b)}`;
    });
}

/**
 * In the page: scrolls `selector` to just below the sticky settings bar (or the page to its top)
 * and tells where it ended: sections skipped while off screen (content-visibility: auto) take
 * their real height once near the screen, which moves the target after a scroll, so the caller
 * repeats this until the target stays put.
 */
function scrollToPlace(selector) {
  if (!selector) {
    window.scrollTo(0, 0);
    return 0;
  }
  const el = document.querySelector(selector);
  el.scrollIntoView({ block: 'start' });
  window.scrollBy(0, -(document.getElementById('controls')?.offsetHeight ?? 0) - 12);
  return Math.round(el.getBoundingClientRect().top);
}

/**
 * In the page: compares what a screenshot (a PNG data URL of the viewport, at 1 device pixel per
 * CSS pixel) shows where each chart is with what the chart's canvas holds there. Returns the
 * charts drawn but not shown: ink (opaque, not near-white pixels) on over 1 % of the visible part
 * of the canvas, and on the screen under a quarter of that. The sticky settings bar is left out.
 */
async function shownAsDrawn(dataUrl) {
  const img = new Image();
  img.src = dataUrl; // img-src allows data:
  await img.decode();
  const shot = document.createElement('canvas');
  shot.width = img.width;
  shot.height = img.height;
  const sctx = shot.getContext('2d', { willReadFrequently: true });
  sctx.drawImage(img, 0, 0);
  const inked = (d) => {
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 16 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n += 1;
    return n;
  };
  const bar = document.getElementById('controls')?.getBoundingClientRect();
  const top = bar && bar.top <= 1 ? bar.bottom : 0;
  const out = [];
  for (const c of document.querySelectorAll('canvas[data-chart]')) {
    const r = c.getBoundingClientRect();
    const x0 = Math.max(0, Math.ceil(r.left));
    const x1 = Math.min(innerWidth, shot.width, Math.floor(r.right));
    const y0 = Math.max(top, Math.ceil(r.top));
    const y1 = Math.min(innerHeight, shot.height, Math.floor(r.bottom));
    const [w, h] = [x1 - x0, y1 - y0];
    if (w < 40 || h < 40 || !c.width || !c.checkVisibility()) continue;
    const own = document.createElement('canvas');
    own.width = w;
    own.height = h;
    const octx = own.getContext('2d', { willReadFrequently: true });
    const [sx, sy] = [c.width / r.width, c.height / r.height];
    octx.drawImage(c, (x0 - r.left) * sx, (y0 - r.top) * sy, w * sx, h * sy, 0, 0, w, h);
    const drawn = inked(octx.getImageData(0, 0, w, h).data) / (w * h);
    const shown = inked(sctx.getImageData(x0, y0, w, h).data) / (w * h);
    if (drawn > 0.01 && shown < 0.25 * drawn)
      out.push(
        `${c.dataset.chart}: ${(100 * drawn).toFixed(1)} % inked on its canvas, ` +
          `${(100 * shown).toFixed(1)} % on the screen`,
      );
  }
  return out;
}

/** |actual - expected| <= tol * max(1, |expected|), naming `what`. */
function assertNear(actual, expected, what, tol = 1e-12) {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: page ${actual}, API ${expected} (difference ${actual - expected})`,
  );
}

/** Defines the suite for one engine ('chromium', 'firefox' or 'webkit'; see engines.cjs). */
function defineSuite(engineName) {
  let engine;
  let server;
  let hosts;
  let nw;
  const shotName = (width, place) => `engines-${engineName}-${width}-${place}`;
  const shotFile = (width, place) => path.join(h.SCREENSHOT_DIR, `${shotName(width, place)}.png`);

  before(async () => {
    const index = path.join(h.DIST_DIR, 'index.html');
    if (!fs.existsSync(index))
      throw new Error(`${index} is missing: build first (bash scripts/build.sh)`);
    server = await h.startServer();
    hosts = await startHostServer(new Map());
    nw = await require(path.join(h.DIST_DIR, 'nadaraya-watson.js')).load();
    engine = await launch(engineName);
    process.stdout.write(`# ${engineName}: ${engine.version}\n`);
  }, h.SUITE_TIMEOUT);

  after(async () => {
    await engine?.close();
    await hosts?.close();
    await server?.close();
  }, h.SUITE_TIMEOUT);

  /** Waits for data-ready="true" (in `frame` when given); fails at once on "error". */
  async function waitReady(page, { frame, timeout = 60_000 } = {}) {
    const state = await page.waitFor(isReady, undefined, { timeout, frame, what: 'data-ready' });
    if (state !== 'true')
      throw new Error(`data-ready="${state}":\n  ${(await page.problems()).join('\n  ')}`);
    if (frame) await page.inFrame(frame, twoFrames);
    else await page.run(twoFrames);
  }

  /** Opens `url` in a new page of the given size and waits until it is drawn. */
  async function open(url, size = WIDE) {
    const page = await engine.newPage(size);
    try {
      await page.goto(url);
      await waitReady(page);
    } catch (err) {
      await page.close();
      throw err;
    }
    return page;
  }

  /** Fails listing every problem the page (and `frame`'s document, when given) has shown. */
  async function assertClean(page, what, { frame } = {}) {
    const lines = await page.problems();
    if (frame) {
      const { readProbe, probeLines } = require('./engines.cjs');
      lines.push(...probeLines(await page.inFrame(frame, readProbe), `${what} (frame)`));
    }
    assert.deepEqual(lines, [], `${engineName}, ${what}: the page showed problems`);
  }

  /** Every chart (or every visible one) draws data, not only axes: harness.cjs's measure. */
  async function assertInked(page, what, { frame, visibleOnly = false } = {}) {
    const all = frame
      ? await page.inFrame(frame, MEASURE, 'canvas[data-chart]')
      : await page.run(MEASURE, 'canvas[data-chart]');
    const charts = visibleOnly ? all.filter((c) => c.visible) : all;
    assert.ok(charts.length > 0, `${what}: no chart found`);
    const blank = charts.filter((c) => !(c.dataLines >= h.MIN_DATA_LINES));
    assert.deepEqual(
      blank.map((c) => `${c.chart} (${c.width}x${c.height}): data ink ${c.dataLines.toFixed(3)}`),
      [],
      `${engineName}, ${what}: charts without data ink`,
    );
    return charts.length;
  }

  /** Scrolls to each place (in `frame` when given) and saves the viewport (or the frame). */
  async function shootPlaces(page, width, { frame } = {}) {
    const files = [];
    const offBox = [];
    const blank = [];
    const inPage = (fn, ...args) =>
      frame ? page.inFrame(frame, fn, ...args) : page.run(fn, ...args);
    for (const [place, selector] of PLACES) {
      let at = null;
      for (let i = 0; i < 6; i += 1) {
        const now = await inPage(scrollToPlace, selector);
        await waitReady(page, { frame });
        await sleep(150); // scrolling and a late chart resize settle
        if (now === at) break;
        at = now;
      }
      offBox.push(...(await inPage(chartsOffBox)));
      // The viewport (WebKit: the host page's, the frame at its top left corner; an element
      // screenshot of the frame there shows its sticky bar black).
      const file = await page.screenshot(shotFile(width, place));
      files.push(file);
      const png = `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`;
      blank.push(...(await inPage(shownAsDrawn, png)).map((b) => `${place}: ${b}`));
    }
    assert.deepEqual(
      [...new Set(offBox)],
      [],
      `${engineName}, ${width} px: charts not fitting their box`,
    );
    assert.deepEqual(blank, [], `${engineName}, ${width} px: charts drawn but not on the screen`);
    return files;
  }

  /** Scrolls to every section in turn: the charts on screen fit their boxes each time. */
  async function assertChartsFit(page) {
    const ids = await page.run(() =>
      [...document.querySelectorAll('main section[id]')].map((s) => s.id),
    );
    const offBox = [];
    for (const id of ids) {
      await page.run((s) => document.getElementById(s).scrollIntoView() ?? true, id);
      await waitReady(page);
      await sleep(100);
      offBox.push(...(await page.run(chartsOffBox)));
    }
    assert.deepEqual([...new Set(offBox)], [], `${engineName}: charts not fitting their box`);
    return ids.length;
  }

  const served = (hash = '') => `${server.url}index.html${hash}`;

  test(
    `${engineName}: served under a sub-path: every chart inked, no error; screenshots at 1440 px`,
    TIMEOUT,
    async (t) => {
      const requestsBefore = server.requests.length;
      const page = await open(served());
      try {
        const n = await assertInked(page, 'served');
        const styled = await page.run(
          () => getComputedStyle(document.documentElement).getPropertyValue('--text').trim() !== '',
        );
        assert.ok(styled, 'style.css is applied (its --text variable is defined)');
        const files = await shootPlaces(page, 1440);
        const sections = await assertChartsFit(page);
        const failed = server.requests.slice(requestsBefore).filter((r) => r.status >= 400);
        assert.deepEqual(failed, [], 'requests the server answered with an error');
        await assertClean(page, 'served');
        t.diagnostic(
          `${n} charts inked; fit their boxes in ${sections} sections; ${files.length} screenshots: ${path.basename(files[0])} ...`,
        );
      } finally {
        await page.close();
      }
    },
  );

  test(
    `${engineName}: a link to a section keeps it in view while the page is built around it`,
    TIMEOUT,
    async (t) => {
      // views/keep-in-view.js: the section above the target grows as it is laid out and filled;
      // every frame painted from the first with the target in place (a recorder started once the
      // page has loaded) keeps it there, below the sticky bar. WebKit has no scroll anchoring:
      // the page puts the target back at each animation frame, so a layout within a frame can
      // show for that one frame (one such frame in some loads here), never for two in a row.
      const page = await engine.newPage(WIDE);
      try {
        await page.goto(served('#section-consistency'));
        await page.run(h.recordPinnedFrames, 'section-consistency');
        await waitReady(page);
        await sleep(800);
        const frames = await page.run(() => window.__frames.splice(0));
        const { first, after } = h.pinnedFrames(frames);
        const off = after
          .filter(h.pinnedOff)
          .map(([ms, top, margin, ready]) => `${ms} ms: ${Math.round(top)} (${margin}), ${ready}`);
        const twoInARow = after.filter(
          (f, i) => i > 0 && h.pinnedOff(f) && h.pinnedOff(after[i - 1]),
        );
        t.diagnostic(
          `${frames.length} frames recorded, ${frames.filter((f) => f[3] !== 'true').length} before ready; in place from frame ${first}; off: ${JSON.stringify(off)}`,
        );
        assert.ok(first >= 0, `the linked section never came to its place: ${frames.at(-1)}`);
        assert.notEqual(
          frames[first][3],
          'true',
          'the linked section came to its place only once the page was ready',
        );
        assert.ok(
          !h.pinnedOff(frames.at(-1)),
          `the linked section is not in place at the end: ${frames.at(-1)}`,
        );
        if (engineName === 'webkit')
          assert.deepEqual(
            twoInARow,
            [],
            'frames painted with the linked section out of its place, two in a row',
          );
        else assert.deepEqual(off, [], 'frames painted with the linked section out of its place');
        await assertClean(page, 'a link to a section');
      } finally {
        await page.close();
      }
    },
  );

  test(`${engineName}: a reload brings the reader back to their place`, TIMEOUT, async (t) => {
    // page/place.js: the browser restores an offset, which on this page (sections laid out only
    // on screen, each counted as 900 px until then) is not where the reader was; the page keeps
    // its own place in the history entry. The element the reader saw below the bar comes back to
    // the same height (within 2 px).
    const page = await engine.newPage(WIDE);
    try {
      await page.goto(served());
      await waitReady(page);
      for (let i = 1; i <= 10; i += 1) {
        await page.run((f) => window.scrollTo(0, document.body.scrollHeight * f) ?? true, 0.06 * i);
        await sleep(150);
      }
      await waitReady(page);
      await sleep(800);
      const place = await page.run(h.markPlace, 300);
      await page.reload();
      await waitReady(page);
      await sleep(800);
      const top = await page.run(h.topOfPlace, place.path);
      t.diagnostic(
        `${place.tag} at ${Math.round(place.top)} px; after a reload at ${Math.round(top)} px`,
      );
      assert.ok(
        Math.abs(top - place.top) <= 2,
        `the reader's place is at ${Math.round(top)} px after a reload, not ${Math.round(place.top)}`,
      );
      await assertClean(page, 'a reload');
    } finally {
      await page.close();
    }
  });

  test(`${engineName}: from file://: every chart inked, no error`, TIMEOUT, async (t) => {
    const page = await open(h.fileUrl('index.html'));
    try {
      const n = await assertInked(page, 'file://');
      await assertClean(page, 'file://');
      t.diagnostic(`${n} charts inked`);
    } finally {
      await page.close();
    }
  });

  test(
    `${engineName}: 375 px wide: no sideways scrolling, every chart inked; screenshots`,
    TIMEOUT,
    async (t) => {
      // MiniBrowser's window cannot be narrower than its toolbar (447 px): the page is shown in a
      // 375 px frame there, whose viewport the page's media queries see as the window's.
      const framed = engineName === 'webkit';
      const page = framed
        ? await engine.newPage({ width: 447, height: NARROW.height })
        : await open(served(), NARROW);
      const frame = framed ? '#f' : undefined;
      try {
        if (framed) {
          await page.goto(hosts.url('narrow.html', hostPage(served(), NARROW)));
          await page.installProbeInFrame('#f');
          await waitReady(page, { frame });
        }
        // (Firefox's scrollbar takes 12 px of the 375: the layout width is clientWidth.)
        const width = () => [
          window.innerWidth,
          document.documentElement.clientWidth,
          document.documentElement.scrollWidth,
        ];
        const [inner, client, scroll] = framed
          ? await page.inFrame(frame, width)
          : await page.run(width);
        assert.equal(inner, NARROW.width, 'the viewport is 375 px wide');
        assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} px wide in ${client}`);
        await shootPlaces(page, 375, { frame });
        const n = await assertInked(page, '375 px', { frame });
        await assertClean(page, '375 px', { frame });
        t.diagnostic(`${n} charts inked at ${inner} px (layout width ${client} px)`);
      } finally {
        await page.close();
      }
    },
  );

  test(
    `${engineName}: the bandwidth slider redraws and refits to the API's prediction`,
    TIMEOUT,
    async (t) => {
      const page = await open(served());
      try {
        await page.run(boxOf, '#section-heatmap');
        await waitReady(page);
        const check = (r, what) => {
          const { kernel, h: bandwidth, query } = r.state;
          const xq = r.queries[query];
          assert.equal(r.inspector.x, xq, `${what}: inspector x`);
          const expected = nw.predict([xq], r.data.x, r.data.y, { kernel, bandwidth })[0];
          assertNear(r.inspector.prediction, expected, `${what}: prediction at x = ${xq}`);
          return expected;
        };
        let print = await page.run(canvasPrint, PRED);
        const shown = [check(await page.run(readPage), 'at load')];
        for (const v of ['-1.3', '-0.52', '0.47']) {
          await page.run(setInput, SLIDER, v);
          const expectedH = await page.run((x) => Math.min(10, Math.max(0.01, 10 ** Number(x))), v);
          await page.waitFor((e) => window.__nwPage.state().h === e, expectedH, {
            what: `h = ${expectedH}`,
          });
          await waitReady(page);
          const r = await page.run(readPage);
          assertNear(r.number, expectedH, `slider ${v}: the bandwidth number field`, 1e-9);
          shown.push(check(r, `slider ${v}`));
          const now = await page.run(canvasPrint, PRED);
          assert.notEqual(now, print, `slider ${v}: the prediction chart was not redrawn`);
          print = now;
        }
        for (let i = 1; i < shown.length; i += 1)
          assert.notEqual(shown[i], shown[i - 1], `the prediction did not change at step ${i}`);

        // The keyboard: ArrowRight on the focused slider is one step (0.01 in log10 h).
        await page.run((sel) => document.querySelector(sel).focus() ?? true, SLIDER);
        const h0 = (await page.run(readPage)).state.h;
        await page.press('ArrowRight');
        await page.waitFor((b) => window.__nwPage.state().h !== b, h0, {
          what: 'h after ArrowRight',
        });
        await waitReady(page);
        const r = await page.run(readPage);
        assertNear(Math.log10(r.state.h), Math.log10(h0) + 0.01, 'ArrowRight on the slider', 1e-9);
        check(r, 'after ArrowRight');
        await assertClean(page, 'slider');
        t.diagnostic(`f(2.5) at the steps: ${shown.map((v) => v.toFixed(4)).join(', ')}`);
      } finally {
        await page.close();
      }
    },
  );

  test(
    `${engineName}: a point is added and dragged on the data chart with the pointer`,
    TIMEOUT,
    async (t) => {
      const page = await open(served());
      try {
        await page.run(boxOf, '#section-data');
        await waitReady(page);
        const box = await page.run(boxOf, DATA);
        const generated = (await page.run(readPage)).data;
        const print = await page.run(canvasPrint, DATA);
        const points = () => {
          const s = window.__nwPage.state();
          return s.points ? { x: [...s.points.x], y: [...s.points.y] } : window.__nwPage.data();
        };

        // A click on an empty spot adds a point there; one on a point selects it: then a bit right.
        const add = async (fx, fy) => {
          for (let attempt = 0; attempt < 6; attempt += 1) {
            const n = (await page.run(points)).x.length;
            const px = box.x + (fx + 0.013 * attempt) * box.width;
            const py = box.y + fy * box.height;
            await page.click(px, py);
            const added = await page
              .waitFor((k) => (window.__nwPage.state().points?.x.length ?? 0) === k, n + 1, {
                timeout: 3000,
              })
              .then(
                () => true,
                () => false,
              );
            if (!added) continue;
            await waitReady(page);
            const p = await page.run(points);
            return { px, py, x: p.x[n], y: p.y[n], index: n };
          }
          throw new Error('clicking the data chart did not add a point');
        };
        const a = await add(0.46, 0.42);
        const b = await add(0.7, 0.32);
        let r = await page.run(readPage);
        assert.equal(r.pointCount, generated.x.length + 2, 'two points added');
        assert.deepEqual(
          r.state.points.x.slice(0, generated.x.length),
          generated.x,
          'the others kept',
        );
        const sx = (b.px - a.px) / (b.x - a.x); // pixels per data unit, from the two clicks
        const sy = (b.py - a.py) / (b.y - a.y);
        assert.ok(sx > 0 && sy < 0, `pixel scales: ${sx} px per x, ${sy} px per y`);

        // Drag the first added point 8 % of the chart right and 10 % down.
        const to = { x: a.px + 0.08 * box.width, y: a.py + 0.1 * box.height };
        await page.drag({ x: a.px, y: a.py }, to);
        await page.waitFor(([i, x]) => window.__nwPage.state().points.x[i] !== x, [a.index, a.x], {
          what: 'the dragged point to move',
        });
        await waitReady(page);
        r = await page.run(readPage);
        const moved = { x: r.state.points.x[a.index], y: r.state.points.y[a.index] };
        const target = { x: a.x + (to.x - a.px) / sx, y: a.y + (to.y - a.py) / sy };
        const tol = { x: 1.5 / sx, y: 1.5 / -sy }; // 1.5 px in data units
        assert.ok(
          Math.abs(moved.x - target.x) <= tol.x,
          `dragged x ${moved.x}, pointer at ${target.x}`,
        );
        assert.ok(
          Math.abs(moved.y - target.y) <= tol.y,
          `dragged y ${moved.y}, pointer at ${target.y}`,
        );
        assert.equal(r.pointCount, generated.x.length + 2, 'dragging kept the number of points');
        assert.equal(r.state.points.x[b.index], b.x, 'the other added point stayed');
        assert.notEqual(await page.run(canvasPrint, DATA), print, 'the data chart was redrawn');
        const { kernel, h: bandwidth, query } = r.state;
        const expected = nw.predict([r.queries[query]], r.data.x, r.data.y, {
          kernel,
          bandwidth,
        })[0];
        assertNear(r.inspector.prediction, expected, 'the fit after the drag');
        await assertClean(page, 'pointer');
        t.diagnostic(
          `added (${a.x.toFixed(3)}, ${a.y.toFixed(3)}), dragged to (${moved.x.toFixed(3)}, ${moved.y.toFixed(3)})`,
        );
      } finally {
        await page.close();
      }
    },
  );

  test(`${engineName}: the inspector follows the keyboard and the pointer`, TIMEOUT, async () => {
    const page = await open(served());
    try {
      await page.run(boxOf, '#section-heatmap');
      await waitReady(page);
      const check = async (q, what) => {
        await page.waitFor((k) => window.__nwPage.state().query === k, q, {
          what: `${what}: query ${q}`,
        });
        await waitReady(page);
        const r = await page.run(readPage);
        const { kernel, h: bandwidth } = r.state;
        assert.equal(r.inspector.query, q, `${what}: #inspector data-query`);
        const all = nw.attentionWeights(r.queries, r.data.x, { kernel, bandwidth });
        const row = all.data.subarray(q * all.cols, (q + 1) * all.cols);
        assert.equal(r.inspector.weights.length, row.length, `${what}: weights`);
        for (let j = 0; j < row.length; j += 1)
          assertNear(r.inspector.weights[j], row[j], `${what}: weight ${j}`);
        const expected = nw.predict([r.queries[q]], r.data.x, r.data.y, { kernel, bandwidth })[0];
        assertNear(r.inspector.prediction, expected, `${what}: prediction`);
        return r;
      };
      const focus = (sel) => {
        document.querySelector(sel).focus();
        return document.activeElement === document.querySelector(sel);
      };
      const q0 = (await page.run(readPage)).state.query;
      const last = (await page.run(readPage)).queries.length - 1;
      assert.ok(await page.run(focus, HEAT), 'the heatmap takes the focus');
      await page.press('ArrowDown');
      await check(q0 + 1, 'heatmap ArrowDown');
      await page.press('PageDown');
      await check(Math.min(last, q0 + 11), 'heatmap PageDown');
      await page.press('End');
      await check(last, 'heatmap End');
      assert.ok(await page.run(focus, PRED), 'the prediction chart takes the focus');
      await page.press('ArrowLeft');
      await check(last - 1, 'prediction ArrowLeft');
      await page.press('Home');
      await check(0, 'prediction Home');

      // The pointer over the prediction chart inspects the query under it.
      const box = await page.run(boxOf, PRED);
      let q = 0;
      for (const fx of [0.65, 0.2]) {
        await page.hover(box.x + fx * box.width, box.y + 0.5 * box.height);
        await page.waitFor((k) => window.__nwPage.state().query !== k, q, {
          what: `pointer at ${fx}`,
        });
        const r = await check((await page.run(readPage)).state.query, `pointer at ${fx}`);
        if (fx === 0.2) assert.ok(r.state.query < q, 'further left inspects a smaller x');
        q = r.state.query;
      }
      await assertClean(page, 'inspector');
    } finally {
      await page.close();
    }
  });

  /**
   * The embed code the page gives: the "Embed…" dialog's snippet for the heatmap at h = 0.5, read
   * from the page as a course author copies it, checked against README's snippet (the same
   * sandbox tokens).
   */
  async function documentedSnippet() {
    const page = await open(served('#h=0.5'));
    try {
      const snippet = await page.waitFor(
        () => {
          // The menu fills its list when it opens (a toggle event): open, then click.
          const menu = document.querySelector('figure[data-figure="heatmap"] details.fig-tools');
          if (!menu) return false;
          menu.open = true;
          const dialog = document.getElementById('embed-dialog');
          if (!dialog.open) menu.querySelector('button[data-embed-figure="heatmap"]')?.click();
          const text = dialog.open && dialog.querySelector('.embed-snippet').value;
          if (text) dialog.close();
          return text;
        },
        undefined,
        { what: "the heatmap's embed snippet" },
      );
      await assertClean(page, 'the embed dialog');
      return snippet;
    } finally {
      await page.close();
    }
  }

  /**
   * One figure embedded on another origin (the host server), either by the documented embed code
   * (`documented`: the page's snippet and README's resize listener, verbatim) or by a frame with
   * `sandbox` tokens: it posts its height, the host sizes the frame by it, and export (downloads
   * blocked) offers the CSV in a dialog.
   */
  const embedTest =
    ({ sandbox, documented = false }) =>
    async (t) => {
      const frame = 'iframe';
      let html;
      let tokens = sandbox;
      if (documented) {
        const snippet = await documentedSnippet();
        const readme = README_EMBED;
        tokens = sandboxOf(snippet);
        assert.equal(tokens, sandboxOf(readme.snippet), "the page's and README's sandbox tokens");
        assert.ok(snippet.includes(`${server.url}index.html#`), snippet);
        html = documentedHostPage(snippet, readme.listener);
      } else {
        html = hostPage(served('#embed=heatmap&h=0.5'), { attrs: `sandbox="${sandbox}"` });
      }
      const page = await engine.newPage(WIDE);
      try {
        await page.goto(hosts.url(`embed-${documented ? 'documented' : 'plain'}.html`, html));
        await page.installProbeInFrame(frame);
        // Fails early (not at the ready timeout) when the page's scripts did not run at all.
        const running = await page
          .waitFor(
            () => document.readyState === 'complete' && Boolean(window.NadarayaWatson),
            undefined,
            { frame, timeout: 15_000 },
          )
          .catch(() => false);
        assert.ok(running, `the page's scripts did not run in <iframe sandbox="${tokens}">`);
        await waitReady(page, { frame });
        const message = await page.waitFor(
          () => window.messages.filter((m) => m && m.type === 'nadaraya-watson:resize').pop(),
          undefined,
          { what: 'a resize message from the frame' },
        );
        await sleep(300); // a later height (fonts, charts) arrives as another message
        const { height, frameHeight, others, hostOrigin } = await page.run(() => ({
          height: window.messages.filter((m) => m && m.type === 'nadaraya-watson:resize').pop()
            .height,
          frameHeight: document.querySelector('iframe').getBoundingClientRect().height,
          others: window.messages.filter((m) => !m || m.type !== 'nadaraya-watson:resize').length,
          hostOrigin: location.origin,
        }));
        const inside = await page.inFrame(frame, () => ({
          body: Math.ceil(document.body.getBoundingClientRect().height),
          h: window.__nwPage.state().h,
          embed: window.__nwPage.state().embed,
          origin: String(window.origin),
        }));
        assert.ok(height > 150 && message.height > 0, `height ${height}`);
        assert.ok(Math.abs(height - inside.body) <= 2, `posted ${height}, body ${inside.body}`);
        assert.equal(Math.round(frameHeight), height, 'the host sized the frame by the message');
        assert.equal(others, 0, 'only resize messages');
        assert.equal(inside.h, 0.5, 'settings from the hash');
        assert.equal(inside.embed, 'heatmap');
        if (tokens.split(' ').includes('allow-same-origin'))
          assert.equal(inside.origin, server.origin, "the frame keeps the tutorial's own origin");
        else assert.equal(inside.origin, 'null', 'the sandbox gives the frame an opaque origin');
        assert.notEqual(inside.origin, hostOrigin, 'a cross-origin embed');
        const n = await assertInked(page, 'embed', { frame, visibleOnly: true });

        // Export inside the sandbox (downloads blocked): the dialog shows the CSV text.
        const openExport = () => {
          const fig = document.querySelector('figure[data-figure="heatmap"]');
          fig.querySelector('details.fig-tools').open = true;
          return true;
        };
        const clickCsv = () => {
          const b = [...document.querySelectorAll('figure[data-figure="heatmap"] .fig-tool')].find(
            (e) => /^Attention matrix \(CSV\)$/.test(e.textContent),
          );
          if (!b) return false;
          b.click();
          return true;
        };
        await page.inFrame(frame, openExport);
        await page.waitFor(clickCsv, undefined, { frame, what: 'the CSV button in the frame' });
        const csv = await page.waitFor(
          () => {
            const d = document.getElementById('export-dialog');
            return d.open && d.querySelector('.export-text').value;
          },
          undefined,
          { frame, what: 'the export dialog' },
        );
        assert.match(csv, /^query\\key,/);
        assert.equal(csv.trim().split('\n').length, 51, 'header and 50 query rows');
        await assertClean(page, 'embed', { frame });
        t.diagnostic(`sandbox="${tokens}": height ${height}, ${n} charts inked in the frame`);
      } finally {
        await page.close();
      }
    };

  test(
    `${engineName}: the documented embed code on another origin: posts its height; export offers the CSV`,
    TIMEOUT,
    embedTest({ documented: true }),
  );
  if (engineName !== 'webkit')
    test(
      `${engineName}: embedded in <iframe sandbox="allow-scripts"> on another origin: the same`,
      TIMEOUT,
      embedTest({ sandbox: 'allow-scripts' }),
    );
  else
    // WebKit matches the policy's 'self' against the opaque origin of a frame sandboxed without
    // allow-same-origin (CSP3 matches it against the document URL's origin, as Chromium and
    // Firefox do): the page's own style.css and scripts are refused, and the page never starts.
    // WebKit bug 316847 (fixed upstream in June 2026). The check stays in the host page (switching
    // into the stalled frame once made the WebDriver session die): a todo that passes once the
    // engine is fixed.
    test(
      `${engineName}: embedded in <iframe sandbox="allow-scripts"> (no allow-same-origin) on another origin: posts its height`,
      { ...TIMEOUT, todo: "WebKit bug 316847: CSP 'self' refused in an opaque-origin frame" },
      async () => {
        const page = await engine.newPage(WIDE);
        try {
          const src = served('#embed=heatmap&h=0.5');
          await page.goto(
            hosts.url('embed-opaque.html', hostPage(src, { attrs: 'sandbox="allow-scripts"' })),
          );
          const message = await page
            .waitFor(
              () => window.messages.find((m) => m && m.type === 'nadaraya-watson:resize'),
              undefined,
              { timeout: 15_000 },
            )
            .catch(() => null);
          assert.ok(message, 'no resize message in 15 s: the page did not start in the frame');
        } finally {
          await page.close();
        }
      },
    );

  test(`${engineName}: the strict CSP holds and is enforced`, TIMEOUT, async (t) => {
    const page = await open(served());
    try {
      // The policy, and a document (as served) that needs nothing it forbids.
      const doc = await page.run(async () => {
        const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
        const html = await (await fetch(location.href)).text();
        const served = new DOMParser().parseFromString(html, 'text/html');
        const all = [...served.querySelectorAll('*')];
        return {
          policy: meta?.content ?? '',
          // Only <meta> before it: no script, style or link loads before the policy applies.
          first:
            meta?.parentElement === document.head &&
            [...document.head.children]
              .slice(0, [...document.head.children].indexOf(meta))
              .every((e) => e.tagName === 'META'),
          inlineScripts: served.querySelectorAll('script:not([src])').length,
          styleElements: served.querySelectorAll('style').length,
          styleAttributes: served.querySelectorAll('[style]').length,
          handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
        };
      });
      assert.match(doc.policy, /default-src 'self'/);
      assert.match(doc.policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      assert.match(doc.policy, /style-src 'self'(;|$)/);
      assert.doesNotMatch(doc.policy, /'unsafe-inline'|'unsafe-eval'|\*/);
      assert.ok(doc.first, 'the policy comes before any resource');
      assert.deepEqual(
        [doc.inlineScripts, doc.styleElements, doc.styleAttributes, doc.handlers],
        [0, 0, 0, 0],
        'inline scripts, <style> elements, style attributes, on* handlers in the served page',
      );
      await assertClean(page, 'CSP, before the probes');

      // The engine enforces it, and reports what it refused (so a violation would be seen).
      const refused = await page.run(async () => {
        const out = {};
        try {
          out.eval = String(eval('1 + 1'));
        } catch (e) {
          out.eval = e.name;
        }
        const inline = document.createElement('script');
        inline.textContent = 'window.__inlineRan = true';
        document.head.append(inline);
        out.inline = window.__inlineRan === true;
        const data = document.createElement('script');
        data.src = 'data:text/javascript,window.__dataRan%20=%20true';
        out.dataScript = await new Promise((resolve) => {
          data.onload = () => resolve('loaded');
          data.onerror = () => resolve('refused');
          document.head.append(data);
        });
        const p = document.createElement('p');
        p.setAttribute('style', 'color: rgb(1, 2, 3)');
        document.body.append(p);
        out.styleAttr = getComputedStyle(p).color === 'rgb(1, 2, 3)';
        for (const e of [p, inline, data]) e.remove();
        await new Promise((r) => setTimeout(r, 300)); // violation events are queued tasks
        out.violations = [...window.__engineProbe.violations];
        return out;
      });
      t.diagnostic(
        `eval from the driver: ${refused.eval}; reported: ${refused.violations.join('; ')}`,
      );
      // Puppeteer's scripts are exempt from the page's eval rule (Chromium's DevTools protocol and
      // Firefox's WebDriver BiDi evaluate with eval allowed); classic WebDriver's are not.
      if (engineName === 'webkit') assert.equal(refused.eval, 'EvalError', 'eval is refused');
      assert.equal(refused.inline, false, 'an inline script does not run');
      assert.equal(refused.dataScript, 'refused', 'a data: script is not loaded');
      assert.equal(refused.styleAttr, false, 'a style attribute is not applied');
      const directives = refused.violations.map((v) => v.split(' ')[0]);
      assert.ok(
        directives.filter((d) => /^script-src/.test(d)).length >= 2,
        `the inline and the data: script are reported: ${directives}`,
      );
      assert.ok(
        directives.some((d) => /^style-src/.test(d)),
        `the style attribute is reported: ${directives}`,
      );
    } finally {
      await page.close();
    }
  });

  test(`${engineName}: "Data (CSV)" downloads the page's data`, TIMEOUT, async (t) => {
    const page = await open(served('#seed=5'));
    const file = path.join(engine.downloadDir, 'data-seed5.csv');
    fs.rmSync(file, { force: true });
    try {
      const data = (await page.run(readPage)).data;
      await page.run(boxOf, 'figure[data-figure="data"] summary');
      await page.clickElement('figure[data-figure="data"] summary');
      await page.waitFor(
        () => {
          const b = [...document.querySelectorAll('figure[data-figure="data"] .fig-tool')].find(
            (e) => /^Data \(CSV\)$/.test(e.textContent),
          );
          if (b) b.dataset.testExport = '';
          return Boolean(b);
        },
        undefined,
        { what: 'the "Data (CSV)" button' },
      );
      await page.clickElement('[data-test-export]');
      const deadline = Date.now() + 20_000;
      let text = '';
      for (;;) {
        if (fs.existsSync(file)) {
          text = fs.readFileSync(file, 'utf8');
          if (text.trim().split('\n').length === data.x.length + 1) break;
        }
        if (Date.now() > deadline)
          throw new Error(
            `no complete ${path.basename(file)} in ${engine.downloadDir} after 20 s: ${fs.readdirSync(engine.downloadDir).join(', ')}`,
          );
        await sleep(100);
      }
      const [head, ...rows] = text.trim().split('\n');
      assert.equal(head, 'x,y');
      assert.deepEqual(
        rows.map((r) => r.split(',').map(Number)),
        data.x.map((x, i) => [x, data.y[i]]),
        'the CSV rows are the page data, at full precision',
      );
      await assertClean(page, 'export');
      t.diagnostic(`${file}: ${rows.length} rows`);
    } finally {
      await page.close();
    }
  });

  test(
    `${engineName}: the kernel gallery is the core's table and K(u), bit for bit as in Node`,
    TIMEOUT,
    async (t) => {
      const page = await open(served());
      try {
        // The gallery's 501 values of u (sections/kernel-gallery.js), K(u) computed in this engine's
        // WebAssembly, and each figure's caption.
        const shown = await page.run(() => {
          const nw = window.__nwPage.nw;
          const u = Array.from({ length: 501 }, (_, i) => (i - 250) / 100);
          return nw.kernelInfo.map((k) => ({
            name: k.name,
            formula: k.formula,
            values: Array.from(nw.kernelValues(u, { kernel: k.name })),
            caption: document.querySelector(`figure[data-figure="kernel-${k.name}"] figcaption`)
              .textContent,
          }));
        });
        const u = Array.from({ length: 501 }, (_, i) => (i - 250) / 100);
        assert.deepEqual(
          shown.map((k) => [k.name, k.formula]),
          nw.kernelInfo.map((k) => [k.name, k.formula]),
        );
        for (const k of shown) {
          assert.deepEqual(k.values, Array.from(nw.kernelValues(u, { kernel: k.name })), k.name);
          assert.ok(k.caption.includes(k.formula), `${k.name}: "${k.caption}"`);
        }
        await assertClean(page, 'kernel gallery');
        t.diagnostic(`${shown.length} kernels x 501 values equal to Node's`);
      } finally {
        await page.close();
      }
    },
  );
}

module.exports = { defineSuite };
