'use strict';
// Part IV of the page (issue 13), toward the attention of Transformers, as a learner uses it:
// "The Gaussian kernel is dot-product attention on the sphere" (section 18): the page's inputs on
// the unit circle, the attention matrix computed with distance scores and with dot scores, their
// largest difference and the prediction both ways. The learner moves the bandwidth; every number
// shown must be the API's (computed again in the page through window.__nwPage.nw). English and
// Chinese, embedded alone. Screenshots: test-results/screenshots/transformer-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');
const { testSeed, deriveSeed } = require('../seed.cjs');

const TIMEOUT = { timeout: 240_000 };
const AXE = path.join(h.REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PROBE = 2.5; // sphere.js PROBE

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

/** Asserts the sphere readout is the API's for the page's state; returns the numbers. */
async function checkSphere(page, what) {
  const shown = await page.$eval('[data-out="sphere-readout"]', (e) => ({
    text: e.textContent,
    ...e.dataset,
  }));
  const want = await page.evaluate((probe) => {
    const p = window.__nwPage;
    const s = p.state();
    const { x, y } = p.data();
    const keys = p.nw.unitCircle(x);
    const queries = p.nw.unitCircle(p.queries());
    const dist = { dims: 2, bandwidth: s.h };
    const dot = { dims: 2, score: 'dot', bandwidth: s.h };
    const a = p.nw.attentionWeights(queries, keys, dist).data;
    const b = p.nw.attentionWeights(queries, keys, dot).data;
    const q = p.nw.unitCircle([probe]);
    // The page compares the heatmaps it draws (the full matrices up to 200 keys, binned beyond).
    const cells = { maxRows: 200, maxColumns: 200 };
    const full = x.length <= 200;
    const diff = p.nw.maxAbsDifference(
      p.nw.attentionHeatmap(queries, keys, { ...dist, ...cells }).data,
      p.nw.attentionHeatmap(queries, keys, { ...dot, ...cells }).data,
    );
    const fullDiff = p.nw.maxAbsDifference(a, b);
    const g = p.nw.predict(q, keys, y, dist)[0];
    const d = p.nw.predict(q, keys, y, dot)[0];
    // An independent look: the Gaussian rows computed here from the scores by the formula.
    let worst = 0;
    const n = x.length;
    for (let i = 0; i < queries.length / 2; i++) {
      const s2 = [];
      for (let j = 0; j < n; j++)
        s2.push((queries[2 * i] * keys[2 * j] + queries[2 * i + 1] * keys[2 * j + 1]) / s.h ** 2);
      const m = Math.max(...s2);
      const e = s2.map((v) => Math.exp(v - m));
      const z = e.reduce((u, v) => u + v, 0);
      for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(e[j] / z - a[i * n + j]));
    }
    const T = p.strings()[s.lang];
    return {
      h: s.h,
      diff,
      full,
      fullDiff,
      g,
      d,
      worst,
      text: T.sphereReadout(s.h, diff, full, probe, g, d),
    };
  }, PROBE);
  assert.equal(Number(shown.h), want.h, `${what}: h`);
  assert.equal(Number(shown.difference), want.diff, `${what}: the largest difference`);
  assert.equal(shown.full, String(want.full), `${what}: over the full matrices (n <= 200)`);
  assert.ok(want.fullDiff < 1e-12, `${what}: the full matrices agree (${want.fullDiff})`);
  assert.equal(Number(shown.gaussian), want.g, `${what}: the Gaussian prediction`);
  assert.equal(Number(shown.dot), want.d, `${what}: the dot-product prediction`);
  assert.equal(shown.text, want.text, `${what}: the text`);
  assert.ok(want.diff < 1e-12, `${what}: the two matrices agree (${want.diff})`);
  assert.ok(want.worst < 1e-12, `${what}: the softmax of q.x/h^2 by hand (${want.worst})`);
  assert.ok(Math.abs(want.g - want.d) < 1e-12, `${what}: the predictions agree`);
  return want;
}

test(
  'sphere: the Gaussian on the circle is dot-product attention, at each h the learner picks',
  TIMEOUT,
  async (t) => {
    const page = await open();
    try {
      await page.locator('#section-sphere').scrollIntoViewIfNeeded();
      const first = await checkSphere(page, 'h = 1');
      t.diagnostic(`h = 1: largest difference ${first.diff}`);
      for (const value of ['0.3', '3']) {
        await page.fill('#control-bandwidth-number', value);
        await page.press('#control-bandwidth-number', 'Enter');
        await h.settle(page, (v) => window.__nwPage.state().h === Number(v), value);
        const r = await checkSphere(page, `h = ${value}`);
        t.diagnostic(`h = ${value}: largest difference ${r.diff}`);
      }
      const cells = await page.$eval(
        'canvas[data-chart="sphere-gaussian"]',
        (c) => c.dataset.cells,
      );
      assert.equal(cells, '50x50', 'the heatmap: 50 queries x 50 keys');
      await h.assertChartsInked(page, { what: 'sphere' });
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'sphere: embedded alone in Chinese, n = 1000 (binned heatmaps); screenshots',
  TIMEOUT,
  async (t) => {
    const page = await open('#embed=sphere&lang=zh&n=1000&h=0.5');
    try {
      const visible = await page.evaluate(() =>
        [...document.querySelectorAll('canvas[data-chart]')]
          .filter((c) => c.checkVisibility() && c.getBoundingClientRect().width > 0)
          .map((c) => c.dataset.chart),
      );
      assert.deepEqual(visible.sort(), ['sphere-circle', 'sphere-dot', 'sphere-gaussian']);
      await checkSphere(page, 'embed zh n = 1000');
      assert.match(
        await page.$eval('[data-out="sphere-readout"]', (e) => e.textContent),
        /^h = 0\.5：两个注意力矩阵之间的最大差为/,
      );
      await h.assertChartsInked(page, { visibleOnly: true, what: 'embed sphere' });
      t.diagnostic(`screenshot: ${await h.saveScreenshot(page, 'transformer-sphere-embed-zh')}`);
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
        await p.locator('#section-sphere').scrollIntoViewIfNeeded();
        await h.waitReady(p);
        await h.canvasesSettled(p);
        const overflow = await p.$$eval(
          '#section-sphere canvas',
          (cs) =>
            cs.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).length,
        );
        assert.equal(overflow, 0, `${lang} ${width}px: charts inside the page`);
        const file = await h.saveScreenshot(p, `transformer-sphere-${lang}-${width}`, {
          selector: '#section-sphere',
        });
        t.diagnostic(`screenshot: ${file}`);
        h.assertClean(p);
      } finally {
        await p.close();
      }
    }
  },
);

/** Asserts the relevance readout is the API's for the page's state; returns the numbers. */
async function checkRelevance(page, what) {
  const shown = await page.$eval('[data-out="relevance-readout"]', (e) => ({
    text: e.textContent,
    ...e.dataset,
  }));
  const want = await page.evaluate(() => {
    const p = window.__nwPage;
    const s = p.state();
    const n = Math.min(s.n, 400);
    const d = p.nw.generateData({ n, seed: s.seed, noise: s.noise, dims: 2, relevant: [0] });
    const cv = p.nw.selectBandwidth(d.x, d.y, { dims: 2 });
    const run = p.nw.trainAttention(d.x, d.y, {
      dims: 2,
      model: 'diagonal',
      seed: s.seed,
      init: [1, 1],
      learningRate: 0.01,
      epochs: 150,
    });
    const q = [s.q1, s.q2];
    const iso = { dims: 2, bandwidth: cv.bandwidth };
    const diag = { dims: 2, projection: [run.params[0], 0, 0, run.params[1]] };
    const test = p.nw.generateData({ n: 500, seed: 20231, noise: 0, dims: 2, relevant: [0] });
    const err = (o) => p.nw.meanSquaredError(p.nw.predict(test.x, d.x, d.y, o), test.y);
    return {
      q,
      h: cv.bandwidth,
      w1: run.params[0],
      w2: run.params[1],
      truth: p.nw.trueFunction(q, { dims: 2, relevant: [0] })[0],
      isoAt: p.nw.predict(q, d.x, d.y, iso)[0],
      diagAt: p.nw.predict(q, d.x, d.y, diag)[0],
      isoMse: err(iso),
      diagMse: err(diag),
      loss: run.losses,
    };
  });
  for (const k of ['h', 'w1', 'w2', 'truth', 'isoAt', 'diagAt', 'isoMse', 'diagMse'])
    assert.equal(Number(shown[k]), want[k], `${what}: ${k}`);
  assert.deepEqual([Number(shown.q1), Number(shown.q2)], want.q, `${what}: the query`);
  return want;
}

test(
  'relevance: the diagonal model learns to ignore x2; the learner drags the query',
  TIMEOUT,
  async (t) => {
    const page = await open();
    try {
      await page.locator('#section-relevance').scrollIntoViewIfNeeded();
      const r = await checkRelevance(page, 'default');
      t.diagnostic(
        `w = (${r.w1}, ${r.w2}); test MSE ${r.isoMse} (one h) vs ${r.diagMse} (learned)`,
      );
      assert.ok(Math.abs(r.w2) < 0.2 * Math.abs(r.w1), 'the scale of x2 shrinks below x1s');
      assert.ok(r.diagMse < r.isoMse, 'the learned widths predict better');
      // Drag the query on the learned model's plane to about (1, 4).
      const plane = 'canvas[data-chart="relevance-diagonal"]';
      const canvas = page.locator(plane);
      // Drag from inside the plane, right of centre, towards the upper left.
      const at = await h.pointOn(page, plane, 0.55, 0.4);
      assert.ok(at.width > 100, `the plane is laid out (${at.width} px wide)`);
      await page.mouse.move(at.x, at.y);
      await page.mouse.down();
      await page.mouse.move(at.x - at.width * 0.2, at.y - at.height * 0.15, { steps: 5 });
      await page.mouse.up();
      await h.settle(page, () => window.__nwPage.state().q1 !== 2.5);
      const moved = await page.evaluate(() => [
        window.__nwPage.state().q1,
        window.__nwPage.state().q2,
      ]);
      assert.ok(moved[0] < 2.5 && moved[1] > 2, `dragged to ${moved}`);
      await checkRelevance(page, `dragged to ${moved}`);
      // The query is written to the URL (after the page's short delay).
      await page.waitForFunction(() => /q1=/.test(location.hash) && /q2=/.test(location.hash));
      // The arrow keys move it by 0.1.
      await canvas.focus();
      await page.keyboard.press('ArrowRight');
      await h.settle(page, (q) => window.__nwPage.state().q1 !== q, moved[0]);
      const keyed = await page.evaluate(() => window.__nwPage.state().q1);
      assert.ok(Math.abs(keyed - (moved[0] + 0.1)) < 1e-9, `ArrowRight: ${moved[0]} -> ${keyed}`);
      await checkRelevance(page, 'after ArrowRight');
      await h.assertChartsInked(page, { what: 'relevance' });
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test('relevance: from the URL, in Chinese, embedded; screenshots', TIMEOUT, async (t) => {
  const page = await open('#embed=relevance&lang=zh&q1=1.2&q2=3.4&seed=3&n=120');
  try {
    const r = await checkRelevance(page, 'embed zh');
    assert.deepEqual(r.q, [1.2, 3.4]);
    assert.match(
      await page.$eval('[data-out="relevance-readout"]', (e) => e.textContent),
      /^120 个点。共用带宽/,
    );
    await h.assertChartsInked(page, { visibleOnly: true, what: 'embed relevance' });
    t.diagnostic(`screenshot: ${await h.saveScreenshot(page, 'transformer-relevance-embed-zh')}`);
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
      await p.locator('#section-relevance').scrollIntoViewIfNeeded();
      await h.waitReady(p);
      await h.canvasesSettled(p);
      const file = await h.saveScreenshot(p, `transformer-relevance-${lang}-${width}`, {
        selector: '#section-relevance',
      });
      t.diagnostic(`screenshot: ${file}`);
      h.assertClean(p);
    } finally {
      await p.close();
    }
  }
});

test(
  'curse: the study the page draws is nw.dimensionStudy; embedded in Chinese',
  TIMEOUT,
  async (t) => {
    for (const hash of ['', '#embed=curse&lang=zh&seed=4&noise=0.2']) {
      const page = await open(hash);
      try {
        await page.locator('#section-curse').scrollIntoViewIfNeeded();
        const shown = await page.$eval('[data-out="curse-readout"]', (e) => ({
          text: e.textContent,
          rows: JSON.parse(e.dataset.rows),
        }));
        const want = await page.evaluate(() => {
          const p = window.__nwPage;
          const s = p.state();
          const rows = p.nw.dimensionStudy({
            sizes: [20, 40, 80, 160],
            dims: [1, 2, 4],
            repeats: 2,
            seed: s.seed,
            noise: s.noise,
          });
          const T = p.strings()[s.lang];
          const last = 3;
          return {
            rows: rows.map((r) => ({
              dims: r.dims,
              n: Array.from(r.n),
              mse: Array.from(r.mse),
              bandwidth: Array.from(r.bandwidth),
              rate: Array.from(r.rate),
            })),
            text: T.curseReadout(
              rows.map((r) => ({
                d: r.dims,
                n: r.n[last],
                mse: r.mse[last],
                h: r.bandwidth[last],
              })),
            ),
          };
        });
        // JSON writes Infinity (average pooling chosen) as null.
        const norm = (rows) =>
          rows.map((r) => ({
            ...r,
            bandwidth: r.bandwidth.map((v) => (v === null ? Infinity : v)),
          }));
        assert.deepEqual(norm(shown.rows), want.rows, `${hash || 'default'}: the study`);
        assert.equal(shown.text, want.text);
        // More data, less error, in every dimension; more error in four dimensions than in one.
        for (const r of want.rows) assert.ok(r.mse[3] < r.mse[0], `d = ${r.dims}`);
        assert.ok(want.rows[2].mse[3] > want.rows[0].mse[3], 'the curse');
        t.diagnostic(
          `${hash || 'default'}: MSE at n = 160: ${want.rows.map((r) => `d=${r.dims} ${r.mse[3].toFixed(4)}`).join(', ')}`,
        );
        await h.assertChartsInked(page, {
          visibleOnly: Boolean(hash),
          selector: '#section-curse canvas[data-chart]',
          what: 'curse',
        });
        if (hash)
          t.diagnostic(`screenshot: ${await h.saveScreenshot(page, 'transformer-curse-embed-zh')}`);
        h.assertClean(page);
      } finally {
        await page.close();
      }
    }
  },
);

test(
  'exercises: every exercise has its statement, answer and a link that sets the state',
  TIMEOUT,
  async (t) => {
    const { pathToFileURL } = require('node:url');
    const path = require('node:path');
    const { EXERCISES } = await import(
      pathToFileURL(path.join(h.REPO_ROOT, 'web/js/sections/exercises.js')).href
    );
    assert.equal(EXERCISES.length, 8, 'both editions: four exercises each');
    for (const lang of ['en', 'zh']) {
      const page = await open(`#lang=${lang}&seed=3`);
      try {
        const shown = await page.$$eval('.exercise', (items) =>
          items.map((e) => ({
            id: e.dataset.exercise,
            q: e.querySelector('.exercise-statement').textContent.trim(),
            a: e.querySelector('.exercise-answer p').textContent.trim(),
            link: e.querySelector('a.try-it').textContent.trim(),
            href: e.querySelector('a.try-it').getAttribute('href'),
          })),
        );
        assert.deepEqual(
          shown.map((e) => e.id),
          EXERCISES.map((e) => e.id),
        );
        for (const e of shown) {
          assert.ok(
            e.q.length > 40 && e.a.length > 80 && e.link.length > 3,
            `${lang} ${e.id}: text`,
          );
          assert.ok(e.href.startsWith('#'), `${lang} ${e.id}: href ${e.href}`);
        }
        if (lang === 'zh') assert.match(shown[0].q, /增加训练样本/);
        // Each link: the defaults plus its settings (the language kept), and its section in view.
        for (const ex of EXERCISES) {
          const link = page.locator(`.exercise[data-exercise="${ex.id}"] a.try-it`);
          await link.scrollIntoViewIfNeeded();
          await link.click();
          await h.settle(page, () => document.documentElement.dataset.ready === 'true');
          const s = await page.evaluate(() => window.__nwPage.state());
          for (const [k, v] of Object.entries(ex.patch)) assert.equal(s[k], v, `${ex.id}: ${k}`);
          assert.equal(s.seed, 0, `${ex.id}: the other settings are the defaults`);
          assert.equal(s.lang, lang, `${ex.id}: the language is kept`);
          const inView = await page.$eval(`#${ex.section}`, (el) => {
            const r = el.getBoundingClientRect();
            return r.top < window.innerHeight && r.bottom > 0;
          });
          assert.ok(inView, `${ex.id}: #${ex.section} scrolled into view`);
        }
        // An answer opens on demand.
        const answer = page.locator('.exercise[data-exercise="ed2_3"] details');
        await answer.scrollIntoViewIfNeeded();
        assert.equal(await answer.evaluate((d) => d.open), false);
        await answer.locator('summary').click();
        assert.equal(await answer.evaluate((d) => d.open), true);
        t.diagnostic(
          `screenshot: ${await h.saveScreenshot(page, `transformer-exercises-${lang}`, { selector: '#section-exercises' })}`,
        );
        h.assertClean(page);
      } finally {
        await page.close();
      }
    }
  },
);

/**
 * Asserts what section 21 shows is the API's at the epoch it shows (the state's epoch, unless
 * `playing`: then the epoch of the readout, read at the same moment as the rest): the readout's
 * numbers, the text, W_q and W_k in the tables (3 significant digits) and the heatmap's largest
 * weight. Returns the numbers.
 */
async function checkQk(page, what, { playing = false } = {}) {
  const shown = await page.evaluate(() => {
    const r = document.querySelector('[data-out="qk-readout"]');
    return {
      text: r.textContent,
      ...r.dataset,
      cells: [...document.querySelectorAll('#section-qk table.matrix td')].map((c) =>
        Number(c.textContent.replace('−', '-')),
      ),
      heatMax: document.querySelector('#section-qk canvas[data-chart="qk-attention"]').dataset.max,
      state: window.__nwPage.state().qk,
    };
  });
  const epochs = Number(shown.epochs);
  if (!playing) assert.equal(epochs, shown.state, `${what}: the readout shows the state's epoch`);
  const want = await page.evaluate((k) => {
    const p = window.__nwPage;
    const s = p.state();
    const d = p.data();
    const n = Math.min(d.x.length, 200);
    const keys = p.nw.unitCircle(d.x.slice(0, n));
    const y = d.y.slice(0, n);
    const run = p.nw.trainAttention(keys, y, {
      dims: 2,
      model: 'dot',
      rank: 2,
      learningRate: 0.005,
      seed: s.seed,
      epochs: Math.max(1, k),
    });
    const params = k === 0 ? run.init : run.params;
    const o = {
      dims: 2,
      score: 'dot',
      queryProjection: params.slice(0, 4),
      keyProjection: params.slice(4),
    };
    const q = p.nw.unitCircle(p.queries());
    const truth = p.nw.trueFunction(p.queries());
    const cv = p.nw.selectBandwidth(keys, y, { dims: 2 });
    const heat = p.nw.attentionHeatmap(q, keys, { ...o, maxRows: 200, maxColumns: 200 });
    const loss = p.nw.trainingLoss(keys, y, { dims: 2, model: 'dot', params }).loss;
    const mse = p.nw.meanSquaredError(p.nw.predict(q, keys, y, o), truth);
    const gaussian = p.nw.meanSquaredError(
      p.nw.predict(q, keys, y, { dims: 2, bandwidth: cv.bandwidth }),
      truth,
    );
    return {
      epochs: k,
      params: Array.from(params),
      loss,
      mse,
      gaussian,
      heatMax: Math.max(...heat.data),
      text: p.strings()[s.lang].qkReadout(k, loss, mse, cv.bandwidth, gaussian, n),
    };
  }, epochs);
  assert.deepEqual(shown.params.split(',').map(Number), want.params, `${what}: Wq and Wk`);
  for (const k of ['loss', 'mse', 'gaussian'])
    assert.equal(Number(shown[k]), want[k], `${what}: ${k}`);
  assert.equal(shown.text, want.text, `${what}: the readout text`);
  assert.equal(Number(shown.heatMax), want.heatMax, `${what}: the heatmap's largest weight`);
  assert.equal(shown.cells.length, 8, `${what}: Wq and Wk, 2 x 2 each`);
  shown.cells.forEach((c, i) =>
    assert.ok(
      Math.abs(c - want.params[i]) <= 5e-3 * Math.abs(want.params[i]) + 1e-12,
      `${what}: table cell ${i} shows ${c} for ${want.params[i]}`,
    ),
  );
  return want;
}

test('learned queries and keys: the epoch slider replays the seeded run', TIMEOUT, async (t) => {
  const page = await open();
  try {
    await page.locator('#section-qk').scrollIntoViewIfNeeded();
    const end = await checkQk(page, 'epoch 200');
    await setQk(page, 0);
    const start = await checkQk(page, 'epoch 0');
    await setQk(page, 30);
    await checkQk(page, 'epoch 30');
    assert.ok(end.loss < 0.5 * start.loss, `the LOO loss falls: ${start.loss} -> ${end.loss}`);
    t.diagnostic(
      `LOO loss ${start.loss} -> ${end.loss}; test MSE ${start.mse} -> ${end.mse} (Gaussian ${end.gaussian})`,
    );
    const cells = await page.$$eval('#section-qk table.matrix td', (tds) => tds.length);
    assert.equal(cells, 8, 'Wq and Wk: 2 x 2 each');
    await page.waitForFunction(() => /qk=30/.test(location.hash));
    await h.assertChartsInked(page, {
      selector: '#section-qk canvas[data-chart]',
      what: 'learned qk',
    });
    h.assertClean(page);
  } finally {
    await page.close();
  }
  const zh = await open('#embed=learned-qk&lang=zh&qk=20&seed=2');
  try {
    await checkQk(zh, 'embed zh');
    assert.match(await zh.$eval('[data-out="qk-readout"]', (e) => e.textContent), /^第 20 轮/);
    assert.ok(await zh.locator('#control-qk').isVisible(), 'the epoch slider in the embed');
    t.diagnostic(`screenshot: ${await h.saveScreenshot(zh, 'transformer-qk-embed-zh')}`);
    h.assertClean(zh);
  } finally {
    await zh.close();
  }
});

/** Moves section 21's epoch slider to v as a learner does (an input event) and waits for it. */
async function setQk(page, v) {
  await page.$eval(
    '#control-qk',
    (el, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    v,
  );
  await h.settle(page, (e) => window.__nwPage.state().qk === e, v);
}

const qkNow = (page) =>
  page.evaluate(() => ({
    qk: window.__nwPage.state().qk,
    playing: window.__nwPage.state().qkPlaying,
    play: document.getElementById('btn-qk-play').getAttribute('aria-pressed'),
    pause: document.getElementById('btn-qk-pause').getAttribute('aria-pressed'),
    slider: Number(document.getElementById('control-qk').value),
    shown: Number(document.querySelector('[data-out="qk-readout"]').dataset.epochs),
    hash: location.hash,
  }));

test(
  'learned queries and keys: Play trains before the learner, Pause keeps the epoch',
  TIMEOUT,
  async (t) => {
    const seed = deriveSeed(testSeed(), 'qk playback') % 100000;
    t.diagnostic(`data seed ${seed}`);
    const page = await open(`#qk=0&seed=${seed}`);
    try {
      await page.locator('#section-qk').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      const start = await checkQk(page, 'epoch 0');
      const heat = '#section-qk canvas[data-chart="qk-attention"]';
      const startPrint = await h.canvasFingerprint(page, heat);
      let now = await qkNow(page);
      assert.deepEqual([now.play, now.pause, now.playing], ['false', 'true', false]);
      // Play by keyboard: the button takes the focus (Tab order) and Enter presses it.
      await page.focus('#btn-qk-play');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => window.__nwPage.state().qkPlaying === true);
      // While it plays: the shown epoch advances, and every frame is the API's at its epoch.
      const seen = new Set();
      const matrices = new Set();
      for (let i = 0; i < 6; i++) {
        await page.waitForTimeout(150);
        const mid = await checkQk(page, `playing, sample ${i}`, { playing: true });
        seen.add(mid.epochs);
        matrices.add(await page.$eval('#section-qk .matrices', (e) => e.textContent));
      }
      assert.ok(seen.size >= 3, `the shown epoch advances while playing: ${[...seen]}`);
      assert.ok(matrices.size >= 3, 'the matrices change while playing');
      now = await qkNow(page);
      assert.deepEqual([now.play, now.pause], ['true', 'false'], 'aria-pressed while playing');
      await page.waitForFunction(() => window.__nwPage.state().qk >= 40);
      // Pause: the slider, the readout and (once still) the URL stay at the epoch shown.
      await page.click('#btn-qk-pause');
      await h.settle(page, () => window.__nwPage.state().qkPlaying === false);
      const paused = (await qkNow(page)).qk;
      assert.ok(paused >= 40 && paused < 200, `paused at epoch ${paused}`);
      await page.waitForTimeout(600); // 12 epochs' worth at 20 epochs/s: nothing may move
      await page.waitForFunction((k) => new RegExp(`[#&]qk=${k}(&|$)`).test(location.hash), paused);
      now = await qkNow(page);
      assert.equal(now.qk, paused, 'paused: the epoch stays');
      assert.equal(now.slider, paused, 'paused: the slider shows the epoch');
      assert.equal(now.shown, paused, 'paused: the readout shows the epoch');
      assert.deepEqual([now.play, now.pause], ['false', 'true']);
      const mid = await checkQk(page, `paused at ${paused}`);
      assert.notEqual(await h.canvasFingerprint(page, heat), startPrint, 'the heatmap changed');
      assert.ok(mid.heatMax > start.heatMax, `sharper: ${start.heatMax} -> ${mid.heatMax}`);
      // Moving the slider while it plays pauses it there.
      await page.click('#btn-qk-play');
      await page.waitForFunction((k) => window.__nwPage.state().qk > k + 2, paused);
      await setQk(page, 10);
      await page.waitForTimeout(300);
      now = await qkNow(page);
      assert.deepEqual([now.qk, now.playing, now.slider], [10, false, 10], 'the slider pauses');
      await checkQk(page, 'slider to 10 while playing');
      // Played to the end it stops at the last epoch; Play there starts again from 0.
      await setQk(page, 185);
      await page.click('#btn-qk-play');
      await page.waitForFunction(() => window.__nwPage.state().qkPlaying === false, null, {
        timeout: 20_000,
      });
      await h.waitReady(page);
      now = await qkNow(page);
      assert.deepEqual([now.qk, now.shown, now.slider], [200, 200, 200], 'stops at the end');
      const end = await checkQk(page, 'played to the end');
      assert.ok(end.loss < start.loss, `the LOO loss falls: ${start.loss} -> ${end.loss}`);
      assert.ok(end.heatMax > start.heatMax, `sharper: ${start.heatMax} -> ${end.heatMax}`);
      await page.waitForFunction(
        () => /[#&]qk=200(&|$)/.test(location.hash) || !/qk=/.test(location.hash),
      );
      await page.click('#btn-qk-play');
      await page.waitForFunction(() => window.__nwPage.state().qk < 50);
      await page.click('#btn-qk-pause');
      await h.settle(page, () => window.__nwPage.state().qkPlaying === false);
      await checkQk(page, 'replayed from 0, paused');
      t.diagnostic(
        `epochs seen while playing ${[...seen].join(', ')}; paused at ${paused}; heatmap max ${start.heatMax} -> ${end.heatMax}; LOO loss ${start.loss} -> ${end.loss}`,
      );
      t.diagnostic(
        `screenshot: ${await h.saveScreenshot(page, 'transformer-qk-played', { selector: '#section-qk' })}`,
      );
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

const PART_IV = [
  'section-sphere',
  'section-relevance',
  'section-curse',
  'section-qk',
  'section-exercises',
];

for (const lang of ['en', 'zh']) {
  test(
    `Part IV at 375 px (${lang}): nothing wider than the page or its section, no display formula of the page either; axe finds no violation`,
    TIMEOUT,
    async (t) => {
      const page = await open(`#lang=${lang}`, { viewport: { width: 375, height: 800 } });
      try {
        // Every answer open: their formulas must fit too.
        await page.evaluate(() =>
          document.querySelectorAll('#section-exercises details').forEach((d) => (d.open = true)),
        );
        for (const id of PART_IV) {
          await page.locator(`#${id}`).scrollIntoViewIfNeeded();
          await h.waitReady(page);
        }
        const r = await page.evaluate((ids) => {
          const out = { width: innerWidth, page: document.documentElement.scrollWidth, wide: [] };
          out.displays = 0;
          out.formulas = 0;
          for (const id of ids) {
            const sec = document.getElementById(id);
            const box = sec.getBoundingClientRect();
            const name = (e) => `${id} ${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`;
            const check = (e) => {
              if (e.closest('.sr-only')) return; // screen-reader text: a clipped 1 px box
              const b = e.getBoundingClientRect();
              if (b.width > 0 && (b.left < box.left - 0.5 || b.right > box.right + 0.5))
                out.wide.push(`${name(e)}: ${b.left.toFixed(1)}..${b.right.toFixed(1)}`);
            };
            for (const e of sec.querySelectorAll('.tex-display')) {
              check(e);
              if (e.scrollWidth > e.clientWidth + 1)
                out.wide.push(`${name(e)} scrolls: ${e.scrollWidth} > ${e.clientWidth}`);
            }
            // The build typesets display formulas as MathML (KaTeX, output 'mathml': no
            // .katex-display wrapper): <math display="block"> in a .tex-display.
            for (const e of sec.querySelectorAll('.tex-display math[display="block"]')) {
              out.displays += 1;
              check(e);
            }
            // Every formula's drawn part (inline ones too), figures, tables, the controls, text.
            for (const e of sec.querySelectorAll('math > semantics > :first-child')) {
              out.formulas += 1;
              check(e);
            }
            for (const e of sec.querySelectorAll('figure, canvas, table, .player-row, p, details'))
              check(e);
          }
          return out;
        }, PART_IV);
        t.diagnostic(`${r.displays} display formulas, ${r.formulas} formulas in all`);
        assert.equal(r.width, 375);
        assert.ok(r.page <= r.width, `the page is ${r.page} px wide at ${r.width}`);
        assert.equal(r.displays, 10, 'the display formulas of sections 18-21');
        assert.ok(r.formulas > 40, `${r.formulas} formulas checked`);
        assert.deepEqual(r.wide, [], 'wider than the section, or scrolling sideways');
        // Every display formula of the page, Parts I-III too (every section laid out at once).
        await page.evaluate(() => document.documentElement.classList.add('render-all'));
        const all = await page.evaluate(() => {
          const out = { displays: 0, wide: [] };
          for (const sec of document.querySelectorAll('.article > .section')) {
            const box = sec.getBoundingClientRect();
            sec.querySelectorAll('.tex-display').forEach((e, k) => {
              out.displays += 1;
              const b = e.getBoundingClientRect();
              const name = `${sec.id} formula ${k + 1}`;
              if (b.left < box.left - 0.5 || b.right > box.right + 0.5)
                out.wide.push(`${name}: ${b.width.toFixed(1)} px in ${box.width.toFixed(1)}`);
              if (e.scrollWidth > e.clientWidth + 1)
                out.wide.push(`${name} scrolls: ${e.scrollWidth} > ${e.clientWidth}`);
            });
          }
          return out;
        });
        t.diagnostic(`${all.displays} display formulas on the page`);
        assert.ok(all.displays > r.displays, `${all.displays} display formulas on the page`);
        assert.deepEqual(all.wide, [], 'display formulas wider than their section, or scrolling');
        await page.evaluate(fs.readFileSync(AXE, 'utf8'));
        const result = await page.evaluate(
          (ids) =>
            window.axe.run(
              { include: ids.map((id) => [`#${id}`]) },
              { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: true } } },
            ),
          PART_IV,
        );
        const lines = result.violations.flatMap((v) =>
          v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`),
        );
        t.diagnostic(
          `axe: ${result.violations.length} violations, ${result.passes.length} rules passed`,
        );
        assert.deepEqual(lines, [], 'axe violations in Part IV');
        for (const id of PART_IV) {
          t.diagnostic(
            `screenshot: ${await h.saveScreenshot(page, `transformer-375-${lang}-${id}`, { selector: `#${id}` })}`,
          );
        }
        h.assertClean(page);
      } finally {
        await page.close();
      }
    },
  );
}
