// The adversarial audit of the JS API (issue 15): callers' objects that run code (getters,
// Proxies, detached buffers, re-entrant calls) on every entry point, and finite inputs whose
// results used to overflow. Every failing call must be a TypeError/RangeError naming the function
// and the argument, leave malloc's bytes in use unchanged, and leave the module working.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));

// The seed of the randomized test (tests/seed.cjs): NW_TEST_SEED replays a run, CI fixes it, and
// it is printed with this file's name either way.
const { testSeed, prng } = require('../seed.cjs');
const SEED = testSeed();

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** A Float64Array whose buffer has been transferred away (detached). */
function detached(n = 4) {
  const a = new Float64Array(n).fill(1);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  assert.equal(a.length, 0, 'the view is detached');
  return a;
}

/**
 * Asserts that call() throws a TypeError or RangeError whose message starts with "fn: " and
 * mentions `arg`, that malloc holds exactly the bytes it held before, and that the module still
 * computes.
 */
function rejects(fn, arg, call, what = '') {
  const before = nw.memoryUsage().heapInUse;
  assert.throws(
    call,
    (e) => {
      assert.ok(
        e instanceof TypeError || e instanceof RangeError,
        `${what}: ${e && e.constructor.name}: ${e && e.message}`,
      );
      assert.ok(e.message.startsWith(`${fn}: `), `${what}: "${e.message}" names ${fn}`);
      assert.ok(e.message.includes(arg), `${what}: "${e.message}" names ${arg}`);
      return true;
    },
    what,
  );
  assert.equal(nw.memoryUsage().heapInUse, before, `${what}: no bytes leaked`);
  assert.deepEqual(
    [...nw.predict([2], [1, 2, 3], [1, 2, 3], { bandwidth: 1e-6 })],
    [2],
    `${what}: still works`,
  );
}

const K = [0, 1, 2, 3];
const V = [1, 2, 3, 4];
/** Every entry point with an array argument: [function name, argument name, call with that argument replaced]. */
const ARRAY_SLOTS = [
  ['trueFunction', 'x', (a) => nw.trueFunction(a)],
  ['kernelValues', 'u', (a) => nw.kernelValues(a, { kernel: 'tricube' })],
  ['averagePooling', 'values', (a) => nw.averagePooling(a)],
  ['predict', 'queries', (a) => nw.predict(a, K, V)],
  ['predict', 'keys', (a) => nw.predict([1], a, V)],
  ['predict', 'values', (a) => nw.predict([1], K, a)],
  ['attentionWeights', 'queries', (a) => nw.attentionWeights(a, K)],
  ['attentionWeights', 'keys', (a) => nw.attentionWeights([1], a)],
  ['attentionHeatmap', 'queries', (a) => nw.attentionHeatmap(a, K)],
  ['attentionHeatmap', 'keys', (a) => nw.attentionHeatmap([1], a)],
  ['looLoss', 'keys', (a) => nw.looLoss(a, V)],
  ['looLoss', 'values', (a) => nw.looLoss(K, a)],
  ['trainingLoss', 'keys', (a) => nw.trainingLoss(a, V)],
  ['trainingLoss', 'values', (a) => nw.trainingLoss(K, a)],
  ['trainParametric', 'keys', (a) => nw.trainParametric(a, V)],
  ['trainParametric', 'values', (a) => nw.trainParametric(K, a)],
  ['looCurve', 'keys', (a) => nw.looCurve(a, V, { bandwidths: [1] })],
  ['looCurve', 'values', (a) => nw.looCurve(K, a, { bandwidths: [1] })],
  ['looCurve', 'bandwidths', (a) => nw.looCurve(K, V, { bandwidths: a })],
  ['selectBandwidth', 'keys', (a) => nw.selectBandwidth(a, V)],
  ['selectBandwidth', 'values', (a) => nw.selectBandwidth(K, a, { method: 'silverman' })],
];

/** The same call with a plain array of the given numbers (what a hostile array must behave like). */
const plainResult = (call, numbers) => call(numbers);

test('detached buffers: a named TypeError on every array argument, nothing leaked', () => {
  for (const [fn, arg, call] of ARRAY_SLOTS) {
    rejects(fn, arg, () => call(detached()), `${fn}(${arg}: detached)`);
    assert.throws(() => call(detached()), /detached/);
  }
});

test('Proxies and arrays that throw, lie about their length or are revoked: named TypeErrors', () => {
  const hostile = {
    'element getter throws': () =>
      new Proxy([1, 2, 3, 4], {
        get: (t, k) =>
          k === '2'
            ? (() => {
                throw new Error('boom');
              })()
            : Reflect.get(t, k),
      }),
    'length getter throws': () =>
      new Proxy([1, 2, 3, 4], {
        get: (t, k) =>
          k === 'length'
            ? (() => {
                throw new Error('boom');
              })()
            : Reflect.get(t, k),
      }),
    'throws a non-Error': () =>
      new Proxy([1, 2, 3, 4], {
        get: () => {
          // eslint-disable-next-line no-throw-literal -- a caller's Proxy may throw anything
          throw 42;
        },
      }),
    'revoked Proxy': () => {
      const r = Proxy.revocable([1, 2, 3, 4], {});
      r.revoke();
      return r.proxy;
    },
    'negative length': () =>
      new Proxy([1, 2, 3, 4], { get: (t, k) => (k === 'length' ? -1 : Reflect.get(t, k)) }),
    'huge length': () =>
      new Proxy([1, 2, 3, 4], { get: (t, k) => (k === 'length' ? 1e20 : Reflect.get(t, k)) }),
    'string length': () =>
      new Proxy([1, 2, 3, 4], { get: (t, k) => (k === 'length' ? '4' : Reflect.get(t, k)) }),
    'element is an object with valueOf': () => [1, { valueOf: () => 2 }, 3, 4],
    'element getter returns a string': () =>
      Object.defineProperty([1, 2, 3, 4], 1, { get: () => '2' }),
    BigInt64Array: () => new BigInt64Array(4),
    'Proxy of a Float64Array': () => new Proxy(new Float64Array(4), {}),
  };
  for (const [fn, arg, call] of ARRAY_SLOTS) {
    for (const [name, make] of Object.entries(hostile))
      rejects(fn, arg, () => call(make()), `${fn}(${arg}: ${name})`);
  }
});

test('arrays whose elements change on a second read are read once: the result of the first reading', () => {
  // Each element reads as a valid number the first time and NaN afterwards.
  const onceValid = (numbers) => {
    const reads = new Map();
    return new Proxy(numbers.slice(), {
      get(t, k) {
        if (typeof k === 'string' && /^\d+$/.test(k)) {
          const n = (reads.get(k) ?? 0) + 1;
          reads.set(k, n);
          return n === 1 ? t[k] : NaN;
        }
        return Reflect.get(t, k);
      },
    });
  };
  // An index getter that first calls into the module and grows its memory (a stale HEAPF64 view
  // would lose the element).
  const growing = (numbers) => {
    const a = numbers.slice();
    Object.defineProperty(a, 1, {
      get() {
        nw.generateData({ n: 300000 }); // ~5 MB of results: the heap grows at least once
        return numbers[1];
      },
    });
    return a;
  };
  const numbersOf = { bandwidths: [0.5, 1, 2, 3] };
  for (const [fn, arg, call] of ARRAY_SLOTS) {
    const numbers = numbersOf[arg] ?? [0.5, 1.5, 2.5, 3.5];
    const expected = plainResult(call, numbers);
    assert.deepEqual(
      call(onceValid(numbers)),
      expected,
      `${fn}(${arg}: elements NaN on a second read)`,
    );
    assert.deepEqual(call(growing(numbers)), expected, `${fn}(${arg}: getter grows the heap)`);
    // A typed array with an own length that lies: the engine's length is used.
    const lying = Float64Array.from(numbers);
    Object.defineProperty(lying, 'length', { get: () => 1e9 });
    assert.deepEqual(call(lying), expected, `${fn}(${arg}: own length getter)`);
  }
});

test('options are read once, before the arrays: a getter cannot change checked data', () => {
  // The audit's reproduction: the kernel getter fills the keys with NaN after they were checked.
  const k = Float64Array.of(0, 1, 2, 3);
  rejects(
    'attentionWeights',
    'keys[0]',
    () =>
      nw.attentionWeights([1], k, {
        get kernel() {
          k.fill(NaN);
          return 'gaussian';
        },
      }),
    'attentionWeights kernel getter',
  );
  // Adds bandwidths to an options object without reading its other properties.
  const withBandwidths = (o) => {
    try {
      Object.defineProperty(o, 'bandwidths', { value: [1], configurable: true });
    } catch (e) {
      // a revoked Proxy: the call must fail on it anyway
    }
    return o;
  };
  const calls = [
    ['predict', (a, o) => nw.predict([1], a, V, o)],
    ['attentionWeights', (a, o) => nw.attentionWeights([1], a, o)],
    ['attentionHeatmap', (a, o) => nw.attentionHeatmap([1], a, o)],
    ['looLoss', (a, o) => nw.looLoss(a, V, o)],
    ['trainingLoss', (a, o) => nw.trainingLoss(a, V, o)],
    ['trainParametric', (a, o) => nw.trainParametric(a, V, o)],
    ['looCurve', (a, o) => nw.looCurve(a, V, withBandwidths(o))],
    ['selectBandwidth', (a, o) => nw.selectBandwidth(a, V, o)],
  ];
  for (const [fn, call] of calls) {
    const keys = Float64Array.of(0, 1, 2, 3);
    rejects(
      fn,
      'keys[0]',
      () =>
        call(keys, {
          get kernel() {
            keys.fill(NaN);
            return 'gaussian';
          },
        }),
      `${fn}: kernel getter poisons the keys`,
    );
    const keys2 = Float64Array.of(0, 1, 2, 3);
    rejects(
      fn,
      'keys',
      () =>
        call(keys2, {
          get kernel() {
            structuredClone(keys2.buffer, { transfer: [keys2.buffer] });
            return 'gaussian';
          },
        }),
      `${fn}: kernel getter detaches the keys`,
    );
    rejects(
      fn,
      'options.kernel',
      () =>
        call(K, {
          get kernel() {
            throw new Error('no');
          },
        }),
      `${fn}: kernel getter throws`,
    );
    rejects(
      fn,
      'options',
      () =>
        call(
          K,
          new Proxy(
            {},
            {
              get() {
                throw new Error('no');
              },
            },
          ),
        ),
      `${fn}: options Proxy throws`,
    );
    const r = Proxy.revocable({}, {});
    r.revoke();
    rejects(fn, 'options', () => call(K, r.proxy), `${fn}: revoked options`);
    // A getter with a different answer on every read is read once: the first answer is used.
    let reads = 0;
    const flip = {
      get kernel() {
        return reads++ ? 'nonsense' : 'gaussian';
      },
    };
    assert.deepEqual(call(K, flip), call(K, { kernel: 'gaussian' }), `${fn}: kernel read once`);
    assert.equal(reads, 1, `${fn}: the kernel option was read exactly once`);
  }
  let reads = 0;
  const h = () => {
    reads = 0;
    return {
      get bandwidth() {
        return reads++ ? -1 : 0.5;
      },
    };
  };
  assert.deepEqual(nw.predict([1], K, V, h()), nw.predict([1], K, V, { bandwidth: 0.5 }));
  assert.deepEqual(nw.looLoss(K, V, h()), nw.looLoss(K, V, { bandwidth: 0.5 }));
  // Options-only entry points.
  rejects(
    'generateData',
    'options.n',
    () =>
      nw.generateData({
        get n() {
          throw new Error('no');
        },
      }),
    'generateData n getter',
  );
  rejects(
    'testInputs',
    'options.step',
    () =>
      nw.testInputs({
        get step() {
          throw new Error('no');
        },
      }),
    'testInputs step getter',
  );
  reads = 0;
  assert.deepEqual(
    nw.generateData({
      get n() {
        return reads++ ? -1 : 7;
      },
    }),
    nw.generateData({ n: 7 }),
  );
  // A prototype option is still an option; Object.prototype pollution of a *default* is not read
  // from the plain copy (the copy has no prototype).
  assert.deepEqual(
    nw.predict([1], K, V, Object.create({ bandwidth: 0.5 })),
    nw.predict([1], K, V, { bandwidth: 0.5 }),
  );
});

test('looCurve with a detached bandwidths array does not leak the copies of large keys and values', () => {
  const { x, y } = nw.generateData({ n: 200000, seed: 1 });
  nw.looCurve(x, y, { bandwidths: [] }); // warm up at this size
  const before = nw.memoryUsage();
  for (let i = 0; i < 30; i++) {
    assert.throws(
      () => nw.looCurve(x, y, { bandwidths: detached() }),
      /^TypeError: looCurve: bandwidths is a Float64Array whose buffer was detached/,
    );
    assert.throws(() => nw.predict(detached(), x, y), /^TypeError: predict: queries/);
  }
  const after = nw.memoryUsage();
  assert.equal(after.heapInUse, before.heapInUse, 'no bytes leaked');
  assert.equal(after.heapBytes, before.heapBytes, 'the memory did not grow');
});

test('finite input, finite and correct output: the audit reproductions', () => {
  // sin without argument reduction: trueFunction(1e18) was 4.29e24, 1e34 gave Infinity. (x^0.8 =
  // exp(0.8 log x) carries the rounding of 0.8 log x, up to 568: about 1e-13 relative.)
  for (const x of [1e5, 123456.789, 3e6 + 0.25, 1e18, 1e34, 1e300, 1.7976931348623157e308]) {
    const f = nw.trueFunction([x])[0];
    const expected = 2 * Math.sin(x) + x ** 0.8;
    assert.ok(Number.isFinite(f), `f(${x}) = ${f}`);
    assert.ok(
      Math.abs(f - expected) <= 2e-13 * Math.abs(expected) + 1e-15,
      `f(${x}) = ${f}, expected ${expected}`,
    );
  }
  // generateData({xMax: 1e40}) gave y all Infinity.
  const d = nw.generateData({ xMax: 1e40, n: 20, noise: 0 });
  d.x.forEach((x, i) => {
    assert.ok(Number.isFinite(d.y[i]));
    assert.ok(Math.abs(d.y[i] - (2 * Math.sin(x) + x ** 0.8)) <= 2e-13 * x ** 0.8, `y[${i}]`);
  });
  // The mean of [1e308, 1e308] was Infinity.
  assert.equal(nw.averagePooling([1e308, 1e308]), 1e308);
  assert.equal(nw.averagePooling([-1.7e308, -1.7e308, 1.7e308, 1.7e308]), 0);
  // Silverman of keys near +-1e308 was Infinity.
  const s = nw.selectBandwidth([-1e308, -1e308, 1e308, 1e308], [1, 2, 3, 4], {
    method: 'silverman',
  });
  assert.ok(
    Number.isFinite(s.bandwidth) &&
      Math.abs(s.bandwidth / (0.9 * 1e308 * (2 / Math.sqrt(3)) * 4 ** -0.2) - 1) < 1e-14,
    `${s.bandwidth}`,
  );
  assert.ok(Number.isFinite(s.looLoss));
  // q - x overflowed: every kernel answered with key 0's value 1; the nearest key is -1.6e308 (2).
  for (const kernel of nw.kernels) {
    for (const bandwidth of [1, 1e300]) {
      const f = nw.predict([1.7e308], [-1.7e308, -1.6e308], [1, 2], { kernel, bandwidth })[0];
      assert.equal(f, kernel === 'constant' ? 1.5 : 2, `${kernel} h=${bandwidth}`);
      const a = nw.attentionWeights([1.7e308], [-1.7e308, -1.6e308], { kernel, bandwidth });
      if (kernel !== 'constant')
        assert.deepEqual([...a.data], [0, 1], `${kernel} h=${bandwidth} attention`);
    }
  }
  // Values near the double limit: sum_j a_j y_j overflowed although f is a convex combination.
  for (const kernel of nw.kernels) {
    const f = nw.predict([0.5], [0, 1], [1e308, 1.7e308], { kernel, bandwidth: 100 })[0];
    assert.ok(Math.abs(f / 1.35e308 - 1) < 1e-12, `${kernel}: ${f}`);
  }
  // A loss beyond the double range is a RangeError naming the function, not a silent Infinity.
  rejects('looLoss', 'double range', () => nw.looLoss([0, 1], [-1e308, 1e308]), 'looLoss overflow');
  rejects(
    'looCurve',
    'double range',
    () => nw.looCurve([0, 1], [-1e308, 1e308], { bandwidths: [1] }),
    'looCurve overflow',
  );
  rejects(
    'trainingLoss',
    'double range',
    () => nw.trainingLoss([0, 1], [-1e308, 1e308]),
    'trainingLoss overflow',
  );
  rejects(
    'selectBandwidth',
    'double range',
    () => nw.selectBandwidth([0, 1], [-1e308, 1e308], { method: 'silverman' }),
    'selectBandwidth overflow',
  );
  // Values up to 1e150 always give a finite loss.
  assert.ok(Number.isFinite(nw.looLoss([0, 1, 2], [-1e150, 1e150, -1e150])));
  // Keys the smallest subnormal apart (the fuzzer's find): the exact boxcar search's first piece
  // of h, [0, 4.9e-324), holds no positive double; with equal values every piece ties and it
  // returned h = 0. Every kernel's choice is a positive h whose LOO loss is the one reported.
  const keys = [-8, 0, 5e-324, 0.1875, 1.5, 6];
  for (const values of [keys.map(() => -8), [-8, 0, 1, 3, -2, 5]]) {
    for (const kernel of nw.kernels) {
      const c = nw.selectBandwidth(keys, values, { kernel });
      assert.ok(c.bandwidth > 0, `${kernel} ${values}: h = ${c.bandwidth}`);
      const loss = nw.looLoss(keys, values, { kernel, bandwidth: c.bandwidth });
      assert.ok(
        Math.abs(loss - c.looLoss) <= 1e-12 * Math.max(1, Math.abs(loss)),
        `${kernel}: looLoss(h) = ${loss}, reported ${c.looLoss}`,
      );
    }
  }
});

test(`randomized extremes (seed ${SEED}): every call gives a correct-looking value or a named error, nothing leaks`, () => {
  const rand = prng(SEED);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const magnitude = () =>
    pick([0, 1e-310, 1e-300, 1e-8, 1, 3, 1e8, 1e150, 1e300, 1e308, 1.7976931348623157e308]) *
    (rand() < 0.5 ? -1 : 1) *
    (0.5 + rand());
  const numberOrHostile = () =>
    rand() < 0.03
      ? pick([NaN, Infinity, -Infinity])
      : Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, magnitude()));
  const arrayOf = (n) => {
    const a = Array.from({ length: n }, numberOrHostile);
    return rand() < 0.5 ? Float64Array.from(a) : a;
  };
  const before = nw.memoryUsage().heapInUse;
  let values = 0;
  let errors = 0;
  for (let round = 0; round < 400; round++) {
    const n = 1 + Math.floor(rand() * 6);
    const keys = arrayOf(n);
    const vals = arrayOf(n);
    const queries = arrayOf(1 + Math.floor(rand() * 4));
    const kernel = pick(nw.kernels);
    const bandwidth = pick([1e-300, 1e-3, 1, 1e3, 1e300]);
    const which = pick([
      'predict',
      'attentionWeights',
      'looLoss',
      'averagePooling',
      'trueFunction',
      'selectBandwidth',
    ]);
    let result;
    try {
      if (which === 'predict') result = nw.predict(queries, keys, vals, { kernel, bandwidth });
      else if (which === 'attentionWeights')
        result = nw.attentionWeights(queries, keys, { kernel, bandwidth });
      else if (which === 'looLoss') result = nw.looLoss(keys, vals, { kernel, bandwidth });
      else if (which === 'averagePooling') result = nw.averagePooling(vals);
      else if (which === 'trueFunction') result = nw.trueFunction(Array.from(queries, Math.abs));
      else result = nw.selectBandwidth(keys, vals, { kernel, method: 'silverman' });
    } catch (e) {
      assert.ok(e instanceof TypeError || e instanceof RangeError, `round ${round} ${which}: ${e}`);
      assert.ok(e.message.startsWith(`${which}: `), `round ${round}: ${e.message}`);
      errors++;
      continue;
    }
    values++;
    const all = (a) => Array.from(a).every(Number.isFinite);
    if (which === 'predict') {
      const lo = Math.min(...vals);
      const hi = Math.max(...vals);
      // The weighted sum's rounding (relative, and absolute for subnormal values).
      const slack = 1e-15 * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-321;
      assert.ok(
        all(result) && result.every((f) => f >= lo - slack && f <= hi + slack),
        `round ${round}: predict ${result} outside [${lo}, ${hi}]`,
      );
    } else if (which === 'attentionWeights') {
      for (let i = 0; i < result.rows; i++) {
        const row = result.data.subarray(i * result.cols, (i + 1) * result.cols);
        assert.ok(
          all(row) && Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12,
          `round ${round}: row ${i}`,
        );
      }
    } else if (which === 'averagePooling') {
      const [lo, hi] = [Math.min(...vals), Math.max(...vals)];
      const slack = 1e-15 * Math.max(Math.abs(lo), Math.abs(hi));
      assert.ok(result >= lo - slack && result <= hi + slack, `round ${round}: mean ${result}`);
    } else if (which === 'selectBandwidth') {
      assert.ok(
        result.bandwidth > 0 &&
          Number.isFinite(result.bandwidth) &&
          Number.isFinite(result.looLoss),
        `round ${round}`,
      );
    } else {
      assert.ok(
        typeof result === 'number' ? Number.isFinite(result) : all(result),
        `round ${round}: ${which} ${result}`,
      );
    }
  }
  assert.equal(nw.memoryUsage().heapInUse, before, 'no bytes leaked over the rounds');
  assert.ok(
    values > 0 && errors > 0,
    `both outcomes occurred (${values} values, ${errors} errors)`,
  );
});
