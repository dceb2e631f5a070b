// The kernel table and K(u) from the built module: nw.kernelInfo (the core's one kernel table,
// core/kernels.cpp), nw.kernelValues against each kernel written out here, at the support's edges
// and beyond, its relation to attentionWeights, its errors, and the README's generated tables.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { testSeed, prng, deriveSeed } = require('../seed.cjs');

const ROOT = path.join(__dirname, '..', '..');
const NadarayaWatson = require(path.join(ROOT, 'dist', 'nadaraya-watson.js'));
const SEED = testSeed();

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** Each kernel's K(u), written out independently of the core (0 outside a compact support). */
const REFERENCE = {
  gaussian: (u) => Math.exp(-0.5 * u * u),
  boxcar: (u) => (Math.abs(u) <= 1 ? 1 : 0),
  epanechnikov: (u) => (Math.abs(u) <= 1 ? (1 - Math.abs(u)) * (1 + Math.abs(u)) : 0),
  triangular: (u) => (Math.abs(u) <= 1 ? 1 - Math.abs(u) : 0),
  tricube: (u) => (Math.abs(u) <= 1 ? (1 - Math.abs(u) ** 3) ** 3 : 0),
  cosine: (u) => (Math.abs(u) <= 1 ? Math.cos((Math.PI * u) / 2) : 0),
  constant: () => 1,
};
const COMPACT = ['boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine'];

test('kernelInfo is the kernel table: names, formulas, supports and trainability in one place', () => {
  assert.ok(Object.isFrozen(nw.kernelInfo));
  assert.deepEqual(
    nw.kernelInfo.map((k) => k.name),
    [...nw.kernels],
  );
  assert.deepEqual(
    nw.kernelInfo.filter((k) => k.trainable).map((k) => k.name),
    [...nw.trainableKernels],
  );
  assert.deepEqual(
    nw.kernelInfo.filter((k) => k.compact).map((k) => k.name),
    COMPACT,
  );
  const formulas = Object.fromEntries(nw.kernelInfo.map((k) => [k.name, k.formula]));
  assert.deepEqual(formulas, {
    gaussian: 'exp(−u²/2)',
    boxcar: '1',
    epanechnikov: '1 − u²',
    triangular: '1 − |u|',
    tricube: '(1 − |u|³)³',
    cosine: 'cos(πu/2)',
    constant: '1',
  });
  for (const k of nw.kernelInfo) {
    assert.ok(Object.isFrozen(k), `${k.name}: frozen`);
    assert.throws(() => {
      k.formula = 'changed';
    }, TypeError);
  }
});

test(`kernelValues: K(u) of every kernel at random u (NW_TEST_SEED=${SEED})`, () => {
  const rand = prng(SEED);
  // Random u over several scales: inside the support, around its edges, far out.
  const u = Float64Array.from({ length: 2000 }, (_, i) => {
    const scale = [0.5, 1.2, 3, 40][i % 4];
    return (2 * rand() - 1) * scale;
  });
  for (const kernel of nw.kernels) {
    const got = nw.kernelValues(u, { kernel });
    assert.ok(got instanceof Float64Array);
    assert.equal(got.length, u.length);
    for (let i = 0; i < u.length; i++) {
      const want = REFERENCE[kernel](u[i]);
      assert.ok(
        Math.abs(got[i] - want) <= 1e-15, // a few roundings of values <= 1
        `${kernel}: K(${u[i]}) = ${got[i]}, expected ${want}`,
      );
      if (want === 0) assert.equal(got[i], 0, `${kernel}: exactly 0 at u = ${u[i]}`);
    }
  }
});

test('kernelValues at the edges: 0 and -0, |u| = 1 inside, the next double out, huge |u|', () => {
  const after1 = 1 + Number.EPSILON;
  const u = [0, -0, 1, -1, after1, -after1, 38, 39, 1e8, 1.7e308, -1.7e308];
  for (const kernel of nw.kernels) {
    const got = nw.kernelValues(u, { kernel });
    assert.equal(got[0], 1, `${kernel}: K(0) = 1`);
    assert.equal(got[1], 1, `${kernel}: K(-0) = 1`);
    for (let i = 0; i < u.length; i++) {
      assert.ok(Number.isFinite(got[i]) && got[i] >= 0, `${kernel}: K(${u[i]}) = ${got[i]}`);
    }
    if (COMPACT.includes(kernel)) {
      // |u| = 1 belongs to the support; the next double does not.
      assert.equal(got[2], REFERENCE[kernel](1), `${kernel}: K(1)`);
      assert.equal(got[4], 0, `${kernel}: K(1 + eps)`);
      assert.equal(got[5], 0, `${kernel}: K(-1 - eps)`);
      assert.deepEqual([...got.slice(6)], [0, 0, 0, 0, 0], `${kernel}: far out`);
    }
  }
  assert.equal(nw.kernelValues([1], { kernel: 'boxcar' })[0], 1, 'the boxcar includes |u| = 1');
  // The Gaussian underflows to 0, also where u² overflows (not NaN).
  assert.deepEqual([...nw.kernelValues([39, 1e8, 1.7e308])], [0, 0, 0]);
  assert.ok(nw.kernelValues([38])[0] > 0, 'e^-722 is a subnormal double, kept');
  assert.deepEqual([...nw.kernelValues([], { kernel: 'cosine' })], []);
  assert.deepEqual([...nw.kernelValues([5, -5], { kernel: 'constant' })], [1, 1]);
});

test(`kernelValues returns a fresh array, in and beyond the scratch block (NW_TEST_SEED=${SEED})`, () => {
  // 40,000 u and their results need 80,000 doubles, more than api.js's 32,768-double scratch
  // block: the binding writes into malloc'd room then. Either way the result is a copy.
  const rand = prng(deriveSeed(SEED, 'beyond-scratch'));
  const big = Float64Array.from({ length: 40000 }, () => 3 * (2 * rand() - 1));
  for (const kernel of ['gaussian', 'tricube']) {
    const got = nw.kernelValues(big, { kernel });
    const kept = Float64Array.from(got);
    assert.ok(got instanceof Float64Array);
    assert.equal(got.length, big.length);
    for (let j = 0; j < big.length; j += 997) {
      assert.equal(got[j], nw.kernelValues([big[j]], { kernel })[0], `${kernel}: u[${j}]`);
    }
    // Were a result a view of the module's memory, the next call would write over it.
    const first = nw.kernelValues([0], { kernel });
    nw.kernelValues([0.5, 2], { kernel });
    assert.equal(first[0], 1, `${kernel}: a result is not a view of the module's memory`);
    // The large result (malloc'd room, freed after the call) stays as it was too.
    assert.deepEqual(got, kept, `${kernel}: later calls leave the large result as it was`);
  }
});

test("kernelValues divided by their sum are one query's attention weights (h = 1)", () => {
  const u = Float64Array.from({ length: 501 }, (_, i) => (i - 250) / 100);
  for (const kernel of nw.kernels) {
    const k = nw.kernelValues(u, { kernel });
    let sum = 0;
    for (const v of k) sum += v;
    // Query 0 against keys u with h = 1: the scaled distance of key u is (0 - u) / 1 = -u, and
    // every kernel is even.
    const a = nw.attentionWeights([0], u, { kernel, bandwidth: 1 }).data;
    for (let j = 0; j < u.length; j++) {
      assert.ok(
        Math.abs(a[j] - k[j] / sum) <= 1e-15,
        `${kernel}: weight of u = ${u[j]}: ${a[j]} against ${k[j] / sum}`,
      );
    }
  }
});

test('kernelValues: named errors for bad u, an unknown kernel or option; the module keeps working', () => {
  const cases = [
    [() => nw.kernelValues([0, NaN]), TypeError, /^kernelValues: u\[1\] must be a finite number/],
    [() => nw.kernelValues([Infinity]), TypeError, /^kernelValues: u\[0\] must be a finite number/],
    [() => nw.kernelValues('0.5'), TypeError, /^kernelValues: u must be/],
    [() => nw.kernelValues(), TypeError, /^kernelValues: u must be/],
    [
      () => nw.kernelValues([0], { kernel: 'epanechikov' }),
      TypeError,
      /^kernelValues: kernel must be one of gaussian, .* \(got "epanechikov"\)$/,
    ],
    [
      () => nw.kernelValues([0], { bandwidth: 0.5 }),
      TypeError,
      /^kernelValues: u is the scaled distance \(q - x\)\/h; options.bandwidth does not apply \(got 0.5\)$/,
    ],
    [() => nw.kernelValues([0], { w: 2 }), TypeError, /options.w does not apply \(got 2\)$/],
    [() => nw.kernelValues([0], new Float64Array(1)), TypeError, /^kernelValues: options must/],
  ];
  const before = nw.memoryUsage().heapInUse;
  for (const [call, type, message] of cases)
    assert.throws(call, (e) => e instanceof type && message.test(e.message), String(message));
  assert.equal(nw.memoryUsage().heapInUse, before, 'no bytes leaked');
  assert.deepEqual([...nw.kernelValues([0.5], { kernel: 'epanechnikov' })], [0.75]);
});

test("README's generated tables match their sources (node web/settings-doc.mjs --check)", () => {
  const out = execFileSync(
    process.execPath,
    [path.join(ROOT, 'web', 'settings-doc.mjs'), '--check'],
    {
      encoding: 'utf8',
    },
  );
  assert.match(out, /the URL settings table matches/);
  assert.match(out, /the kernel table matches/);
});
