'use strict';
// The tutorial page used the way a learner uses it (issue 4): the bandwidth slider, editing the
// training points with the pointer and with the keyboard only, the query inspector, and training
// playback. After each action the numbers the page shows are checked against the API computed
// independently in Node on the page's own data (window.__nwPage.data()), to 1e-12:
//   #inspector data-prediction   = nw.predict([x_q], keys, values, {kernel, bandwidth: h})
//   #inspector data-weights      = row q of nw.attentionWeights(queries, keys, ...)
//   #mse-compare-nonparametric-prediction data-value = test MSE of nw.predict(queries, ...)
//   <html data-train-w>          = nw.trainParametric(keys, values, {epochs: data-epoch, ...}).w
// Served under a sub-path (every test) and from file:// (a smoke subset). No console error.
// Screenshots before/after each action: test-results/screenshots/interact-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness.cjs');

const TIMEOUT = { timeout: 120_000 };
const DATA = 'canvas[data-chart="data"]';
const PRED = 'canvas[data-chart="heatmap-prediction"]';
const HEAT = 'canvas[data-chart="heatmap"]';
const SLIDER = '#control-bandwidth';

let server;
let browser;
let nw; // the same module in Node: the reference for every number the page shows

before(async () => {
  ({ server, browser } = await h.openSuite());
  nw = await require(path.join(h.DIST_DIR, 'nadaraya-watson.js')).load();
}, h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

const URLS = {
  served: () => `${server.url}index.html`,
  file: () => h.fileUrl('index.html'),
};

async function openTutorial(mode = 'served') {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  await page.goto(URLS[mode]());
  await h.waitReady(page);
  return page;
}

/** Everything the checks need from the page, read through the test contract only. */
function readPage(page) {
  return page.evaluate(() => {
    const p = window.__nwPage;
    const ins = document.querySelector('#inspector')?.dataset ?? {};
    const html = document.documentElement.dataset;
    const mse = document.querySelector('#mse-compare-nonparametric-prediction');
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
        keys: ins.keys ? JSON.parse(ins.keys) : null,
        sum: document.querySelector('.inspector-sum')?.textContent ?? '',
      },
      html: {
        pointCount: num(html.pointCount),
        epoch: num(html.epoch),
        lossLength: num(html.lossLength),
        trainW: num(html.trainW),
        playing: html.playing,
        query: num(html.query),
      },
      mse: mse ? num(mse.dataset.value) : null,
    };
  });
}

/** |actual - expected| <= tol * max(1, |expected|), naming `what`. */
function assertNear(actual, expected, what, tol = 1e-12) {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: page ${actual}, API ${expected} (difference ${actual - expected})`,
  );
}

/** Element-wise assertNear; reports the first index that differs. */
function assertAllNear(actual, expected, what, tol = 1e-12) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i += 1)
    assertNear(actual[i], expected[i], `${what}[${i}]`, tol);
}

/**
 * The inspector and the comparison MSE agree with the API in Node on the page's data, kernel,
 * bandwidth and query. Returns the prediction shown.
 */
function assertFitMatchesApi(r, what) {
  const { kernel, h: bandwidth, query } = r.state;
  const opts = { kernel, bandwidth };
  const xq = r.queries[query];
  assert.equal(r.inspector.query, query, `${what}: #inspector data-query`);
  assert.equal(r.html.query, query, `${what}: <html data-query>`);
  assert.equal(r.inspector.x, xq, `${what}: #inspector data-x`);
  assert.deepEqual(r.inspector.keys, r.data.x, `${what}: #inspector data-keys are the sorted keys`);
  assert.equal(r.html.pointCount, r.data.x.length, `${what}: <html data-point-count>`);

  const expected = nw.predict([xq], r.data.x, r.data.y, opts)[0];
  assertNear(r.inspector.prediction, expected, `${what}: prediction at x = ${xq}`);
  // The value written out in the weighted sum is the same number, rounded for reading.
  assert.ok(
    r.inspector.sum.trim().endsWith(expected.toFixed(2)),
    `${what}: the weighted sum "${r.inspector.sum}" does not end with ${expected.toFixed(2)}`,
  );
  const all = nw.attentionWeights(r.queries, r.data.x, opts);
  const row = all.data.subarray(query * all.cols, (query + 1) * all.cols);
  assertAllNear(r.inspector.weights, row, `${what}: #inspector data-weights (row ${query})`);

  assert.notEqual(r.mse, null, `${what}: #mse-compare-nonparametric-prediction data-value`);
  const pred = nw.predict(r.queries, r.data.x, r.data.y, opts);
  const truth = nw.trueFunction(r.queries);
  let sum = 0;
  for (let i = 0; i < pred.length; i += 1) sum += (pred[i] - truth[i]) ** 2;
  assertNear(r.mse, sum / pred.length, `${what}: test MSE of the nonparametric prediction`);
  return r.inspector.prediction;
}

/** Sets a range or number input and fires the `input` event the page listens to. */
function setInput(page, selector, value) {
  return page.$eval(
    selector,
    (el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** Waits until the state's point count is `n`, then until the page is drawn. */
function settleCount(page, n) {
  return h.settle(
    page,
    (k) =>
      document.documentElement.dataset.pointCount === String(k) &&
      window.__nwPage.data().x.length === k,
    n,
  );
}

/** The learner's points (state.points, or the generated set before any edit). */
async function rawPoints(page) {
  return page.evaluate(() => {
    const s = window.__nwPage.state();
    return s.points ? { x: [...s.points.x], y: [...s.points.y] } : window.__nwPage.data();
  });
}

const shot = (page, name, selector) => h.saveScreenshot(page, `interact-${name}`, { selector });

// ---------------------------------------------------------------------------------------------

test(
  'interact: the bandwidth slider refits the prediction to what the API gives',
  TIMEOUT,
  async (t) => {
    const page = await openTutorial();
    try {
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      const first = await readPage(page);
      const shown = [assertFitMatchesApi(first, 'at load')];
      await shot(page, 'slider-before', '#section-heatmap');
      let print = await h.canvasFingerprint(page, PRED);

      // log10 h, from the slider's minimum to its maximum.
      for (const v of ['-2', '-1.3', '-0.52', '0.47', '1', '-0.3']) {
        await setInput(page, SLIDER, v);
        // h = 10^v as the page's engine computes it (Node's V8 may differ in the last bit).
        const expectedH = await page.evaluate(
          (x) => Math.min(10, Math.max(0.01, 10 ** Number(x))),
          v,
        );
        assertNear(expectedH, 10 ** Number(v), `slider ${v}: 10^v`, 1e-15);
        await h.settle(page, (e) => window.__nwPage.state().h === e, expectedH);
        const r = await readPage(page);
        assert.equal(r.state.h, expectedH, `slider ${v}: state.h`);
        const number = await page.$eval('#control-bandwidth-number', (el) => Number(el.value));
        assertNear(number, expectedH, `slider ${v}: the bandwidth number field`, 1e-9);
        shown.push(assertFitMatchesApi(r, `slider at ${v} (h = ${expectedH})`));
        print = await h.waitForCanvasChange(page, PRED, print);
        t.diagnostic(`h = ${expectedH.toPrecision(4)}: f(2.5) = ${shown[shown.length - 1]}`);
      }
      await shot(page, 'slider-after', '#section-heatmap');
      for (let i = 1; i < shown.length; i += 1) {
        assert.notEqual(
          shown[i],
          shown[i - 1],
          `the prediction did not change at slider step ${i}`,
        );
      }

      // The keyboard moves the slider by one step (0.01 in log10 h).
      await h.tabTo(page, SLIDER);
      const before = (await readPage(page)).state.h;
      await page.keyboard.press('ArrowRight');
      await h.settle(page, (b) => window.__nwPage.state().h !== b, before);
      const r = await readPage(page);
      assertNear(
        Math.log10(r.state.h),
        Math.log10(before) + 0.01,
        'ArrowRight on the slider',
        1e-9,
      );
      assertFitMatchesApi(r, 'after ArrowRight on the slider');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

/**
 * Waits until the heatmap's canvas has its box's size: a chart created while its section was off
 * screen is resized in the frame after the section is laid out (ready does not wait for that).
 * The heatmap is scrolled into view first, as a learner looks at it: after a change of the
 * window's width its section can lie off screen, skipped (content-visibility), and a box there is
 * not observed until it comes into view (views/boxes.js); a suite run timed out here so, once.
 */
async function fitted(page) {
  await page.$eval(HEAT, (e) => e.scrollIntoView({ block: 'center' }));
  await page.waitForFunction((sel) => {
    const c = document.querySelector(sel);
    const box = c.parentElement.getBoundingClientRect();
    return (
      Math.abs(c.width - Math.floor(box.width * devicePixelRatio)) <= 1 &&
      Math.abs(c.height - Math.floor(box.height * devicePixelRatio)) <= 1
    );
  }, HEAT);
  await h.waitReady(page);
}

/**
 * Checks the heatmap's text version (its aria-describedby element) against the API: it names the
 * inspected query's x and that row's strongest key and weight (n = 50: one cell per key), to the
 * digits it prints (3 significant, the weight 2).
 */
async function assertHeatmapSummary(page, what) {
  const { text, xq, key, w } = await page.evaluate((sel) => {
    const p = window.__nwPage;
    const s = p.state();
    const { x } = p.data();
    const xq = p.queries()[s.query];
    const row = p.nw.attentionWeights([xq], x, { kernel: s.kernel, bandwidth: s.h }).data;
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    const canvas = document.querySelector(sel);
    const box = document.getElementById(canvas.getAttribute('aria-describedby'));
    return { text: box.textContent, xq, key: x[best], w: row[best] };
  }, HEAT);
  const m = text.match(/x = (\S+) goes to the key at (\S+) \(weight (\S+)\)/);
  assert.ok(m, `${what}: heatmap summary "${text}"`);
  const near = (shown, v, digits) =>
    Math.abs(Number(shown) - v) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - digits + 1);
  assert.ok(near(m[1], xq, 3), `${what}: query ${m[1]} in the summary, ${xq} inspected`);
  assert.ok(near(m[2], key, 3), `${what}: key ${m[2]} in the summary, API's strongest ${key}`);
  assert.ok(near(m[3], w, 2), `${what}: weight ${m[3]} in the summary, API's ${w}`);
}

test(
  'interact: the heatmap repainted on a slider step or a new query shows what a whole draw shows',
  TIMEOUT,
  async () => {
    // A slider step or a query change repaints only the heatmap's cells over a copy of its axes
    // (views/heatmap.js repaint); a page loaded at that h, or a resize, draws it with Chart.js.
    const page = await openTutorial();
    const fresh = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      for (const v of ['-0.7', '0.2', '-0.35']) {
        await setInput(page, SLIDER, v);
        await h.settle(
          page,
          (x) => Math.abs(Math.log10(window.__nwPage.state().h) - x) < 1e-9,
          Number(v),
        );
      }
      const h1 = await page.evaluate(() => window.__nwPage.state().h);
      await fitted(page);
      const repainted = await h.canvasFingerprint(page, HEAT);
      await assertHeatmapSummary(page, 'after three slider steps');

      await fresh.goto(`${server.url}index.html#h=${h1}`);
      await h.waitReady(fresh);
      await fresh.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await h.waitReady(fresh);
      await fitted(fresh);
      assert.equal(await fresh.evaluate(() => window.__nwPage.state().h), h1, 'the link kept h');
      assert.equal(
        await h.canvasFingerprint(fresh, HEAT),
        repainted,
        `the heatmap after three slider steps differs from a page loaded at h = ${h1}`,
      );

      // A new query moves the highlight (a repaint); a resize there and back draws it anew.
      await page.focus(HEAT);
      await page.keyboard.press('ArrowDown');
      await h.settle(page, () => window.__nwPage.state().query === 26);
      const moved = await h.canvasFingerprint(page, HEAT);
      assert.notEqual(moved, repainted, 'the highlight did not move');
      await assertHeatmapSummary(page, 'after a new query');
      const size = page.viewportSize();
      await page.setViewportSize({ width: 700, height: size.height });
      await h.waitForCanvasChange(page, HEAT, moved);
      await page.setViewportSize(size);
      await fitted(page);
      assert.equal(
        await h.canvasFingerprint(page, HEAT),
        moved,
        'the heatmap after a new query differs from its whole redraw at the same size',
      );
      // A slider step with that query: new cells and the same outline, described in one pass.
      await setInput(page, SLIDER, '-0.1');
      await h.settle(page, () => Math.abs(Math.log10(window.__nwPage.state().h) + 0.1) < 1e-9);
      await assertHeatmapSummary(page, 'a slider step after the new query');
      h.assertClean(page);
      h.assertClean(fresh);
    } finally {
      await fresh.close();
      await page.close();
    }
  },
);

/**
 * Adds a point by clicking the data chart at fractions (fx, fy) of its box; retries a little
 * further right when the click lands on an existing point (which selects it instead).
 * Returns {fx, fy, width, height, x, y}: the click's fractions of the chart's box, the box's size
 * in CSS px, and the point it created.
 */
async function clickToAdd(page, fx, fy) {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const before = (await rawPoints(page)).x.length;
    const gx = fx + 0.013 * attempt;
    const at = await h.pointOn(page, DATA, gx, fy);
    await page.mouse.click(at.x, at.y);
    const added = await page
      .waitForFunction((n) => (window.__nwPage.state().points?.x.length ?? 0) === n, before + 1, {
        timeout: 3000,
      })
      .then(() => true)
      .catch(() => false);
    if (!added) continue;
    await settleCount(page, before + 1);
    const pts = await rawPoints(page);
    return { fx: gx, fy, width: at.width, height: at.height, x: pts.x[before], y: pts.y[before] };
  }
  throw new Error('clicking the data chart did not add a point');
}

test(
  'interact: add, drag and remove points with the pointer; the fit follows',
  TIMEOUT,
  async (t) => {
    const page = await openTutorial();
    try {
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await page.locator(DATA).scrollIntoViewIfNeeded();
      await h.waitReady(page);
      const initial = await readPage(page);
      const generated = initial.data;
      const f0 = assertFitMatchesApi(initial, 'at load');
      let print = await h.canvasFingerprint(page, DATA);
      await shot(page, 'pointer-add-before', '#section-data');

      // Two clicks add two points; they also calibrate the chart's box <-> data coordinates (both
      // linear). Each press is placed by its fractions of the box, read afresh (h.pointOn), so a
      // screenshot or a scroll in between cannot move it off its point.
      const a = await clickToAdd(page, 0.46, 0.42);
      const b = await clickToAdd(page, 0.7, 0.32);
      print = await h.waitForCanvasChange(page, DATA, print);
      await shot(page, 'pointer-add-after', '#section-data');
      let r = await readPage(page);
      assert.equal(r.html.pointCount, 52);
      assert.deepEqual(r.state.points.x.slice(0, 50), generated.x, 'adding kept the other points');
      const f1 = assertFitMatchesApi(r, 'after adding two points');
      t.diagnostic(
        `added (${a.x.toFixed(3)}, ${a.y.toFixed(3)}) and (${b.x.toFixed(3)}, ${b.y.toFixed(3)})`,
      );
      const sx = ((b.fx - a.fx) * a.width) / (b.x - a.x);
      const sy = ((b.fy - a.fy) * a.height) / (b.y - a.y);
      assert.ok(sx > 0 && sy < 0, `pixel scales: ${sx} px per x, ${sy} px per y`);
      const toPixel = (x, y) =>
        h.pointOn(
          page,
          DATA,
          a.fx + ((x - a.x) * sx) / a.width,
          a.fy + ((y - a.y) * sy) / a.height,
        );
      const tol = { x: 1.5 / sx, y: 1.5 / -sy }; // 1.5 px in data units

      // Drag the generated point nearest to x = 2 (not an extreme in y, so the axes stay put).
      const ys = [...generated.y].sort((p, q) => p - q);
      const movable = generated.x
        .map((x, i) => i)
        .filter((i) => generated.y[i] > ys[2] && generated.y[i] < ys[ys.length - 3]);
      const k = movable.reduce((m, i) =>
        Math.abs(generated.x[i] - 2) < Math.abs(generated.x[m] - 2) ? i : m,
      );
      const target = { x: generated.x[k] + 0.55, y: (a.y + b.y) / 2 };
      await shot(page, 'pointer-drag-before', '#section-data');
      const from = await toPixel(generated.x[k], generated.y[k]);
      const to = await toPixel(target.x, target.y);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 8 });
      await page.mouse.up();
      await h.settle(page, ([i, x]) => window.__nwPage.state().points.x[i] !== x, [
        k,
        generated.x[k],
      ]);
      await h.waitForCanvasChange(page, DATA, print);
      await shot(page, 'pointer-drag-after', '#section-data');
      r = await readPage(page);
      assert.equal(r.html.pointCount, 52, 'dragging changed the number of points');
      assert.ok(
        Math.abs(r.state.points.x[k] - target.x) <= tol.x,
        `dragged x ${r.state.points.x[k]} != ${target.x}`,
      );
      assert.ok(
        Math.abs(r.state.points.y[k] - target.y) <= tol.y,
        `dragged y ${r.state.points.y[k]} != ${target.y}`,
      );
      for (let i = 0; i < 50; i += 1) {
        if (i !== k) assert.equal(r.state.points.x[i], generated.x[i], `dragging moved point ${i}`);
      }
      const f2 = assertFitMatchesApi(r, 'after the drag');
      assert.notEqual(f2, f1, 'the prediction at x = 2.5 did not change when a nearby point moved');

      // Double-click removes a point.
      const j =
        movable.find((i) => i !== k && Math.abs(generated.x[i] - 3.5) < 1) ??
        movable.find((i) => i !== k);
      await shot(page, 'pointer-remove-before', '#section-data');
      const pj = await toPixel(generated.x[j], generated.y[j]);
      await page.mouse.dblclick(pj.x, pj.y);
      await settleCount(page, 51);
      r = await readPage(page);
      assert.ok(
        !r.state.points.x.includes(generated.x[j]),
        `double-click did not remove point ${j}`,
      );
      assertFitMatchesApi(r, 'after a double-click removal');

      // Remove mode: a click removes the point under it.
      await page.click('#btn-remove-mode');
      assert.equal(await page.getAttribute('#btn-remove-mode', 'aria-pressed'), 'true');
      const pa = await toPixel(a.x, a.y);
      await page.mouse.click(pa.x, pa.y);
      await settleCount(page, 50);
      r = await readPage(page);
      assert.ok(!r.state.points.x.includes(a.x), 'a click in remove mode did not remove the point');
      await page.click('#btn-remove-mode');
      assert.equal(await page.getAttribute('#btn-remove-mode', 'aria-pressed'), 'false');

      // Shift-click removes too.
      const pb = await toPixel(b.x, b.y);
      await page.keyboard.down('Shift');
      await page.mouse.click(pb.x, pb.y);
      await page.keyboard.up('Shift');
      await settleCount(page, 49);
      await shot(page, 'pointer-remove-after', '#section-data');
      r = await readPage(page);
      assert.ok(!r.state.points.x.includes(b.x), 'shift-click did not remove the point');
      assertFitMatchesApi(r, 'after three removals');

      // "Reset data" returns to the generated points and the first fit.
      await page.click('#btn-reset-data');
      await h.settle(page, () => window.__nwPage.state().points === null);
      r = await readPage(page);
      assert.deepEqual(r.data, generated, 'Reset data');
      assert.equal(assertFitMatchesApi(r, 'after Reset data'), f0);
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

/** Presses `key` and waits until the page's point count is `count` and it is drawn again. */
async function press(page, key, count) {
  await page.keyboard.press(key);
  if (count !== undefined) await settleCount(page, count);
}

test(
  'interact: keyboard only: add, move and remove points, and the "Add point" form',
  TIMEOUT,
  async () => {
    const page = await openTutorial();
    try {
      const { data: gen } = await readPage(page);
      await h.tabTo(page, DATA);
      await shot(page, 'keyboard-add-before', '#section-data');

      // → selects the leftmost point; + adds one halfway to its right neighbour.
      await page.keyboard.press('ArrowRight');
      await press(page, '+', 51);
      let r = await readPage(page);
      assert.equal(
        r.state.points.x[50],
        (gen.x[0] + gen.x[1]) / 2,
        '"+": x halfway to the neighbour',
      );
      assert.equal(
        r.state.points.y[50],
        (gen.y[0] + gen.y[1]) / 2,
        '"+": y halfway to the neighbour',
      );
      assertFitMatchesApi(r, 'after "+"');
      await shot(page, 'keyboard-add-after', '#section-data');

      // The new point is selected: ↑ moves it up by 0.1, Shift+→ right by 0.05.
      const { x: x50, y: y50 } = { x: r.state.points.x[50], y: r.state.points.y[50] };
      await page.keyboard.press('ArrowUp');
      await h.settle(page, (y) => window.__nwPage.state().points.y[50] !== y, y50);
      await page.keyboard.press('Shift+ArrowRight');
      await h.settle(page, (x) => window.__nwPage.state().points.x[50] !== x, x50);
      r = await readPage(page);
      assert.equal(r.state.points.y[50], y50 + 0.1, '↑ moves the selected point up by 0.1');
      assert.equal(r.state.points.x[50], x50 + 0.05, 'Shift+→ moves it right by 0.05');
      assertFitMatchesApi(r, 'after moving with the keyboard');

      // Delete removes the selected point: the data are the generated ones again.
      await shot(page, 'keyboard-remove-before', '#section-data');
      await press(page, 'Delete', 50);
      r = await readPage(page);
      assert.deepEqual(r.data, gen, 'Delete removed the added point');
      // Home selects the leftmost point, → → the third; Backspace removes it.
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await press(page, 'Backspace', 49);
      r = await readPage(page);
      assert.deepEqual(
        r.data.x,
        [...gen.x.slice(0, 2), ...gen.x.slice(3)],
        'Backspace removed the third point',
      );
      assertFitMatchesApi(r, 'after Backspace');
      await shot(page, 'keyboard-remove-after', '#section-data');

      // The form: type x, leave y empty (= f(x)), press Enter on "Add point".
      await h.tabTo(page, '#control-add-x');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1.23');
      await h.tabTo(page, '#btn-add-point');
      await press(page, 'Enter', 50);
      r = await readPage(page);
      assert.equal(r.state.points.x[49], 1.23, 'Add point: x as typed');
      assertNear(
        r.state.points.y[49],
        nw.trueFunction([1.23])[0],
        'Add point: y = f(x) when empty',
      );
      assertFitMatchesApi(r, 'after "Add point"');
      await shot(page, 'keyboard-form-after', '#section-data');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'interact: the query inspector shows the attention row of the API (keyboard and pointer)',
  TIMEOUT,
  async (t) => {
    const page = await openTutorial();
    try {
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      await shot(page, 'inspect-before', '#section-heatmap');
      const query = (q) => h.settle(page, (k) => window.__nwPage.state().query === k, q);
      const check = async (q, what) => {
        await query(q);
        const r = await readPage(page);
        assertFitMatchesApi(r, what);
        return r;
      };

      // Heatmap rows: ↓ next query, PageDown ten further, End the last.
      await h.tabTo(page, HEAT);
      await page.keyboard.press('ArrowDown');
      await check(26, 'heatmap ↓');
      await page.keyboard.press('PageDown');
      await check(36, 'heatmap PageDown');
      await page.keyboard.press('End');
      await check(49, 'heatmap End');
      await shot(page, 'inspect-keyboard-after', '#section-heatmap');

      // The prediction chart: ← / → / PageUp / Home.
      await h.tabTo(page, PRED);
      await page.keyboard.press('ArrowLeft');
      await check(48, 'prediction ←');
      await page.keyboard.press('Home');
      await check(0, 'prediction Home');
      await page.keyboard.press('PageUp');
      await check(10, 'prediction PageUp');
      await page.keyboard.press('ArrowRight');
      await check(11, 'prediction →');

      // A compact kernel and a small bandwidth: zero weights, and one-hot rows where no key is
      // within h (the API's empty-support rule).
      await page.selectOption('#control-kernel', 'epanechnikov');
      await h.settle(page, () => window.__nwPage.state().kernel === 'epanechnikov');
      await setInput(page, '#control-bandwidth-number', '0.03');
      await h.settle(page, () => window.__nwPage.state().h === 0.03);
      const r = await check(11, 'epanechnikov, h = 0.03');
      const nonzero = r.inspector.weights.filter((w) => w > 0).length;
      t.diagnostic(`query 11 at h = 0.03: ${nonzero} non-zero weights`);
      assert.ok(nonzero >= 1 && nonzero < 5, `compact kernel row has ${nonzero} non-zero weights`);

      // Pointing: the query nearest to the pointer (left and right parts of the chart).
      let last = r.state.query;
      for (const fx of [0.65, 0.2]) {
        const at = await h.pointOn(page, PRED, fx, 0.5);
        await page.mouse.move(at.x, at.y);
        await h.settle(page, (q) => window.__nwPage.state().query !== q, last);
        const s = await readPage(page);
        assertFitMatchesApi(s, `pointer at ${fx} of the chart width`);
        if (fx === 0.2)
          assert.ok(s.state.query < last, 'a pointer further left inspects a smaller x');
        last = s.state.query;
      }
      await shot(page, 'inspect-pointer-after', '#section-heatmap');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

/** trainParametric in Node with the page's settings, for the first `epochs` epochs (full batch). */
function nodeTraining(r, epochs) {
  const s = r.state;
  const opts = { kernel: 'gaussian', learningRate: s.lr, leaveOneOut: s.loo, seed: s.seed, epochs };
  if (s.w0 !== null) opts.w0 = s.w0;
  return nw.trainParametric(r.data.x, r.data.y, opts);
}

test(
  'interact: training playback: reset, step, play, pause; epochs and loss-curve length',
  TIMEOUT,
  async (t) => {
    const page = await openTutorial();
    try {
      await page.locator('#section-training').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      const epochIs = (e) =>
        h.settle(
          page,
          (k) =>
            document.documentElement.dataset.epoch === String(k) &&
            window.__nwPage.state().playing === false,
          e,
        );
      const expectRun = async (epochs, updatesPerEpoch, what) => {
        const r = await readPage(page);
        assert.equal(r.html.epoch, epochs, `${what}: data-epoch`);
        assert.equal(r.html.lossLength, epochs * updatesPerEpoch, `${what}: data-loss-length`);
        assert.equal(r.html.playing, 'false', `${what}: data-playing`);
        if (updatesPerEpoch === 1) {
          const run = nodeTraining(r, Math.max(1, epochs));
          const w = epochs === 0 ? run.w0 : run.w;
          assertNear(r.html.trainW, w, `${what}: data-train-w against trainParametric`);
        }
        return r;
      };

      // The chapter's run: 5 epochs, full batch (one update per epoch).
      await expectRun(5, 1, 'at load');
      await shot(page, 'training-before', '#section-training');
      await page.click('#btn-train-reset');
      await epochIs(0);
      await expectRun(0, 1, 'Reset');
      await page.click('#btn-step');
      await epochIs(1);
      await expectRun(1, 1, 'Step');
      await page.click('#btn-step');
      await epochIs(2);
      await expectRun(2, 1, 'Step again');
      await shot(page, 'training-step-after', '#section-training');

      // Play slowly (2 epochs/s) towards 40 epochs, pause on the way.
      await page.fill('#control-epochs', '40');
      await h.settle(page, () => window.__nwPage.state().epochs === 40);
      await setInput(page, '#control-speed', '0.3'); // log10 of about 2 epochs/s
      await h.settle(page, () => Math.abs(window.__nwPage.state().speed - 2) < 0.01);
      await page.click('#btn-play');
      await page.waitForFunction(
        () => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'true',
      );
      assert.equal(await page.getAttribute('#btn-pause', 'aria-pressed'), 'false');
      await page.waitForFunction(() => Number(document.documentElement.dataset.epoch) >= 4, null, {
        timeout: 30_000,
      });
      await page.click('#btn-pause');
      await h.settle(page, () => window.__nwPage.state().playing === false);
      const paused = (await readPage(page)).state.step;
      assert.ok(paused >= 4 && paused < 40, `paused at epoch ${paused}`);
      await epochIs(paused);
      await expectRun(paused, 1, 'Pause');
      assert.equal(await page.getAttribute('#btn-pause', 'aria-pressed'), 'true');
      await page.waitForTimeout(1200); // 2 epochs' worth at this speed: nothing may move while paused
      await expectRun(paused, 1, 'still paused');
      await shot(page, 'training-pause-after', '#section-training');
      await page.click('#btn-step');
      await epochIs(paused + 1);
      await expectRun(paused + 1, 1, 'Step after pause');

      // Play fast to the end: playback stops by itself at `epochs`.
      await setInput(page, '#control-speed', String(Math.log10(60)));
      await page.click('#btn-play');
      await h.settle(
        page,
        () =>
          window.__nwPage.state().playing === false &&
          document.documentElement.dataset.epoch === '40',
      );
      await expectRun(40, 1, 'played to the end');
      await shot(page, 'training-play-after', '#section-training');

      // Minibatches of 10 out of 50 points: five updates per epoch.
      await page.fill('#control-batch', '10');
      await h.settle(page, () => document.documentElement.dataset.lossLength === '200');
      await expectRun(40, 5, 'batch 10');
      await page.click('#btn-train-reset');
      await epochIs(0);
      await page.click('#btn-step');
      await epochIs(1);
      await expectRun(1, 5, 'batch 10, one step');
      t.diagnostic(`paused at epoch ${paused}`);
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('interact (file://): slider, keyboard add, inspector and step', TIMEOUT, async () => {
  const page = await openTutorial('file');
  try {
    await setInput(page, SLIDER, '-0.4');
    await h.settle(page, () => window.__nwPage.state().h === 10 ** -0.4);
    assertFitMatchesApi(await readPage(page), 'file://, slider');

    await h.tabTo(page, DATA);
    await page.keyboard.press('ArrowRight');
    await press(page, '+', 51);
    assertFitMatchesApi(await readPage(page), 'file://, "+"');

    await h.tabTo(page, PRED);
    await page.keyboard.press('ArrowRight');
    await h.settle(page, () => window.__nwPage.state().query === 26);
    assertFitMatchesApi(await readPage(page), 'file://, inspector →');

    await page.click('#btn-train-reset');
    await h.settle(page, () => document.documentElement.dataset.epoch === '0');
    await page.click('#btn-step');
    await h.settle(page, () => document.documentElement.dataset.epoch === '1');
    const r = await readPage(page);
    assert.equal(r.html.lossLength, 1);
    assertNear(r.html.trainW, nodeTraining(r, 1).w, 'file://, data-train-w after one step');
    await shot(page, 'file-after', '#section-heatmap');
    h.assertClean(page, 'file://');
  } finally {
    await page.close();
  }
});
