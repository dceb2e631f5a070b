// Small calls (issue 11): predict and attentionWeights copy their arguments and write their result
// in one scratch block of the module's memory, malloc'd once at load. These tests hold what that
// must not change: every result is a fresh array (later calls never overwrite it), a call made
// from inside another call's argument getter (the block is busy) gets its own copies, calls larger
// than the block take the malloc path with the same results, and no byte is leaked. Also the
// compute jobs' adaptive stepping (web/js/compute/jobs.js): batches of units give the result of
// one unit per step.
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

test('results are fresh arrays: a later call never changes an earlier result', () => {
  const d = nw.generateData({ n: 50, seed: SEED });
  const q1 = Float64Array.from({ length: 50 }, (_, i) => i * 0.1);
  const q2 = Float64Array.from(q1, (v) => v + 0.05);
  const a = nw.predict(q1, d.x, d.y, { bandwidth: 0.5 });
  const copy = Float64Array.from(a);
  const w = nw.attentionWeights(q1, d.x, { bandwidth: 0.5 });
  const wCopy = Float64Array.from(w.data);
  for (let k = 0; k < 20; k++) {
    nw.predict(q2, d.x, d.y, { bandwidth: 0.2 + k * 0.1 });
    nw.attentionWeights(q2, d.x, { kernel: 'epanechnikov', bandwidth: 1 });
  }
  assert.deepEqual(a, copy, 'the first prediction is unchanged');
  assert.deepEqual(w.data, wCopy, 'the first attention matrix is unchanged');
  assert.notEqual(a.buffer, w.data.buffer);
  a[0] = 1234; // writable and owned by the caller
  assert.equal(nw.predict(q1, d.x, d.y, { bandwidth: 0.5 })[0], copy[0]);
});

test('a call from inside an argument getter (scratch block busy) gives the same results', () => {
  const d = nw.generateData({ n: 40, seed: SEED + 1 });
  const queries = [0.3, 1.7, 2.2, 4.9];
  const expected = nw.predict(queries, d.x, d.y, { bandwidth: 0.4 });
  const inner = [];
  const keys = Array.from(d.x);
  Object.defineProperty(keys, 3, {
    get() {
      // Both entry points, while the outer call's copies sit in the scratch block.
      inner.push(nw.predict([1, 2], d.x, d.y, { bandwidth: 0.7 }));
      inner.push(nw.attentionWeights([1], d.x, { bandwidth: 0.7 }).data);
      return d.x[3];
    },
  });
  const got = nw.predict(queries, keys, d.y, { bandwidth: 0.4 });
  assert.deepEqual(got, expected, 'outer result');
  assert.deepEqual(inner[0], nw.predict([1, 2], d.x, d.y, { bandwidth: 0.7 }), 'inner predict');
  assert.deepEqual(inner[1], nw.attentionWeights([1], d.x, { bandwidth: 0.7 }).data, 'inner rows');
});

test('calls beyond the scratch block (malloc path) equal calls within it, no bytes leaked', () => {
  const rand = prng(SEED + 2);
  const before = nw.memoryUsage().heapInUse;
  // 120 x 400 = 48,000 cells: more than the block's 32,768 doubles. Each row alone fits.
  const keys = Float64Array.from({ length: 400 }, () => 5 * rand());
  const values = Float64Array.from(keys, (x) => Math.sin(x) + rand() - 0.5);
  const queries = Float64Array.from({ length: 120 }, () => 5.2 * rand() - 0.1);
  for (const kernel of ['gaussian', 'tricube']) {
    const big = nw.attentionWeights(queries, keys, { kernel, bandwidth: 0.3 });
    const pred = nw.predict(queries, keys, values, { kernel, bandwidth: 0.3 });
    for (let i = 0; i < queries.length; i++) {
      const row = nw.attentionWeights([queries[i]], keys, { kernel, bandwidth: 0.3 }).data;
      assert.deepEqual(big.data.subarray(i * 400, (i + 1) * 400), row, `${kernel} row ${i}`);
      // A call of many rows may take the fast paths (sweep, expansion) that a one-row call does
      // not: the same value to rounding, not to the bit.
      const one = nw.predict([queries[i]], keys, values, { kernel, bandwidth: 0.3 })[0];
      assert.ok(Math.abs(pred[i] - one) <= 1e-12 * (1 + Math.abs(one)), `${kernel} f[${i}]`);
    }
    // Predictions beyond the block too (40,000 queries).
    const many = Float64Array.from({ length: 40000 }, (_, i) => (i % 400) * 0.0125);
    const p = nw.predict(many, keys, values, { kernel, bandwidth: 0.3 });
    assert.equal(p.length, 40000);
    for (let i = 0; i < 400; i += 37) {
      const one = nw.predict([many[i]], keys, values, { kernel, bandwidth: 0.3 })[0];
      assert.ok(Math.abs(p[i] - one) <= 1e-12 * (1 + Math.abs(one)), `${kernel} many[${i}]`);
    }
  }
  for (let k = 0; k < 500; k++) nw.predict([k * 0.01], keys, values, { bandwidth: 0.5 });
  assert.equal(nw.memoryUsage().heapInUse, before, 'malloc holds the same bytes as before');
});

test('compute jobs step tasks in adaptive batches: the same result as one unit per step', async () => {
  const { JOBS } = await import(
    path.join(__dirname, '..', '..', 'web', 'js', 'compute', 'jobs.js')
  );
  const d = nw.generateData({ n: 300, seed: SEED + 3 });
  const run = (gen) => {
    let r = gen.next();
    const progress = [];
    while (!r.done) {
      progress.push(r.value.done);
      r = gen.next();
    }
    return { result: r.value, progress };
  };
  const job = run(JOBS.selectBandwidth(nw, [d.x, d.y, { kernel: 'tricube' }]));
  const direct = nw.selectBandwidth(d.x, d.y, { kernel: 'tricube' });
  assert.deepEqual(job.result, { bandwidth: direct.bandwidth, looLoss: direct.looLoss });
  const opts = {
    sizes: [10, 30, 100],
    repeats: [3, 2, 1],
    seed: SEED % 1000,
    noise: 0.5,
    kernel: 'gaussian',
    bandwidth: 0.5,
    queries: nw.testInputs({ step: 0.1 }),
  };
  const study = run(JOBS.consistency(nw, opts));
  const task = nw.tasks.consistencyStudy(opts);
  while (!task.step(1));
  const oneByOne = task.result();
  task.dispose();
  assert.deepEqual(study.result, oneByOne, 'batched steps give the one-unit result');
  // Progress only goes forward, and the study took more than one step.
  assert.ok(study.progress.length >= 1);
  assert.deepEqual(
    study.progress,
    [...study.progress].sort((a, b) => a - b),
  );
});
