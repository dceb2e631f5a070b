'use strict';
// Part III of the page (issue 12), as a learner uses it: "How sure is the estimate?" (section 14,
// nw.confidenceBand), "Attention for classification" (section 15, nw.classify) and "Boundary bias
// and local linear" (section 16: both estimators, the equivalent kernel of x = 0, the `est`
// setting, which the band follows too). The learner
// moves the bandwidth slider, picks a confidence level and a number of classes; every number the
// page shows must be the API's (computed again in the page through window.__nwPage.nw), a narrower
// h must widen the band, and the identity classify = predict on one-hot values must hold where the
// page writes it out. In English and Chinese, each figure embedded alone, and the CSV exports.
// Screenshots: test-results/screenshots/beyond-*.png (English at 1280 px, Chinese at 375 px,
// light and dark).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness.cjs');

const TIMEOUT = { timeout: 240_000 };
/** The query whose band and identity the readouts write out (PROBE of band.js and classify.js). */
const PROBE = 2.5;
/** The classification task the page defines: class = number of thresholds at or below y. */
const THRESHOLDS = { 2: [2.5], 3: [1.25, 2.5], 4: [1, 2, 3] };

let server;
let browser;

before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);
after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

const served = (hash = '') => `${server.url}index.html${hash}`;

async function open(hash, { viewport, colorScheme = 'light' } = {}) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme });
  await page.goto(served(hash));
  await h.waitReady(page);
  return page;
}

/** |a - b| <= tol max(1, |b|), naming what differs. */
function assertNear(actual, expected, what, tol = 1e-12) {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: page ${actual} vs API ${expected}`,
  );
}

/** The band readout's numbers (full precision, data-*) and text. */
const bandShown = (page) =>
  page.$eval('[data-out="band-readout"]', (e) => ({
    text: e.textContent,
    ...Object.fromEntries(Object.entries(e.dataset).map(([k, v]) => [k, Number(v)])),
  }));

/** The band at PROBE and the truth there, from the API in the page, for the page's state. */
const bandExpected = (page) =>
  page.evaluate((probe) => {
    const p = window.__nwPage;
    const s = p.state();
    const { x, y } = p.data();
    const T = p.strings()[s.lang];
    const truth = p.nw.trueFunction([probe])[0];
    const b = p.nw.confidenceBand([probe], x, y, {
      kernel: s.kernel,
      bandwidth: s.h,
      level: Number(s.level),
      estimator: { lc: 'local-constant', ll: 'local-linear' }[s.est],
    });
    return {
      h: s.h,
      level: Number(s.level),
      sigma: b.sigma,
      z: b.z,
      fit: b.fit[0],
      se: b.se[0],
      lower: b.lower[0],
      upper: b.upper[0],
      truth,
      fmt: T.bandReadout(
        s.level,
        b.sigma,
        b.z,
        probe,
        b.fit[0],
        b.se[0],
        b.lower[0],
        b.upper[0],
        truth,
      ),
    };
  }, PROBE);

/** Asserts that the band readout shows the API's numbers for the current state; returns them. */
async function checkBand(page, what) {
  const shown = await bandShown(page);
  const api = await bandExpected(page);
  for (const k of ['sigma', 'z', 'fit', 'se', 'lower', 'upper', 'truth'])
    assertNear(shown[k], api[k], `${what}: ${k}`);
  assert.equal(shown.level, api.level, `${what}: level`);
  assert.equal(shown.x, PROBE, `${what}: the probe`);
  assert.equal(shown.text, api.fmt, `${what}: the readout text`);
  return api;
}

/** Moves the bandwidth slider (a log10 scale) to about h, as a drag would; waits for the redraw. */
async function slideH(page, value) {
  await page.locator('#control-bandwidth').scrollIntoViewIfNeeded();
  await page.evaluate((v) => {
    const e = document.getElementById('control-bandwidth');
    e.value = String(Math.log10(v));
    e.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
  // The slider steps by 0.01 in log10 h: the state holds the nearest step.
  await h.settle(
    page,
    (v) => Math.abs(Math.log10(window.__nwPage.state().h) - Math.log10(v)) <= 0.006,
    value,
  );
}

/** The identity readout's numbers and text. */
const identityShown = (page) =>
  page.$eval('[data-out="identity"]', (e) => ({
    text: e.textContent,
    x: Number(e.dataset.x),
    classes: Number(e.dataset.classes),
    classify: JSON.parse(e.dataset.classify),
    predict: JSON.parse(e.dataset.predict),
    diff: Number(e.dataset.diff),
    predicted: Number(e.dataset.predicted),
  }));

/**
 * From the API in the page, for the page's state and the task of THRESHOLDS: classify at PROBE,
 * predict on each one-hot column at PROBE, and the predicted classes over the fine query grid
 * with the strip's expected summary (runs of equal class).
 */
const classifyExpected = (page) =>
  page.evaluate(
    ({ probe, thresholds }) => {
      const p = window.__nwPage;
      const s = p.state();
      const C = s.classes;
      const ts = thresholds[C];
      const { x, y } = p.data();
      const labels = y.map((v) => ts.filter((t) => v >= t).length);
      const opts = { kernel: s.kernel, bandwidth: s.h };
      const at = p.nw.classify([probe], x, labels, { ...opts, classes: C });
      const viaPredict = Array.from(
        { length: C },
        (_, c) =>
          p.nw.predict(
            [probe],
            x,
            labels.map((l) => (l === c ? 1 : 0)),
            opts,
          )[0],
      );
      const grid = p.nw.testInputs({ step: 0.02 });
      const predicted = Array.from(
        p.nw.classify(grid, x, labels, { ...opts, classes: C }).predicted,
      );
      const runs = [];
      predicted.forEach((c, i) => {
        const last = runs[runs.length - 1];
        if (last && last.c === c) last.x1 = grid[i];
        else runs.push({ c, x0: grid[i], x1: grid[i] });
      });
      const T = p.strings()[s.lang];
      return {
        C,
        labels,
        classify: Array.from(at.probabilities),
        predict: viaPredict,
        predicted: at.predicted[0],
        gridPredicted: predicted,
        regions: T.summaryRegions(runs.slice(0, 12), runs.length - 12),
        nRuns: runs.length,
      };
    },
    { probe: PROBE, thresholds: THRESHOLDS },
  );

/** Asserts the identity readout and the decision regions against the API; returns the expectation. */
async function checkClassification(page, what) {
  const shown = await identityShown(page);
  const api = await classifyExpected(page);
  assert.equal(shown.x, PROBE, `${what}: the probe`);
  assert.equal(shown.classes, api.C, `${what}: classes`);
  assert.equal(shown.classify.length, api.C, `${what}: one probability per class`);
  shown.classify.forEach((v, c) => assertNear(v, api.classify[c], `${what}: classify p${c}`, 0));
  shown.predict.forEach((v, c) => assertNear(v, api.predict[c], `${what}: predict p${c}`, 0));
  const diff = Math.max(...api.classify.map((v, c) => Math.abs(v - api.predict[c])));
  assert.equal(shown.diff, diff, `${what}: the difference shown`);
  assert.ok(shown.diff <= 1e-12, `${what}: classify = predict on one-hot values (${shown.diff})`);
  assert.ok(
    Math.abs(api.classify.reduce((a, b) => a + b, 0) - 1) < 1e-12,
    `${what}: probabilities sum to 1`,
  );
  assert.equal(shown.predicted, api.predicted, `${what}: predicted class`);
  assert.match(shown.text, new RegExp(`${api.predicted}[.。]$`), `${what}: the class is written`);
  // The decision strip's text version lists the API's predicted classes along x.
  const regions = await page.textContent('#summary-classify-regions');
  assert.ok(
    regions.startsWith(api.regions),
    `${what}: decision regions\n  shown:    ${regions}\n  expected: ${api.regions}`,
  );
  return api;
}

const charts = [
  'confidence-band',
  'classify-data',
  'classify-probabilities',
  'classify-regions',
  'boundary-fits',
  'boundary-weights',
];
const inked = (page, what) =>
  h.assertChartsInked(page, {
    selector: charts.map((c) => `canvas[data-chart="${c}"]`).join(', '),
    what,
  });

test('beyond: the band follows h and the level, every number from the API', TIMEOUT, async (t) => {
  const page = await open('#h=1');
  try {
    await page.locator('#section-band').scrollIntoViewIfNeeded();
    assert.equal(await page.textContent('#section-band h2 .num'), '14');
    const wide = await checkBand(page, 'h = 1');
    assert.equal(wide.level, 0.95);
    assertNear(wide.z, 1.959963984540054, 'z of 95%', 1e-12);
    const before = await h.canvasFingerprint(page, 'canvas[data-chart="confidence-band"]');

    // A narrower h averages fewer labels: a wider band at the probe; sigma (Rice) stays.
    await slideH(page, 0.1);
    const narrow = await checkBand(page, 'h = 0.1');
    t.diagnostic(`se at x = 2.5: h = 1 ${wide.se}, h = 0.1 ${narrow.se}`);
    assert.ok(narrow.se > 2 * wide.se, `se ${narrow.se} (h = 0.1) vs ${wide.se} (h = 1)`);
    assert.ok(narrow.upper - narrow.lower > wide.upper - wide.lower, 'the band widens');
    assert.equal(narrow.sigma, wide.sigma, "Rice's sigma does not depend on h");
    assert.notEqual(
      await h.canvasFingerprint(page, 'canvas[data-chart="confidence-band"]'),
      before,
      'the chart redrew',
    );

    // A wide h: a narrow band that misses the truth at the probe (the smoothing bias), and says so.
    await slideH(page, 3);
    const flat = await checkBand(page, 'h = 3');
    assert.ok(flat.se < wide.se, 'a wider h, a narrower band');
    assert.ok(flat.truth > flat.upper, 'the truth is above the narrow band at x = 2.5');
    assert.match((await bandShown(page)).text, /outside/);

    // The level: 99% has z = 2.576 and a wider band; the URL keeps it.
    await page.selectOption('#control-level', '0.99');
    await h.settle(page, () => window.__nwPage.state().level === '0.99');
    const high = await checkBand(page, '99%');
    assertNear(high.z, 2.5758293035489, 'z of 99%', 1e-12);
    assert.ok(high.upper - high.lower > flat.upper - flat.lower, '99% is wider than 95%');
    const legend = await page.textContent('#summary-confidence-band');
    assert.match(legend, /99% band/, 'the chart names its level');
    await page.waitForFunction(() => location.hash.includes('level=0.99'));
    await inked(page, 'the band');
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

test(
  'beyond: classification shows the identity and the API regions as h and classes change',
  TIMEOUT,
  async (t) => {
    const page = await open('#h=0.5');
    try {
      await page.locator('#section-classify').scrollIntoViewIfNeeded();
      assert.equal(await page.textContent('#section-classify h2 .num'), '15');
      const three = await checkClassification(page, '3 classes, h = 0.5');
      assert.equal(three.C, 3);
      assert.ok(new Set(three.labels).size === 3, 'the data hold all three classes');
      assert.match(await page.textContent('[data-out="identity"]'), /Largest difference/);
      // The data chart's legend names each class with its range of y.
      const dataSummary = await page.textContent('#summary-classify-data');
      for (const text of ['class 0 (y < 1.25)', 'class 1 (1.25 ≤ y < 2.5)', 'class 2 (y ≥ 2.5)'])
        assert.ok(dataSummary.includes(text), `legend/summary names ${text}`);

      // Two classes: the task, the curves and the regions are rebuilt.
      await page.selectOption('#control-classes', '2');
      await h.settle(
        page,
        () => document.querySelector('[data-out="identity"]').dataset.classes === '2',
      );
      const two = await checkClassification(page, '2 classes');
      assert.equal(
        await page.locator('#section-classify canvas[data-chart]').count(),
        3,
        'three charts after the rebuild',
      );

      // A narrow h: more, smaller regions (each noisy point claims its neighbourhood).
      await slideH(page, 0.05);
      const jagged = await checkClassification(page, '2 classes, h = 0.05');
      t.diagnostic(`regions: h = 0.5 ${two.nRuns}, h = 0.05 ${jagged.nRuns}`);
      assert.ok(jagged.nRuns > two.nRuns, `regions ${jagged.nRuns} (h = 0.05) vs ${two.nRuns}`);

      // Four classes and another kernel.
      await page.selectOption('#control-classes', '4');
      await page.selectOption('#control-kernel', 'epanechnikov');
      await h.settle(
        page,
        () =>
          window.__nwPage.state().kernel === 'epanechnikov' &&
          document.querySelector('[data-out="identity"]').dataset.classes === '4',
      );
      await checkClassification(page, '4 classes, Epanechnikov');
      await page.waitForFunction(() => location.hash.includes('classes=4'));
      await inked(page, 'classification');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('beyond (Chinese): the same numbers, in Chinese text', TIMEOUT, async () => {
  const page = await open('#lang=zh&h=0.3&classes=2&kernel=tricube');
  try {
    assert.equal(await page.textContent('#section-band h2 span[data-i18n]'), '估计有多可靠？');
    assert.equal(await page.textContent('#section-classify h2 span[data-i18n]'), '用注意力做分类');
    const part = await page.$$eval('h2.part', (hs) => hs.map((e) => e.textContent));
    assert.ok(part.includes('第三部分 · 超出本节的内容'), `part headings: ${part}`);
    const band = await checkBand(page, 'zh');
    assert.match((await bandShown(page)).text, /^σ̂（Rice）/);
    assert.ok(band.lower <= band.upper);
    await checkClassification(page, 'zh');
    assert.match(await page.textContent('[data-out="identity"]'), /最大差异/);
    // The learner moves h: the Chinese readouts follow with the API's numbers.
    await slideH(page, 0.8);
    await checkBand(page, 'zh, h = 0.8');
    await checkClassification(page, 'zh, h = 0.8');
    assert.equal(await page.textContent('label[data-control="classes"] span'), '类别数');
    await inked(page, 'zh');
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

/** The boundary readout's numbers (full precision, data-*) and text; h values once LOO-CV is in. */
const boundaryShown = (page) =>
  page.$eval('[data-out="boundary-readout"]', (e) => ({
    text: e.textContent,
    est: e.dataset.est,
    ...Object.fromEntries(
      Object.entries(e.dataset)
        .filter(([k]) => k !== 'est')
        .map(([k, v]) => [k, v === '' ? null : Number(v)]),
    ),
  }));

/** Section 16's numbers from the API in the page, for the page's state. */
const boundaryExpected = (page) =>
  page.evaluate(() => {
    const p = window.__nwPage;
    const s = p.state();
    const { x, y } = p.data();
    const T = p.strings()[s.lang];
    const queries = p.nw.testInputs();
    const truthTest = p.nw.trueFunction(queries);
    const truth = p.nw.trueFunction([0])[0];
    const out = { est: s.est, truth };
    for (const [e, name] of [
      ['lc', 'local-constant'],
      ['ll', 'local-linear'],
    ]) {
      const o = { kernel: s.kernel, bandwidth: s.h, estimator: name };
      out[`${e}At`] = p.nw.predict([0], x, y, o)[0];
      out[`${e}Mse`] = p.nw.meanSquaredError(p.nw.predict(queries, x, y, o), truthTest);
      out[`${e}H`] = p.nw.selectBandwidth(x, y, { kernel: s.kernel, estimator: name }).bandwidth;
      out[`${e}W`] = Array.from(p.nw.attentionWeights([0], x, o).data);
    }
    let j = 0;
    for (let k = 1; k < x.length; k++) if (out.llW[k] < out.llW[j]) j = k;
    out.minWeight = out.llW[j];
    out.minKey = x[j];
    out.negative = out.llW.filter((w) => w < 0).length;
    out.fmt = T.boundaryReadout(
      s.est,
      0,
      truth,
      out.lcAt,
      out.llAt,
      out.lcMse,
      out.llMse,
      out.lcH,
      out.llH,
      out.minWeight,
      out.minKey,
    );
    return out;
  });

/** Waits for the LOO-CV bandwidths, then asserts that the boundary readout is the API's. */
async function checkBoundary(page, what) {
  await h.settle(page, () => {
    const d = document.querySelector('[data-out="boundary-readout"]')?.dataset;
    return Boolean(d?.llH) && document.documentElement.dataset.ready === 'true';
  });
  const shown = await boundaryShown(page);
  const api = await boundaryExpected(page);
  for (const k of [
    'truth',
    'lcAt',
    'llAt',
    'lcMse',
    'llMse',
    'lcH',
    'llH',
    'minWeight',
    'minKey',
    'negative',
  ])
    assertNear(shown[k], api[k], `${what}: ${k}`);
  assert.equal(shown.x, 0, `${what}: the boundary query`);
  assert.equal(shown.est, api.est, `${what}: the estimator setting`);
  assert.equal(shown.text, api.fmt, `${what}: the readout text`);
  return api;
}

test(
  'beyond: boundary bias, local constant against local linear, every number from the API',
  TIMEOUT,
  async (t) => {
    const page = await open('#h=1');
    try {
      await page.locator('#section-boundary').scrollIntoViewIfNeeded();
      assert.equal(await page.textContent('#section-boundary h2 .num'), '16');
      assert.equal(await page.inputValue('#control-est'), 'lc');
      const at1 = await checkBoundary(page, 'h = 1');
      t.diagnostic(
        `f(0): truth ${at1.truth}, LC ${at1.lcAt}, LL ${at1.llAt}; MSE LC ${at1.lcMse}, LL ${at1.llMse}; LOO-CV h LC ${at1.lcH}, LL ${at1.llH}`,
      );
      // The boundary bias: at x = 0 local linear is nearer the truth f(0) = 0.
      assert.equal(at1.truth, 0);
      assert.ok(Math.abs(at1.llAt) < Math.abs(at1.lcAt), 'local linear is nearer f(0) at h = 1');
      // Local linear's equivalent kernel at x = 0: sums to 1, some weights negative; the local
      // constant's are not.
      const sum = at1.llW.reduce((a, b) => a + b, 0);
      assertNear(sum, 1, 'local-linear weights sum to 1', 1e-12);
      assert.ok(at1.minWeight < 0, `the smallest local-linear weight ${at1.minWeight} < 0`);
      assert.ok(Math.min(...at1.lcW) >= 0, 'local-constant weights are not negative');
      const summary = await page.textContent('#summary-boundary-weights');
      assert.match(summary, /are negative/);
      assert.ok(!/ 0 of /.test(summary), `negative weights named: ${summary}`);
      // The weights chart draws the local-linear series below its zero line (its text version
      // gives the drawn y range): the negative weights are visible.
      const drawn = summary.match(
        /local linear: equivalent kernel l_j\(0\): \d+ points, x from [^,]+, y from (\S+) to/,
      );
      assert.ok(drawn, `the weights chart's summary: ${summary}`);
      const lowest = Number(drawn[1].replace('\u2212', '-'));
      assert.ok(lowest < 0, `the lowest drawn local-linear weight ${drawn[1]} < 0`);

      // The learner moves h: the numbers follow.
      const before = await h.canvasFingerprint(page, 'canvas[data-chart="boundary-fits"]');
      await slideH(page, 0.4);
      const at04 = await checkBoundary(page, 'h = 0.4');
      assert.notEqual(at04.lcAt, at1.lcAt, 'f(0) moved with h');
      assert.notEqual(
        await h.canvasFingerprint(page, 'canvas[data-chart="boundary-fits"]'),
        before,
        'the fits redrew',
      );

      // The estimator control: the section marks it, the band of section 14 follows it.
      const bandLc = await checkBand(page, 'band, local constant');
      await page.selectOption('#control-est', 'll');
      await h.settle(page, () => window.__nwPage.state().est === 'll');
      const ll = await checkBoundary(page, 'est = ll');
      assert.match((await boundaryShown(page)).text, /estimator: local linear\.$/);
      assertNear(ll.llAt, at04.llAt, 'the estimator setting changes no number of section 16');
      const bandLl = await checkBand(page, 'band, local linear');
      assert.notEqual(bandLl.fit, bandLc.fit, 'the band is the local-linear fit now');
      assert.match(
        await page.textContent('figure[data-figure="confidence-band"] figcaption'),
        /local linear/,
      );
      await page.waitForFunction(() => location.hash.includes('est=ll'));
      await inked(page, 'boundary');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('beyond: est=ll in the URL, another kernel, in Chinese', TIMEOUT, async () => {
  const page = await open('#lang=zh&est=ll&kernel=epanechnikov&h=0.8');
  try {
    assert.equal(await page.inputValue('#control-est'), 'll');
    assert.equal(
      await page.textContent('#section-boundary h2 span[data-i18n]'),
      '边界偏差与局部线性回归',
    );
    assert.equal(await page.textContent('label[data-control="est"] span'), '估计量');
    const zh = await checkBoundary(page, 'zh, est=ll');
    assert.ok(zh.minWeight < 0, `a negative local-linear weight: ${zh.minWeight}`);
    assert.match((await boundaryShown(page)).text, /^在 x = 0 处/);
    assert.match((await boundaryShown(page)).text, /设置栏中的估计量：局部线性。$/);
    await checkBand(page, 'zh band, local linear');
    await slideH(page, 2);
    await checkBoundary(page, 'zh, h = 2');
    // Back to local constant through the control.
    await page.selectOption('#control-est', 'lc');
    await h.settle(page, () => window.__nwPage.state().est === 'lc');
    await checkBoundary(page, 'zh, est = lc');
    await page.waitForFunction(() => !location.hash.includes('est='));
    await inked(page, 'zh boundary');
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

test(
  'beyond: each new figure embedded alone, with its own controls and numbers',
  TIMEOUT,
  async () => {
    for (const [id, expected, control] of [
      ['confidence-band', ['confidence-band'], '#control-level'],
      ['boundary-bias', ['boundary-fits', 'boundary-weights'], '#control-est'],
      [
        'classification',
        ['classify-data', 'classify-probabilities', 'classify-regions'],
        '#control-classes',
      ],
    ]) {
      const page = await open(`#embed=${id}&h=0.4&lang=zh`);
      try {
        const visible = await page.evaluate(() => {
          const shown = (e) => e.checkVisibility() && e.getBoundingClientRect().width > 0;
          return {
            charts: [...document.querySelectorAll('canvas[data-chart]')]
              .filter(shown)
              .map((c) => c.dataset.chart),
            paragraphs: [...document.querySelectorAll('main p[data-i18n-html], main h2')].filter(
              shown,
            ).length,
            readouts: [...document.querySelectorAll('main .readout')].filter(shown).length,
            h: document.querySelector('#control-bandwidth-number')?.checkVisibility() ?? false,
          };
        });
        assert.deepEqual(visible.charts.sort(), [...expected].sort(), `${id}: visible charts`);
        assert.equal(visible.paragraphs, 0, `${id}: no article text`);
        assert.equal(visible.readouts, 1, `${id}: its readout`);
        assert.ok(visible.h, `${id}: the h control`);
        assert.ok(await page.locator(control).isVisible(), `${id}: ${control}`);
        if (id === 'confidence-band') await checkBand(page, `embed ${id}`);
        else if (id === 'boundary-bias') await checkBoundary(page, `embed ${id}`);
        else await checkClassification(page, `embed ${id}`);
        await h.assertChartsInked(page, { visibleOnly: true, what: `embed ${id}` });
        await h.saveScreenshot(page, `beyond-embed-${id}`);
        h.assertClean(page, `embed ${id}`);
      } finally {
        await page.close();
      }
    }
  },
);

/** Opens a figure's menu, clicks `label` and returns the downloaded file's name and text. */
async function download(page, figureId, label) {
  const fig = page.locator(`figure[data-figure="${figureId}"]`);
  await fig.locator('summary').click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    fig.getByRole('button', { name: label }).click(),
  ]);
  const text = fs.readFileSync(await dl.path(), 'utf8');
  await fig.locator('summary').click();
  const [header, ...rows] = text.trim().split('\n');
  return {
    name: dl.suggestedFilename(),
    header: header.split(','),
    rows: rows.map((r) => r.split(',').map(Number)),
  };
}

test('beyond: the CSV exports are the API numbers at full precision', TIMEOUT, async () => {
  const page = await open('#h=0.6&level=0.9&classes=3');
  try {
    const api = await page.evaluate((thresholds) => {
      const p = window.__nwPage;
      const { x, y } = p.data();
      const grid = p.nw.testInputs({ step: 0.02 });
      const b = p.nw.confidenceBand(grid, x, y, { bandwidth: 0.6, level: 0.9 });
      const labels = y.map((v) => thresholds.filter((t) => v >= t).length);
      const c = p.nw.classify(grid, x, labels, { bandwidth: 0.6, classes: 3 });
      return {
        grid: Array.from(grid),
        band: [b.fit, b.se, b.lower, b.upper].map((a) => Array.from(a)),
        probs: Array.from(c.probabilities),
        predicted: Array.from(c.predicted),
        x,
        y,
        labels,
      };
    }, THRESHOLDS[3]);
    const band = await download(page, 'confidence-band', /^Predictions \(CSV\)$/);
    assert.equal(band.name, 'confidence-band-lc-gaussian-h0.6-level0.9.csv');
    assert.deepEqual(band.header, ['query', 'fit', 'se', 'lower', 'upper']);
    assert.deepEqual(
      band.rows.map((r) => r[0]),
      api.grid,
    );
    for (let k = 0; k < 4; k++)
      assert.deepEqual(
        band.rows.map((r) => r[k + 1]),
        api.band[k],
        band.header[k + 1],
      );

    const cls = await download(page, 'classify-probabilities', /^Predictions \(CSV\)$/);
    assert.deepEqual(cls.header, ['query', 'p0', 'p1', 'p2', 'predicted']);
    assert.deepEqual(
      cls.rows.flatMap((r) => r.slice(1, 4)),
      api.probs,
    );
    assert.deepEqual(
      cls.rows.map((r) => r[4]),
      api.predicted,
    );

    const data = await download(page, 'classify-data', /^Data \(CSV\)$/);
    assert.deepEqual(data.header, ['x', 'y', 'class']);
    assert.deepEqual(
      data.rows.map((r) => r[0]),
      api.x,
    );
    assert.deepEqual(
      data.rows.map((r) => r[1]),
      api.y,
    );
    assert.deepEqual(
      data.rows.map((r) => r[2]),
      api.labels,
    );
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

test(
  'beyond: screenshots, English at 1280 px and Chinese at 375 px, light and dark',
  TIMEOUT,
  async (t) => {
    for (const [lang, width] of [
      ['en', 1280],
      ['zh', 375],
    ]) {
      for (const colorScheme of ['light', 'dark']) {
        const page = await open(`#lang=${lang}`, { viewport: { width, height: 900 }, colorScheme });
        try {
          await page.evaluate(() => document.documentElement.classList.add('render-all'));
          for (const id of ['section-band', 'section-classify', 'section-boundary']) {
            await page.locator(`#${id}`).scrollIntoViewIfNeeded();
            await h.waitReady(page);
            // No chart wider than the page (375 px: nothing clipped sideways).
            const overflow = await page.$$eval(
              `#${id} canvas`,
              (cs) =>
                cs.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).length,
            );
            assert.equal(
              overflow,
              0,
              `${lang} ${width}px ${colorScheme} ${id}: charts inside the page`,
            );
            const file = await h.saveScreenshot(
              page,
              `beyond-${id}-${lang}-${width}-${colorScheme}`,
              {
                selector: `#${id}`,
              },
            );
            t.diagnostic(`screenshot: ${file}`);
          }
          await inked(page, `${lang} ${width}px ${colorScheme}`);
          h.assertClean(page);
        } finally {
          await page.close();
        }
      }
    }
  },
);
