'use strict';
// The page's number formatting (web/js/views/format.js) and display grids (web/js/compute/numeric.js)
// in Node: what a learner reads for typical, tiny, huge and non-finite numbers, and the thinning of
// drawn points (deterministic, evenly spread, in range). Random inputs come from tests/seed.cjs.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { prng, testSeed } = require('../seed.cjs');

const WEB = path.join(__dirname, '..', '..', 'web', 'js');
const load = (rel) => import(pathToFileURL(path.join(WEB, rel)).href);

let fmt;
let fmtWeight;
let logTickText;
let logspace;
let thinIndices;
const rand = prng(testSeed());

before(async () => {
  ({ fmt, fmtWeight, logTickText } = await load('views/format.js'));
  ({ logspace, thinIndices } = await load('compute/numeric.js'));
});

test('fmt: three significant digits, exponents outside [1e-3, 1e4), infinities as signs', () => {
  const cases = [
    [0, '0'],
    [1, '1'],
    [2.5, '2.5'],
    [1.23456, '1.23'],
    [-1.23456, '-1.23'],
    [0.30303, '0.303'],
    [1234, '1230'],
    [9999, '10000'],
    [10000, '1.00e+4'],
    [123456, '1.23e+5'],
    [0.001, '0.001'],
    [0.000999, '9.99e-4'],
    [5e-324, '4.94e-324'],
    [1.7976931348623157e308, '1.80e+308'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '−∞'],
  ];
  for (const [v, text] of cases) assert.equal(fmt(v), text, `fmt(${v})`);
  assert.equal(fmt(1.23456, 5), '1.2346');
  assert.equal(fmt(0.5, 1), '0.5');
  assert.equal(fmt(-0), '0');
});

test('logTickText: a log axis labels 0.001 and 1e-4 alike, without trailing zeros', () => {
  const cases = [
    [1, '1'],
    [2, '2'],
    [0.3, '0.3'],
    [0.25, '0.25'],
    [3000, '3000'],
    [0.001, '0.001'],
    [1e-4, '1e-4'],
    [2e-5, '2e-5'],
    [3e-6 * (1 + Number.EPSILON), '3e-6'], // a tick value computed with a rounding error
    [0.00099, '9.9e-4'],
    [9999, '1e4'],
    [1e4, '1e4'],
    [2.5e7, '2.5e7'],
    [5e-324, '5e-324'],
    [Infinity, '∞'],
    [NaN, 'NaN'],
  ];
  for (const [v, text] of cases) assert.equal(logTickText(v), text, `logTickText(${v})`);
  // Every label of 1, 2, 3 and 5 x 10^k, k = -30 .. 30, reads back to its tick.
  for (let e = -30; e <= 30; e += 1) {
    for (const m of [1, 2, 3, 5]) {
      const v = m * 10 ** e;
      const text = logTickText(v);
      assert.ok(!/\.0+e|e\+/.test(text), `logTickText(${v}) = ${text}`);
      assert.ok(Math.abs(Number(text) - v) <= 1e-12 * v, `logTickText(${v}) = ${text}`);
    }
  }
});

test('fmt: seeded random numbers read back within the shown precision', () => {
  for (let i = 0; i < 2000; i += 1) {
    const v = (rand() - 0.5) * 10 ** (rand() * 20 - 10);
    const text = fmt(v);
    assert.ok(text.length <= 10, `fmt(${v}) = ${text} is too long`);
    assert.ok(!/NaN|undefined|Infinity/.test(text), `fmt(${v}) = ${text}`);
    const back = Number(text);
    assert.ok(Math.abs(back - v) <= 0.006 * Math.abs(v) + 1e-300, `fmt(${v}) = ${text}`);
  }
});

test('fmtWeight: two decimals from 0.01, two significant digits below; 0 is "0.00"', () => {
  assert.equal(fmtWeight(0), '0.00');
  assert.equal(fmtWeight(1), '1.00');
  assert.equal(fmtWeight(0.5), '0.50');
  assert.equal(fmtWeight(0.01), '0.01');
  assert.equal(fmtWeight(0.004567), '0.0046');
  assert.equal(fmtWeight(0.0001234), '1.23e-4');
  for (let i = 0; i < 1000; i += 1) {
    const w = rand() ** 4;
    const text = fmtWeight(w);
    assert.ok(Number(text) > 0 || w < 0.005, `fmtWeight(${w}) = ${text} hides a weight`);
  }
});

test('logspace: n log-spaced values, both ends included, increasing', () => {
  const g = logspace(0.01, 10, 61);
  assert.ok(g instanceof Float64Array);
  assert.equal(g.length, 61);
  assert.ok(Math.abs(g[0] - 0.01) < 1e-15 && Math.abs(g[60] - 10) < 1e-12);
  for (let i = 1; i < g.length; i += 1) {
    assert.ok(g[i] > g[i - 1]);
    assert.ok(Math.abs(g[i] / g[i - 1] - 10 ** 0.05) < 1e-12, `ratio at ${i}`);
  }
});

test('thinIndices: null when nothing to thin; else max distinct, sorted, in range, evenly spread', () => {
  assert.equal(thinIndices(10, 2000), null);
  assert.equal(thinIndices(2000, 2000), null);
  for (const [n, max] of [
    [2001, 2000],
    [100000, 2000],
    [7, 3],
    [1e6, 1],
  ]) {
    const idx = thinIndices(n, max);
    assert.equal(idx.length, max);
    assert.ok(idx[0] >= 0 && idx[max - 1] < n);
    for (let i = 1; i < max; i += 1)
      assert.ok(idx[i] > idx[i - 1], `${n}/${max}: not increasing at ${i}`);
    assert.deepEqual(thinIndices(n, max), idx, 'deterministic');
    const gap = n / max;
    for (let i = 1; i < max; i += 1)
      assert.ok(Math.abs(idx[i] - idx[i - 1] - gap) <= 1, `${n}/${max}: gap at ${i}`);
  }
  for (let t = 0; t < 200; t += 1) {
    const max = 1 + rand.int(3000);
    const n = max + 1 + rand.int(200000);
    const idx = thinIndices(n, max);
    assert.equal(idx.length, max);
    assert.ok(idx[max - 1] < n && idx[0] >= 0, `n ${n}, max ${max}`);
  }
});
