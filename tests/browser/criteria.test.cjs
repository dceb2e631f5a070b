'use strict';
// "Choosing h, three ways" (section 17, issue 12), as a learner uses it: the LOO curve and the
// AIC_c curve with LOO-CV's, AIC_c's and Silverman's bandwidths marked on both. The learner switches
// the estimator and the kernel; every number the page shows (the three bandwidths, AIC_c at its
// choice, the test error of each) must be the API's, computed again in the page through
// window.__nwPage.nw, and the CSV export must be looCurve and aicCurve at full precision. Also: the
// LOO curve of section 11 follows the kernel (its cache key once ignored it). In English and
// Chinese, embedded alone. Screenshots: test-results/screenshots/criteria-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness.cjs');

const TIMEOUT = { timeout: 240_000 };
const ESTIMATORS = { lc: 'local-constant', ll: 'local-linear' };

let server;
let browser;

before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);
after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

async function open(hash = '', { viewport } = {}) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${server.url}index.html${hash}`);
  await h.waitReady(page);
  return page;
}

/** The readout's numbers (data-*, full precision) and its text. */
const shown = (page) =>
  page.$eval('[data-out="criteria-readout"]', (e) => ({ text: e.textContent, ...e.dataset }));

/** What the readout must say for the page's state, from the API in the page. */
const expected = (page) =>
  page.evaluate((estimators) => {
    const p = window.__nwPage;
    const s = p.state();
    const { x, y } = p.data();
    const estimator = estimators[s.est];
    const opts = { kernel: s.kernel, estimator };
    const loo = p.nw.selectBandwidth(x, y, { ...opts, method: 'loo-cv' });
    const aic = p.nw.selectBandwidth(x, y, { ...opts, method: 'aic' });
    const sil = p.nw.selectBandwidth(x, y, { ...opts, method: 'silverman' });
    const hs = { loo: loo.bandwidth, aic: aic.bandwidth, silverman: sil.bandwidth };
    const q = p.queries();
    const truth = p.nw.trueFunction(q);
    const mse = Object.fromEntries(
      Object.entries(hs).map(([k, bandwidth]) => [
        k,
        p.nw.meanSquaredError(p.nw.predict(q, x, y, { ...opts, bandwidth }), truth),
      ]),
    );
    const T = p.strings()[s.lang];
    return {
      est: s.est,
      kernel: s.kernel,
      hs,
      mse,
      aic: aic.aic,
      text: T.criteriaReadout(s.est, hs, mse, aic.aic),
    };
  }, ESTIMATORS);

/** Asserts that the readout is the API's for the page's state; returns the expected numbers. */
async function checkReadout(page, what) {
  const want = await expected(page);
  const got = await shown(page);
  assert.equal(got.est, want.est, `${what}: estimator`);
  assert.equal(got.kernel, want.kernel, `${what}: kernel`);
  assert.equal(Number(got.looH), want.hs.loo, `${what}: LOO-CV h`);
  assert.equal(Number(got.aicH), want.hs.aic, `${what}: AIC_c h`);
  assert.equal(Number(got.silvermanH), want.hs.silverman, `${what}: Silverman h`);
  assert.equal(Number(got.aic), want.aic, `${what}: AIC_c at its choice`);
  assert.equal(Number(got.looMse), want.mse.loo, `${what}: test MSE at the LOO-CV h`);
  assert.equal(Number(got.aicMse), want.mse.aic, `${what}: test MSE at the AIC_c h`);
  assert.equal(Number(got.silvermanMse), want.mse.silverman, `${what}: test MSE at Silverman's h`);
  assert.equal(got.text, want.text, `${what}: the readout's text`);
  return want;
}

/** Opens a figure's menu, clicks `label` and returns the downloaded CSV's name, header and rows. */
async function download(page, figureId, label) {
  const fig = page.locator(`figure[data-figure="${figureId}"]`);
  await fig.scrollIntoViewIfNeeded();
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

test(
  'criteria: the three bandwidths and their test errors are the API numbers',
  TIMEOUT,
  async (t) => {
    const page = await open();
    try {
      const lc = await checkReadout(page, 'default');
      t.diagnostic(
        `local constant: LOO-CV ${lc.hs.loo}, AIC_c ${lc.hs.aic}, Silverman ${lc.hs.silverman}`,
      );
      // Both criteria are global minima of their curves: AIC_c's choice is no worse than LOO-CV's
      // choice measured by AIC_c (and the readout says which is which).
      assert.match(lc.text, /^Local constant: LOO-CV chooses h = /);

      // The learner switches to local linear: both choices change, Silverman's does not.
      await page.locator('#section-criteria').scrollIntoViewIfNeeded();
      await page.selectOption('#control-est', 'll');
      await h.settle(
        page,
        () => document.querySelector('[data-out="criteria-readout"]').dataset.est === 'll',
      );
      const ll = await checkReadout(page, 'local linear');
      assert.notEqual(ll.hs.loo, lc.hs.loo, 'the local-linear LOO-CV h differs');
      assert.equal(
        ll.hs.silverman,
        lc.hs.silverman,
        "Silverman's rule does not look at the estimator",
      );
      assert.match(ll.text, /^Local linear: /);

      // And another kernel (a compact one).
      await page.selectOption('#control-kernel', 'epanechnikov');
      await h.settle(
        page,
        () =>
          document.querySelector('[data-out="criteria-readout"]').dataset.kernel === 'epanechnikov',
      );
      await checkReadout(page, 'local linear, Epanechnikov');
      await h.assertChartsInked(page, { what: 'criteria' });
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'criteria: the CSV is looCurve and aicCurve; section 11 follows the kernel',
  TIMEOUT,
  async () => {
    const page = await open('#kernel=tricube&est=ll');
    try {
      await checkReadout(page, 'tricube, local linear');
      const csv = await download(page, 'criteria-loo', /^Predictions \(CSV\)$/);
      assert.equal(csv.name, 'bandwidth-criteria-ll-tricube.csv');
      assert.deepEqual(csv.header, ['bandwidth', 'loo_loss', 'aic_c']);
      const bandwidths = csv.rows.map((r) => r[0]);
      const api = await page.evaluate((hs) => {
        const p = window.__nwPage;
        const { x, y } = p.data();
        const o = { kernel: 'tricube', bandwidths: hs, estimator: 'local-linear' };
        return { loo: Array.from(p.nw.looCurve(x, y, o)), aic: Array.from(p.nw.aicCurve(x, y, o)) };
      }, bandwidths);
      assert.deepEqual(
        csv.rows.map((r) => r[1]),
        api.loo,
        'LOO losses',
      );
      // Infinite AIC_c (interpolation) is written as Infinity and read back as Infinity.
      assert.deepEqual(
        csv.rows.map((r) => r[2]),
        api.aic,
        'AIC_c values',
      );

      // Section 11's LOO curve is of the controls' (trainable) kernel: switch it and the curve must
      // be the new kernel's, not the cached curve of the old one.
      for (const kernel of ['cosine', 'gaussian']) {
        await page.selectOption('#control-kernel', kernel);
        await h.settle(page, (k) => window.__nwPage.state().kernel === k, kernel);
        const loo = await download(page, 'loo-curve', /^Predictions \(CSV\)$/);
        assert.equal(loo.name, `loo-curve-${kernel}.csv`);
        const want = await page.evaluate(
          ([k, hs]) => {
            const p = window.__nwPage;
            const { x, y } = p.data();
            return Array.from(p.nw.looCurve(x, y, { kernel: k, bandwidths: hs }));
          },
          [kernel, loo.rows.map((r) => r[0])],
        );
        assert.deepEqual(
          loo.rows.map((r) => r[1]),
          want,
          `section 11's LOO curve for ${kernel}`,
        );
      }
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('criteria: embedded alone in Chinese; screenshots at 1280 and 375 px', TIMEOUT, async (t) => {
  const page = await open('#embed=bandwidth-criteria&lang=zh&est=ll');
  try {
    const visible = await page.evaluate(() =>
      [...document.querySelectorAll('canvas[data-chart]')]
        .filter((c) => c.checkVisibility() && c.getBoundingClientRect().width > 0)
        .map((c) => c.dataset.chart),
    );
    assert.deepEqual(visible.sort(), ['criteria-aic', 'criteria-loo']);
    assert.ok(await page.locator('#control-est').isVisible(), 'the estimator control');
    const want = await checkReadout(page, 'embed, zh');
    assert.match(want.text, /^局部线性：留一交叉验证选出 h = /);
    await h.assertChartsInked(page, { visibleOnly: true, what: 'embed bandwidth-criteria' });
    t.diagnostic(`screenshot: ${await h.saveScreenshot(page, 'criteria-embed-zh')}`);
    h.assertClean(page);
  } finally {
    await page.close();
  }
  for (const [lang, width] of [
    ['en', 1280],
    ['zh', 375],
  ]) {
    const p = await open(`#lang=${lang}`, { viewport: { width, height: 900 } });
    try {
      await p.locator('#section-criteria').scrollIntoViewIfNeeded();
      await h.waitReady(p);
      await h.canvasesSettled(p);
      const overflow = await p.$$eval(
        '#section-criteria canvas',
        (cs) => cs.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).length,
      );
      assert.equal(overflow, 0, `${lang} ${width}px: charts inside the page`);
      await checkReadout(p, `${lang} ${width}px`);
      const file = await h.saveScreenshot(p, `criteria-${lang}-${width}`, {
        selector: '#section-criteria',
      });
      t.diagnostic(`screenshot: ${file}`);
      h.assertClean(p);
    } finally {
      await p.close();
    }
  }
});
