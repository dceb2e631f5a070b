// Quantities that several sections read from the same state, computed once per state by the API and
// cached. Pure functions of (api, state): no section talks to another, they only share this memo.
// Long computations (training runs, loss landscapes) are extended in slices (see slices.js).
import { LossLandscape, landscapeScales } from './landscape.js';
import { SLICE_MS, runSliced } from './slices.js';
import { IncrementalRun } from './trainer.js';

/** Keys of the state that define the training data. */
export const DATA_KEYS = ['seed', 'n', 'noise', 'points'];
/** Keys that define a training run (its length, `epochs`, and the playback `step` excluded). */
export const RUN_KEYS = [...DATA_KEYS, 'kernel', 'lr', 'batch', 'w0', 'loo'];
/** Keys that define what the trained model shows: the run and how far it has been played. */
export const TRAIN_KEYS = [...RUN_KEYS, 'epochs', 'step'];

export class Model {
  /** @param {import('./compute.js').Compute} compute  runs the long jobs (worker or slices) */
  constructor(nw, compute) {
    this.nw = nw;
    this.compute = compute;
    this.cache = new Map();
    /** The chapter's 50 test queries 0, 0.1, ..., 4.9 and the true function on them. */
    this.queries = nw.testInputs();
    this.truth = nw.trueFunction(this.queries);
    /** A fine grid for smooth curves of the true function. */
    this.fine = nw.testInputs({ step: 0.02 });
    this.fineTruth = nw.trueFunction(this.fine);
  }

  /** The mean squared error of predictions against targets, by the API. */
  mse(a, b) {
    return this.nw.meanSquaredError(a, b);
  }

  memo(name, state, keys, compute) {
    const key = JSON.stringify(keys.map((k) => state[k]));
    const hit = this.cache.get(name);
    if (hit && hit.key === key) return hit.value;
    const value = compute();
    // A replaced value that holds WebAssembly memory (a training run's task) releases it.
    if (hit && typeof hit.value?.dispose === 'function') hit.value.dispose();
    this.cache.set(name, { key, value });
    return value;
  }

  /**
   * The result of a compute job (see jobs.js), cached like memo() (a key that is not a string is
   * used as a value): resolves to it, or to null when
   * superseded (opts.isCurrent() turned false; then nothing is cached).
   */
  async job(name, state, keys, jobName, args, opts = {}) {
    const key = JSON.stringify(keys.map((k) => (typeof k === 'string' ? state[k] : k)));
    const isCurrent = opts.isCurrent ?? (() => true);
    for (;;) {
      const hit = this.cache.get(name);
      if (!hit || hit.key !== key) break;
      // Shared with an earlier caller; if that caller was superseded its job was cancelled (null),
      // and a caller still current starts it again.
      const value = await hit.value;
      if (value !== null || !isCurrent()) return value;
    }
    // The promise is cached at once, so sections asking for the same job share one computation.
    const promise = this.compute.call(jobName, args(), opts).then((value) => {
      if (value === null && this.cache.get(name)?.value === promise) this.cache.delete(name);
      return value;
    });
    this.cache.set(name, { key, value: promise });
    return promise;
  }

  /**
   * The LOO-CV choice {h, loss} of selectBandwidth for the state's data, `kernel` and `estimator`
   * (an API estimator name; default local constant) (shared).
   */
  async looCv(s, kernel, opts = {}, estimator = 'local-constant') {
    const { x, y } = this.data(s);
    const local = estimator === 'local-constant';
    const r = await this.job(
      local ? `loo-cv-${kernel}` : `loo-cv-${kernel}-${estimator}`,
      s,
      [...DATA_KEYS],
      'selectBandwidth',
      () => [x, y, local ? { kernel } : { kernel, estimator }],
      opts,
    );
    return r && { h: r.bandwidth, loss: r.looLoss };
  }

  /**
   * A whole training run of the state's settings (plus `extra` options and `stop`) to `epochs`
   * epochs, computed as a job (off the main thread when possible); shaped like
   * IncrementalRun.prefix(). Null when superseded.
   */
  longRun(name, s, extra, stop, epochs, opts) {
    return this.job(
      name,
      s,
      [...RUN_KEYS, [extra, stop, epochs]],
      'run',
      () => {
        const { x, y } = this.data(s);
        const o = Object.fromEntries(
          Object.entries({ ...this.trainOptions(s), ...extra }).filter(([, v]) => v !== undefined),
        );
        return { x, y, opts: o, stop, epochs };
      },
      opts,
    );
  }

  /**
   * Training pairs in the learner's order (the order of state.points, which editing keeps): the
   * generated set (sorted) or the edited points. Point i of the data chart is index i here.
   */
  rawPoints(s) {
    if (s.points) return { x: Float64Array.from(s.points.x), y: Float64Array.from(s.points.y) };
    return this.generated(s);
  }

  /** The generated data of the seed, n and noise (what "Reset data" returns to). */
  generated(s) {
    return this.memo('generated', s, ['seed', 'n', 'noise'], () =>
      this.nw.generateData({ n: s.n, noise: s.noise, seed: s.seed }),
    );
  }

  /** Training pairs {x, y} sorted by x: the generated set, or the learner's edited points. */
  data(s) {
    return this.memo('data', s, DATA_KEYS, () => {
      if (!s.points) return this.generated(s);
      const order = s.points.x.map((_, i) => i).sort((a, b) => s.points.x[a] - s.points.x[b]);
      return {
        x: Float64Array.from(order, (i) => s.points.x[i]),
        y: Float64Array.from(order, (i) => s.points.y[i]),
      };
    });
  }

  /** The kernel used for training: the chosen one if differentiable, else the Gaussian. */
  trainKernel(s) {
    return this.nw.trainableKernels.includes(s.kernel) ? s.kernel : 'gaussian';
  }

  /** trainParametric options of the state (w0 omitted when drawn from the seed). */
  trainOptions(s) {
    const n = this.data(s).x.length;
    const o = { kernel: this.trainKernel(s), learningRate: s.lr, leaveOneOut: s.loo, seed: s.seed };
    if (s.batch > 0 && s.batch < n) o.batchSize = s.batch;
    if (s.w0 !== null) o.w0 = s.w0;
    return o;
  }

  /** The playback position in epochs: the step of the player, or the whole run. */
  position(s) {
    return Math.max(0, Math.min(s.epochs, s.step ?? s.epochs));
  }

  /** An extendable run of the state's settings, shared by every section (name: cache slot). */
  run(name, s, extra = {}, stop = {}) {
    return this.memo(name, s, [...RUN_KEYS, JSON.stringify(extra)], () => {
      const { x, y } = this.data(s);
      return new IncrementalRun(this.nw, x, y, { ...this.trainOptions(s), ...extra }, stop);
    });
  }

  /**
   * Extends `run` to `epochs` epochs in slices; resolves to true when done, false when superseded.
   * Cheap extensions (one playback step) finish without yielding.
   */
  extend(run, epochs, opts = {}) {
    if (run.has(epochs)) return Promise.resolve(true);
    return runSliced(
      () => {
        run.advance(epochs - run.epochs, SLICE_MS); // one slice of steps, then a yield
        return run.has(epochs);
      },
      { ...opts, onProgress: opts.onProgress && (() => opts.onProgress(run.epochs, epochs)) },
    );
  }

  /**
   * The chapter's training run up to the playback position, shaped like trainParametric's result
   * (see IncrementalRun.prefix). Resolves to null when superseded (isCurrent() turned false).
   */
  async training(s, opts = {}) {
    const run = this.run('training', s);
    const p = this.position(s);
    if (!(await this.extend(run, Math.max(1, p), opts))) return null;
    return run.prefix(p);
  }

  /**
   * The training loss over w for the state's data, kernel and leave-one-out setting, tabulated in
   * slices; resolves to the LossLandscape, or null when superseded.
   */
  async landscape(s, opts = {}) {
    const { x, y } = this.data(s);
    const o = { kernel: this.trainKernel(s), leaveOneOut: s.loo };
    const r = await this.job(
      'landscape',
      s,
      [...DATA_KEYS, 'kernel', 'loo'],
      'landscape',
      () => ({ x, y, ...o, ws: landscapeScales(x.length) }),
      opts,
    );
    if (!r) return null;
    // With LOO the minimum is the LOO-CV choice (w = 1/h; 0 when h = Infinity wins).
    const cv = s.loo ? await this.looCv(s, o.kernel, opts) : null;
    if (s.loo && !cv) return null;
    return new LossLandscape(
      this.nw,
      x,
      y,
      o,
      cv ? { ...r, min: { w: 1 / cv.h, loss: cv.loss } } : r,
    );
  }
}

export { logspace } from './numeric.js';
