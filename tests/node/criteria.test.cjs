// The bandwidth criteria as curves and as resumable tasks (issue 12): aicCurve, the AIC_c of each
// bandwidth, against a plain hat-matrix loop; tasks.selectBandwidth and tasks.lossCurve with
// `method`/`criterion` and `estimator` give the one-shot calls' results bit for bit.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { testSeed } = require('../seed.cjs');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
const SEED = testSeed();
const ESTIMATORS = ['local-constant', 'local-linear'];

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/**
 * AIC_c of the smoother whose rows are attentionWeights at the keys themselves: a plain loop
 * over the hat matrix (fit and tr H), independent of the core's fast sums.
 */
function plainAic(keys, values, opts) {
  const n = keys.length;
  const H = nw.attentionWeights(keys, keys, opts).data;
  let rss = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < n; j++) fit += H[i * n + j] * values[j];
    rss += (values[i] - fit) ** 2;
    trace += H[i * n + i];
  }
  if (!(trace + 2 < n)) return Infinity;
  return Math.log(rss / n) + (1 + trace / n) / (1 - (trace + 2) / n);
}

test('aicCurve is AIC_c of the hat matrix at each bandwidth, for both estimators', () => {
  const d = nw.generateData({ n: 120, seed: SEED });
  const bandwidths = [0.03, 0.15, 0.5, 1.2, 4, Infinity];
  for (const estimator of ESTIMATORS) {
    for (const kernel of nw.kernels) {
      const curve = nw.aicCurve(d.x, d.y, { kernel, bandwidths, estimator });
      assert.ok(curve instanceof Float64Array && curve.length === bandwidths.length);
      bandwidths.forEach((bandwidth, i) => {
        const want = plainAic(d.x, d.y, { kernel, bandwidth, estimator });
        const what = `${estimator} ${kernel} h = ${bandwidth}: ${curve[i]} vs ${want}`;
        if (!Number.isFinite(want)) assert.equal(curve[i], want, what);
        else assert.ok(Math.abs(curve[i] - want) <= 1e-9 * Math.max(1, Math.abs(want)), what);
      });
    }
  }
});

test("selectBandwidth({method: 'aic'}) is no worse than any point of the AIC_c curve", () => {
  const d = nw.generateData({ n: 200, seed: SEED + 1 });
  const bandwidths = Array.from({ length: 400 }, (_, i) => 0.01 * 1000 ** (i / 399));
  for (const estimator of ESTIMATORS) {
    for (const kernel of ['gaussian', 'epanechnikov', 'tricube']) {
      const r = nw.selectBandwidth(d.x, d.y, { method: 'aic', kernel, estimator });
      const best = Math.min(...nw.aicCurve(d.x, d.y, { kernel, bandwidths, estimator }));
      assert.ok(
        r.aic <= best + 1e-9 * Math.abs(best),
        `${estimator} ${kernel}: ${r.aic} > ${best}`,
      );
      const [at] = nw.aicCurve(d.x, d.y, { kernel, bandwidths: [r.bandwidth], estimator });
      assert.equal(at, r.aic, `${estimator} ${kernel}: the curve at the choice`);
    }
  }
});

test('tasks.selectBandwidth with method and estimator equals selectBandwidth', () => {
  const d = nw.generateData({ n: 150, seed: SEED + 2 });
  for (const estimator of ESTIMATORS) {
    for (const method of ['loo-cv', 'aic']) {
      for (const kernel of ['gaussian', 'boxcar', 'cosine']) {
        const opts = { kernel, estimator, method };
        const once = nw.selectBandwidth(d.x, d.y, opts);
        const task = nw.tasks.selectBandwidth(d.x, d.y, opts);
        let steps = 0;
        while (!task.step(1)) steps++;
        const r = task.result();
        const what = `${estimator} ${method} ${kernel}`;
        assert.ok(steps > 1, `${what}: one step did all the work`);
        assert.equal(r.bandwidth, once.bandwidth, what);
        assert.equal(r.looLoss, once.looLoss, what);
        assert.equal(r.aic, once.aic, what); // undefined for LOO-CV in both
        assert.equal(typeof r.exact, 'boolean');
      }
    }
  }
});

test("tasks.lossCurve with criterion 'aic' is aicCurve; with an estimator, looCurve", () => {
  const d = nw.generateData({ n: 90, seed: SEED + 3 });
  const bandwidths = [0.1, 0.4, 2, Infinity];
  for (const estimator of ESTIMATORS) {
    const opts = { kernel: 'triangular', bandwidths, estimator };
    const aic = nw.tasks.lossCurve(d.x, d.y, { ...opts, criterion: 'aic' }).run();
    assert.deepEqual(aic.losses, nw.aicCurve(d.x, d.y, opts));
    const loo = nw.tasks.lossCurve(d.x, d.y, opts).run();
    assert.deepEqual(loo.losses, nw.looCurve(d.x, d.y, opts));
  }
  // The local-linear LOO curve differs from the local-constant one (the option is not ignored).
  const lc = nw.looCurve(d.x, d.y, { bandwidths });
  const ll = nw.looCurve(d.x, d.y, { bandwidths, estimator: 'local-linear' });
  assert.notDeepEqual(lc, ll);
});

test('the criteria at their edges and their argument errors', () => {
  // Equal values fit exactly: AIC_c is -Infinity wherever it is defined (tr H + 2 < n).
  const x = [0, 1, 2, 3, 4];
  const ten = Array.from({ length: 10 }, (_, i) => i);
  const flat = nw.aicCurve(ten, new Array(10).fill(2), { bandwidths: [3, 8, Infinity] });
  assert.deepEqual(Array.from(flat), [-Infinity, -Infinity, -Infinity]);
  // h = 0.5 on keys 1 apart: each point nearly fits itself (tr H > n - 2): +Infinity.
  assert.deepEqual(Array.from(nw.aicCurve(x, [2, 2, 2, 2, 2], { bandwidths: [0.5] })), [Infinity]);
  // Three points: tr H >= 1, so tr H + 2 >= n and AIC_c is +Infinity.
  assert.deepEqual(Array.from(nw.aicCurve([0, 1, 3], [1, -1, 2], { bandwidths: [0.2, 5] })), [
    Infinity,
    Infinity,
  ]);
  assert.equal(nw.aicCurve(x, x, { bandwidths: [] }).length, 0);
  assert.throws(
    () => nw.aicCurve([0, 1], [0, 1], { bandwidths: [1] }),
    /aicCurve: keys .*at least 3/,
  );
  assert.throws(() => nw.aicCurve(x, x, { bandwidths: [0] }), /aicCurve: bandwidths/);
  assert.throws(() => nw.aicCurve(x, x, {}), /aicCurve: bandwidths/);
  assert.throws(() => nw.aicCurve(x, x, { bandwidths: [1], estimator: 'll' }), /estimator/);
  assert.throws(
    () => nw.tasks.selectBandwidth(x, x, { method: 'silverman' }),
    /tasks\.selectBandwidth: method must be one of loo-cv, aic/,
  );
  assert.throws(
    () => nw.tasks.lossCurve(x, x, { bandwidths: [1], criterion: 'bic' }),
    /tasks\.lossCurve: criterion must be one of loo-cv, aic/,
  );
  assert.throws(
    () => nw.tasks.selectBandwidth([0, 1], [0, 1], { method: 'aic' }),
    /keys .*at least 3/,
  );
  // A data array in the place of the options (values given to attentionWeights) is an error.
  assert.throws(
    () => nw.attentionWeights(x, x, Float64Array.from(x), { bandwidth: 1 }),
    /attentionWeights: options must be an object \(got a Float64Array/,
  );
  // The module still works after the errors.
  assert.equal(nw.aicCurve(x, [1, 2, 1, 2, 1], { bandwidths: [1] }).length, 1);
});
