// Long computations as generators, run either in the compute worker (worker.js) or on the main
// thread in slices (compute.js). A job is `function* (nw, args)`: each `yield` is a point where the
// runner may pause (the next slice), report progress and check for cancellation; it yields
// `{done, total}` and returns its result. Everything passed in and out is plain data
// (numbers, arrays, typed arrays), so it crosses postMessage unchanged.
//
// Every number comes from the API's resumable tasks (nw.tasks.*): a job only steps them, so its
// results are exactly those of the one-shot calls (selectBandwidth, looCurve, trainParametric).
// A cancelled job's generator is closed by the runner, and its `finally` frees the task.
import { IncrementalRun } from './trainer.js';

/**
 * Steps a task to its end, yielding its progress about every STEP_MS; returns its result. A task's
 * units of work range from microseconds (one LOO loss of 10 points) to many milliseconds, so the
 * units per step() call adapt: doubled while a call takes under a quarter of STEP_MS, halved
 * when it takes more than STEP_MS (the same units in the same order: the same result).
 */
const STEP_MS = 4;
function* drive(task) {
  let units = 1;
  try {
    for (;;) {
      const t0 = performance.now();
      const finished = task.step(units);
      const elapsed = performance.now() - t0;
      if (finished) break;
      if (elapsed < STEP_MS / 4 && units < 1 << 20) units *= 2;
      else if (elapsed > STEP_MS && units > 1) units = Math.max(1, units >> 1);
      yield task.progress();
    }
    return task.result();
  } finally {
    task.dispose();
  }
}

export const JOBS = {
  /** selectBandwidth, step by step (cancellable, with progress): {bandwidth, looLoss}. */
  *selectBandwidth(nw, [x, y, opts = {}]) {
    // Silverman's rule, and the search in more than one dimension, are one-shot calls.
    if (opts.method === 'silverman' || opts.dims > 1) return nw.selectBandwidth(x, y, opts);
    const { kernel, estimator, method } = opts;
    const r = yield* drive(nw.tasks.selectBandwidth(x, y, { kernel, estimator, method }));
    return method === 'aic'
      ? { bandwidth: r.bandwidth, looLoss: r.looLoss, aic: r.aic }
      : { bandwidth: r.bandwidth, looLoss: r.looLoss };
  },

  /**
   * The LOO loss (or with criterion 'aic', AIC_c) at each bandwidth of `bandwidths`, of the
   * estimator (the minimum: Model.looCv, selectBandwidth's).
   */
  *looCurve(nw, { x, y, kernel, bandwidths, estimator, criterion }) {
    const { losses } = yield* drive(
      nw.tasks.lossCurve(x, y, { kernel, bandwidths, estimator, criterion }),
    );
    return { losses };
  },

  /** LOO losses at a few bandwidths (markers on a curve). */
  *looLosses(nw, { x, y, kernel, bandwidths }) {
    return (yield* drive(nw.tasks.lossCurve(x, y, { kernel, bandwidths }))).losses;
  },

  /**
   * A training run to `epochs` epochs (or until converged with stop.untilConverged), within the
   * page's work budget (trainer.js): its prefix (IncrementalRun.prefix, which says whether the
   * budget or a divergence stopped it).
   */
  *run(nw, { x, y, opts, stop = {}, epochs }) {
    const run = new IncrementalRun(nw, x, y, opts, stop, epochs);
    try {
      while (!run.has(epochs)) {
        run.advance(epochs, STEP_MS); // steps for about STEP_MS, then a yield (as drive)
        yield { done: run.epochs, total: Math.min(epochs, run.maxEpochs) };
      }
      return run.prefix();
    } finally {
      run.dispose();
    }
  },

  /**
   * The loss landscape L(w) at the scales `ws`, with leave-one-out keys or not. Without LOO its
   * minimum is the best scale refined by Brent's method (null when the loss still falls at the
   * largest w); with LOO the page takes the LOO-CV choice instead (Model.landscape).
   */
  *landscape(nw, { x, y, kernel, leaveOneOut, ws }) {
    const curve = yield* drive(
      nw.tasks.lossCurve(x, y, { kernel, ws, leaveOneOut, refineMinimum: !leaveOneOut }),
    );
    return {
      ws: Float64Array.from(ws),
      losses: curve.losses,
      min: leaveOneOut ? null : curve.minimum,
    };
  },

  /** The consistency study (nw.tasks.consistencyStudy): the page asks for one size per job. */
  *consistency(nw, opts) {
    return yield* drive(nw.tasks.consistencyStudy(opts));
  },
};
