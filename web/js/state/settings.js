// Every setting of the page in one table: its type, default and range, whether it is written to the
// URL hash (and in which order: the table's), the control that edits it and the values worth
// testing at its edges. Parsing the hash, writing it, clamping what a control gives, the point
// editor's validation, the README's table (web/settings-doc.mjs) and the tests all read this table.
// It imports nothing: the state, the controls, the sections and Node scripts can all load it.

/** The plotted x range of the data: generated data, edited points and the test queries. */
export const X_RANGE = Object.freeze([0, 5]);

/** Edited points: 3 to 2000 pairs with x in X_RANGE and |y| <= 100. */
export const POINT_LIMITS = Object.freeze({ min: 3, max: 2000, x: X_RANGE, yAbs: 100 });

/** Page languages (one strings module each in js/i18n/). */
export const LANGS = Object.freeze(['en', 'zh']);

/** Confidence levels the band section offers (the `level` setting; its select lists them). */
export const LEVELS = Object.freeze(['0.8', '0.9', '0.95', '0.99']);

/** The `est` setting's values (short, for the URL) -> the API's estimator names (nw.estimators). */
export const ESTIMATORS = Object.freeze({ lc: 'local-constant', ll: 'local-linear' });

/** A hash longer than this is not parsed at all (2000 points at full precision fit easily). */
export const MAX_HASH = 100000;

/** A URL value longer than this is refused (except points). */
const MAX_VALUE = 200;

/**
 * One setting. Types: 'int', 'number', 'nullable-number' (null = absent, e.g. w0 drawn from the
 * seed), 'nullable-int', 'bool', 'enum' (one of `values`; the kernel: one of the API's nw.kernels,
 * given to the parser and the state as opts.kernels), 'figure' (an embed figure id of
 * sections/registry.js, given to the parser as opts.figures), 'points' (edited data).
 * scale: how a range input maps to the value ('log': the slider holds log10 of the value).
 * url: written to the hash. control: id of the input that edits it (null: none, or a figure).
 * generator: changing it drops the edited points. For the README table (web/settings-doc.mjs):
 * doc (the value column where it is not the range), note (after the range), docMax, docDefault.
 */
const setting = (o) =>
  Object.freeze({
    min: null,
    max: null,
    scale: null,
    url: true,
    control: null,
    generator: false,
    special: [],
    ...o,
  });

export const SETTINGS = Object.freeze([
  setting({
    key: 'seed',
    type: 'int',
    default: 0,
    min: 0,
    max: 2 ** 31 - 1,
    scale: 'linear',
    control: 'control-seed',
    generator: true,
    special: [0, 2 ** 31 - 1],
    docMax: '2^31 - 1',
  }),
  setting({
    key: 'n',
    type: 'int',
    default: 50,
    min: 5,
    max: 100000,
    scale: 'log',
    control: 'control-n',
    generator: true,
    special: [5, 2000, 2001, 100000],
    note: 'generated points',
  }),
  setting({
    key: 'noise',
    type: 'number',
    default: 0.5,
    min: 0,
    max: 2,
    scale: 'linear',
    control: 'control-noise',
    generator: true,
    special: [0, 2],
  }),
  // The kernel names are the API's (nw.kernels, from core/kernels.cpp), given as opts.kernels.
  setting({
    key: 'kernel',
    type: 'enum',
    default: 'gaussian',
    control: 'control-kernel',
    special: ['boxcar', 'constant'],
  }),
  setting({
    key: 'h',
    type: 'number',
    default: 1,
    min: 0.01,
    max: 10,
    scale: 'log',
    control: 'control-bandwidth',
    special: [0.01, 10],
  }),
  setting({
    key: 'lr',
    type: 'number',
    default: 0.5,
    min: 1e-4,
    max: 10,
    scale: 'log',
    control: 'control-lr',
    special: [1e-4, 10],
  }),
  setting({
    key: 'epochs',
    type: 'int',
    default: 5,
    min: 1,
    max: 1000,
    scale: 'linear',
    control: 'control-epochs',
    special: [1, 1000],
  }),
  setting({
    key: 'batch',
    type: 'int',
    default: 0,
    min: 0,
    max: 2000,
    scale: 'linear',
    control: 'control-batch',
    special: [0, 1, 2000],
    note: '0 = full batch',
  }),
  setting({
    key: 'w0',
    type: 'nullable-number',
    default: null,
    min: -1000,
    max: 1000,
    scale: 'linear',
    control: 'control-w0',
    special: [0, null, -1000, 1000],
    note: 'absent = drawn from U[0, 1) with the seed; 0 = average pooling, h = ∞',
    docDefault: 'random',
  }),
  setting({
    key: 'loo',
    type: 'bool',
    default: true,
    control: 'control-loo',
    special: [false],
    doc: '`true` / `false` (also `1` / `0`)',
  }),
  setting({
    key: 'points',
    type: 'points',
    default: null,
    min: POINT_LIMITS.min,
    max: POINT_LIMITS.max,
    special: [3, 2000],
    doc: `edited data \`x,y;x,y;...\` (${POINT_LIMITS.min} .. ${POINT_LIMITS.max} pairs, ${X_RANGE[0]} <= x <= ${X_RANGE[1]}, \\|y\\| <= ${POINT_LIMITS.yAbs}, numbers at full precision)`,
    docDefault: 'generated',
  }),
  // Part III: the confidence level of the band (section 14) and the number of classes of the
  // classification task (section 15), each edited by a select in its section.
  setting({
    key: 'level',
    type: 'enum',
    default: '0.95',
    values: LEVELS,
    control: 'control-level',
    special: ['0.8', '0.99'],
    doc: LEVELS.map((k) => `\`${k}\``).join(', ') + ' (confidence level of the band)',
  }),
  setting({
    key: 'classes',
    type: 'int',
    default: 3,
    min: 2,
    max: 4,
    scale: 'linear',
    control: 'control-classes',
    special: [2, 4],
    note: 'classes of the classification task',
  }),
  // Part IV: the query of "Two inputs, one irrelevant" (section 19), a point of the plane
  // [0, 5]^2 that the learner drags or moves with the arrow keys.
  setting({
    key: 'q1',
    type: 'number',
    default: 2.5,
    min: X_RANGE[0],
    max: X_RANGE[1],
    scale: 'linear',
    control: null,
    special: [0, 5],
    note: 'x1 of the query in the plane of two inputs (section 19)',
  }),
  setting({
    key: 'q2',
    type: 'number',
    default: 2.5,
    min: X_RANGE[0],
    max: X_RANGE[1],
    scale: 'linear',
    control: null,
    special: [0, 5],
    note: 'x2 of the query in the plane of two inputs (section 19)',
  }),
  // The epochs of the learned query-key model (section 21), edited by its slider.
  setting({
    key: 'qk',
    type: 'int',
    default: 200,
    min: 0,
    max: 200,
    scale: 'linear',
    control: 'control-qk',
    special: [0, 200],
    note: 'epochs of the learned query-key model (section 21)',
  }),
  // The estimator of the band (section 14) and of the controls' choice in section 16: local
  // constant (Nadaraya-Watson) or local linear, edited in the top bar beside the kernel.
  setting({
    key: 'est',
    type: 'enum',
    default: 'lc',
    values: Object.freeze(Object.keys(ESTIMATORS)),
    control: 'control-est',
    special: ['ll'],
    doc: '`lc` (local constant: Nadaraya-Watson), `ll` (local linear)',
  }),
  setting({
    key: 'lang',
    type: 'enum',
    default: 'en',
    values: LANGS,
    control: 'control-lang',
    special: ['zh'],
    doc: LANGS.map((k) => `\`${k}\``).join(', '),
    docDefault: "the browser's language (`zh*` -> `zh`, else `en`)",
  }),
  setting({
    key: 'embed',
    type: 'figure',
    default: null,
    special: [null],
    doc: 'a figure id (below)',
    docDefault: 'none: the whole tutorial',
  }),
  // Session state of the interactive figures (not written to the URL; ignored if present there):
  setting({
    key: 'step',
    type: 'nullable-int',
    default: null,
    min: 0,
    max: 1000,
    url: false,
    special: [null, 0],
  }), // training playback position (epochs); null = the whole run
  setting({ key: 'playing', type: 'bool', default: false, url: false }),
  setting({
    key: 'speed',
    type: 'number',
    default: 5,
    min: 0.5,
    max: 60,
    scale: 'log',
    url: false,
    control: 'control-speed',
    special: [0.5, 60],
  }), // epochs per second
  setting({
    key: 'query',
    type: 'int',
    default: 25,
    min: 0,
    max: 49,
    url: false,
    special: [0, 49],
  }), // inspected test query (25: x = 2.5)
  // playback of the learned query-key model (section 21): its Play moves `qk` up to its max
  setting({ key: 'qkPlaying', type: 'bool', default: false, url: false }),
]);

/** key -> setting (no prototype: a URL key such as "constructor" is no setting). */
export const SETTING_BY_KEY = Object.freeze(
  Object.assign(Object.create(null), Object.fromEntries(SETTINGS.map((s) => [s.key, s]))),
);

/** The keys written to the hash, in their order. */
export const URL_KEYS = Object.freeze(SETTINGS.filter((s) => s.url).map((s) => s.key));

/** key -> default (lang: the State's own default is the browser's language). */
export const DEFAULTS = Object.freeze(Object.fromEntries(SETTINGS.map((s) => [s.key, s.default])));

/** Values of an enum-like setting: its own list, the API's kernels or the registry's figures. */
function choices(s, opts = {}) {
  if (s.key === 'kernel') return opts.kernels ?? [];
  if (s.type === 'figure') return opts.figures ?? [];
  return s.values ?? [];
}

/**
 * Why one edited point is refused, or null when it is fine: {key: 'x' | 'y', value, min, max}.
 * The point editor, the "Add point" form and the state use this same check.
 */
export function pointProblem(x, y) {
  const [x0, x1] = POINT_LIMITS.x;
  if (!(Number.isFinite(x) && x >= x0 && x <= x1)) return { key: 'x', value: x, min: x0, max: x1 };
  if (!(Number.isFinite(y) && Math.abs(y) <= POINT_LIMITS.yAbs))
    return { key: 'y', value: y, min: -POINT_LIMITS.yAbs, max: POINT_LIMITS.yAbs };
  return null;
}

/** Why a point set is refused, or null: {count, min, max} or a pointProblem with its index. */
export function pointsProblem(p) {
  if (!p || !Array.isArray(p.x) || !Array.isArray(p.y) || p.x.length !== p.y.length)
    return { shape: true };
  if (p.x.length < POINT_LIMITS.min || p.x.length > POINT_LIMITS.max)
    return { count: p.x.length, min: POINT_LIMITS.min, max: POINT_LIMITS.max };
  for (let i = 0; i < p.x.length; i++) {
    const bad = pointProblem(p.x[i], p.y[i]);
    if (bad) return { ...bad, index: i };
  }
  return null;
}

/**
 * A value from a control or a program (not the URL), type-checked and clamped into range; or
 * undefined when it cannot be used at all (the state then keeps its current value).
 * @param {{kernels?: string[], figures?: string[]}} [opts]  the API's kernels, the figure ids
 */
export function clampSetting(key, value, opts = {}) {
  const s = SETTING_BY_KEY[key];
  if (!s) return undefined;
  switch (s.type) {
    case 'enum':
    case 'figure': {
      if (s.type === 'figure' && (value === null || value === undefined)) return null;
      const list = choices(s, opts);
      return typeof value === 'string' && list.includes(value) ? value : undefined;
    }
    case 'bool':
      return typeof value === 'boolean'
        ? value
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : undefined;
    case 'points':
      if (value === null) return null;
      return pointsProblem(value) ? undefined : { x: value.x.slice(), y: value.y.slice() };
    default: {
      const nullable = s.type.startsWith('nullable');
      if (nullable && (value === null || value === '' || value === undefined)) return null;
      if (value === null || value === '' || typeof value === 'boolean') return undefined;
      const v = Number(value);
      if (!Number.isFinite(v)) return undefined;
      const c = Math.min(s.max ?? Infinity, Math.max(s.min ?? -Infinity, v));
      return s.type.endsWith('int') ? Math.round(c) : c;
    }
  }
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Strict reading of one value from the URL: the value, or undefined when the text is not exactly a
 * valid setting (malformed, out of range, not an integer where one is needed, unknown name, ...).
 */
export function parseSetting(key, text, opts = {}) {
  const s = SETTING_BY_KEY[key];
  if (!s || typeof text !== 'string') return undefined;
  if (text.length > MAX_VALUE && s.type !== 'points') return undefined;
  switch (s.type) {
    case 'enum':
    case 'figure':
      return choices(s, opts).includes(text) ? text : undefined;
    case 'bool':
      return text === 'true' || text === '1'
        ? true
        : text === 'false' || text === '0'
          ? false
          : undefined;
    case 'points':
      return parsePoints(text);
    default: {
      if (s.type.startsWith('nullable') && (text === '' || text === 'random')) return null;
      if (!NUMBER.test(text)) return undefined;
      const v = Number(text);
      if (!Number.isFinite(v) || (s.min !== null && v < s.min) || (s.max !== null && v > s.max))
        return undefined;
      if (s.type.endsWith('int') && !Number.isInteger(v)) return undefined;
      return v;
    }
  }
}

/** "x,y;x,y;..." (or the older JSON {"x": [...], "y": [...]}) -> points, or undefined. */
function parsePoints(text) {
  let p;
  if (text.startsWith('{')) {
    try {
      p = JSON.parse(text);
    } catch {
      return undefined;
    }
  } else {
    const pairs = text.split(';');
    if (pairs.length > POINT_LIMITS.max) return undefined;
    p = { x: [], y: [] };
    for (const pair of pairs) {
      const m = /^([-+]?[\d.]+(?:e[-+]?\d+)?),([-+]?[\d.]+(?:e[-+]?\d+)?)$/i.exec(pair);
      if (!m) return undefined;
      p.x.push(Number(m[1]));
      p.y.push(Number(m[2]));
    }
  }
  return pointsProblem(p) ? undefined : { x: p.x.slice(), y: p.y.slice() };
}

/** A setting's value as its hash text (unencoded): points as "x,y;..." at full precision. */
export function formatSetting(key, value) {
  if (value === null || value === undefined) return '';
  if (SETTING_BY_KEY[key]?.type === 'points')
    return value.x.map((x, i) => `${x},${value.y[i]}`).join(';');
  return String(value);
}

/** The setting's [min, max] as a range input holds them (log10 for a log slider). */
export function sliderRange(key) {
  const s = SETTING_BY_KEY[key];
  return s.scale === 'log' ? [Math.log10(s.min), Math.log10(s.max)] : [s.min, s.max];
}
