'use strict';
// The tutorial page in headless Chromium, as a learner opens it: served under a sub-path and
// from file://. Every chart must draw data (not only axes: harness.assertChartsInked, whose
// measure is itself checked here on reference charts), nothing may log an error, fail to load or
// reach another origin, and the module must compute in the page what it computes in Node.
// Screenshots: test-results/screenshots/page-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./harness.cjs');

// The sections, from the section registry (web/js/sections/registry.js): the chapter's seven
// figures (issue 2, part I), then the kernels and bandwidth-selection sections (issue 3, part II):
// both parts must be on the page.
let CHAPTER_SECTIONS;
let KERNEL_SECTIONS;
let BEYOND_SECTIONS; // Part III (issue 12): confidence bands, classification, local linear, criteria
let TRANSFORMER_SECTIONS; // Part IV (issue 13): toward the attention of Transformers
let LAST_SECTION;
// The chart of the training data, and the sections and charts that do not depend on the data
// values: the kernel shapes, and the constant kernel's uniform 1/n attention.
const DATA_CHART = 'data';
const DATA_INDEPENDENT = new Set(['section-kernel-gallery', 'kernels-constant-heatmap']);
const TIMEOUT = { timeout: 180_000 };

let server;
let browser;

before(async () => {
  ({ server, browser } = await h.openSuite());
  const { SECTIONS } = await import(
    pathToFileURL(path.join(h.REPO_ROOT, 'web/js/sections/registry.js')).href
  );
  const partTwo = SECTIONS.findIndex((sec) => sec.part === 'art.part2');
  const partThree = SECTIONS.findIndex((sec) => sec.part === 'art.part3');
  const partFour = SECTIONS.findIndex((sec) => sec.part === 'art.part4');
  CHAPTER_SECTIONS = SECTIONS.slice(0, partTwo).map((sec) => sec.id);
  KERNEL_SECTIONS = SECTIONS.slice(partTwo, partThree).map((sec) => sec.id);
  BEYOND_SECTIONS = SECTIONS.slice(partThree, partFour).map((sec) => sec.id);
  // Every Part IV section that offers a figure draws charts (the exercises section has none).
  TRANSFORMER_SECTIONS = SECTIONS.slice(partFour)
    .filter((sec) => sec.figures.length > 0)
    .map((sec) => sec.id);
  LAST_SECTION = SECTIONS[SECTIONS.length - 1].id;
}, h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

const MODES = {
  served: () => `${server.url}index.html`,
  file: () => h.fileUrl('index.html'),
};

/** Opens the page in a new tab, waits until every chart is drawn, and returns the tab. */
async function openTutorial(mode) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  await page.goto(MODES[mode]());
  await h.waitReady(page);
  return page;
}

/** Asserts that every chart on the page draws data; reports all the blank ones at once. */
async function assertChartsHaveInk(page, t, what = 'page') {
  // A chart whose section was just laid out may be mid-resize: measure once no canvas changes size
  // between frames. A chart still that small sits in a section the browser skipped laying out
  // (content-visibility: auto, e.g. after a screenshot's tall viewport): it is measured as a
  // learner sees it, scrolled to.
  await h.canvasesSettled(page);
  const tiny = await page.$$eval('canvas[data-chart]', (cs) =>
    cs.filter((c) => c.width < 40 || c.height < 40).map((c) => c.dataset.chart),
  );
  for (const id of tiny) {
    const canvas = page.locator(`canvas[data-chart="${id}"]`);
    await canvas.scrollIntoViewIfNeeded();
    await page
      .waitForFunction(
        (chart) => {
          const c = document.querySelector(`canvas[data-chart="${chart}"]`);
          return c && c.width >= 40 && c.height >= 40;
        },
        id,
        { timeout: 3000 },
      )
      .catch(() => {});
    await h.canvasesSettled(page);
  }
  if (tiny.length) t.diagnostic(`scrolled to ${tiny.join(', ')} (laid out at under 40 px)`);
  const charts = await h.inkFractions(page, 'canvas[data-chart]');
  assert.ok(charts.length >= CHAPTER_SECTIONS.length, `expected charts, found ${charts.length}`);
  for (const c of charts) {
    t.diagnostic(
      `ink ${c.chart}: data ${c.dataLines.toFixed(1)} plot widths, all ${(100 * c.ink).toFixed(2)}% of ${c.width}x${c.height}`,
    );
  }
  await h.assertChartsInked(page, { what });
}

/** Asserts that the page shows no error notice (#notice) and no failed section (.section-error). */
async function assertNoErrorNotice(page) {
  const shown = await page.$$eval('#notice, .section-error', (els) =>
    els.filter((e) => e.textContent.trim()).map((e) => `${e.id || e.className}: ${e.textContent}`),
  );
  assert.deepEqual(shown, [], 'error notices on the page');
}

/**
 * In a blank tab: Chart.js charts with the options of the page's line charts (views/line-chart.js)
 * with and without data, light or dark, to show that the ink measure tells them apart.
 */
async function drawReferenceCharts(page, { dark }) {
  await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
  await page.evaluate(
    fs.readFileSync(path.join(h.REPO_ROOT, 'node_modules/chart.js/dist/chart.umd.js'), 'utf8'),
  );
  await page.evaluate((isDark) => {
    /* global Chart */
    const series = ['#0072b2', '#d55e00', '#007a5a', '#b57800', '#6a3d9a', '#3a9ad9', '#c0609a'];
    const grid = isDark ? '#2a3038' : '#e6e9ed';
    const border = isDark ? '#7d8793' : '#8a939e';
    Chart.defaults.color = isDark ? '#cfd6de' : '#3d4451';
    const make = (name, data, { width = 880, height = 419, log = false, legend = true } = {}) => {
      const canvas = document.createElement('canvas');
      canvas.dataset.chart = name;
      canvas.width = width;
      canvas.height = height;
      document.body.append(canvas);
      const axis = (label) => ({
        type: log ? 'logarithmic' : 'linear',
        min: log ? 0.1 : 0,
        max: 5,
        title: { display: true, text: label },
        grid: { color: grid },
        border: { color: border },
      });
      return new Chart(canvas, {
        type: 'scatter',
        data: {
          datasets: series.map((color, i) => ({
            label: `series ${i}`,
            data: data[i] ?? [],
            borderColor: color,
            backgroundColor: color,
            showLine: i > 0,
            pointRadius: i === 0 ? 2.5 : 0,
            borderWidth: 2,
          })),
        },
        options: {
          animation: false,
          responsive: false,
          scales: { x: axis('x'), y: axis('y') },
          plugins: {
            legend: {
              display: legend,
              position: 'bottom',
              labels: { usePointStyle: true, pointStyleWidth: 26, boxHeight: 7 },
            },
          },
        },
      });
    };
    const line = [
      { x: 0.2, y: 1 },
      { x: 4.8, y: 4 },
    ];
    const onAxis = [
      { x: 0, y: 0 },
      { x: 5, y: 0 },
    ];
    make('axes-legend', []);
    make('axes-log', [], { log: true });
    make('axes-small', [], { width: 203, height: 150, legend: false });
    make('zero-on-log-axis', [[], onAxis], { log: true }); // log(0): nothing can be drawn
    make('one-line', [[], line]);
    make('five-points', [[1, 2, 3, 4, 4.5].map((x) => ({ x, y: x / 2 }))]);
    make('line-on-axis', [[], onAxis]);
    make('small-line', [[], line], { width: 203, height: 150, legend: false });
  }, dark);
}

test(
  'ink check: only axes, gridlines and a legend is blank; one line or five points is data',
  TIMEOUT,
  async (t) => {
    const page = await h.openPage(browser);
    try {
      const empty = new Set(['axes-legend', 'axes-log', 'axes-small', 'zero-on-log-axis']);
      for (const dark of [false, true]) {
        await drawReferenceCharts(page, { dark });
        const charts = await h.inkFractions(page);
        assert.equal(charts.length, 8);
        for (const c of charts) {
          t.diagnostic(
            `${dark ? 'dark' : 'light'} ${c.chart}: data ${c.dataLines.toFixed(2)} plot widths, all ink ${(100 * c.ink).toFixed(2)}%`,
          );
          if (empty.has(c.chart)) {
            assert.ok(c.ink > 0.01, `${c.chart}: the axes and labels are drawn (ink ${c.ink})`);
            assert.ok(
              c.dataLines < h.MIN_DATA_LINES / 5,
              `${c.chart} has no data but measures ${c.dataLines} plot widths`,
            );
          } else {
            assert.ok(
              c.dataLines > 2.5 * h.MIN_DATA_LINES,
              `${c.chart} draws data but measures ${c.dataLines} plot widths`,
            );
          }
        }
        await assert.rejects(
          h.assertChartsInked(page, { what: 'reference charts' }),
          /4 of 8 charts show no data/,
        );
        const withData = 'canvas:not([data-chart^="axes"]):not([data-chart="zero-on-log-axis"])';
        assert.equal((await h.assertChartsInked(page, { selector: withData })).length, 4);
      }
      h.assertClean(page, 'reference charts');
    } finally {
      await page.close();
    }
  },
);

/** The ids of the sections present on the page and how many charts each holds. */
function sectionCharts(page) {
  return page.$$eval('section[id]', (sections) =>
    Object.fromEntries(
      sections.map((s) => [s.id, s.querySelectorAll('canvas[data-chart]').length]),
    ),
  );
}

for (const mode of Object.keys(MODES)) {
  const name = `page (${mode}): every chart is drawn, with no error and no foreign request`;
  test(name, TIMEOUT, async (t) => {
    const page = await openTutorial(mode);
    try {
      t.diagnostic(`screenshot: ${await h.saveScreenshot(page, `page-${mode}`)}`);
      h.assertClean(page, `index.html (${mode})`);
      await assertChartsHaveInk(page, t, `index.html (${mode})`);
      await assertNoErrorNotice(page);

      const sections = await sectionCharts(page);
      const missing = CHAPTER_SECTIONS.filter((id) => !(sections[id] > 0));
      assert.deepEqual(missing, [], 'chapter sections without a chart');
      if (mode === 'served') {
        const served = server.requests.map((r) => r.url);
        const loaded = served.some((u) => u.endsWith('/nadaraya-watson.js'));
        assert.ok(loaded, 'the module was not loaded from the server');
      }
      h.assertClean(page, `index.html (${mode})`);
    } finally {
      await page.close();
    }
  });
}

test(
  'page: every chart follows its box as the window narrows and widens again',
  TIMEOUT,
  async (t) => {
    // Chart.js's own aspect ratio capped a chart's new width by the height of its box, which was the
    // canvas's own height: a chart laid out narrow once (a narrow window, a grid half built, a
    // resize under load) stayed narrow for good. The boxes are now sized by CSS (views/chartjs.js).
    const page = await openTutorial('served');
    try {
      await page.evaluate(() => document.documentElement.classList.add('render-all'));
      const misfits = () => h.chartMisfits(page);
      const width = () =>
        page.$eval('canvas[data-chart="data"]', (c) => c.getBoundingClientRect().width);
      const viewport = page.viewportSize();
      await h.canvasesSettled(page);
      assert.deepEqual(await misfits(), [], `at ${viewport.width} px`);
      const wide = await width();
      await page.setViewportSize({ width: 420, height: viewport.height });
      await h.canvasesSettled(page);
      assert.deepEqual(await misfits(), [], 'at 420 px');
      const narrow = await width();
      assert.ok(narrow < wide / 2, `the data chart did not narrow: ${wide} -> ${narrow} px`);
      await page.setViewportSize(viewport);
      await h.canvasesSettled(page);
      assert.deepEqual(await misfits(), [], `back at ${viewport.width} px`);
      assert.equal(await width(), wide, 'the data chart did not grow back');
      t.diagnostic(`data chart ${wide} -> ${narrow} -> ${await width()} px wide`);
      h.assertClean(page, 'index.html (resized)');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: Parts II, III and IV (kernels and bandwidths; beyond the chapter; toward Transformers) are there, each section with charts',
  TIMEOUT,
  async () => {
    const page = await openTutorial('served');
    try {
      const sections = await sectionCharts(page);
      assert.ok(
        KERNEL_SECTIONS.length >= 6,
        `the registry lists ${KERNEL_SECTIONS.length} Part II sections`,
      );
      const missing = KERNEL_SECTIONS.filter((id) => !(sections[id] > 0));
      assert.deepEqual(missing, [], 'kernel/bandwidth sections without a chart');
      assert.deepEqual(
        BEYOND_SECTIONS,
        ['section-band', 'section-classify', 'section-boundary', 'section-criteria'],
        'Part III sections',
      );
      const beyond = BEYOND_SECTIONS.filter((id) => !(sections[id] > 0));
      assert.deepEqual(beyond, [], 'Part III sections without a chart');
      assert.deepEqual(
        TRANSFORMER_SECTIONS,
        ['section-sphere', 'section-relevance', 'section-curse', 'section-qk'],
        'Part IV sections with figures',
      );
      const four = TRANSFORMER_SECTIONS.filter((id) => !(sections[id] > 0));
      assert.deepEqual(four, [], 'Part IV sections without a chart');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('page: "New data" redraws every data chart, and the URL restores it', TIMEOUT, async (t) => {
  const page = await openTutorial('served');
  try {
    const dataChart = '#section-data canvas[data-chart]';
    const before = await h.chartFingerprints(page);
    const urlBefore = page.url();
    // No full-page screenshots here: their tall viewport and its restoring leave a kernel card's
    // heatmap in an off-screen section at 13x12 px after the redraw (a bug left for later; see
    // the closing note), which is not what this test is about.

    await page
      .getByRole('button', { name: /new data/i })
      .first()
      .click();
    await h.waitForCanvasChange(page, dataChart, before[`section-data/${DATA_CHART}`]);
    await h.waitReady(page);
    const after = await h.chartFingerprints(page);

    const unchanged = Object.keys(before).filter(
      (key) => after[key] === before[key] && !key.split('/').some((id) => DATA_INDEPENDENT.has(id)),
    );
    assert.deepEqual(unchanged, [], 'charts that "New data" did not redraw');
    await assertChartsHaveInk(page, t, 'after "New data"');
    await assertNoErrorNotice(page);
    h.assertClean(page, 'after "New data"');

    // The new seed is in the URL: opening that URL shows the same data.
    const url = page.url();
    assert.notEqual(url, urlBefore, 'the URL did not change with the data');
    const again = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await again.goto(url);
      await h.waitReady(again);
      const restored = await h.chartFingerprints(again, dataChart);
      assert.equal(restored[`section-data/${DATA_CHART}`], after[`section-data/${DATA_CHART}`]);
      h.assertClean(again, `${url}`);
    } finally {
      await again.close();
    }
  } finally {
    await page.close();
  }
});

// The same computations in Node and in the page: the generated data bit for bit (the API promises
// bit-identical data everywhere), the rest to 1e-12 relative (Node's and Chromium's V8 differ in
// versions, and any JS Math in the wrapper may round differently).
/** Asserts |a_i - b_i| <= 1e-12 max(1, |b_i|) for every i, naming the first index that is not. */
function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i += 1) {
    const tol = 1e-12 * Math.max(1, Math.abs(expected[i]));
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: page ${actual[i]} vs Node ${expected[i]}`,
    );
  }
}

async function computeSample(nw) {
  const d = nw.generateData({ seed: 3 });
  const queries = nw.testInputs();
  const pred = nw.predict(queries, d.x, d.y, { bandwidth: 0.5 });
  const att = nw.attentionWeights(queries.subarray(0, 5), d.x, { bandwidth: 0.5 });
  const trained = nw.trainParametric(d.x, d.y, { seed: 3 });
  return {
    x: Array.from(d.x),
    y: Array.from(d.y),
    pred: Array.from(pred),
    att: { rows: att.rows, cols: att.cols, data: Array.from(att.data) },
    loo: nw.looLoss(d.x, d.y, { bandwidth: 0.5 }),
    w: trained.w,
    losses: Array.from(trained.losses),
  };
}

for (const mode of Object.keys(MODES)) {
  const name = `page (${mode}): NadarayaWatson.load() in the page computes what Node computes`;
  test(name, TIMEOUT, async () => {
    const moduleFile = path.join(h.DIST_DIR, 'nadaraya-watson.js');
    const nodeNw = await require(moduleFile).load();
    const expected = await computeSample(nodeNw);
    assert.equal(expected.x.length, 50);

    const page = await openTutorial(mode);
    try {
      // A string expression: evaluated by the debugger protocol, so the page's CSP (no eval)
      // does not get in the way.
      const inPage = await page.evaluate(
        `(async () => (${computeSample})(await window.NadarayaWatson.load()))()`,
      );
      assert.deepStrictEqual(inPage.x, expected.x, 'generateData({seed: 3}).x');
      assert.deepStrictEqual(inPage.y, expected.y, 'generateData({seed: 3}).y');
      const shape = (r) => [r.att.rows, r.att.cols];
      assert.deepStrictEqual(shape(inPage), shape(expected), 'attentionWeights shape');
      assertClose(inPage.pred, expected.pred, 'predict');
      assertClose(inPage.att.data, expected.att.data, 'attentionWeights');
      assertClose([inPage.loo], [expected.loo], 'looLoss');
      assertClose([inPage.w], [expected.w], 'trainParametric w');
      assertClose(inPage.losses, expected.losses, 'trainParametric losses');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  });
}

test(
  'page: the controls and the first figure come before the rest of the page is built',
  TIMEOUT,
  async () => {
    for (const mode of Object.keys(MODES)) {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      // When the page first hears from an IntersectionObserver (any: the app's, the charts').
      await page.addInitScript(() => {
        const Native = window.IntersectionObserver;
        window.IntersectionObserver = class extends Native {
          constructor(callback, options) {
            super((...args) => {
              window.__firstReport ??= performance.now();
              return callback(...args);
            }, options);
          }
        };
      });
      try {
        await page.goto(MODES[mode]());
        await h.waitReady(page);
        const t = await page.evaluate((last) => {
          const at = (name, type) => performance.getEntriesByName(name, type)[0]?.startTime;
          return {
            controls: at('controls', 'mark'),
            first: at('first figure', 'mark'),
            firstCreate: at('create section-data', 'measure'),
            lastCreate: at(`create ${last}`, 'measure'),
            report: window.__firstReport,
            compute: document.documentElement.dataset.compute,
          };
        }, LAST_SECTION);
        // Sections are created when first drawn: the top one first, the last one after the
        // first figure is on screen (not all 16 before anything is shown).
        for (const k of ['controls', 'first', 'firstCreate', 'lastCreate', 'report'])
          assert.equal(typeof t[k], 'number', `${mode}: ${k} recorded`);
        assert.ok(
          t.controls <= t.firstCreate,
          `${mode}: the controls are bound before the first section is built: ${JSON.stringify(t)}`,
        );
        assert.ok(
          t.firstCreate <= t.first,
          `${mode}: the data section is created for the first figure`,
        );
        // app.js measureView: what is on screen is read from the sections' boxes, not waited for
        // from the observer's first report (the next frame).
        assert.ok(
          t.first < t.report,
          `${mode}: the first figure is drawn before any IntersectionObserver reports: ${JSON.stringify(t)}`,
        );
        assert.ok(
          t.lastCreate > t.first,
          `${mode}: the last section is built after the first figure`,
        );
        assert.equal(t.compute, mode === 'served' ? 'worker' : 'main', `${mode}: where jobs run`);
        h.assertClean(page, mode);
      } finally {
        await page.close();
      }
    }
  },
);

test('page: at the first load a chart is laid out once, with its data', TIMEOUT, async () => {
  const page = await openTutorial('served');
  try {
    // data-layouts: how many times Chart.js laid the chart out (views/chartjs.js firstLayout).
    // The data section's chart is filled in its first update, with an overlay drawn before it;
    // the kernels' 14 charts wait for the workers' results, off screen. Before, each was laid out
    // empty first (2 layouts). The consistency study's partial results are not drawn off screen
    // (App's nearScreen): its chart was laid out 7-9 times while the page loaded.
    const layouts = await page.evaluate(() =>
      Object.fromEntries(
        ['section-data', 'section-kernels', 'section-widths', 'section-consistency'].map((id) => [
          id,
          [...document.querySelectorAll(`#${id} .chart-box canvas`)].map(
            (c) => c.dataset.layouts ?? 'none',
          ),
        ]),
      ),
    );
    for (const [id, counts] of Object.entries(layouts)) {
      assert.ok(counts.length > 0, `${id} has Chart.js charts`);
      assert.deepEqual(
        counts,
        counts.map(() => '1'),
        `${id}: one layout per chart`,
      );
    }
    await h.assertChartsInked(page, { what: 'first load' });
    h.assertClean(page, 'first load');
  } finally {
    await page.close();
  }
});

test(
  'page: a legend shows markers in their own shape and lines at their length',
  TIMEOUT,
  async () => {
    // views/line-chart.js legendMarksPlugin. Chart.js stretches every legend marker to the width
    // its lines need (pointStyleWidth): the training data's disc was drawn as a pill 26 px wide and
    // 10 px high, the criteria's triangle and diamond as flat wedges (and FastPlot copied the pill).
    const page = await openTutorial('served');
    try {
      // The runs of ink of a chart's bottom legend row, from the left (a run ends at a gap of 5 CSS
      // px: a dashed line's gaps and a word space are shorter, the gaps between an item's mark and
      // its text and between items longer): each {width, height} in CSS px.
      const legendRuns = (id) =>
        page.evaluate((chart) => {
          const c = document.querySelector(`canvas[data-chart="${chart}"]`);
          const scale = c.width / c.getBoundingClientRect().width;
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          const ink = (x, y) => data[(y * c.width + x) * 4 + 3] > 100;
          const rowInk = (y) => {
            for (let x = 0; x < c.width; x++) if (ink(x, y)) return true;
            return false;
          };
          let bottom = c.height - 1;
          while (bottom > 0 && !rowInk(bottom)) bottom--;
          let top = bottom;
          while (top > 0 && rowInk(top - 1)) top--;
          const colInk = (x) => {
            for (let y = top; y <= bottom; y++) if (ink(x, y)) return true;
            return false;
          };
          const runs = [];
          for (let x = 0; x < c.width; x++) {
            if (!colInk(x)) continue;
            let right = x;
            for (let k = x; k < c.width && k - right <= 5 * scale; k++) if (colInk(k)) right = k;
            let high = bottom;
            let low = top;
            for (let y = top; y <= bottom; y++)
              for (let k = x; k <= right; k++)
                if (ink(k, y)) {
                  high = Math.min(high, y);
                  low = Math.max(low, y);
                }
            runs.push({ width: (right - x + 1) / scale, height: (low - high + 1) / scale });
            x = right;
          }
          return runs;
        }, id);
      const size = (r) => `${r.width.toFixed(1)} x ${r.height.toFixed(1)} px`;
      const round = (r) => r.width / r.height > 0.8 && r.width / r.height < 1.25;
      // The data chart's legend: the training data (a disc) and its text, the truth (a dashed line,
      // the one run of ink that low) and its text.
      const data = await legendRuns(DATA_CHART);
      const all = data.map(size).join(', ');
      assert.ok(round(data[0]) && data[0].height > 6 && data[0].height < 14, `disc: ${all}`);
      const lines = data.filter((r) => r.height < 5);
      assert.ok(lines.length === 1 && lines[0].width > 22, `one dashed line: ${all}`);
      // The criteria chart's last legend row: Silverman's diamond and its text.
      const [diamond] = await legendRuns('criteria-loo');
      assert.ok(round(diamond) && diamond.height > 6, `diamond: ${size(diamond)}`);
      // A FastPlot's legend (views/fast-plot.js) draws its discs the same way: f(query) is alone
      // on the last row of the attention chart's.
      const [query] = await legendRuns('heatmap-prediction');
      assert.ok(round(query) && query.height > 6, `f(query): ${size(query)}`);
      h.assertClean(page, 'legends');
    } finally {
      await page.close();
    }
  },
);

test(
  "page: a marker on the plot's edge is drawn whole, in Chart.js charts and FastPlots",
  TIMEOUT,
  async () => {
    // views/chartjs.js SharedScatterController._update and views/fast-plot.js clipSeries. On an
    // axis end a chart fixes, Chart.js clipped a dataset at the plot's edge, and FastPlot copied
    // it: the training input at x = 4.99 (seed 0) and the consistency study's points at n = 10 and
    // 5,000, and the query-key section's marker at epoch 200, were drawn as half discs (that one
    // had been unclipped alone). Lines stay clipped at the edge.
    const page = await openTutorial('served');
    try {
      // The ink in a band 1.5 to 3 CSS px outside a chart's plot area (data-plot), on its left or
      // right, within the plot's height: pixels of any ink, and of coloured ink (the left band
      // also holds the grey tick marks of the y axis). Nearer, the axis line and the edge's
      // partly covered pixel column blend with what is drawn inside.
      const outside = (chart, side) =>
        page.evaluate(
          ([chart, side]) => {
            const c = document.querySelector(`canvas[data-chart="${chart}"]`);
            const [left, top, right, bottom] = c.dataset.plot.split(' ').map(Number);
            const scale = c.width / c.getBoundingClientRect().width;
            const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
            const sign = side === 'left' ? -1 : 1;
            const edge = side === 'left' ? left : right;
            const columns = new Set();
            for (let d = 1.5; d <= 3; d += 0.25) columns.add(Math.round((edge + sign * d) * scale));
            let ink = 0;
            let colour = 0;
            for (const x of columns)
              for (let y = Math.ceil(top * scale); y < bottom * scale; y++) {
                const [r, g, b, a] = data.subarray(
                  (y * c.width + x) * 4,
                  (y * c.width + x) * 4 + 4,
                );
                if (a <= 100) continue;
                ink++;
                if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
              }
            return { ink, colour };
          },
          [chart, side],
        );
      // The precondition: the training data's last input lies within a marker's radius of x = 5.
      const xs = await page.evaluate(() => window.__nwPage.data().x);
      assert.ok(Math.max(...xs) > 4.99, `the last input: ${Math.max(...xs)}`);
      for (const chart of ['data', 'kernels-gaussian-prediction']) {
        const right = await outside(chart, 'right');
        assert.ok(right.ink >= 2, `${chart}: the disc at x = 4.99 past the edge: ${right.ink} px`);
      }
      const bands = [
        ['consistency', 'left'],
        ['consistency', 'right'],
        ['qk-loss', 'right'],
      ];
      for (const [chart, side] of bands) {
        const { colour } = await outside(chart, side);
        assert.ok(colour >= 10, `${chart}, ${side}: the discs past the edge: ${colour} px`);
      }
      h.assertClean(page, 'markers on the edge');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: the small multiples name the point under the pointer in their title',
  TIMEOUT,
  async () => {
    // The kernel gallery and the prediction cards are FastPlots (views/prediction-chart.js,
    // sections/kernel-gallery.js): the point nearest the pointer is named as a Chart.js tooltip
    // would name it ("label: (x, y)").
    const page = await openTutorial('served');
    try {
      const titleAt = async (chart, fx, fy) => {
        const selector = `canvas[data-chart="${chart}"]`;
        const p = await h.pointOn(page, selector, fx, fy);
        await page.mouse.move(p.x, p.y);
        return page.$eval(selector, (c) => c.title);
      };
      // The Gaussian's shape near u = 0, k(u) = 1: the middle of the x axis, high in the plot.
      const peak = await titleAt('kernel-gaussian', 0.55, 0.2);
      const m = /^(.+): \((-?[\d.]+), (-?[\d.]+)\)$/.exec(peak);
      assert.ok(m, `a point is named: "${peak}"`);
      assert.ok(Math.abs(Number(m[2])) < 0.6 && Number(m[3]) > 0.7, `near the peak: "${peak}"`);
      const card = await titleAt('kernels-boxcar-prediction', 0.5, 0.5);
      assert.match(card, /: \(-?[\d.]+, -?[\d.]+\)$/, `a card's point is named: "${card}"`);
      // Outside the plot area (over the axis title) nothing is named.
      assert.equal(await titleAt('kernel-gaussian', 0.5, 0.98), '', 'no point below the x axis');
      h.assertClean(page, 'hover');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: no Intl.NumberFormat is made to load, to show a tooltip or to draw 20,000 points',
  TIMEOUT,
  async () => {
    // views/format.js writes the page's numbers: a tab's first Intl.NumberFormat costs 28-60 ms
    // of the main thread (ICU's set-up), and Chart.js made one for its tick labels before the
    // first figure. An init script records every Intl.NumberFormat and Number toLocaleString.
    const record = () => {
      const made = (window.__intlMade = []);
      const Format = Intl.NumberFormat;
      Intl.NumberFormat = function NumberFormat(...args) {
        made.push(new Error('Intl.NumberFormat').stack);
        return new Format(...args);
      };
      const toLocale = Number.prototype.toLocaleString;
      Number.prototype.toLocaleString = function toLocaleString(...args) {
        made.push(new Error('toLocaleString').stack);
        return toLocale.apply(this, args);
      };
    };
    const made = (page) => page.evaluate(() => window.__intlMade);
    for (const hash of ['', '#n=20000&lang=zh']) {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      try {
        await page.addInitScript(record);
        await page.goto(`${server.url}index.html${hash}`);
        await h.waitReady(page);
        assert.deepEqual(await made(page), [], `loading index.html${hash}`);
        // A Chart.js tooltip (the nearest point to the pointer) is drawn over the chart.
        const chart = 'canvas[data-chart="confidence-band"]';
        await page.locator(chart).scrollIntoViewIfNeeded();
        await h.waitReady(page);
        const was = await page.$eval(chart, (c) => c.toDataURL());
        const p = await h.pointOn(page, chart, 0.5, 0.5);
        await page.mouse.move(p.x, p.y);
        await page
          .waitForFunction(
            ([selector, url]) => document.querySelector(selector).toDataURL() !== url,
            [chart, was],
            { timeout: 10_000 },
          )
          .catch(() => assert.fail(`no tooltip was drawn at index.html${hash}`));
        assert.deepEqual(await made(page), [], `a tooltip at index.html${hash}`);
        h.assertClean(page, `index.html${hash}`);
      } finally {
        await page.close();
      }
    }
  },
);

test(
  'page: on screen, the consistency study is drawn size by size as it comes',
  TIMEOUT,
  async () => {
    // The other side of the test above: a learner following a link to the study sees each size's
    // rows drawn as its job finishes (App's nearScreen), then the whole study.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${server.url}index.html#section-consistency`);
      await h.waitReady(page);
      const layouts = await page.$eval('canvas[data-chart="consistency"]', (c) =>
        Number(c.dataset.layouts),
      );
      assert.ok(layouts >= 3, `the consistency chart was laid out ${layouts} times`);
      h.assertClean(page, 'landing on the consistency study');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a section reached by a link stays in view while the page is built around it',
  TIMEOUT,
  async (t) => {
    // views/keep-in-view.js. The section above the target is laid out and filled once it comes
    // into view (content-visibility: auto; it counted as 900 px); the browser's scroll anchoring
    // held that section's top, so the study was pushed below the view until the page was ready,
    // then jumped back. Every painted frame from the first with the target in place must keep it
    // there: at the first load, and for an in-page link followed once the page is ready.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.addInitScript(h.recordPinnedFrames, 'section-consistency');
      await page.goto(`${server.url}index.html#section-consistency`);
      await h.waitReady(page);
      await page.waitForTimeout(800);
      const load = h.pinnedFrames(await page.evaluate(() => window.__frames.splice(0)));
      t.diagnostic(
        `at the first load: ${load.after.length} frames from the first in place, ${load.off.length} off`,
      );
      assert.ok(load.first >= 0, 'the linked section was never at the top of the view');
      assert.ok(
        load.after.some(([, , , ready]) => ready === 'true') &&
          load.after.some(([, , , ready]) => ready !== 'true'),
        'frames recorded both while the page was built and once it was ready',
      );
      assert.deepEqual(
        load.off.map(
          ([ms, top, margin]) => `${Math.round(ms)} ms: top ${Math.round(top)} (${margin})`,
        ),
        [],
        'frames painted with the linked section out of its place',
      );

      // Back to the top, a fresh page (nothing laid out below), then an in-page link down to it.
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page);
      await page.evaluate(() => {
        window.__pinId = 'section-consistency';
        window.__frames.length = 0;
        const a = document.createElement('a');
        a.href = '#section-consistency';
        document.body.append(a);
        a.click();
        a.remove();
      });
      await page.waitForTimeout(1500);
      await h.waitReady(page);
      const link = h.pinnedFrames(await page.evaluate(() => window.__frames.splice(0)));
      t.diagnostic(`an in-page link: ${link.after.length} frames, ${link.off.length} off`);
      assert.ok(link.first >= 0, 'the link did not bring the section to the top of the view');
      assert.deepEqual(
        link.off.map(
          ([ms, top, margin]) => `${Math.round(ms)} ms: top ${Math.round(top)} (${margin})`,
        ),
        [],
        'frames painted with the linked section out of its place, after an in-page link',
      );
      h.assertClean(page, 'a linked section kept in view');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a jump that brings a section to the bar keeps it there while the section above is laid out',
  TIMEOUT,
  async () => {
    // settings-bar.css: the bar's height is the page's scroll-padding-top, so Chromium's scroll
    // anchoring takes its anchor below the bar, here the section. Anchored on the bottom of the
    // section above (behind the bar), a jump (the scroll bar, a script) was pushed down 165 px as
    // that section was laid out at its real height. No link here: views/keep-in-view.js is not
    // at work. (A jump into the middle of a section not laid out yet still moves: that section
    // is shown only once laid out, at its real height.)
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page);
      const tops = await page.evaluate(async () => {
        const target = document.getElementById('section-consistency');
        const top = () => Math.round(target.getBoundingClientRect().top);
        // The bar's space (the page's scroll-padding-top; the variable, so that the test reads
        // the same on a page without it).
        const bar = parseFloat(
          getComputedStyle(document.documentElement).getPropertyValue('--bar-space'),
        );
        window.scrollTo(0, window.scrollY + target.getBoundingClientRect().top - bar);
        const seen = [top()];
        for (let i = 0; i < 60; i += 1) {
          await new Promise((r) => requestAnimationFrame(r));
          seen.push(top());
        }
        return { bar, seen: [...new Set(seen)] };
      });
      assert.deepEqual(tops.seen, [tops.bar], 'the section moved after the jump (its top, px)');
      await h.waitReady(page);
      h.assertClean(page, 'a jump down the page');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a reload, a return from another page and Back after a link bring the reader back to their place',
  TIMEOUT,
  async (t) => {
    // page/place.js. The browser restores a scroll offset, and after a reload every section not
    // laid out yet counts as 900 px and has no figures yet: read down to 60% of the page, a reload
    // showed a point some 1,400 px from where the reader had been. The page keeps its own place in
    // the history entry and goes back to it: the element the reader saw below the bar must come
    // back to the same height (within 2 px), and stay there once the page is ready.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      // Opened by the skip link's address: a reload goes back to the reader's place, not to it.
      await page.goto(`${server.url}index.html#content`);
      await h.waitReady(page);
      // Read down: each part of the page is laid out on the way, as a reader's scrolling does.
      await page.mouse.move(640, 500);
      for (let i = 1; i <= 10; i += 1) {
        await page.evaluate((f) => window.scrollTo(0, document.body.scrollHeight * f), 0.06 * i);
        await page.waitForTimeout(150);
      }
      await page.mouse.wheel(0, 240);
      await h.waitReady(page);
      await page.waitForTimeout(800);
      const place = await page.evaluate(h.markPlace, 300);
      t.diagnostic(`the place: ${place.tag} at ${Math.round(place.top)} px, path ${place.path}`);
      const backAt = async (what) => {
        await h.waitReady(page);
        await page.waitForTimeout(800);
        const top = await page.evaluate(h.topOfPlace, place.path);
        t.diagnostic(`${what}: at ${Math.round(top)} px`);
        assert.ok(
          Math.abs(top - place.top) <= 2,
          `${what}: the reader's place is at ${Math.round(top)} px, not ${Math.round(place.top)}`,
        );
      };
      await page.reload();
      await backAt('after a reload');
      await page.goto('about:blank');
      await page.goBack();
      await backAt('back from another page');
      // An in-page link, then Back: the browser no longer restores the offset (place.js).
      await page.evaluate(() => {
        const a = document.createElement('a');
        a.href = '#section-exercises';
        document.body.append(a);
        a.click();
        a.remove();
      });
      await page.waitForFunction(
        () => document.getElementById('section-exercises').getBoundingClientRect().top < 200,
      );
      await page.waitForTimeout(500);
      await page.goBack();
      await backAt('Back after an in-page link');
      h.assertClean(page, 'a reader brought back to their place');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a reader who scrolls away from a linked section is not brought back to it',
  TIMEOUT,
  async () => {
    // The other side of the test above: the page lets go of the section at the reader's first
    // wheel (or touch, key, press). The CPU is slowed four times, so that the page is still being
    // built when the wheel turns.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    const cdp = await browser.newCDPSession(page);
    try {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${server.url}index.html#section-consistency`);
      // Loaded, and scrolled down to the link's target (the figures are still being drawn).
      await page.waitForFunction(
        () => document.readyState === 'complete' && window.scrollY > 5000,
        null,
        { timeout: 60_000, polling: 50 },
      );
      assert.notEqual(
        await page.evaluate(() => document.documentElement.dataset.ready),
        'true',
        'the page was ready before the wheel: the test proves nothing (a faster host?)',
      );
      await page.mouse.move(640, 500);
      await page.mouse.wheel(0, -5000);
      await h.waitReady(page, { timeout: 120_000 });
      await page.waitForTimeout(800);
      // Below the view (how far depends on the heights the sections above it took meanwhile).
      const { top, height } = await page.evaluate(() => ({
        top: document.getElementById('section-consistency').getBoundingClientRect().top,
        height: window.innerHeight,
      }));
      assert.ok(
        top > height,
        `the section is at ${Math.round(top)} px in a ${height} px view: the page scrolled back to it`,
      );
      h.assertClean(page, 'scrolled away from a linked section');
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => {});
      await cdp.detach().catch(() => {});
      await page.close();
    }
  },
);

test(
  'page: each chart is sized with its section, so scrolling to it lays none out again',
  TIMEOUT,
  async (t) => {
    // views/boxes.js sizeNew: a section's charts take their boxes' sizes once all its figures are
    // there. A chart that read its box as it was made got the width of a half-built grid, kept it
    // while its section was skipped off screen, and was laid out and drawn again when scrolled to.
    const page = await openTutorial('served');
    try {
      const layouts = () =>
        page.evaluate(() =>
          Object.fromEntries(
            [...document.querySelectorAll('.chart-box canvas[data-layouts]')].map((c) => [
              c.dataset.chart,
              Number(c.dataset.layouts),
            ]),
          ),
        );
      const before = await layouts();
      assert.ok(Object.keys(before).length >= 60, `${Object.keys(before).length} Chart.js charts`);
      const steps = await page.evaluate(async () => {
        const frame = () =>
          new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        let n = 0;
        for (let y = 0; y < document.documentElement.scrollHeight; y += 0.8 * innerHeight, n += 1) {
          scrollTo(0, y);
          await frame();
        }
        return n;
      });
      await h.canvasesSettled(page);
      await h.waitReady(page);
      const after = await layouts();
      const again = Object.keys(after).filter((k) => after[k] !== before[k]);
      t.diagnostic(`${steps} scroll steps; ${Object.keys(after).length} charts`);
      assert.deepEqual(again, [], 'charts laid out again when scrolled to');
      const misfits = await h.chartMisfits(page, '.chart-box canvas');
      assert.deepEqual(misfits, [], 'charts not the size of their boxes');
      h.assertClean(page, 'scrolled through');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: the long studies start at the first figure, before their sections are built, once',
  TIMEOUT,
  async () => {
    // The consistency study and the dimension study (section-curse) are prefetched (compute.js
    // prefetch): each runs in the workers while the main thread builds the sections above, and the
    // section gets that job's result instead of starting another.
    const page = await openTutorial('served');
    try {
      const at = await page.evaluate(() => {
        const starts = (name) =>
          performance.getEntriesByName(name, 'measure').map((m) => m.startTime);
        return {
          first: performance.getEntriesByName('first figure', 'mark')[0]?.startTime,
          dimension: starts('compute dimensionStudy'),
          curse: starts('create section-curse')[0],
          consistency: starts('compute consistency'),
          study: starts('create section-consistency')[0],
        };
      });
      const show = JSON.stringify(at);
      assert.equal(at.dimension.length, 1, `one dimension study: ${show}`);
      assert.ok(at.dimension[0] >= at.first && at.dimension[0] < at.curse, show);
      assert.equal(at.consistency.length, 9, `one job per size: ${show}`);
      assert.ok(Math.min(...at.consistency) < at.study, show);
      await h.assertChartsInked(page, { what: 'first load' });
      h.assertClean(page, 'first load');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a chart that comes into view before its worker result shows its axes, then its data',
  TIMEOUT,
  async () => {
    // views/chartjs.js firstLayout: a chart is laid out with its data, or when it comes into view
    // before its data (the boxSizing plugin's `shown`). The consistency study's jobs are held back
    // here (their messages to the workers wait until released), so its chart waits for them.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.addInitScript(() => {
        const held = [];
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (msg, ...rest) {
          if (msg?.name === 'consistency' && !window.__released) held.push([this, msg, rest]);
          else post.call(this, msg, ...rest);
        };
        window.__release = () => {
          window.__released = true;
          for (const [w, msg, rest] of held.splice(0)) post.call(w, msg, ...rest);
        };
      });
      await page.goto(MODES.served());
      const canvas = page.locator('figure[data-figure="consistency"] canvas');
      await page.waitForFunction(
        () => performance.getEntriesByName('create section-consistency', 'measure').length === 1,
      );
      assert.equal(await canvas.getAttribute('data-layouts'), null, 'not laid out off screen');
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () =>
          document.querySelector('figure[data-figure="consistency"] canvas').dataset.layouts ===
          '1',
      );
      const [axes] = await canvas.evaluateAll(h.measureInk);
      assert.ok(axes.ink > 0.005, `its axes are drawn: ${(100 * axes.ink).toFixed(2)} % ink`);
      assert.ok(axes.dataLines < 0.5, `no data yet: ${axes.dataLines.toFixed(2)}`);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'false');
      await page.evaluate(() => window.__release());
      await h.waitReady(page);
      // Laid out again with each size's rows as they come (one job per size).
      const layouts = Number(await canvas.getAttribute('data-layouts'));
      assert.ok(layouts >= 2, `laid out again with its data (${layouts})`);
      await h.assertChartsInked(page, { selector: 'figure[data-figure="consistency"] canvas' });
      h.assertClean(page, 'served');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a link to a section builds it first, before the section above it near the screen (served)',
  TIMEOUT,
  async (t) => {
    // app.js: at the first load the linked section is the one on screen. The section above it
    // lies within the 100 px margin of "near the screen"; in page order it was built first and
    // its two training runs took a worker from the consistency study.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${MODES.served()}#section-consistency`);
      await h.waitReady(page);
      const at = await page.evaluate(() => {
        const start = (name) => performance.getEntriesByName(name, 'measure')[0]?.startTime;
        const above = document.getElementById('section-consistency').previousElementSibling;
        return {
          linked: start('create section-consistency'),
          above: above && start(`create ${above.id}`),
          aboveId: above?.id,
          compute: document.documentElement.dataset.compute,
        };
      });
      assert.equal(at.compute, 'worker');
      assert.equal(typeof at.linked, 'number', 'the linked section was built');
      assert.equal(typeof at.above, 'number', `the section above (${at.aboveId}) was built`);
      assert.ok(at.linked < at.above, `built in page order: ${JSON.stringify(at)}`);
      t.diagnostic(
        `consistency built at ${at.linked.toFixed(0)} ms, ${at.aboveId} at ${at.above.toFixed(0)} ms`,
      );
      h.assertClean(page, 'served');
    } finally {
      await page.close();
    }
  },
);

test(
  'page: a learner landing on a section gets its figures, jobs included, before the rest of the page is built',
  TIMEOUT,
  async (t) => {
    // app.js: at the first load the sections on screen take the machine until their jobs are done
    // (at most 1 s; the heatmap's take a few ms); before, the 20 others were built alongside them.
    for (const mode of Object.keys(MODES)) {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      try {
        await page.goto(`${MODES[mode]()}#section-heatmap`);
        await h.waitReady(page);
        const t0 = await page.evaluate((lastId) => {
          const at = (name, type) => performance.getEntriesByName(name, type)[0]?.startTime;
          return {
            drawn: at('drawn section-heatmap', 'mark'),
            top: at('create section-data', 'measure'),
            last: at(`create ${lastId}`, 'measure'),
          };
        }, LAST_SECTION);
        for (const k of ['drawn', 'top', 'last'])
          assert.equal(typeof t0[k], 'number', `${mode}: ${k} recorded`);
        assert.ok(
          t0.top >= t0.drawn && t0.last >= t0.drawn,
          `${mode}: sections off screen were built before the heatmap was drawn: ${JSON.stringify(t0)}`,
        );
        t.diagnostic(
          `${mode}: heatmap drawn at ${t0.drawn.toFixed(0)} ms, the top section built at ${t0.top.toFixed(0)} ms`,
        );
        h.assertClean(page, mode);
      } finally {
        await page.close();
      }
    }
  },
);

test(
  'page: a formula wider than its box becomes a tab stop when its section is laid out, and stops being one when it fits (served)',
  TIMEOUT,
  async () => {
    // main.js focusableOverflow: each box is measured when the browser lays it out (sections off
    // screen are content-visibility: auto), never by laying out a section off screen.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(MODES.served());
      await h.waitReady(page);
      const frames = () =>
        page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
        );
      const state = () =>
        page.evaluate(() => {
          const box = document.querySelectorAll('.tex-display');
          const last = [...box].filter((b) => !b.closest('details')).pop();
          return {
            tabIndex: last.getAttribute('tabindex'),
            role: last.getAttribute('role'),
            label: last.getAttribute('aria-label'),
            stops: [...box].filter((b) => b.hasAttribute('tabindex')).length,
          };
        });
      const before = await state();
      assert.deepEqual(
        before,
        { tabIndex: null, role: null, label: null, stops: 0 },
        'every formula fits',
      );
      // The last formula of the page (not in an exercise's answer), in a section off screen, made
      // wider than any box.
      const laidOut = await page.evaluate(() => {
        const box = [...document.querySelectorAll('.tex-display')]
          .filter((b) => !b.closest('details'))
          .pop();
        Object.assign(box.firstElementChild.style, { display: 'inline-block', width: '4000px' });
        return box.closest('.section').getBoundingClientRect().top < innerHeight;
      });
      assert.equal(laidOut, false, 'the formula lies off screen');
      await frames();
      assert.equal((await state()).tabIndex, null, 'measured before its section was laid out');
      await page.evaluate(() =>
        [...document.querySelectorAll('.tex-display')]
          .filter((b) => !b.closest('details'))
          .pop()
          .scrollIntoView({ block: 'center' }),
      );
      await frames();
      await frames();
      const labels = await page.evaluate(() => {
        const all = window.__nwPage.strings();
        return { en: all.en.ui.formula, zh: all.zh.ui.formula };
      });
      assert.deepEqual(await state(), { tabIndex: '0', role: 'group', label: labels.en, stops: 1 });
      // Off screen again, the language changes (the sections are rebuilt and the boxes watched
      // anew): back on screen, the box is labelled in Chinese.
      await page.evaluate(() => window.scrollTo(0, 0));
      await frames();
      await page.evaluate(() => {
        location.hash = 'lang=zh';
      });
      await h.settle(page, () => document.documentElement.lang.startsWith('zh'), null);
      await frames();
      assert.equal((await state()).label, labels.en, 'measured while its section was skipped');
      await page.evaluate(() =>
        [...document.querySelectorAll('.tex-display')]
          .filter((b) => !b.closest('details'))
          .pop()
          .scrollIntoView({ block: 'center' }),
      );
      await page.waitForFunction(
        (zh) => {
          const box = [...document.querySelectorAll('.tex-display')]
            .filter((b) => !b.closest('details'))
            .pop();
          return box.getAttribute('aria-label') === zh;
        },
        labels.zh,
        { timeout: 10_000 },
      );
      assert.deepEqual(await state(), { tabIndex: '0', role: 'group', label: labels.zh, stops: 1 });
      await page.evaluate(() => {
        const box = [...document.querySelectorAll('.tex-display')]
          .filter((b) => !b.closest('details'))
          .pop();
        Object.assign(box.firstElementChild.style, { display: '', width: '' });
      });
      await frames();
      await frames();
      assert.deepEqual(await state(), before, 'it fits again');
      h.assertClean(page, 'served');
    } finally {
      await page.close();
    }
  },
);
