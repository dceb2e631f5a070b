// Fast sum updating (core/compact_sums) through the public API: the compact kernels' windowed
// results against evaluation: 'dense' on random and hostile keys, the edge cases (empty support,
// ties, all-equal keys, one key), and the LOO-CV search on data sets where it now runs the sweep.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { testSeed, prng } = require('../seed.cjs');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
const SEED = testSeed();
const COMPACT = ['boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine'];

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** max_i |a_i - b_i| <= tol * scale, reporting the worst index. */
function assertClose(a, b, tol, scale, what) {
  assert.equal(a.length, b.length, `${what}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) ((worst = d), (at = i));
  }
  assert.ok(worst <= tol * scale, `${what}: [${at}] ${a[at]} vs ${b[at]} (diff ${worst})`);
}

function randomData(rand, n, origin, span) {
  const x = Float64Array.from({ length: n }, () => origin + span * rand());
  const y = Float64Array.from(x, (v, i) => 2 * Math.sin(i * 0.01) + (rand() - 0.5));
  return { x, y };
}

const maxAbs = (v) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);

test('compact kernels: predictions on 10^5 random keys equal the dense sums to 1e-12', () => {
  const rand = prng(SEED);
  const { x, y } = randomData(rand, 1e5, 0, 5);
  const q = Float64Array.from({ length: 400 }, () => -0.5 + 6 * rand());
  const sorted = Float64Array.from(x).sort();
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i] > sorted[i - 1]) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  for (const kernel of COMPACT) {
    // Below the smallest gap, ordinary widths, and spanning the whole range.
    for (const bandwidth of [gap / 2, 0.01, 0.3, 6, 100]) {
      const fast = nw.predict(q, x, y, { kernel, bandwidth });
      const dense = nw.predict(q, x, y, { kernel, bandwidth, evaluation: 'dense' });
      assertClose(fast, dense, 1e-12, maxAbs(y), `${kernel} h=${bandwidth}`);
    }
  }
});

/** K(u) and K'(u) of the trainable compact kernels, written out (|u| < 1; 0 outside). */
const SHAPES = {
  epanechnikov: (u) => [1 - u * u, -2 * u],
  triangular: (u) => [1 - Math.abs(u), -Math.sign(u)],
  tricube: (u) => {
    const a = Math.abs(u);
    const t = 1 - a * a * a;
    return [t * t * t, -9 * t * t * u * a];
  },
  cosine: (u) => [Math.cos((Math.PI * u) / 2), (-Math.PI / 2) * Math.sin((Math.PI * u) / 2)],
};

/** The leave-one-out loss and dL/dw by a plain double loop over all pairs (the definition). */
function plainLooGradient(x, y, kernel, w) {
  let loss = 0;
  let grad = 0;
  let scale = 0; // sum of |terms| of the gradient, for a relative tolerance
  for (let i = 0; i < x.length; i++) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < x.length; j++) {
      if (j === i) continue;
      const u = (x[i] - x[j]) * w;
      if (Math.abs(u) >= 1) continue;
      const e = SHAPES[kernel](u)[0];
      s0 += e;
      s1 += e * y[j];
    }
    if (!(s0 > 0)) continue; // one-hot rows: no gradient (compared through the loss only)
    const f = s1 / s0;
    let dnum = 0;
    for (let j = 0; j < x.length; j++) {
      if (j === i) continue;
      const d = x[i] - x[j];
      const u = d * w;
      if (Math.abs(u) >= 1) continue;
      dnum += (y[j] - f) * SHAPES[kernel](u)[1] * d;
    }
    loss += (f - y[i]) ** 2;
    grad += 2 * (f - y[i]) * (dnum / s0);
    scale += Math.abs(2 * (f - y[i]) * (dnum / s0));
  }
  return { loss, grad, scale };
}

test('compact kernels: the LOO loss and its gradient equal a plain double loop (n = 3000)', () => {
  const rand = prng(SEED + 1);
  const { x, y } = randomData(rand, 3000, -1, 3);
  for (const kernel of Object.keys(SHAPES)) {
    for (const bandwidth of [0.05, 0.7, 10]) {
      const what = `${kernel} h=${bandwidth}`;
      const fast = nw.looLoss(x, y, { kernel, bandwidth });
      const dense = nw.looLoss(x, y, { kernel, bandwidth, evaluation: 'dense' });
      assert.ok(Math.abs(fast - dense) <= 1e-12 * dense, `${what}: ${fast} vs dense ${dense}`);
      const g = nw.trainingLoss(x, y, { kernel, w: 1 / bandwidth, leaveOneOut: true });
      assert.ok(Math.abs(g.loss - fast) <= 1e-15 * fast, `${what}: trainingLoss = looLoss`);
      // Every window holds more than one key at these widths: the plain loop has no one-hot row.
      const ref = plainLooGradient(x, y, kernel, 1 / bandwidth);
      assert.ok(
        Math.abs(fast - ref.loss) <= 1e-12 * ref.loss,
        `${what}: loss ${fast} vs ${ref.loss}`,
      );
      assert.ok(
        Math.abs(g.gradient - ref.grad) <= 1e-10 * ref.scale,
        `${what}: gradient ${g.gradient} vs plain ${ref.grad} (scale ${ref.scale})`,
      );
    }
  }
});

test('compact kernels: hostile spreads (keys 1e-9 apart near 1e3, keys spanning 1e8)', () => {
  const rand = prng(SEED + 2);
  const n = 3000;
  const close = {
    x: Float64Array.from({ length: n }, (_, i) => 1000 + i * 1e-9),
    y: Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.01) + 0.1 * rand()),
  };
  const wide = randomData(rand, n, -5e7, 1e8);
  const cases = [
    [close, [3e-9, 4e-8, 1e-6], 1000 - 1e-7, 3.2e-6],
    [wide, [1e4, 1e6, 3e7, 1e9], -6e7, 1.2e8],
  ];
  for (const kernel of COMPACT) {
    for (const [d, widths, from, span] of cases) {
      const q = Float64Array.from({ length: 300 }, (_, i) => from + (span * i) / 300);
      for (const bandwidth of widths) {
        const what = `${kernel} h=${bandwidth}`;
        const fast = nw.predict(q, d.x, d.y, { kernel, bandwidth });
        const dense = nw.predict(q, d.x, d.y, { kernel, bandwidth, evaluation: 'dense' });
        assertClose(fast, dense, 1e-12, maxAbs(d.y), what);
        const lf = nw.looLoss(d.x, d.y, { kernel, bandwidth });
        const ld = nw.looLoss(d.x, d.y, { kernel, bandwidth, evaluation: 'dense' });
        assert.ok(Math.abs(lf - ld) <= 1e-12 * ld, `${what} looLoss ${lf} vs ${ld}`);
      }
    }
  }
});

test('compact kernels: empty supports, ties, all-equal keys and one key', () => {
  for (const kernel of COMPACT) {
    // Ties: 50 copies of each of 40 keys; queries between and on them.
    const x = Float64Array.from({ length: 2000 }, (_, i) => Math.floor(i / 50) * 0.1);
    const y = Float64Array.from({ length: 2000 }, (_, i) => Math.cos(0.37 * i));
    const q = Float64Array.from({ length: 200 }, (_, i) => -0.5 + (5 * i) / 200);
    for (const bandwidth of [0.05, 0.1, 0.25, 10]) {
      const fast = nw.predict(q, x, y, { kernel, bandwidth });
      const dense = nw.predict(q, x, y, { kernel, bandwidth, evaluation: 'dense' });
      assertClose(fast, dense, 1e-12, 1, `${kernel} ties h=${bandwidth}`);
      const lf = nw.looLoss(x, y, { kernel, bandwidth });
      const ld = nw.looLoss(x, y, { kernel, bandwidth, evaluation: 'dense' });
      assert.ok(Math.abs(lf - ld) <= 1e-12 * ld, `${kernel} ties looLoss h=${bandwidth}`);
    }
    // Empty supports (h below every gap): each query gets its nearest key's value.
    const far = nw.predict(Float64Array.of(0.04, 0.26, 9), x, y, { kernel, bandwidth: 1e-3 });
    assert.deepEqual(Array.from(far), [y[0], y[150], y[1950]], `${kernel} empty support`);
    // All keys equal: the mean of the (other) values, whatever the width.
    const same = new Float64Array(500).fill(2.5);
    const v = Float64Array.from({ length: 500 }, (_, i) => i % 7);
    const mean = v.reduce((a, b) => a + b, 0) / 500;
    const f = nw.predict(Float64Array.of(2.5, 2.52), same, v, { kernel, bandwidth: 0.1 });
    assertClose(f, [mean, mean], 1e-14, 1, `${kernel} all equal`);
    // One key.
    const one = nw.predict(Float64Array.of(-3, 1, 5), Float64Array.of(1), Float64Array.of(4), {
      kernel,
      bandwidth: 0.5,
    });
    assert.deepEqual(Array.from(one), [4, 4, 4], `${kernel} one key`);
  }
});

test('LOO-CV for compact kernels at n = 10^4 returns a minimum of looLoss (swept evaluations)', () => {
  const { x, y } = nw.generateData({ n: 10000, seed: 2 });
  for (const kernel of ['epanechnikov', 'tricube']) {
    const best = nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' });
    assert.ok(Number.isFinite(best.bandwidth) && best.bandwidth > 0, `${kernel} h`);
    assert.equal(best.looLoss, nw.looLoss(x, y, { kernel, bandwidth: best.bandwidth }));
    // No nearby bandwidth is better (a local check of the global search's result).
    for (const f of [0.9, 0.97, 1.03, 1.1]) {
      const l = nw.looLoss(x, y, { kernel, bandwidth: best.bandwidth * f });
      assert.ok(
        l >= best.looLoss * (1 - 1e-12),
        `${kernel}: h x ${f} gives ${l} < ${best.looLoss}`,
      );
    }
  }
});

// The plain local-constant LOO loss of a compact kernel, every pair, in double: a row with no key
// within h takes its nearest other key's value (equal distances: the lower index).
function plainLoo(x, y, kernel, w) {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    let s0 = 0;
    let s1 = 0;
    let nearest = -1;
    for (let j = 0; j < x.length; j++) {
      if (j === i) continue;
      const u = (x[i] - x[j]) * w;
      if (nearest < 0 || Math.abs(x[i] - x[j]) < Math.abs(x[i] - x[nearest])) nearest = j;
      if (Math.abs(u) > 1) continue;
      const k = kernel === 'boxcar' ? 1 : SHAPES[kernel](u)[0];
      s0 += k;
      s1 += k * y[j];
    }
    const f = s0 > 0 ? s1 / s0 : y[nearest];
    loss += (f - y[i]) ** 2;
  }
  return loss;
}

test('compact kernels: narrow windows (the paired pass, 0-15 keys per row) equal dense and a plain loop', () => {
  const rand = prng(SEED + 5);
  // 2000 keys on [-1, 3] (mean gap 2e-3), a tenth of them rounded to ties, two far away.
  const { x, y } = randomData(rand, 2000, -1, 4);
  for (let i = 0; i < 200; i++) x[i] = Math.round(x[i] * 100) / 100;
  x[1500] = 40;
  x[1501] = -30;
  for (const kernel of COMPACT) {
    for (const bandwidth of [1e-6, 3e-4, 1.7e-3, 7e-3, 1.5e-2]) {
      const what = `${kernel} h=${bandwidth}`;
      const fast = nw.looLoss(x, y, { kernel, bandwidth });
      const dense = nw.looLoss(x, y, { kernel, bandwidth, evaluation: 'dense' });
      assert.ok(Math.abs(fast - dense) <= 1e-12 * dense, `${what}: ${fast} vs dense ${dense}`);
      const plain = plainLoo(x, y, kernel, 1 / bandwidth);
      assert.ok(Math.abs(fast - plain) <= 1e-12 * plain, `${what}: ${fast} vs plain ${plain}`);
      // The same rows as a curve, and with the gradient (direct rows, not the pass).
      const [curve] = nw.looCurve(x, y, { kernel, bandwidths: [bandwidth] });
      assert.equal(curve, fast, `${what}: looCurve`);
      if (kernel === 'boxcar') continue; // not trainable
      const g = nw.trainingLoss(x, y, { kernel, w: 1 / bandwidth, leaveOneOut: true });
      assert.ok(Math.abs(g.loss - fast) <= 1e-12 * fast, `${what}: trainingLoss`);
    }
  }
});
