// The whole UI state in one serialisable object. Controls write to it with set(); sections read it
// in update(). Listeners receive the state and the list of keys that changed. The settings (not the
// session keys) live in the URL hash; the format is documented in web/README.md.

/** Every setting of the page, with the chapter's values as defaults. */
export const DEFAULTS = Object.freeze({
  seed: 0, // data seed; "New data" draws another
  n: 50, // number of generated training pairs
  noise: 0.5, // standard deviation of the label noise
  kernel: 'gaussian', // kernel of the nonparametric figures and of training (if trainable)
  h: 1, // bandwidth of the explorable figures (the chapter's implicit h = 1)
  lr: 0.5, // SGD learning rate (chapter: 0.5)
  epochs: 5, // training epochs (chapter: 5)
  batch: 0, // minibatch size; 0 = full batch (chapter)
  w0: null, // initial w; null = drawn from U[0, 1) with the seed (chapter)
  loo: true, // leave-one-out keys during training (chapter)
  points: null, // edited training data {x: number[], y: number[]} (learner's order), or null = generated
  lang: 'en', // page language; the State's default is the browser's language (see State)
  embed: null, // figure id shown alone (embed mode), or null for the whole tutorial
  // Session state of the interactive figures (not written to the URL):
  step: null, // training playback position in epochs (0..epochs); null = the whole run
  playing: false, // training playback running
  speed: 5, // playback speed, epochs per second
  query: 25, // index of the inspected test query (0..49; 25 is x = 2.5)
});

/** Keys that describe the current session rather than a setting worth sharing. */
const TRANSIENT = new Set(['step', 'playing', 'speed', 'query']);
/** Changing one of these (without giving points) discards the learner's edited points. */
const GENERATOR_KEYS = ['seed', 'n', 'noise'];
/** Order of the keys in the hash. */
const URL_KEYS = ['seed', 'n', 'noise', 'kernel', 'h', 'lr', 'epochs', 'batch', 'w0', 'loo', 'points', 'lang', 'embed'];

const LIMITS = {
  seed: [0, 2 ** 31 - 1],
  n: [5, 100000],
  noise: [0, 2],
  h: [0.01, 10],
  lr: [1e-4, 10],
  epochs: [1, 1000],
  batch: [0, 2000],
  w0: [-1000, 1000],
  step: [0, 1000],
  speed: [0.5, 60],
  query: [0, 49],
};
const INTEGERS = ['seed', 'n', 'epochs', 'batch', 'step', 'query'];
export const LANGS = ['en', 'zh'];
/** Edited points: 3 to 2000 pairs with x in the plotted range [0, 5] and |y| <= 100. */
export const POINT_LIMITS = { min: 3, max: 2000, x: [0, 5], yAbs: 100 };
/** A hash longer than this is not parsed at all (2000 points at full precision fit easily). */
const MAX_HASH = 100000;

/** Edited points or null if unusable. */
function sanitizePoints(p) {
  if (!p || !Array.isArray(p.x) || !Array.isArray(p.y) || p.x.length !== p.y.length) return null;
  if (p.x.length < POINT_LIMITS.min || p.x.length > POINT_LIMITS.max) return null;
  const okX = (v) => Number.isFinite(v) && v >= POINT_LIMITS.x[0] && v <= POINT_LIMITS.x[1];
  const okY = (v) => Number.isFinite(v) && Math.abs(v) <= POINT_LIMITS.yAbs;
  if (!p.x.every(okX) || !p.y.every(okY)) return null;
  return { x: p.x.slice(), y: p.y.slice() };
}

/** Clamps and type-checks one value from a control; returns the default for anything unusable. */
function sanitize(key, value, opts = {}) {
  const d = DEFAULTS[key];
  if (key === 'kernel') {
    if (typeof value !== 'string' || !value) return d;
    return !opts.kernels || opts.kernels.includes(value) ? value : d;
  }
  if (key === 'lang') return LANGS.includes(value) ? value : opts.lang ?? d;
  if (key === 'embed') return typeof value === 'string' && (!opts.figures || opts.figures.includes(value)) ? value : null;
  if (key === 'loo' || key === 'playing') {
    return typeof value === 'boolean' ? value : value === 'false' ? false : value === 'true' ? true : d;
  }
  if (key === 'points') return sanitizePoints(value);
  if ((key === 'w0' || key === 'step') && (value === null || value === '' || value === undefined)) return null;
  const v = Number(value);
  if (!Number.isFinite(v)) return d;
  const lim = LIMITS[key];
  const c = lim ? Math.min(lim[1], Math.max(lim[0], v)) : v;
  return INTEGERS.includes(key) ? Math.round(c) : c;
}

/**
 * Strict reading of one value from the URL: the value, or undefined when it is not exactly a
 * valid setting (out of range, not an integer where one is needed, unknown name, ...).
 */
function parseValue(key, text, opts) {
  if (text.length > 200 && key !== 'points') return undefined;
  switch (key) {
    case 'kernel':
      return opts.kernels.includes(text) ? text : undefined;
    case 'lang':
      return LANGS.includes(text) ? text : undefined;
    case 'embed':
      return opts.figures.includes(text) ? text : undefined;
    case 'loo':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
    case 'points':
      return parsePoints(text);
    case 'w0':
      if (text === '' || text === 'random') return null;
    // falls through
    default: {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
      const v = Number(text);
      const lim = LIMITS[key];
      if (!Number.isFinite(v) || (lim && (v < lim[0] || v > lim[1]))) return undefined;
      if (INTEGERS.includes(key) && !Number.isInteger(v)) return undefined;
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
  return sanitizePoints(p) ?? undefined;
}

/** Points -> "x,y;x,y;..." with every number at full precision (exact round trip). */
function formatPoints(p) {
  return p.x.map((x, i) => `${x},${p.y[i]}`).join(';');
}

/** Encodes a hash value, leaving the characters the points format uses readable. */
const encode = (v) => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3B/gi, ';');

export class State {
  /**
   * @param {object} initial  settings (sanitized: clamped or replaced by defaults)
   * @param {{kernels?: string[], figures?: string[], lang?: string}} [opts]  valid kernel names and
   *   embed figure ids; lang: the default language (the browser's)
   */
  constructor(initial = {}, opts = {}) {
    this.opts = opts;
    this.defaultValues = Object.freeze({ ...DEFAULTS, lang: opts.lang ?? DEFAULTS.lang });
    this.values = { ...this.defaultValues };
    for (const k of Object.keys(initial)) if (k in DEFAULTS) this.values[k] = sanitize(k, initial[k], opts);
    this.values = Object.freeze(this.values);
    this.listeners = new Set();
  }

  get() {
    return this.values;
  }

  /** A fresh copy of the default settings (for "Reset"); keeps the language and embed mode. */
  defaults() {
    return { ...this.defaultValues, lang: this.values.lang, embed: this.values.embed };
  }

  /** Merges a patch; notifies listeners with the keys whose value actually changed. */
  set(patch) {
    const changed = [];
    const next = { ...this.values };
    if (GENERATOR_KEYS.some((k) => k in patch) && !('points' in patch)) patch = { ...patch, points: null };
    for (const [k, v] of Object.entries(patch)) {
      if (!(k in DEFAULTS)) continue;
      const s = sanitize(k, v, this.opts);
      // Points are replaced as a whole: a new object always counts as a change.
      if (s !== next[k] && !(s === null && next[k] === null)) {
        next[k] = s;
        changed.push(k);
      }
    }
    if (changed.length) {
      this.values = Object.freeze(next);
      for (const fn of this.listeners) fn(this.values, changed);
    }
    return changed;
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The non-default settings as a URL hash fragment ("" when everything is default). */
  toHash(values = this.values) {
    const parts = [];
    for (const k of URL_KEYS) {
      const v = values[k];
      if (v === this.defaultValues[k] || v === null) continue;
      parts.push(`${k}=${k === 'points' ? formatPoints(v) : encode(String(v))}`);
    }
    return parts.length ? '#' + parts.join('&') : '';
  }

  /**
   * Reads a URL hash strictly: {values, problems}. `values` holds every URL setting (defaults for
   * the missing ones); `problems` lists what was ignored: {key, value} (value: the raw text, for
   * the notice) or {key, unknown: true} or {tooLong: true}. Session keys in the URL are ignored.
   */
  parseHash(hash) {
    const opts = { kernels: this.opts.kernels ?? [DEFAULTS.kernel], figures: this.opts.figures ?? [] };
    const values = {};
    for (const k of URL_KEYS) values[k] = this.defaultValues[k];
    const problems = [];
    let text = String(hash ?? '').replace(/^#/, '');
    if (text.length > MAX_HASH) return { values, problems: [{ tooLong: true }] };
    if (!text) return { values, problems };
    for (const part of text.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      let key;
      let raw;
      try {
        key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
        raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      } catch {
        problems.push({ key: part.slice(0, 40), value: '' });
        continue;
      }
      if (TRANSIENT.has(key)) continue;
      if (!URL_KEYS.includes(key)) {
        problems.push({ key: key.slice(0, 40), unknown: true });
        continue;
      }
      const v = parseValue(key, raw, opts);
      if (v === undefined) problems.push({ key, value: raw.length > 40 ? raw.slice(0, 40) + '…' : raw });
      else values[key] = v;
    }
    return { values, problems };
  }
}
