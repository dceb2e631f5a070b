// Parametric training that can be extended epoch by epoch (playback) and computed in slices.
//
// One run is the sequence of SGD updates of nw.trainParametric, continued call after call with
// w0 = the current w. Full batch (no shuffle) this is exactly the API's single call with all epochs,
// however the calls are chunked. With minibatches each epoch is one call whose shuffle is drawn
// from seedOfEpoch(seed, k): the first epoch uses the seed itself (as a single API call would), the
// later epochs their own derived seeds, so a run does not depend on how playback stepped through it.

/** Seed of the k-th epoch's minibatch shuffle (k = 0 is the data seed itself). */
export function seedOfEpoch(seed, k) {
  return k === 0 ? seed : (seed * 1000003 + k * 7919 + 12345) % 2147483647;
}

export class IncrementalRun {
  /**
   * @param {object} nw   the API
   * @param {Float64Array} x  training inputs (sorted)
   * @param {Float64Array} y  training labels
   * @param {{kernel: string, learningRate: number, leaveOneOut: boolean, seed: number,
   *          batchSize?: number, w0?: number}} opts  trainParametric options
   * @param {{untilConverged?: boolean, tolerance?: number}} [stop]  stop early once converged
   */
  constructor(nw, x, y, opts, stop = {}) {
    this.nw = nw;
    this.x = x;
    this.y = y;
    this.opts = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
    this.fullBatch = !this.opts.batchSize || this.opts.batchSize >= x.length;
    this.untilConverged = Boolean(stop.untilConverged);
    this.tolerance = stop.tolerance ?? 1e-8;
    this.w0 = this.opts.w0 ?? null;
    this.w = this.w0;
    this.losses = []; // loss of every batch, before its update
    this.ws = []; // w after every update
    this.epochEnd = []; // epochEnd[k] = number of updates after epoch k + 1
    this.converged = false;
    this.chunk = 1; // epochs per API call (full batch), adapted to about 2 ms
  }

  get epochs() {
    return this.epochEnd.length;
  }

  /** Runs up to `max` more epochs in one or a few API calls. */
  advance(max) {
    const k = this.epochs;
    const epochs = this.fullBatch ? Math.max(1, Math.min(max, this.chunk)) : 1;
    const o = { ...this.opts, seed: seedOfEpoch(this.opts.seed, k), epochs };
    if (k > 0) o.w0 = this.w;
    else if (this.w0 === null) delete o.w0;
    if (this.untilConverged) Object.assign(o, { untilConverged: true, maxEpochs: epochs, tolerance: this.tolerance });
    const t0 = performance.now();
    const r = this.nw.trainParametric(this.x, this.y, o);
    const dt = performance.now() - t0;
    if (k === 0) this.w0 = r.w0;
    const perEpoch = r.steps / Math.max(1, r.epochs);
    for (let i = 0; i < r.steps; i++) {
      this.losses.push(r.losses[i]);
      this.ws.push(r.ws[i]);
      if ((i + 1) % perEpoch === 0) this.epochEnd.push(this.losses.length);
    }
    this.w = r.w;
    if (this.untilConverged) this.converged = r.converged || this.relativeChangeSmall();
    // Grow or shrink the chunk towards ~2 ms per call.
    if (this.fullBatch) this.chunk = Math.max(1, Math.min(256, Math.round((this.chunk * 2) / Math.max(dt, 0.05))));
  }

  /** The API's second stopping rule across call boundaries: relative change of the epoch loss. */
  relativeChangeSmall() {
    const e = this.epochEnd;
    if (e.length < 2 || !this.fullBatch) return false;
    const a = this.losses[e[e.length - 2] - 1];
    const b = this.losses[e[e.length - 1] - 1];
    return Math.abs(a - b) <= this.tolerance * Math.abs(a);
  }

  /** True when `epochs` epochs are available (or the run stopped converged before). */
  has(epochs) {
    return this.epochs >= Math.max(1, epochs) || this.converged;
  }

  /**
   * The run after its first p epochs, shaped like trainParametric's result:
   * {w0, w, losses, ws, epochs, steps, converged}. p = 0 gives w = w0 and no losses.
   */
  prefix(p = this.epochs) {
    const e = Math.min(p, this.epochs);
    const steps = e > 0 ? this.epochEnd[e - 1] : 0;
    return {
      w0: this.w0,
      w: steps > 0 ? this.ws[steps - 1] : this.w0,
      losses: Float64Array.from(this.losses.slice(0, steps)),
      ws: Float64Array.from(this.ws.slice(0, steps)),
      epochs: e,
      steps,
      stepsPerEpoch: e > 0 ? steps / e : this.fullBatch ? 1 : Math.ceil(this.x.length / this.opts.batchSize),
      converged: this.converged && e === this.epochs,
    };
  }
}
