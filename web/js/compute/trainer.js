// A training run that playback extends epoch by epoch: a view over the API's resumable training
// task (nw.tasks.trainParametric). The core runs every update (its random stream shuffles the
// minibatches), so the run is exactly nw.trainParametric with the same options, however playback
// steps through it. This file only keeps the bookkeeping of how far the run has gone.

/**
 * The page's work budget for one training run, in key visits: an update costs about n (the
 * Gaussian's box expansion is rebuilt for each new w) plus, for the compact kernels, batch x n
 * (each row of the batch visits a window of up to n keys). The run stops after the updates that
 * fit (the core's maxUpdates; at least one), and the page says what was cut short.
 */
export const TRAINING_BUDGET = Object.freeze({ keyVisits: 3e7, maxUpdates: 1e6 });

/** The most updates of a run of n points with this batch size and kernel that fit the budget. */
export function budgetUpdates(n, batch, kernel) {
  const perUpdate = n * (1 + (kernel === 'gaussian' ? 0 : Math.min(batch || n, n)));
  return Math.max(
    1,
    Math.min(TRAINING_BUDGET.maxUpdates, Math.floor(TRAINING_BUDGET.keyVisits / perUpdate)),
  );
}

export class IncrementalRun {
  /**
   * @param {object} nw   the API
   * @param {Float64Array} x  training inputs (sorted)
   * @param {Float64Array} y  training labels
   * @param {object} opts  trainParametric options (kernel, learningRate, leaveOneOut, seed, batchSize?, w0?)
   * @param {{untilConverged?: boolean, tolerance?: number}} [stop]  stop early once converged
   * @param {number} [maxEpochs]  the most epochs the run may be extended to (cut to the budget)
   */
  constructor(nw, x, y, opts, stop = {}, maxEpochs = 1000) {
    const o = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
    const n = x.length;
    this.stepsPerEpoch = o.batchSize && o.batchSize < n ? Math.ceil(n / o.batchSize) : 1;
    this.maxUpdates = budgetUpdates(n, o.batchSize, o.kernel ?? 'gaussian');
    // Epochs beyond the budget are never reached; asking for fewer keeps within the API's limit.
    this.maxEpochs = Math.max(
      1,
      Math.min(maxEpochs, Math.ceil(this.maxUpdates / this.stepsPerEpoch)),
    );
    o.maxUpdates = this.maxUpdates;
    if (stop.untilConverged)
      Object.assign(o, {
        untilConverged: true,
        maxEpochs: this.maxEpochs,
        tolerance: stop.tolerance ?? 1e-8,
      });
    else o.epochs = this.maxEpochs;
    this.task = nw.tasks.trainParametric(x, y, o);
    this.disposed = false;
  }

  /** Whole epochs run so far. */
  get epochs() {
    return this.task.done ? this.task.result().epochs : this.task.progress().epochs;
  }

  /**
   * Runs the task on until `max` more whole epochs are done, or until `budgetMs` has passed (checked
   * after every task step, each a bounded slice of rows: at n = 10^5 and batch 1 one step takes
   * about 6 ms, at n = 50 a few microseconds). Callers that must stay responsive pass their slice's
   * time and yield between calls.
   */
  advance(max = 1, budgetMs = Infinity) {
    if (this.task.done || this.disposed) return;
    const target = this.epochs + Math.max(1, max);
    const end = performance.now() + budgetMs;
    while (!this.task.step() && this.task.progress().epochs < target && performance.now() < end);
  }

  /** True when `epochs` epochs are available, or the run cannot go further (converged, diverged, budget). */
  has(epochs) {
    return this.disposed || this.task.done || this.epochs >= Math.max(1, epochs);
  }

  /**
   * The run after its first p epochs, shaped like trainParametric's result:
   * {w0, w, losses, ws, epochs, steps, stepsPerEpoch, converged, diverged, budgetReached, maxUpdates}.
   * p = 0 gives w = w0 and no losses.
   */
  prefix(p = this.epochs) {
    const r = this.task.done
      ? this.task.result()
      : this.disposed
        ? this.lastPartial
        : this.task.partial();
    const e = Math.min(p, r.epochs);
    // A run cut short within an epoch shows its updates when played to (or past) its end.
    const steps =
      p > r.epochs && this.task.done ? r.steps : Math.min(r.steps, e * this.stepsPerEpoch);
    return {
      w0: r.w0,
      w: steps > 0 ? r.ws[steps - 1] : r.w0,
      losses: r.losses.slice(0, steps),
      ws: r.ws.slice(0, steps),
      epochs: e,
      steps,
      stepsPerEpoch: this.stepsPerEpoch,
      converged: r.converged && e === r.epochs,
      diverged: r.diverged && p >= r.epochs,
      budgetReached: Boolean(r.budgetReached) && p >= r.epochs,
      maxUpdates: this.maxUpdates,
    };
  }

  /** Frees the task's WebAssembly memory (the run cannot be extended afterwards). */
  dispose() {
    if (this.disposed) return;
    // A superseded update may still read the run it had (it draws nothing, but must not throw).
    if (!this.task.done) this.lastPartial = this.task.partial();
    this.disposed = true;
    this.task.dispose();
  }
}
