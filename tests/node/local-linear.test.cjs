// The local-linear estimator (issue 12) through the API: every function that takes `estimator`
// against a plain weighted least-squares refit written here, the equivalent-kernel attention rows,
// the fallbacks, the option's errors, and the compact kernels' fast sums (the local-linear moments
// of core/compact_sums) against evaluation: 'dense' on random and hostile keys.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { testSeed, prng } = require('../seed.cjs');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
const SEED = testSeed();
const LL = { estimator: 'local-linear' };

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** Kernel weights from the API's own local-constant attention row (no kernel formula here). */
function weightsAt(q, x, opts) {
  return nw.attentionWeights([q], x, opts).data;
}

/** The weighted least-squares line through (x, y) with weights a, evaluated at q (centred, 2x2). */
function wlsAt(q, x, y, a, skip = -1) {
  let s0 = 0,
    sx = 0,
    sy = 0;
  for (let j = 0; j < x.length; j++) {
    if (j === skip) continue;
    s0 += a[j];
    sx += a[j] * x[j];
    sy += a[j] * y[j];
  }
  const xbar = sx / s0,
    ybar = sy / s0;
  let v = 0,
    c = 0;
  for (let j = 0; j < x.length; j++) {
    if (j === skip) continue;
    v += a[j] * (x[j] - xbar) ** 2;
    c += a[j] * (x[j] - xbar) * y[j];
  }
  return ybar + (c / v) * (q - xbar);
}

test('predict, looLoss and looCurve with local-linear equal plain weighted least squares', () => {
  const rand = prng(SEED);
  const n = 120;
  const x = Float64Array.from({ length: n }, () => 5 * rand());
  const y = Float64Array.from(x, (v) => Math.cos(v) + 0.3 * (rand() - 0.5));
  const q = Float64Array.from({ length: 26 }, (_, i) => i / 5);
  for (const kernel of ['gaussian', 'boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine']) {
    for (const bandwidth of [0.4, 1.2]) {
      const opts = { kernel, bandwidth };
      const f = nw.predict(q, x, y, { ...opts, ...LL });
      q.forEach((qi, i) => {
        const ref = wlsAt(qi, x, y, weightsAt(qi, x, opts));
        assert.ok(
          Math.abs(f[i] - ref) <= 1e-9 * Math.max(1, Math.abs(ref)),
          `${kernel} ${bandwidth} ${qi}`,
        );
      });
      // Leave-one-out: row i refits without key i (its kernel weights from a row at x_i).
      let loo = 0;
      for (let i = 0; i < n; i++)
        loo += (wlsAt(x[i], x, y, weightsAt(x[i], x, opts), i) - y[i]) ** 2;
      const api = nw.looLoss(x, y, { ...opts, ...LL });
      assert.ok(Math.abs(api - loo) <= 1e-9 * loo);
      const curve = nw.looCurve(x, y, { kernel, bandwidths: [bandwidth], ...LL });
      assert.equal(curve[0], api);
      // The local-constant default is unchanged by the option's existence.
      assert.deepEqual(
        nw.predict(q, x, y, opts),
        nw.predict(q, x, y, { ...opts, estimator: 'local-constant' }),
      );
    }
  }
});

test('local-linear attention rows: equivalent kernel (sum 1, pools to predict, negative at the edge)', () => {
  const d = nw.generateData({ n: 80, seed: SEED % 1000 });
  const q = nw.testInputs({ step: 0.5 });
  const a = nw.attentionWeights(q, d.x, { bandwidth: 1, ...LL });
  const f = nw.predict(q, d.x, d.y, { bandwidth: 1, ...LL });
  for (let i = 0; i < q.length; i++) {
    let sum = 0,
      pooled = 0;
    for (let j = 0; j < d.x.length; j++) {
      sum += a.data[i * d.x.length + j];
      pooled += a.data[i * d.x.length + j] * d.y[j];
    }
    assert.ok(Math.abs(sum - 1) < 1e-13);
    assert.ok(Math.abs(pooled - f[i]) < 1e-12 * Math.max(1, Math.abs(f[i])));
  }
  assert.ok(
    Math.min(...a.data.subarray(0, d.x.length)) < 0,
    'a boundary query gives far keys negative weight',
  );
  const heat = nw.attentionHeatmap(q, d.x, { bandwidth: 1, maxColumns: 10, ...LL });
  for (let r = 0; r < heat.rows; r++) {
    let s = 0;
    for (let c = 0; c < heat.cols; c++) s += heat.data[r * heat.cols + c];
    assert.ok(Math.abs(s - 1) < 1e-13);
  }
});

test('local-linear at the boundary: closer to the truth at x = 0 than local constant', () => {
  const d = nw.generateData({ n: 200, noise: 0.2, seed: 1 });
  const truth0 = nw.trueFunction([0])[0];
  const lc = nw.predict([0], d.x, d.y, { bandwidth: 0.5 })[0];
  const ll = nw.predict([0], d.x, d.y, { bandwidth: 0.5, ...LL })[0];
  assert.ok(Math.abs(ll - truth0) < Math.abs(lc - truth0) / 2, `ll ${ll} lc ${lc} truth ${truth0}`);
});

test('selectBandwidth and confidenceBand take the estimator; bad estimators are named', () => {
  const d = nw.generateData({ n: 100, seed: 4 });
  const cv = nw.selectBandwidth(d.x, d.y, LL);
  assert.equal(cv.looLoss, nw.looLoss(d.x, d.y, { bandwidth: cv.bandwidth, ...LL }));
  for (const h of [0.05, 0.1, 0.2, 0.4, 0.8, 1.6])
    assert.ok(cv.looLoss <= nw.looLoss(d.x, d.y, { bandwidth: h, ...LL }) * (1 + 1e-12));
  const aic = nw.selectBandwidth(d.x, d.y, { method: 'aic', ...LL });
  assert.ok(Number.isFinite(aic.aic) && aic.bandwidth > 0);
  const band = nw.confidenceBand([0, 2.5], d.x, d.y, { bandwidth: 0.5, ...LL });
  assert.deepEqual(band.fit, nw.predict([0, 2.5], d.x, d.y, { bandwidth: 0.5, ...LL }));
  const a = nw.attentionWeights([0], d.x, { bandwidth: 0.5, ...LL }).data;
  const norm = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  assert.ok(Math.abs(band.se[0] - band.sigma * norm) <= 1e-12 * band.se[0]);
  assert.deepEqual(nw.estimators, ['local-constant', 'local-linear']);
  for (const bad of ['local_linear', 'LL', 1, null])
    assert.throws(
      () => nw.predict([1], d.x, d.y, { estimator: bad }),
      (e) =>
        e instanceof TypeError &&
        /predict: estimator must be one of local-constant, local-linear/.test(e.message),
    );
  // Never NaN: one key, equal keys.
  assert.deepEqual(Array.from(nw.predict([0, 9], [2], [7], LL)), [7, 7]);
  assert.equal(nw.predict([1], [1, 1, 1], [1, 2, 6], LL)[0], 3);
});

const COMPACT = ['boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine'];
const maxAbs = (v) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);

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

/** Windowed (fast sums for compact kernels) against evaluation: 'dense', local linear. */
function assertFastIsDense(x, y, q, kernel, bandwidth, what) {
  const opts = { kernel, bandwidth, ...LL };
  const dense = { ...opts, evaluation: 'dense' };
  assertClose(nw.predict(q, x, y, opts), nw.predict(q, x, y, dense), 1e-12, maxAbs(y), what);
  const lf = nw.looLoss(x, y, opts);
  const ld = nw.looLoss(x, y, dense);
  // Rows that reproduce their point exactly (a loss of rounding) are compared within n (1e-12 y)^2.
  const floor = x.length * (1e-12 * maxAbs(y)) ** 2;
  assert.ok(Math.abs(lf - ld) <= 1e-12 * ld + floor, `${what}: looLoss ${lf} vs dense ${ld}`);
}

test('local-linear compact kernels: windowed equals dense to 1e-12 (random keys, n = 3000)', () => {
  const rand = prng(SEED + 7);
  const n = 3000;
  const x = Float64Array.from({ length: n }, () => 5 * rand());
  const y = Float64Array.from(x, (v, i) => 2 * Math.sin(i * 0.01) + (rand() - 0.5));
  const q = Float64Array.from({ length: 400 }, () => -0.5 + 6 * rand());
  const sorted = Float64Array.from(x).sort();
  let gap = Infinity;
  for (let i = 1; i < n; i++)
    if (sorted[i] > sorted[i - 1]) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  for (const kernel of COMPACT)
    for (const bandwidth of [gap / 2, 0.02, 0.3, 6, 5000])
      assertFastIsDense(x, y, q, kernel, bandwidth, `${kernel} h=${bandwidth}`);
});

test('local-linear compact kernels: hostile spreads, offset values, ties, pairs, equal keys', () => {
  const rand = prng(SEED + 8);
  const n = 2000;
  const grid = (from, span, m) => Float64Array.from({ length: m }, (_, i) => from + (span * i) / m);
  const close = {
    x: Float64Array.from({ length: n }, (_, i) => 1000 + i * 1e-9),
    y: Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.01) + 0.1 * rand()),
  };
  const wideX = Float64Array.from({ length: n }, () => -5e7 + 1e8 * rand());
  const wide = { x: wideX, y: Float64Array.from(wideX, (v) => Math.sin(v / 1e7) + rand() - 0.5) };
  const ties = {
    x: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 50) * 0.1),
    y: Float64Array.from({ length: n }, (_, i) => Math.cos(0.37 * i)),
  };
  // Pairs of keys 1e-6 apart, 3 apart from the next pair: windows of two nearly equal keys.
  const pairs = {
    x: Float64Array.from({ length: n }, (_, i) => 3 * (i >> 1) + (i & 1) * 1e-6),
    y: Float64Array.from({ length: n }, (_, i) => Math.sin(0.1 * (i >> 1)) + (i & 1) * 0.5),
  };
  const same = {
    x: new Float64Array(500).fill(2.5),
    y: Float64Array.from({ length: 500 }, (_, i) => i % 7),
  };
  const cases = [
    ['close', close, [3e-9, 5e-8, 1e-6], grid(1000 - 1e-7, 2.2e-6, 300)],
    ['wide', wide, [1e4, 1e6, 3e7, 1e9], grid(-6e7, 1.2e8, 300)],
    ['ties', ties, [0.05, 0.1, 0.25, 10], grid(-0.5, 5, 200)],
    ['pairs', pairs, [1], grid(-2, 3002, 400)],
    ['equal keys', same, [0.1], grid(2, 1, 50)],
  ];
  for (const kernel of COMPACT)
    for (const [name, d, widths, q] of cases)
      for (const bandwidth of widths)
        assertFastIsDense(d.x, d.y, q, kernel, bandwidth, `${kernel} ${name} h=${bandwidth}`);
  // Values far from 0: predictions to 1e-12 of their magnitude.
  const x = Float64Array.from({ length: n }, () => 5 * rand());
  const y = Float64Array.from(x, (v) => 1e6 + Math.sin(v) + rand());
  for (const kernel of COMPACT) {
    const opts = { kernel, bandwidth: 0.5, ...LL };
    const q = grid(-0.5, 6, 300);
    assertClose(
      nw.predict(q, x, y, opts),
      nw.predict(q, x, y, { ...opts, evaluation: 'dense' }),
      1e-12,
      1e6,
      `${kernel} offset values`,
    );
  }
});

test('local-linear LOO-CV and AIC_c for compact kernels at n = 10^4 (swept evaluations)', () => {
  const { x, y } = nw.generateData({ n: 10000, seed: 5 });
  for (const kernel of COMPACT) {
    const best = nw.selectBandwidth(x, y, { kernel, ...LL });
    assert.ok(Number.isFinite(best.bandwidth) && best.bandwidth > 0, `${kernel} h`);
    assert.equal(best.looLoss, nw.looLoss(x, y, { kernel, bandwidth: best.bandwidth, ...LL }));
    // No nearby bandwidth is better (a local check of the global search's result).
    for (const f of [0.9, 0.97, 1.03, 1.1]) {
      const l = nw.looLoss(x, y, { kernel, bandwidth: best.bandwidth * f, ...LL });
      assert.ok(
        l >= best.looLoss * (1 - 1e-12),
        `${kernel}: h x ${f} gives ${l} < ${best.looLoss}`,
      );
    }
    const aic = nw.selectBandwidth(x, y, { kernel, method: 'aic', ...LL });
    assert.ok(Number.isFinite(aic.aic) && aic.bandwidth > 0, `${kernel} AIC_c`);
    const [at] = nw.aicCurve(x, y, { kernel, bandwidths: [aic.bandwidth], ...LL });
    assert.equal(at, aic.aic, `${kernel}: the AIC_c curve at the choice`);
  }
});
