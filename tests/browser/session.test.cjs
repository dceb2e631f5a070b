'use strict';
// A long session in one page (issue 7): 10,000 refits and 1,000 training runs, through the API
// instance the page computes with (window.__nwPage.nw) and through the page's own controls, must
// not grow the WebAssembly memory or the JS heap beyond a stated bound.
//
// Measured after a warm-up and after a forced garbage collection (DevTools protocol):
//   WebAssembly memory  memory.buffer.byteLength of the module instantiated in the page (found by
//                       the guard script of hostile.cjs, which wraps WebAssembly.instantiate);
//                       it grows in 64 KiB pages and never shrinks, so a leak shows as growth.
//   JS heap             Runtime.getHeapUsage().usedSize after HeapProfiler.collectGarbage.
// Bounds: WASM growth <= 1 MiB (a leak of 100 bytes per refit would exceed it), JS heap growth
// <= 4 MiB (400 bytes per refit; about 0.75 MiB was measured). Not measured: a compute worker's
// own module, if the page runs one (the page exposes no hook for it).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const hostile = require('./hostile.cjs');

const MiB = 1024 * 1024;
const BOUND = { wasm: 1 * MiB, heap: 4 * MiB };
const REFITS = 10_000;
const TRAININGS = 1_000;

let server;
let browser;

before(async () => ({ server, browser } = await h.openSuite()), h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

/** WebAssembly memory (sum over the page's modules) and JS heap, after a full GC. */
async function measure(page, cdp) {
  await h.waitReady(page);
  for (let i = 0; i < 2; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() =>
    window.__nwGuard.memories.reduce((s, m) => s + m.buffer.byteLength, 0),
  );
  return { wasm, heap: usedSize };
}

/**
 * In the page: `count` refits through the API the page uses, cycling kernels and bandwidths; every
 * tenth on 2000 keys, the rest on the page's data. Each refit is predict + attentionWeights +
 * looLoss. Yields to the page every 250 refits.
 */
async function apiRefits(count) {
  const nw = window.__nwPage.nw;
  const d = window.__nwPage.data();
  const big = nw.generateData({ n: 2000, seed: 1 });
  const queries = nw.testInputs();
  let check = 0;
  for (let i = 0; i < count; i += 1) {
    const { x, y } = i % 10 === 9 ? big : d;
    const opts = {
      kernel: nw.kernels[i % nw.kernels.length],
      bandwidth: 10 ** (-2 + (3 * (i % 97)) / 96),
    };
    check += nw.predict(queries, x, y, opts)[i % 50];
    check += nw.attentionWeights(queries, x, opts).data[i % 50];
    check += nw.looLoss(x, y, opts);
    if (i % 250 === 249) await new Promise((r) => setTimeout(r, 0));
  }
  return check;
}

/** In the page: `count` training runs through the API (5 epochs, LOO, seeds and lrs varied). */
async function apiTrainings(count) {
  const nw = window.__nwPage.nw;
  const { x, y } = window.__nwPage.data();
  let check = 0;
  for (let i = 0; i < count; i += 1) {
    const r = nw.trainParametric(x, y, {
      seed: i,
      learningRate: 0.1 + (i % 7) / 10,
      batchSize: i % 3 ? 10 : 50,
    });
    check += r.w + r.losses.length;
    if (i % 100 === 99) await new Promise((r2) => setTimeout(r2, 0));
  }
  return check;
}

/**
 * In the page: `count` values through an input of the controls (input events), awaiting an
 * animation frame every `perFrame` (the page coalesces changes to one refresh per frame).
 */
async function controlMoves([selector, count, perFrame, values]) {
  const el = document.querySelector(selector);
  for (let i = 0; i < count; i += 1) {
    el.value = String(values[i % values.length]);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    if (i % perFrame === perFrame - 1) await new Promise((r) => requestAnimationFrame(() => r()));
  }
}

test(
  'session: 10,000 refits and 1,000 training runs do not grow the memory',
  { timeout: 300_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    await page.addInitScript(hostile.guardScript, hostile.MARK);
    const cdp = await browser.newCDPSession(page);
    try {
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page);
      const memories = await page.evaluate(() => window.__nwGuard.memories.length);
      assert.ok(memories >= 1, 'no WebAssembly memory found in the page');
      const sliderValues = Array.from({ length: 301 }, (_, i) => (-2 + i / 100).toFixed(2));
      const lrValues = Array.from({ length: 50 }, (_, i) => (0.05 + i / 50).toFixed(2));

      // Warm-up: every code path once, so that caches and pools are filled before measuring.
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await page.evaluate(apiRefits, 300);
      await page.evaluate(apiTrainings, 30);
      await page.evaluate(controlMoves, ['#control-bandwidth', 300, 50, sliderValues]);
      await page.locator('#section-training').scrollIntoViewIfNeeded();
      await page.evaluate(controlMoves, ['#control-lr', 20, 1, lrValues]);
      const m0 = await measure(page, cdp);
      t.diagnostic(
        `after warm-up: WASM ${(m0.wasm / MiB).toFixed(2)} MiB, JS heap ${(m0.heap / MiB).toFixed(2)} MiB`,
      );

      let t0 = Date.now();
      await page.evaluate(apiRefits, REFITS);
      t.diagnostic(`${REFITS} API refits in ${Date.now() - t0} ms`);
      t0 = Date.now();
      await page.evaluate(apiTrainings, TRAININGS);
      t.diagnostic(`${TRAININGS} API training runs in ${Date.now() - t0} ms`);
      t0 = Date.now();
      await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
      await page.evaluate(controlMoves, ['#control-bandwidth', REFITS, 50, sliderValues]);
      await h.waitReady(page);
      t.diagnostic(`${REFITS} slider inputs (${REFITS / 50} redraws) in ${Date.now() - t0} ms`);
      t0 = Date.now();
      await page.locator('#section-training').scrollIntoViewIfNeeded();
      await page.evaluate(controlMoves, ['#control-lr', 100, 1, lrValues]);
      await h.waitReady(page);
      t.diagnostic(`100 training runs through the learning-rate field in ${Date.now() - t0} ms`);

      const m1 = await measure(page, cdp);
      const grew = { wasm: m1.wasm - m0.wasm, heap: m1.heap - m0.heap };
      t.diagnostic(
        `after: WASM ${(m1.wasm / MiB).toFixed(2)} MiB (+${(grew.wasm / MiB).toFixed(2)}), ` +
          `JS heap ${(m1.heap / MiB).toFixed(2)} MiB (${grew.heap >= 0 ? '+' : ''}${(grew.heap / MiB).toFixed(2)})`,
      );
      assert.ok(
        grew.wasm <= BOUND.wasm,
        `WebAssembly memory grew by ${grew.wasm} bytes (bound ${BOUND.wasm})`,
      );
      assert.ok(
        grew.heap <= BOUND.heap,
        `JS heap grew by ${grew.heap} bytes (bound ${BOUND.heap})`,
      );
      h.assertClean(page);
      assert.deepEqual(await page.evaluate(hostile.findInjections, hostile.MARK), []);
    } finally {
      await cdp.detach().catch(() => {});
      await page.close();
    }
  },
);
