'use strict';
// One source of truth (issue 10): the bandwidth the page shows as "LOO-CV h" is exactly the API's
// selectBandwidth on the same data (the page steps the same core task in its worker), at the sizes
// where the page used to refine the curve itself (n = 1,000 and 5,000).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

let server;
let browser;

before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);
after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

for (const n of [1000, 5000]) {
  test(
    `n = ${n}: the page's LOO-CV h is selectBandwidth's, bit for bit`,
    { timeout: 240_000 },
    async () => {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      try {
        await page.goto(`${server.url}index.html#n=${n}&seed=3`);
        await h.waitReady(page, { timeout: 200_000 });
        const shown = await page.evaluate(() => Number(document.documentElement.dataset.looCvH));
        const api = await page.evaluate(async (n) => {
          const nw = await window.NadarayaWatson.load();
          const { x, y } = nw.generateData({ n, seed: 3, noise: 0.5, xMax: 5 });
          return nw.selectBandwidth(x, y, { kernel: 'gaussian' }).bandwidth;
        }, n);
        assert.ok(Number.isFinite(shown) && shown > 0, `data-loo-cv-h = ${shown}`);
        assert.equal(shown, api);
        h.assertClean(page);
      } finally {
        await page.close();
      }
    },
  );
}
