'use strict';
// One source of truth (issue 10): the bandwidth the page shows as "LOO-CV h" is exactly the API's
// selectBandwidth on the same data (the page steps the same core task in its worker), at the sizes
// where the page used to refine the curve itself (n = 1,000 and 5,000). And the consistency study,
// which the page computes as two jobs (two workers) and joins: its CSV is one API study, bit for
// bit, rate line included. And the kernel gallery: its captions are the core's kernel table
// (nw.kernelInfo) and its curves nw.kernelValues, in Chinese too.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
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

const COLUMNS = ['n', 'mse_fixed_h', 'mse_loo_cv_h', 'mse_silverman_h', 'rate', 'loo_cv_h_mean'];

test(
  'the consistency study computed one job per size is one API study, bit for bit (its CSV); a new h recomputes only its fixed column',
  { timeout: 240_000 },
  async () => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${server.url}index.html#seed=4&noise=0.3&h=0.7&kernel=triangular`);
      await h.waitReady(page, { timeout: 200_000 });
      const fig = page.locator('figure[data-figure="consistency"]');
      await fig.scrollIntoViewIfNeeded();
      const csv = async (name) => {
        const menu = fig.locator('details.fig-tools');
        if (!(await menu.evaluate((d) => d.open))) await fig.locator('summary').click();
        const [dl] = await Promise.all([
          page.waitForEvent('download'),
          fig.getByRole('button', { name: /^Predictions \(CSV\)$/ }).click(),
        ]);
        assert.equal(dl.suggestedFilename(), name);
        const [header, ...lines] = fs
          .readFileSync(await dl.path(), 'utf8')
          .trim()
          .split('\n');
        assert.equal(header, 'n,mse_fixed_h,mse_loo_cv_h,mse_silverman_h,rate,loo_cv_h_mean');
        return header.split(',').map((_, k) => lines.map((l) => Number(l.split(',')[k])));
      };
      const study = (bandwidth) =>
        page.evaluate((bandwidth) => {
          const nw = window.__nwPage.nw;
          const sizes = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
          const r = nw.tasks
            .consistencyStudy({
              sizes,
              repeats: sizes.map((n) => (n <= 200 ? 5 : n <= 1000 ? 3 : 1)),
              seed: 4,
              noise: 0.3,
              kernel: 'triangular',
              bandwidth,
              queries: nw.testInputs({ step: 0.02 }),
            })
            .run();
          return [r.n, r.fixed, r.cv, r.silverman, r.rate, r.cvBandwidth].map((c) => Array.from(c));
        }, bandwidth);
      const columns = await csv('consistency-triangular-seed4-noise0.3-h0.7.csv');
      const api = await study(0.7);
      assert.equal(columns[0].length, 9, 'every size');
      COLUMNS.forEach((name, k) => assert.deepEqual(columns[k], api[k], name));

      // A new h alone: the page asks only for the fixed column (one job, fixedOnly) and keeps
      // the rest; the CSV is still one API study of the new h, bit for bit.
      const jobs = () =>
        page.evaluate(() => performance.getEntriesByName('compute consistency', 'measure').length);
      const before = await jobs();
      assert.ok(before >= 9, `one job per size at the first load (${before})`);
      await page.evaluate(() => (location.hash = '#seed=4&noise=0.3&h=0.3&kernel=triangular'));
      await h.settle(page, () => window.__nwPage.state().h === 0.3);
      await page.waitForFunction(() =>
        /h = 0\.3\b/.test(
          document.querySelector('figure[data-figure="consistency"] figcaption').textContent,
        ),
      );
      assert.equal((await jobs()) - before, 1, 'one job for the new h');
      const moved = await csv('consistency-triangular-seed4-noise0.3-h0.3.csv');
      const api2 = await study(0.3);
      COLUMNS.forEach((name, k) => assert.deepEqual(moved[k], api2[k], `h = 0.3: ${name}`));
      assert.notDeepEqual(moved[1], columns[1], 'the fixed column moved');

      // Another kernel is a whole study; coming back to this one, the kept columns serve again.
      const caption = () =>
        page.$eval('figure[data-figure="consistency"] figcaption', (e) => e.textContent);
      await page.evaluate(() => (location.hash = '#seed=4&noise=0.3&h=0.3&kernel=epanechnikov'));
      await page.waitForFunction(() => window.__nwPage.state().kernel === 'epanechnikov');
      await h.waitReady(page);
      assert.match(await caption(), /Epanechnikov/i);
      const other = await jobs();
      assert.equal(other - before, 1 + 9, 'a new kernel: one job per size');
      await page.evaluate(() => (location.hash = '#seed=4&noise=0.3&h=0.3&kernel=triangular'));
      await page.waitForFunction(() => window.__nwPage.state().kernel === 'triangular');
      await h.waitReady(page);
      assert.match(await caption(), /triangular/i);
      assert.equal((await jobs()) - other, 1, 'back to the triangular kernel: one job');
      const back = await csv('consistency-triangular-seed4-noise0.3-h0.3.csv');
      COLUMNS.forEach((name, k) => assert.deepEqual(back[k], api2[k], `back: ${name}`));
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  "the kernel gallery shows the core's kernel table: captions from nw.kernelInfo, curves (their CSV) from nw.kernelValues",
  { timeout: 240_000 },
  async () => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      for (const lang of ['en', 'zh']) {
        await page.goto(`${server.url}index.html#lang=${lang}`);
        await h.waitReady(page, { timeout: 200_000 });
        const info = await page.evaluate(() =>
          window.__nwPage.nw.kernelInfo.map((k) => ({ ...k })),
        );
        assert.equal(info.length, 7);
        const onSupport = await page.evaluate(
          (lang) => window.__nwPage.strings()[lang].onSupport,
          lang,
        );
        for (const k of info) {
          const fig = page.locator(`figure[data-figure="kernel-${k.name}"]`);
          const caption = await fig.locator('figcaption').textContent();
          const formula = k.formula + (k.compact ? ` ${onSupport}` : '');
          assert.ok(caption.endsWith(`: ${formula}`), `${lang} ${k.name}: "${caption}"`);
          if (lang !== 'en') continue;
          await fig.scrollIntoViewIfNeeded();
          await fig.locator('summary').click();
          const [dl] = await Promise.all([
            page.waitForEvent('download'),
            fig.getByRole('button', { name: /^Kernel values \(CSV\)$/ }).click(),
          ]);
          assert.equal(dl.suggestedFilename(), `kernel-${k.name}.csv`);
          const [header, ...lines] = fs
            .readFileSync(await dl.path(), 'utf8')
            .trim()
            .split('\n');
          await fig.locator('summary').click();
          assert.equal(header, 'u,k(u)');
          const u = lines.map((l) => Number(l.split(',')[0]));
          const ku = lines.map((l) => Number(l.split(',')[1]));
          assert.equal(u.length, 501);
          assert.deepEqual([u[0], u[250], u[500]], [-2.5, 0, 2.5]);
          const api = await page.evaluate(
            ({ u, kernel }) => Array.from(window.__nwPage.nw.kernelValues(u, { kernel })),
            { u, kernel: k.name },
          );
          assert.deepEqual(ku, api, `${k.name}: the CSV is nw.kernelValues, bit for bit`);
          assert.equal(ku[250], 1, `${k.name}: k(0) = 1`);
          if (k.compact) assert.equal(ku[0], 0, `${k.name}: 0 outside the support`);
        }
      }
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);
