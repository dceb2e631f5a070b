// classify and confidenceBand (issue 12): Parzen-window classification is Nadaraya-Watson pooling
// of one-hot labels, and the band's standard error is sigma times the norm of the attention row.
// Both are checked against the API's own predict/attentionWeights and against plain loops, at the
// edges (one key, empty support, a class no key has), with their argument errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { testSeed, prng } = require('../seed.cjs');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
const SEED = testSeed();

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** Random labelled data: keys in [0, 5), labels by x with some mixing. */
function labelled(n, classes, seed) {
  const rand = prng(seed);
  const x = Float64Array.from({ length: n }, () => 5 * rand());
  const labels = Int32Array.from(x, (v) => {
    const c = Math.floor((v / 5) * classes + 0.6 * (rand() - 0.5));
    return Math.min(classes - 1, Math.max(0, c));
  });
  return { x, labels };
}

test('classify equals predict on one-hot values for every kernel (1e-12)', () => {
  const { x, labels } = labelled(300, 4, SEED);
  const q = Float64Array.from({ length: 41 }, (_, i) => -0.5 + (6 * i) / 40);
  for (const kernel of nw.kernels) {
    for (const bandwidth of [0.02, 0.4, 3]) {
      const c = nw.classify(q, x, labels, { kernel, bandwidth });
      assert.equal(c.classes, 4);
      assert.ok(c.probabilities instanceof Float64Array && c.predicted instanceof Int32Array);
      assert.equal(c.probabilities.length, q.length * 4);
      for (let cl = 0; cl < 4; cl++) {
        const oneHot = Float64Array.from(labels, (l) => (l === cl ? 1 : 0));
        const f = nw.predict(q, x, oneHot, { kernel, bandwidth });
        for (let i = 0; i < q.length; i++)
          assert.ok(
            Math.abs(c.probabilities[i * 4 + cl] - f[i]) <= 1e-12,
            `${kernel} h=${bandwidth} q=${q[i]} class ${cl}`,
          );
      }
      for (let i = 0; i < q.length; i++) {
        const row = c.probabilities.subarray(i * 4, i * 4 + 4);
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 1e-14);
        const best = Math.max(...row);
        const first = row.findIndex((p) => p >= best - 1e-12);
        assert.equal(c.predicted[i], first, 'the lowest of the most probable classes');
      }
    }
  }
});

test('classify at the edges: one key, empty support, a class no key has, no queries', () => {
  const one = nw.classify([-3, 0, 7], [1], [2], { kernel: 'boxcar', bandwidth: 0.1 });
  assert.equal(one.classes, 3);
  assert.deepEqual(Array.from(one.predicted), [2, 2, 2]);
  assert.deepEqual(Array.from(one.probabilities.subarray(0, 3)), [0, 0, 1]);
  const wide = nw.classify([2], [1, 3], [1, 0], { classes: 5, bandwidth: 1 });
  assert.equal(wide.classes, 5);
  assert.ok(Math.abs(wide.probabilities[0] - 0.5) < 1e-15);
  assert.equal(wide.predicted[0], 0, 'a tie goes to the lowest class');
  assert.equal(wide.probabilities[4], 0);
  const none = nw.classify([], [1, 2], [0, 1]);
  assert.equal(none.probabilities.length, 0);
  assert.equal(none.predicted.length, 0);
  const flat = nw.classify([0, 9], [1, 2, 3], [0, 1, 1], { bandwidth: Infinity });
  assert.ok(Math.abs(flat.probabilities[1] - 2 / 3) < 1e-15);
});

test('classify rejects bad labels and options with errors naming them', () => {
  const x = [0, 1, 2];
  const cases = [
    [() => nw.classify([1], x, [0, 1.5, 0]), RangeError, /labels\[1\] must be an integer/],
    [() => nw.classify([1], x, [0, -1, 0]), RangeError, /labels\[1\] must be >= 0/],
    [() => nw.classify([1], x, [0, 256, 0]), RangeError, /labels\[1\] must be .*<= 255/],
    [() => nw.classify([1], x, [0, NaN, 0]), TypeError, /labels\[1\] must be a finite number/],
    [() => nw.classify([1], x, [0, 1]), RangeError, /keys and labels must have the same length/],
    [() => nw.classify([1], x, [0, 3, 0], { classes: 3 }), RangeError, /classes must be >= 4/],
    [() => nw.classify([1], x, [0, 1, 0], { classes: 257 }), RangeError, /classes must be/],
    [
      () => nw.classify([1], x, [0, 1, 0], { classes: 2.5 }),
      RangeError,
      /classes must be an integer/,
    ],
    [() => nw.classify([1], x, 'abc'), TypeError, /labels/],
  ];
  for (const [call, type, message] of cases)
    assert.throws(call, (e) => e instanceof type && message.test(e.message));
  // The module keeps working.
  assert.equal(nw.classify([1], x, [0, 1, 0]).classes, 2);
});

test('confidenceBand: se = sigma |a(q)|, the band is fit -/+ z se, fit = predict', () => {
  const d = nw.generateData({ n: 120, seed: SEED % 1000 });
  const q = nw.testInputs({ step: 0.25 });
  // Rice's sigma by a plain loop (keys sorted: generateData sorts them).
  let s = 0;
  for (let i = 1; i < d.x.length; i++) s += (d.y[i] - d.y[i - 1]) ** 2;
  const sigma = Math.sqrt(s / (2 * (d.x.length - 1)));
  for (const kernel of nw.kernels) {
    for (const bandwidth of [0.1, 0.7, 5]) {
      const b = nw.confidenceBand(q, d.x, d.y, { kernel, bandwidth, level: 0.8 });
      assert.ok(Math.abs(b.sigma - sigma) <= 1e-14 * sigma);
      assert.ok(Math.abs(b.z - 1.2815515655446004) <= 1e-15);
      assert.deepEqual(b.fit, nw.predict(q, d.x, d.y, { kernel, bandwidth }));
      const a = nw.attentionWeights(q, d.x, { kernel, bandwidth, evaluation: 'dense' });
      for (let i = 0; i < q.length; i++) {
        let norm2 = 0;
        for (let j = 0; j < d.x.length; j++) norm2 += a.data[i * d.x.length + j] ** 2;
        const se = sigma * Math.sqrt(norm2);
        assert.ok(Math.abs(b.se[i] - se) <= 1e-12 * se, `${kernel} h=${bandwidth} i=${i}`);
        assert.ok(Math.abs(b.upper[i] - b.fit[i] - b.z * b.se[i]) <= 1e-12 * (1 + b.se[i]));
        assert.ok(Math.abs(b.fit[i] - b.lower[i] - b.z * b.se[i]) <= 1e-12 * (1 + b.se[i]));
      }
    }
  }
  // A narrow h averages few values: a wider band than a wide h's.
  const narrow = nw.confidenceBand([2.5], d.x, d.y, { bandwidth: 0.05 });
  const wide = nw.confidenceBand([2.5], d.x, d.y, { bandwidth: 2 });
  assert.ok(narrow.se[0] > 3 * wide.se[0]);
  // Default level 0.95.
  assert.ok(Math.abs(narrow.z - 1.959963984540054) < 1e-15);
});

test('confidenceBand at the edges and its argument errors', () => {
  // Equal values: sigma = 0, a band of width 0.
  const flat = nw.confidenceBand([0, 1], [0, 1, 2], [3, 3, 3]);
  assert.equal(flat.sigma, 0);
  assert.deepEqual(Array.from(flat.lower), Array.from(flat.fit));
  // Empty support: one-hot row, se = sigma.
  const far = nw.confidenceBand([50], [0, 1, 2], [0, 1, 0], { kernel: 'boxcar', bandwidth: 0.1 });
  assert.ok(Math.abs(far.se[0] - far.sigma) <= 1e-15 * far.sigma);
  const cases = [
    [() => nw.confidenceBand([1], [0, 1], [0, 1], { level: 0 }), RangeError, /level must be > 0/],
    [() => nw.confidenceBand([1], [0, 1], [0, 1], { level: 1 }), RangeError, /level must be < 1/],
    [
      () => nw.confidenceBand([1], [0, 1], [0, 1], { level: '0.9' }),
      TypeError,
      /level must be a finite number/,
    ],
    [() => nw.confidenceBand([1], [0], [0]), RangeError, /keys must have at least 2/],
    [() => nw.confidenceBand([1], [0, 1], [0, 1, 2]), RangeError, /same length/],
  ];
  for (const [call, type, message] of cases)
    assert.throws(call, (e) => e instanceof type && message.test(e.message));
  assert.equal(nw.confidenceBand([1], [0, 1], [0, 1]).fit.length, 1);
});

test("selectBandwidth({method: 'aic'}): AIC_c's choice, its LOO loss, and the small-n edges", () => {
  const d = nw.generateData({ n: 150, seed: SEED % 997 });
  for (const kernel of ['gaussian', 'epanechnikov', 'boxcar']) {
    const a = nw.selectBandwidth(d.x, d.y, { kernel, method: 'aic' });
    assert.ok(a.bandwidth > 0 && Number.isFinite(a.aic));
    assert.equal(a.looLoss, nw.looLoss(d.x, d.y, { kernel, bandwidth: a.bandwidth }));
    // No bandwidth on a log grid has a smaller criterion. AIC_c from the API's own pieces:
    // sigma^2 = training loss (no leave-one-out) / n; tr H from the attention matrix's diagonal.
    const n = d.x.length;
    const aicAt = (h) => {
      const rss = nw.trainingLoss(d.x, d.y, { kernel, bandwidth: h, leaveOneOut: false }).loss;
      const A = nw.attentionWeights(d.x, d.x, { kernel, bandwidth: h });
      let tr = 0;
      for (let i = 0; i < n; i++) tr += A.data[i * n + i];
      return tr + 2 >= n ? Infinity : Math.log(rss / n) + (1 + tr / n) / (1 - (tr + 2) / n);
    };
    assert.ok(Math.abs(aicAt(a.bandwidth) - a.aic) <= 1e-9 * Math.abs(a.aic));
    for (let g = 0; g <= 60; g++) {
      const h = 0.01 * 1000 ** (g / 60);
      assert.ok(a.aic <= aicAt(h) + 1e-9 * Math.abs(a.aic), `${kernel} h=${h}`);
    }
  }
  // LOO-CV and Silverman give no aic; equal values: average pooling with -Infinity.
  assert.equal(nw.selectBandwidth(d.x, d.y).aic, undefined);
  const flat = nw.selectBandwidth([0, 1, 2, 3], [5, 5, 5, 5], { method: 'aic' });
  assert.equal(flat.bandwidth, Infinity);
  assert.equal(flat.aic, -Infinity);
  assert.throws(
    () => nw.selectBandwidth([0, 1], [0, 1], { method: 'aic' }),
    (e) => e instanceof RangeError && /keys must have at least 3/.test(e.message),
  );
  assert.throws(
    () => nw.selectBandwidth([0, 1, 2], [0, 1, 2], { method: 'AIC' }),
    (e) =>
      e instanceof TypeError && /method must be 'loo-cv', 'aic' or 'silverman'/.test(e.message),
  );
});
