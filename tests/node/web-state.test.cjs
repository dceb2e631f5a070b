'use strict';
// The page's settings table and URL state (web/js/state/settings.js, state.js) in Node, without a
// browser: every URL setting's minimum, maximum, default and special values (and seeded random
// ones) survive State.toHash -> parseHash exactly; malformed, out-of-range and unknown values are
// refused and named; the hash and points size limits hold; controls' values are clamped.
// Randomized values come from tests/seed.cjs (printed; NW_TEST_SEED=<seed> replays).

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { prng, testSeed } = require('../seed.cjs');

const ROOT = path.join(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web', 'js');
const load = (rel) => import(pathToFileURL(path.join(WEB, rel)).href);

/** The order of the hash keys the README documents: the first column of its URL settings table. */
const README_KEYS = (() => {
  const readme = require('node:fs').readFileSync(
    require('node:path').join(__dirname, '..', '..', 'README.md'),
    'utf8',
  );
  const start = readme.indexOf('## Links: the URL hash');
  const table = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...table.matchAll(/^\| `([a-z0-9]+)` \|/gim)].map((m) => m[1]);
})();
const SESSION_KEYS = ['step', 'playing', 'speed', 'query', 'qkPlaying'];

let S; // settings.js
let State;
let FIGURE_IDS;
let OPTS;
let KERNELS; // the built API's nw.kernels (one table: core/kernels.cpp)
const rand = prng(testSeed());

before(async () => {
  S = await load('state/settings.js');
  ({ State } = await load('state/state.js'));
  ({ FIGURE_IDS } = await load('sections/registry.js'));
  ({ kernels: KERNELS } = await require(path.join(ROOT, 'dist', 'nadaraya-watson.js')).load());
  OPTS = { kernels: [...KERNELS], figures: [...FIGURE_IDS], lang: 'en' };
});

const setting = (key) => S.SETTING_BY_KEY[key];
const isNumeric = (s) => ['int', 'number', 'nullable-number', 'nullable-int'].includes(s.type);

/** `count` edited points: x in [0, 5], |y| <= 100, at full precision, with the extremes. */
function points(count, r = rand) {
  const x = Array.from({ length: count }, () => 5 * r());
  const y = Array.from({ length: count }, () => 200 * r() - 100);
  if (count >= 3) [x[0], x[1], x[2], y[0], y[1], y[2]] = [0, 5, 5e-324, -100, 100, -1e-300];
  return { x, y };
}

/** State.toHash of one setting changed from the defaults, read back by a fresh State. */
function roundTrip(key, value, { lang = 'en' } = {}) {
  const state = new State({}, { ...OPTS, lang });
  state.set({ [key]: value });
  assert.deepEqual(state.get()[key], value, `${key}: State.set kept ${JSON.stringify(value)}`);
  const hash = state.toHash();
  const parsed = new State({}, { ...OPTS, lang }).parseHash(hash);
  assert.deepEqual(
    parsed.problems,
    [],
    `${key}=${String(JSON.stringify(value)).slice(0, 60)}: problems reading ${hash.slice(0, 120)}`,
  );
  assert.deepEqual(parsed.values[key], value, `${key}: read back from ${hash.slice(0, 120)}`);
  return hash;
}

test('settings: the table has every documented key in the README order, with sane fields', () => {
  assert.deepEqual([...S.URL_KEYS], README_KEYS);
  assert.deepEqual(
    S.SETTINGS.filter((s) => !s.url).map((s) => s.key),
    SESSION_KEYS,
  );
  for (const s of S.SETTINGS) {
    for (const field of [
      'key',
      'type',
      'default',
      'min',
      'max',
      'scale',
      'url',
      'control',
      'special',
    ]) {
      assert.ok(field in s, `${s.key}: no field ${field}`);
    }
    assert.ok(Array.isArray(s.special), `${s.key}: special is a list`);
    if (isNumeric(s)) {
      assert.ok(
        Number.isFinite(s.min) && Number.isFinite(s.max) && s.min < s.max,
        `${s.key}: range ${s.min} .. ${s.max}`,
      );
      if (s.default !== null)
        assert.ok(s.default >= s.min && s.default <= s.max, `${s.key}: default in range`);
      if (s.type.endsWith('int'))
        assert.ok(Number.isInteger(s.min) && Number.isInteger(s.max), `${s.key}: integer range`);
      if (s.scale === 'log') assert.ok(s.min > 0, `${s.key}: a log slider needs min > 0`);
      for (const v of s.special)
        if (v !== null) assert.ok(v >= s.min && v <= s.max, `${s.key}: special ${v} in range`);
    }
    assert.equal(S.DEFAULTS[s.key], s.default);
  }
  // The README's ranges (the documented contract).
  const ranges = {
    seed: [0, 2 ** 31 - 1],
    n: [5, 100000],
    noise: [0, 2],
    h: [0.01, 10],
    lr: [1e-4, 10],
    epochs: [1, 1000],
    batch: [0, 2000],
    w0: [-1000, 1000],
  };
  for (const [key, [min, max]] of Object.entries(ranges)) {
    assert.deepEqual([setting(key).min, setting(key).max], [min, max], `${key}: range`);
  }
  // The kernel names are the API's only: its special values are among them, and no list is kept here.
  for (const k of setting('kernel').special)
    assert.ok(KERNELS.includes(k), `kernel: special ${k} is one of nw.kernels`);
  assert.equal(
    setting('kernel').values,
    undefined,
    'kernel: no copy of nw.kernels in the settings table',
  );
  assert.equal(
    S.parseSetting('kernel', 'gaussian'),
    undefined,
    "kernel: nothing is valid without the API's list",
  );
  assert.equal(S.parseSetting('kernel', 'gaussian', { kernels: KERNELS }), 'gaussian');
  assert.deepEqual([S.POINT_LIMITS.min, S.POINT_LIMITS.max, S.POINT_LIMITS.yAbs], [3, 2000, 100]);
  assert.deepEqual([...S.POINT_LIMITS.x], [0, 5]);
  assert.equal(S.MAX_HASH, 100000);
});

test('url: every setting at its minimum, maximum, default and special values survives write -> read', () => {
  let checked = 0;
  for (const s of S.SETTINGS.filter((x) => x.url)) {
    let values;
    if (isNumeric(s)) values = [s.min, s.max, s.default, ...s.special];
    else if (s.type === 'enum')
      values = [...(s.key === 'kernel' ? KERNELS : s.values), ...s.special];
    else if (s.type === 'bool') values = [true, false];
    else if (s.type === 'figure') values = [...FIGURE_IDS];
    else if (s.type === 'points')
      values = [...s.special, s.min, s.max].map((count) => points(count));
    else assert.fail(`${s.key}: type ${s.type} not covered by this test`);
    for (const v of values.filter((x) => x !== null)) {
      roundTrip(s.key, v);
      checked += 1;
    }
  }
  // The language: 'en' is written when the browser's language (the default) is Chinese.
  roundTrip('lang', 'en', { lang: 'zh' });
  assert.ok(checked > 40, `${checked} values checked`);
});

test(`url: seeded random values of every numeric setting and random point sets round-trip exactly`, () => {
  for (const s of S.SETTINGS.filter((x) => x.url && isNumeric(x))) {
    for (let i = 0; i < 200; i += 1) {
      const u = rand();
      let v = s.scale === 'log' ? s.min * (s.max / s.min) ** u : s.min + (s.max - s.min) * u;
      if (s.type.endsWith('int')) v = Math.min(s.max, Math.round(v));
      roundTrip(s.key, v);
    }
  }
  for (let i = 0; i < 20; i += 1) roundTrip('points', points(3 + rand.int(200)));
});

test('url: defaults are not written; null w0 is absent; w0 = 0 is a value (average pooling)', () => {
  const state = new State({}, OPTS);
  assert.equal(state.toHash(), '');
  state.set({ w0: null });
  assert.equal(state.toHash(), '');
  assert.equal(roundTrip('w0', 0), '#w0=0');
  const parsed = new State({}, OPTS).parseHash('#w0=');
  assert.equal(parsed.values.w0, null);
  assert.deepEqual(parsed.problems, []);
  assert.equal(new State({}, OPTS).parseHash('#w0=random').values.w0, null);
});

test('url: the hash lists settings in the documented order', () => {
  const state = new State({}, OPTS);
  state.set({
    lang: 'zh',
    embed: 'heatmap',
    loo: false,
    w0: 2.5,
    batch: 10,
    epochs: 12,
    lr: 0.2,
    h: 0.35,
    kernel: 'epanechnikov',
    noise: 0.3,
    n: 80,
    seed: 7,
  });
  assert.equal(
    state.toHash(),
    '#seed=7&n=80&noise=0.3&kernel=epanechnikov&h=0.35&lr=0.2&epochs=12&batch=10&w0=2.5&loo=false&lang=zh&embed=heatmap',
  );
});

/** Values the URL must refuse for each key (the setting keeps its default and is named). */
function badValues(s) {
  const garbage = [
    '',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x10',
    '0b11',
    '1_000',
    ' 3',
    '3 ',
    '3abc',
    '１',
    '1e',
    '.',
    '-',
    '+',
    '1.2.3',
    '1,2',
    'null',
    'undefined',
    '__proto__',
    '<img src=x>',
    'x'.repeat(201),
  ];
  if (isNumeric(s)) {
    const width = s.max - s.min;
    const out = [
      s.min - Math.max(1e-9, width * 1e-6),
      s.max + Math.max(1e-9, width * 1e-6),
      s.min - 1,
      s.max + 1,
    ].map(String);
    if (s.type.endsWith('int')) out.push(String(s.min + 0.5), '2.5e0');
    // For w0, '' is its "absent" value.
    return [...out, ...garbage.filter((g) => !(s.type.startsWith('nullable') && g === ''))];
  }
  if (s.type === 'enum')
    return ['Gaussian', 'GAUSSIAN', ' gaussian', 'en-US', 'toString', 'constructor', ...garbage];
  if (s.type === 'bool') return ['yes', 'no', 'TRUE', '2', '-1', 'maybe', ...garbage];
  if (s.type === 'figure') return ['Heatmap', 'section-heatmap', '../x', 'toString', ...garbage];
  if (s.type === 'points') {
    const fmt = (p) => p.x.map((x, i) => `${x},${p.y[i]}`).join(';');
    return [
      fmt(points(2)), // too few
      fmt(points(2001)), // too many
      '1,2;3,4;5.5,1', // x beyond 5
      '1,2;3,4;-0.001,1', // x below 0
      '1,2;3,4;2,100.0001', // |y| beyond 100
      '1,2;3,4;2,NaN',
      '1,2;3,4;2,Infinity',
      '1,2;3,4;2',
      '1,2;3,4;;2,3',
      '1,2;3,4;2,3;',
      '1;2;3',
      '{"x":[1,2],"y":[1,2]}',
      '{"x":[1,2,3],"y":[1,2]}',
      '{"x":[1,2,"3"],"y":[1,2,3]}',
      '{"x":[1,2,3],',
      '[]',
      ...garbage,
    ];
  }
  return garbage;
}

test('url: malformed or out-of-range values are refused, named, and leave the default', () => {
  let checked = 0;
  for (const s of S.SETTINGS.filter((x) => x.url)) {
    for (const bad of badValues(s)) {
      const state = new State({}, OPTS);
      const hash = `#${s.key}=${encodeURIComponent(bad)}`;
      const { values, problems } = state.parseHash(hash);
      assert.deepEqual(values[s.key], state.defaultValues[s.key], `${hash.slice(0, 80)} was taken`);
      assert.equal(
        problems.length,
        1,
        `${hash.slice(0, 80)}: ${JSON.stringify(problems).slice(0, 200)}`,
      );
      assert.equal(problems[0].key, s.key);
      assert.ok(String(problems[0].value).length <= 41, 'the notice quotes at most 40 characters');
      checked += 1;
    }
  }
  assert.ok(checked > 300, `${checked} bad values`);
});

test('url: unknown keys are named, session keys ignored, broken escapes survive, no pollution', () => {
  const state = new State({}, OPTS);
  const { values, problems } = state.parseHash(
    '#foo=1&__proto__=1&constructor=2&step=3&playing=true&speed=9&query=1&h=0.5&%E0%A4%A=1&n=%zz',
  );
  assert.equal(values.h, 0.5, 'the valid setting is read');
  assert.equal(values.n, 50);
  const named = problems.map((p) => p.key);
  assert.deepEqual(named.slice(0, 3), ['foo', '__proto__', 'constructor']);
  assert.ok(problems.slice(0, 3).every((p) => p.unknown === true));
  assert.equal(problems.length, 5, JSON.stringify(problems));
  for (const k of SESSION_KEYS)
    assert.ok(
      !(k in values) || values[k] === state.defaultValues[k],
      `session key ${k} taken from the URL`,
    );
  assert.equal({}.polluted, undefined);
  assert.equal(Object.getPrototypeOf(values), Object.prototype);
  // Repeated keys: the last valid one wins, every bad one is named.
  const again = state.parseHash('#h=1&h=0.5&h=-1');
  assert.equal(again.values.h, 0.5);
  assert.equal(again.problems.length, 1);
});

test('url: a hash of up to 100,000 characters is read; a longer one is ignored whole', () => {
  const state = new State({}, OPTS);
  /** '#' + `hash` padded with '&xxx...' to `length` characters after the '#'. */
  const pad = (hash, length) => `${hash}&${'x'.repeat(length - hash.length)}`;
  assert.equal(pad('#h=0.5', 10).length, 11);
  const ok = state.parseHash(pad('#h=0.5', S.MAX_HASH));
  assert.equal(ok.values.h, 0.5, 'exactly MAX_HASH characters after "#"');
  const tooLong = state.parseHash(pad('#h=0.5', S.MAX_HASH + 1));
  assert.deepEqual(tooLong.problems, [{ tooLong: true }]);
  assert.equal(tooLong.values.h, 1);
  // 2000 points at full precision (the most the page takes) fit in a hash.
  const p = points(2000, prng(1));
  for (let i = 0; i < 2000; i += 1)
    [p.x[i], p.y[i]] = [4.999999999999999 - i * 1e-13, -99.99999999999999 + i * 1e-13];
  const hash = roundTrip('points', p);
  assert.ok(hash.length <= S.MAX_HASH, `2000 points: ${hash.length} characters`);
});

test('controls: clampSetting clamps and rounds numbers, refuses what is unusable', () => {
  for (const s of S.SETTINGS.filter(isNumeric)) {
    assert.equal(S.clampSetting(s.key, s.min - 1e6, OPTS), s.min, `${s.key} below`);
    assert.equal(S.clampSetting(s.key, s.max + 1e6, OPTS), s.max, `${s.key} above`);
    assert.equal(S.clampSetting(s.key, String(s.max), OPTS), s.max, `${s.key} as text`);
    for (const bad of ['abc', NaN, Infinity, -Infinity, true, {}]) {
      assert.equal(S.clampSetting(s.key, bad, OPTS), undefined, `${s.key}: ${String(bad)}`);
    }
  }
  assert.equal(S.clampSetting('n', 50.4), 50);
  assert.equal(S.clampSetting('w0', ''), null);
  assert.equal(S.clampSetting('kernel', 'nope', OPTS), undefined);
  assert.equal(S.clampSetting('embed', 'heatmap', OPTS), 'heatmap');
  assert.equal(S.clampSetting('embed', 'nope', OPTS), undefined);
  assert.equal(S.clampSetting('nope', 1), undefined);
  assert.equal(S.clampSetting('points', { x: [1], y: [1] }), undefined);
  const p = points(3);
  assert.deepEqual(S.clampSetting('points', p), p);
  for (const key of ['h', 'lr', 'n', 'speed']) {
    const [lo, hi] = S.sliderRange(key);
    assert.ok(
      Math.abs(10 ** lo - setting(key).min) < 1e-12 * setting(key).min &&
        Math.abs(10 ** hi - setting(key).max) < 1e-9 * setting(key).max,
      `${key}: log slider range`,
    );
  }
});

test('state: set() notifies the changed keys once; generator settings drop edited points', () => {
  const state = new State({}, OPTS);
  const seen = [];
  state.subscribe((values, changed) => seen.push(changed));
  state.set({ points: points(5) });
  assert.deepEqual(seen.pop(), ['points']);
  assert.deepEqual(state.set({ h: 1 }), [], 'the default again: no change');
  assert.deepEqual(state.set({ h: 'garbage' }), [], 'an unusable value is ignored');
  assert.equal(seen.length, 0);
  assert.deepEqual(state.set({ seed: 3 }).sort(), ['points', 'seed']);
  assert.equal(state.get().points, null);
  assert.ok(Object.isFrozen(state.get()));
  // New State from a parsed hash: the values are exactly the hash's.
  const parsed = state.parseHash('#seed=7&points=1,2;3,4;4.5,-1');
  const next = new State(parsed.values, OPTS);
  assert.deepEqual(next.get().points, { x: [1, 3, 4.5], y: [2, 4, -1] });
  assert.equal(next.get().seed, 7);
});
