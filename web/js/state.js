// The whole UI state in one serialisable object. Controls write to it with set(); sections read it
// in update(). Listeners receive the state and the list of keys that changed.

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

const LIMITS = {
  seed: [0, 2 ** 31 - 1],
  n: [5, 2000],
  noise: [0, 2],
  h: [0.01, 10],
  lr: [1e-4, 10],
  epochs: [1, 1000],
  batch: [0, 2000],
  step: [0, 1000],
  speed: [0.5, 60],
  query: [0, 49],
};
const INTEGERS = ['seed', 'n', 'epochs', 'batch', 'step', 'query'];

/** Edited points: at most 2000 finite pairs (the page's largest n); anything else is unusable. */
function sanitizePoints(p) {
  if (!p || !Array.isArray(p.x) || !Array.isArray(p.y) || p.x.length !== p.y.length) return null;
  if (p.x.length < 2 || p.x.length > 2000) return null;
  if (!p.x.every(Number.isFinite) || !p.y.every(Number.isFinite)) return null;
  return { x: p.x.slice(), y: p.y.slice() };
}

/** Clamps and type-checks one value; returns the default for anything unusable. */
function sanitize(key, value) {
  const d = DEFAULTS[key];
  if (key === 'kernel') return typeof value === 'string' && value ? value : d;
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

export class State {
  constructor(initial = {}) {
    this.values = { ...DEFAULTS };
    for (const k of Object.keys(initial)) if (k in DEFAULTS) this.values[k] = sanitize(k, initial[k]);
    this.listeners = new Set();
  }

  get() {
    return this.values;
  }

  /** A fresh copy of the default settings (for "Reset"). */
  defaults() {
    return { ...DEFAULTS };
  }

  /** Merges a patch; notifies listeners with the keys whose value actually changed. */
  set(patch) {
    const changed = [];
    const next = { ...this.values };
    if (GENERATOR_KEYS.some((k) => k in patch) && !('points' in patch)) patch = { ...patch, points: null };
    for (const [k, v] of Object.entries(patch)) {
      if (!(k in DEFAULTS)) continue;
      const s = sanitize(k, v);
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
  toHash() {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.values)) {
      if (TRANSIENT.has(k) || v === DEFAULTS[k]) continue;
      p.set(k, k === 'points' ? JSON.stringify(v) : String(v));
    }
    const s = p.toString();
    return s ? '#' + s : '';
  }

  static fromHash(hash) {
    const init = {};
    for (const [k, v] of new URLSearchParams(String(hash).replace(/^#/, ''))) {
      if (TRANSIENT.has(k)) continue;
      if (k === 'points') {
        try {
          init.points = JSON.parse(v);
        } catch {
          /* a malformed hash is ignored */
        }
      } else init[k] = v;
    }
    return new State(init);
  }
}
