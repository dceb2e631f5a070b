// Quantities that several sections read from the same state, computed once per state by the API and
// cached. Pure functions of (api, state): no section talks to another, they only share this memo.

/** Keys of the state that define the training data. */
export const DATA_KEYS = ['seed', 'n', 'noise', 'points'];
/** Keys that define the parametric training run. */
export const TRAIN_KEYS = [...DATA_KEYS, 'kernel', 'lr', 'epochs', 'batch', 'w0', 'loo'];

export class Model {
  constructor(nw) {
    this.nw = nw;
    this.cache = new Map();
    /** The chapter's 50 test queries 0, 0.1, ..., 4.9 and the true function on them. */
    this.queries = nw.testInputs();
    this.truth = nw.trueFunction(this.queries);
    /** A fine grid for smooth curves of the true function. */
    this.fine = nw.testInputs({ step: 0.02 });
    this.fineTruth = nw.trueFunction(this.fine);
  }

  memo(name, state, keys, compute) {
    const key = name + JSON.stringify(keys.map((k) => state[k]));
    const hit = this.cache.get(name);
    if (hit && hit.key === key) return hit.value;
    const value = compute();
    this.cache.set(name, { key, value });
    return value;
  }

  /** Training pairs {x, y} sorted by x: the generated set, or the learner's edited points. */
  data(s) {
    return this.memo('data', s, DATA_KEYS, () => {
      if (s.points) {
        const order = s.points.x.map((_, i) => i).sort((a, b) => s.points.x[a] - s.points.x[b]);
        return {
          x: Float64Array.from(order, (i) => s.points.x[i]),
          y: Float64Array.from(order, (i) => s.points.y[i]),
        };
      }
      return this.nw.generateData({ n: s.n, noise: s.noise, seed: s.seed });
    });
  }

  /** The kernel used for training: the chosen one if differentiable, else the Gaussian. */
  trainKernel(s) {
    return this.nw.trainableKernels.includes(s.kernel) ? s.kernel : 'gaussian';
  }

  /** The chapter's training run with the state's settings (w0 drawn from the seed unless set). */
  training(s) {
    return this.memo('training', s, TRAIN_KEYS, () => {
      const { x, y } = this.data(s);
      const opts = {
        kernel: this.trainKernel(s),
        learningRate: s.lr,
        epochs: s.epochs,
        leaveOneOut: s.loo,
        seed: s.seed,
      };
      if (s.batch > 0) opts.batchSize = Math.min(s.batch, x.length);
      if (s.w0 !== null) opts.w0 = s.w0;
      return this.nw.trainParametric(x, y, opts);
    });
  }
}

/** Mean squared error of two equally long arrays. */
export function mse(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/** n log-spaced numbers from lo to hi inclusive. */
export function logspace(lo, hi, n) {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Float64Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
}
