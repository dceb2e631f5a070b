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
let numberText;
let tickText;
let logspace;
let thinIndices;
const rand = prng(testSeed());

before(async () => {
  ({ fmt, fmtWeight, logTickText, numberText, tickText } = await load('views/format.js'));
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

test('numberText: fixed decimals, thousands grouped, as Intl.NumberFormat en-US writes them', () => {
  const cases = [
    [0, 0, '0'],
    [-0, 1, '0.0'],
    [1, 0, '1'],
    [999.5, 0, '1,000'], // grouped after rounding
    [1250.5, 1, '1,250.5'],
    [-1234567.25, 2, '-1,234,567.25'],
    [123456, 0, '123,456'],
    [0.1 + 0.2, 1, '0.3'],
    [-0.04, 1, '-0.0'],
  ];
  for (const [v, digits, text] of cases)
    assert.equal(numberText(v, digits), text, `${v}, ${digits}`);
  const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  for (const n of [0, 7, 1000, 99999, 5e6, 123456789, 2 ** 40])
    assert.equal(numberText(n), intl.format(n));
  // Numbers with at most `digits` decimals (a tick, a count): the same text as Intl's.
  for (let i = 0; i < 2000; i += 1) {
    const digits = rand.int(7);
    const v = (rand.int(2e9) - 1e9) / 10 ** digits;
    const f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    assert.equal(numberText(v, digits), f.format(v), `numberText(${v}, ${digits})`);
  }
  // Any double: rounded as its shortest decimal form is, like Intl (1.005 -> 1.01, not 1.00).
  assert.equal(numberText(1.005, 2), '1.01');
  assert.equal(numberText(-1.1575, 3), '-1.158');
  assert.equal(numberText(Infinity, 2), '∞');
  assert.equal(numberText(NaN, 1), 'NaN');
  assert.equal(numberText(1.5e-8, 8), '0.00000002'); // String(v) is "1.5e-8"
  assert.equal(numberText(2.5e-7, 0), '0');
  assert.equal(numberText(1e21, 0), '1,000,000,000,000,000,000,000');
  assert.equal(numberText(-1.23e22, 1), '-12,300,000,000,000,000,000,000.0');
  for (let i = 0; i < 5000; i += 1) {
    const digits = rand.int(7);
    const v = (rand() - 0.5) * 10 ** (rand() * 30 - 10);
    const f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    assert.equal(numberText(v, digits), f.format(v), `numberText(${v}, ${digits})`);
  }
});

test("tickText: the labels of Chart.js's default tick formatter (en-US) on seeded nice axes", async () => {
  const { Ticks } = await import('chart.js');
  const scale = { chart: { options: { locale: 'en-US' } }, options: { ticks: { format: {} } } };
  const chartjs = (v, i, ticks) => Ticks.formatters.numeric.call(scale, v, i, ticks);
  let axes = 0;
  let scientific = 0;
  for (let t = 0; t < 3000; t += 1) {
    // A nice step (1, 2, 2.5 or 5 x 10^k), its multiples around a random range as Chart.js
    // makes them (rounded to the step's decimals), sometimes with fixed ends (min, max).
    const e = rand.int(26) - 10;
    const step = [1, 2, 2.5, 5][rand.int(4)] * 10 ** e;
    const first = rand.int(2001) - 1000;
    const count = 1 + rand.int(11);
    const places = Math.max(0, 1 - e);
    const values = Array.from({ length: count }, (_, k) =>
      Number(((first + k) * step).toFixed(places > 20 ? 20 : places)),
    );
    if (count > 2 && rand() < 0.3) {
      values[0] -= step * rand() * 0.9;
      values[count - 1] += step * rand() * 0.9;
    }
    const ticks = values.map((value) => ({ value }));
    const largest = Math.max(Math.abs(values[0]), Math.abs(values[count - 1]));
    values.forEach((v, i) => {
      const text = tickText(v, values);
      if (count > 1 && (largest < 1e-4 || largest > 1e15)) {
        // Chart.js writes "1.00000E-5"; here the shortest e-notation that reads back.
        assert.match(text, /^(0|-?\d(\.\d+)?e-?\d+)$/, `tickText(${v})`);
        assert.ok(Math.abs(Number(text) - v) <= 1e-11 * Math.abs(v), `tickText(${v}) = ${text}`);
        scientific += 1;
      } else assert.equal(text, chartjs(v, i, ticks), `tickText(${v}, [${values}])`);
    });
    axes += 1;
  }
  assert.ok(scientific > 0 && axes === 3000, 'both kinds of axis were tried');
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
