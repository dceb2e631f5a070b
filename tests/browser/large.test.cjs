'use strict';
// Large data in the page (issue 6): at n = 100,000 (set through the URL hash) the page becomes
// ready, every heatmap draws at most 200 x 200 cells (the binned matrix of attentionHeatmap), the
// scatter plots draw an evenly spread subset and say so, and nothing is logged as an error.
// Served, the long jobs run in the compute worker (data-compute="worker"); from file:// on the
// main thread in slices (data-compute="main").

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const N = 100000;
const TIMEOUT = 150_000;
let server;
let browser;

before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

/** Opens the page at n = 100,000 and checks everything large-n promises. */
async function checkLarge(url, compute, allowedOrigins) {
  const page = await h.openPage(browser, { allowedOrigins });
  const violations = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  try {
    await page.goto(`${url}#n=${N}`);
    await h.waitReady(page, { timeout: TIMEOUT });
    const info = await page.evaluate(() => ({
      compute: document.documentElement.dataset.compute,
      count: document.documentElement.dataset.pointCount,
      n: window.__nwPage.state().n,
      heatmaps: [...document.querySelectorAll('canvas[data-cells]')].map((c) => [
        c.dataset.chart,
        c.dataset.cells,
      ]),
      scatters: [...document.querySelectorAll('canvas[data-points-total]')].map((c) => ({
        chart: c.dataset.chart,
        shown: Number(c.dataset.pointsShown),
        total: Number(c.dataset.pointsTotal),
        note: c.closest('figure').querySelector('.fig-note:not([hidden])')?.textContent ?? '',
      })),
      heatNote:
        document.querySelector('figure[data-figure="heatmap"] .fig-note:not([hidden])')
          ?.textContent ?? '',
      weights: document.getElementById('inspector').weightsRow.length,
      weightsCount: Number(document.getElementById('inspector').dataset.weightsCount),
      weightsJson: 'weights' in document.getElementById('inspector').dataset,
      editable: document.querySelector('canvas[data-chart="data"]').classList.contains('editable'),
      editStatus: document.querySelector('.edit-status')?.textContent ?? '',
    }));
    assert.equal(info.compute, compute);
    assert.equal(info.n, N);
    assert.equal(info.count, String(N));
    assert.ok(info.heatmaps.length >= 10, `heatmaps found: ${info.heatmaps.length}`);
    for (const [chart, cells] of info.heatmaps) {
      const [r, c] = cells.split('x').map(Number);
      assert.ok(r >= 1 && r <= 200 && c >= 1 && c <= 200, `${chart}: ${cells} cells`);
    }
    assert.match(info.heatNote, /100,000/);
    assert.ok(info.scatters.length >= 10, `scatter plots found: ${info.scatters.length}`);
    // The planes of two inputs (section 19) draw their own 2-D data, at most 400 points.
    const planes = info.scatters.filter((s) => s.chart.startsWith('relevance-'));
    assert.equal(planes.length, 2, 'the two planes of section 19');
    for (const s of planes) assert.equal(s.total, 400, s.chart);
    for (const s of info.scatters.filter((x) => !x.chart.startsWith('relevance-'))) {
      assert.equal(s.total, N, s.chart);
      assert.ok(s.shown <= 2500 && s.shown >= 2000, `${s.chart}: ${s.shown} points drawn`);
      assert.match(s.note, /of 100,000 points/, s.chart);
    }
    const data = info.scatters.find((s) => s.chart === 'data');
    assert.equal(data.shown, 2000);
    assert.match(data.note, /showing 2,000 of 100,000 points/);
    // The inspector stays exact: one full row of weights.
    assert.equal(info.weights, N);
    assert.equal(info.weightsCount, N);
    assert.equal(info.weightsJson, false, 'no 2.4 MB data-weights at n = 100,000');
    assert.equal(info.editable, false);
    assert.match(info.editStatus, /2,000/);
    const ink = await h.inkFraction(page, 'canvas[data-chart="heatmap"]');
    assert.ok(ink.ink > 0.05, `heatmap ink ${ink.ink}`);
    await page.evaluate(() => document.documentElement.classList.add('render-all'));
    await h.waitReady(page, { timeout: TIMEOUT });
    await h.assertChartsInked(page, { what: `n = ${N} (${compute})` });
    assert.deepEqual(violations, []);
    h.assertClean(page, `n = ${N} (${compute})`);
  } finally {
    await page.close();
  }
}

test(
  'n = 100,000 served: worker, binned heatmaps, thinned scatter plots, no error',
  { timeout: TIMEOUT + 30_000 },
  async () => {
    await checkLarge(`${server.url}index.html`, 'worker', [server.origin]);
  },
);

test(
  'n = 100,000 from file://: main-thread slices, same display',
  { timeout: TIMEOUT + 30_000 },
  async () => {
    await checkLarge(h.fileUrl('index.html'), 'main', []);
  },
);

test('default n = 50 served: unbinned heatmaps, every point drawn, worker in use', async () => {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  try {
    await page.goto(`${server.url}index.html`);
    await h.waitReady(page);
    const info = await page.evaluate(() => ({
      compute: document.documentElement.dataset.compute,
      cells: document.querySelector('canvas[data-chart="heatmap"]').dataset.cells,
      shown: document.querySelector('canvas[data-chart="data"]').dataset.pointsShown,
      notes: [...document.querySelectorAll('.fig-note:not([hidden])')].length,
    }));
    assert.deepEqual(info, { compute: 'worker', cells: '50x50', shown: '50', notes: 0 });
    h.assertClean(page);
  } finally {
    await page.close();
  }
});
