// The whole UI state in one serialisable object. Controls write to it with set(); sections read it
// in update(). Listeners receive the state and the list of keys that changed.

/** Every setting of the page, with the chapter's values as defaults. */
export const DEFAULTS = Object.freeze({
  seed: 0, // data seed; "New data" draws another
  n: 50, // number of training pairs
  noise: 0.5, // standard deviation of the label noise
  kernel: 'gaussian', // kernel of the nonparametric figures and of training (if trainable)
  h: 1, // bandwidth of the explorable figures (the chapter's implicit h = 1)
  lr: 0.5, // SGD learning rate (chapter: 0.5)
  epochs: 5, // training epochs (chapter: 5)
  batch: 0, // minibatch size; 0 = full batch (chapter)
  w0: null, // initial w; null = drawn from U[0, 1) with the seed (chapter)
  loo: true, // leave-one-out keys during training (chapter)
  points: null, // edited training data {x: number[], y: number[]}, or null = generated data
});

const LIMITS = {
  seed: [0, 2 ** 31 - 1],
  n: [5, 2000],
  noise: [0, 2],
  h: [0.01, 10],
  lr: [1e-4, 10],
  epochs: [1, 1000],
  batch: [0, 2000],
};

/** Clamps and type-checks one value; returns the default for anything unusable. */
function sanitize(key, value) {
  const d = DEFAULTS[key];
  if (key === 'kernel') return typeof value === 'string' && value ? value : d;
  if (key === 'loo') return typeof value === 'boolean' ? value : value === 'false' ? false : d;
  if (key === 'points') return value && Array.isArray(value.x) ? value : null;
  if (key === 'w0' && (value === null || value === '' || value === undefined)) return null;
  const v = Number(value);
  if (!Number.isFinite(v)) return d;
  const lim = LIMITS[key];
  const c = lim ? Math.min(lim[1], Math.max(lim[0], v)) : v;
  return ['seed', 'n', 'epochs', 'batch'].includes(key) ? Math.round(c) : c;
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
    for (const [k, v] of Object.entries(patch)) {
      if (!(k in DEFAULTS)) continue;
      const s = sanitize(k, v);
      if (s !== this.values[k]) {
        this.values = { ...this.values, [k]: s };
        changed.push(k);
      }
    }
    if (changed.length) for (const fn of this.listeners) fn(this.values, changed);
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
      if (v === DEFAULTS[k]) continue;
      p.set(k, k === 'points' ? JSON.stringify(v) : String(v));
    }
    const s = p.toString();
    return s ? '#' + s : '';
  }

  static fromHash(hash) {
    const init = {};
    for (const [k, v] of new URLSearchParams(String(hash).replace(/^#/, ''))) {
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
