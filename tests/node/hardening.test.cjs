// Hardening of the JS API (issue 7): every entry validates before allocating, the documented
// size limits, numerical extremes, many errors in a row, and long sessions without memory growth.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

const finite = (a) => Array.from(a).every(Number.isFinite);

test('every entry rejects bad arrays, options and names with a named TypeError or RangeError, leaking nothing', () => {
  const good = [1, 2, 3];
  // [bad value, the error class, what the message must say about the argument]
  const badArrays = [
    [undefined, TypeError, 'must be a Float64Array or an array of numbers (got undefined)'],
    [null, TypeError, 'must be a Float64Array or an array of numbers (got null)'],
    [5, TypeError, 'must be a Float64Array or an array of numbers (got 5)'],
    ['abc', TypeError, 'must be a Float64Array or an array of numbers (got "abc")'],
    [{}, TypeError, 'must be a Float64Array or an array of numbers (got an object)'],
    [[1, NaN, 3], TypeError, '[1] must be a finite number (got NaN)'],
    [[1, -Infinity, 3], TypeError, '[1] must be a finite number (got -Infinity)'],
    [[1, '2', 3], TypeError, '[1] must be a number (got "2")'],
    [[1, 2n, 3], TypeError, '[1] must be a number (got 2n)'],
    [
      new DataView(new ArrayBuffer(8)),
      TypeError,
      'must be a Float64Array or an array of numbers (got an object)',
    ],
  ];
  // [function, argument, call with that argument replaced]
  const calls = [
    ['trueFunction', 'x', (a) => nw.trueFunction(a)],
    ['kernelValues', 'u', (a) => nw.kernelValues(a)],
    ['averagePooling', 'values', (a) => nw.averagePooling(a)],
    ['predict', 'queries', (a) => nw.predict(a, good, good)],
    ['predict', 'keys', (a) => nw.predict(good, a, good)],
    ['predict', 'values', (a) => nw.predict(good, good, a)],
    ['attentionWeights', 'queries', (a) => nw.attentionWeights(a, good)],
    ['attentionWeights', 'keys', (a) => nw.attentionWeights(good, a)],
    ['attentionHeatmap', 'keys', (a) => nw.attentionHeatmap(good, a)],
    ['looLoss', 'keys', (a) => nw.looLoss(a, good)],
    ['trainingLoss', 'values', (a) => nw.trainingLoss(good, a)],
    ['trainParametric', 'keys', (a) => nw.trainParametric(a, good)],
    ['looCurve', 'values', (a) => nw.looCurve(good, a, { bandwidths: [1] })],
    ['looCurve', 'bandwidths', (a) => nw.looCurve(good, good, { bandwidths: a })],
    ['selectBandwidth', 'keys', (a) => nw.selectBandwidth(a, good)],
  ];
  const heap = nw.memoryUsage().heapInUse;
  for (const [fn, arg, call] of calls) {
    for (const [bad, type, says] of badArrays) {
      const expected = `${fn}: ${arg}${says.startsWith('[') ? '' : ' '}${says}`;
      // The problem first and the value last ("must be a finite number ... (got NaN)").
      const [problem, got] = expected.split(' (got ');
      assert.throws(
        () => call(bad),
        (e) =>
          e instanceof type && e.message.startsWith(problem) && e.message.endsWith(` (got ${got}`),
        `${fn}(${arg}: ${String(bad)}) -> ${expected}`,
      );
    }
  }
  // [call, error class, message pattern naming the option]
  const badOptions = [
    [
      () => nw.generateData({ n: -5 }),
      RangeError,
      /^generateData: n must be >= 1 and <= 4000000 \(got -5\)$/,
    ],
    [
      () => nw.generateData({ n: 1e9 }),
      RangeError,
      /^generateData: n must be >= 1 and <= 4000000 \(got 1000000000\)$/,
    ],
    [
      () => nw.generateData({ xMax: 0 }),
      RangeError,
      /^generateData: xMax must be > 0 and <= 1e\+300 \(got 0\)$/,
    ],
    [
      () => nw.generateData({ seed: 2 ** 60 }),
      RangeError,
      /^generateData: seed must be >= 0 and <= 9007199254740991/,
    ],
    [
      () => nw.predict(good, good, good, { bandwidth: -1 }),
      RangeError,
      /^predict: bandwidth must be > 0 \(got -1\)$/,
    ],
    [
      () => nw.predict(good, good, good, { bandwidth: NaN }),
      TypeError,
      /^predict: bandwidth must be a finite number/,
    ],
    [
      () => nw.predict(good, good, good, { bandwidth: 1, w: 1 }),
      TypeError,
      /^predict: give either bandwidth or w, not both$/,
    ],
    [
      () => nw.predict(good, good, good, { kernel: 7 }),
      TypeError,
      /^predict: kernel must be one of gaussian, .* \(got 7\)$/,
    ],
    [
      () => nw.predict(good, good, good, { evaluation: 'fast' }),
      TypeError,
      /^predict: evaluation must be 'windowed' or 'dense' \(got "fast"\)$/,
    ],
    [
      () => nw.trainParametric(good, good, { epochs: 2.5 }),
      RangeError,
      /^trainParametric: epochs must be an integer \(got 2.5\)$/,
    ],
    [
      () => nw.trainParametric(good, good, { epochs: 1e7 }),
      RangeError,
      /^trainParametric: epochs must be >= 1 and <= 1000000 \(got 10000000\)$/,
    ],
    [
      () => nw.trainParametric(good, good, { learningRate: -1 }),
      RangeError,
      /^trainParametric: learningRate must be >= 0 \(got -1\)$/,
    ],
    [
      () => nw.trainParametric(good, good, { leaveOneOut: 'yes' }),
      TypeError,
      /^trainParametric: leaveOneOut must be true or false \(got "yes"\)$/,
    ],
    [
      () => nw.trainParametric(good, good, { w0: Infinity }),
      TypeError,
      /^trainParametric: w0 must be a finite number \(got Infinity\)$/,
    ],
    [
      () => nw.testInputs({ step: 1e-9 }),
      RangeError,
      /^testInputs: xMax \/ step must be <= 4000000/,
    ],
    [
      () => nw.looCurve(good, good, { bandwidths: [1, 0] }),
      RangeError,
      /^looCurve: bandwidths\[1\] must be > 0 \(got 0\)$/,
    ],
    [() => nw.trueFunction([0, -1]), RangeError, /^trueFunction: x\[1\] must be >= 0 \(got -1\)$/],
  ];
  for (const [call, type, pattern] of badOptions) {
    assert.throws(
      call,
      (e) => e instanceof type && pattern.test(e.message),
      `${String(call)} -> ${pattern}`,
    );
  }
  assert.equal(nw.memoryUsage().heapInUse, heap, 'no bytes leaked by the failing calls');
  // After all of that the module still computes.
  assert.deepEqual([...nw.predict([2], good, good, { bandwidth: 1e-6 })], [2]);
});

test('size limits: a 50,000 x 50,000 attention matrix is refused before any allocation', () => {
  const before = nw.memoryUsage().heapBytes;
  const big = new Float64Array(50000);
  assert.throws(() => nw.attentionWeights(big, big), RangeError);
  assert.throws(() => nw.predict(new Float64Array(nw.limits.maxPoints + 1), [1], [1]), RangeError);
  assert.equal(nw.memoryUsage().heapBytes, before, 'no heap growth from refused calls');
  assert.ok(nw.limits.maxAttentionCells >= 2500 && nw.limits.maxPoints >= 1e6);
});

test('numerical extremes stay finite: bandwidths 1e-300..1e300, queries at +/-1e300, degenerate keys', () => {
  const keySets = [
    [[2.5], [7]], // a single key
    [
      [1, 1, 1, 1],
      [1, 2, 3, 4],
    ], // all keys equal
    [
      [0, 1, 1, 2, 2, 2],
      [5, 6, 7, 8, 9, 10],
    ], // duplicates
    [
      [-1e300, 0, 1e300],
      [1, 2, 3],
    ], // keys across the double range
  ];
  const queries = [-1e300, -1, 0, 1, 1.5, 1e300];
  for (const kernel of nw.kernels) {
    for (const h of [1e-300, 1e-100, 1e-8, 1, 1e8, 1e100, 1e300]) {
      for (const [x, y] of keySets) {
        const f = nw.predict(queries, x, y, { kernel, bandwidth: h });
        assert.ok(finite(f), `${kernel} h=${h} keys=${x}`);
        const lo = Math.min(...y);
        const hi = Math.max(...y);
        assert.ok(
          f.every((v) => v >= lo - 1e-9 && v <= hi + 1e-9),
          'a convex combination of the values',
        );
        const a = nw.attentionWeights(queries, x, { kernel, bandwidth: h });
        for (let i = 0; i < a.rows; i++) {
          let s = 0;
          for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j];
          assert.ok(Math.abs(s - 1) < 1e-12, `row ${i} sums to ${s}`);
        }
        if (x.length >= 2) assert.ok(Number.isFinite(nw.looLoss(x, y, { kernel, bandwidth: h })));
      }
    }
  }
  // At h = 1e-300 every Gaussian score is -inf: each query gets its nearest key's value.
  assert.deepEqual(
    [...nw.predict([0.9, 1.6], [0, 1, 2], [10, 20, 30], { bandwidth: 1e-300 })],
    [20, 30],
  );
  const t = nw.trainParametric([0, 0, 0], [1, 2, 3], { w0: 1e300, learningRate: 1e300, epochs: 3 });
  assert.ok(!Number.isNaN(t.w) && t.losses.every(Number.isFinite));
});

test('long session: 10,000 refits and 1,000 training runs without memory growth', () => {
  const { x, y } = nw.generateData({ n: 50, seed: 3 });
  const q = nw.testInputs();
  // Warm up once so the heap has reached its working size.
  nw.attentionWeights(q, x, { bandwidth: 0.5 });
  nw.trainParametric(x, y, { epochs: 5 });
  const before = nw.memoryUsage();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10000; i++) {
    const h = 0.01 * 1.0007 ** i;
    nw.predict(q, x, y, { bandwidth: h });
    if (i % 10 === 0) nw.attentionWeights(q, x, { bandwidth: h });
  }
  for (let i = 0; i < 1000; i++)
    nw.trainParametric(x, y, { epochs: 5, seed: i, batchSize: 1 + (i % 50) });
  global.gc?.();
  const after = nw.memoryUsage();
  assert.equal(after.heapBytes, before.heapBytes, 'the WebAssembly memory did not grow');
  assert.equal(after.heapInUse, before.heapInUse, 'malloc holds the same bytes as before');
  // The JS heap: garbage may not be collected yet; bound the growth at 64 MB.
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 2 ** 20);
});

test('an allocation failing inside the core (the 1 GB heap full): a named Error, nothing leaked, the module keeps working', async () => {
  // An instance of its own: this test fills its heap to the limit.
  const own = await NadarayaWatson.load();
  const n = own.limits.maxPoints;
  const x = Float64Array.from({ length: n }, (_, i) => (5 * i) / n);
  const y = x.map(Math.sin);
  const baseline = own.memoryUsage().heapInUse;
  // A loss-curve task keeps its data in the heap (about 128 MB at n = 4e6) until disposed: tasks
  // are made until one fails, then smaller ones, so the last failures come from allocations the
  // core makes after api.js has copied the arrays in. A failure must leave the heap as it was:
  // the core's destructors ran (built without WebAssembly exceptions, one such failure kept
  // 96 MB for good).
  const tasks = [];
  const failures = [];
  for (const size of [n, n / 2, n / 4, n / 8]) {
    for (let i = 0; i < 64; i++) {
      const before = own.memoryUsage().heapInUse;
      try {
        tasks.push(
          own.tasks.lossCurve(x.subarray(0, size), y.subarray(0, size), { bandwidths: [0.1] }),
        );
      } catch (e) {
        failures.push(e);
        assert.equal(e.constructor, Error, e.message);
        assert.match(e.message, /^tasks\.lossCurve: out of memory /);
        assert.equal(own.memoryUsage().heapInUse, before, `nothing kept after "${e.message}"`);
        break;
      }
    }
  }
  assert.equal(own.memoryUsage().heapBytes, 2 ** 30, 'the heap reached its 1 GB limit');
  assert.ok(
    failures.some((e) =>
      e.message.endsWith(': out of memory (the WebAssembly heap is limited to 1 GB)'),
    ),
    `a failure inside the core: ${failures.map((e) => e.message).join(' | ')}`,
  );
  for (const t of tasks) t.dispose();
  assert.equal(own.memoryUsage().heapInUse, baseline, 'the heap holds what it held before');
  assert.deepEqual([...own.predict([2], [1, 2, 3], [1, 2, 3], { bandwidth: 1e-6 })], [2]);
});
