// The training loss as a function of the parametric scale w: L(w) = sum_i (f_w(x_i) - y_i)^2, with
// leave-one-out keys (then L(w) = LOO(h = 1/|w|), the LOO-CV criterion) or with each query's own
// key (then L falls towards 0 as w grows: each point ends up predicting itself). L is even in w for
// every kernel here, so it is tabulated over |w| on a log grid, one API call per grid point.
import { goldenLog, logspace } from './numeric.js';

export const W_RANGE = [0.05, 500];
/** Grid points and golden-section iterations by default (fewer at large n: see landscapeSize). */
const GRID = 161;
const GOLDEN = 30;

/** Grid and refinement for n points: the full ones up to 20,000 points, then ~40% of the evaluations. */
export function landscapeSize(n) {
  return n <= 20000 ? { grid: GRID, golden: GOLDEN } : { grid: 61, golden: 16 };
}

export class LossLandscape {
  constructor(nw, x, y, { kernel, leaveOneOut, grid = GRID, golden = GOLDEN }) {
    this.nw = nw;
    this.x = x;
    this.y = y;
    this.kernel = kernel;
    this.loo = leaveOneOut;
    this.golden = golden;
    this.ws = logspace(W_RANGE[0], W_RANGE[1], grid);
    this.losses = new Float64Array(grid).fill(NaN);
    this.done = 0;
    this.min = undefined; // {w, loss}, null when the loss keeps falling; undefined until computed
  }

  /** A complete landscape from a job's result {ws, losses, min} (see jobs.landscape). */
  static from(nw, x, y, opts, { ws, losses, min }) {
    const land = new LossLandscape(nw, x, y, { ...opts, grid: 2 });
    Object.assign(land, { ws, losses, min, done: ws.length });
    return land;
  }

  /** L(w) by the API (looLoss skips the gradient pass when it is not needed). */
  loss(w) {
    if (this.loo) return this.nw.looLoss(this.x, this.y, { kernel: this.kernel, w });
    return this.nw.trainingLoss(this.x, this.y, { kernel: this.kernel, w, leaveOneOut: false }).loss;
  }

  get complete() {
    return this.min !== undefined;
  }

  /** One unit of work (a grid point, or the refinement of the minimum); true when complete. */
  advance() {
    if (this.done < this.ws.length) {
      this.losses[this.done] = this.loss(this.ws[this.done]);
      this.done++;
      return false;
    }
    // The refinement, one evaluation per call (each may take ~0.1 s at n = 10^5).
    this.refiner ??= this.refine();
    const r = this.refiner.next();
    if (!r.done) return false;
    this.min = r.value;
    return true;
  }

  /**
   * The minimum: the best grid point, refined by golden-section search on log w between its
   * neighbours. None (null) when the best grid point is the last one (the loss still falling).
   */
  *refine() {
    const G = this.ws.length;
    let k = 0;
    for (let i = 1; i < G; i++) if (this.losses[i] < this.losses[k]) k = i;
    if (k === G - 1) return null;
    if (k === 0) return { w: this.ws[0], loss: this.losses[0] };
    const { h: w, loss } = yield* goldenLog((v) => this.loss(v), this.ws[k - 1], this.ws[k + 1], this.golden);
    return loss <= this.losses[k] ? { w, loss } : { w: this.ws[k], loss: this.losses[k] };
  }

  /** L at |w| interpolated on the log grid (for points of a minibatch trajectory); NaN outside. */
  at(w) {
    const a = Math.abs(w);
    const G = this.ws.length;
    if (!(a >= this.ws[0] && a <= this.ws[G - 1])) return NaN;
    const t = (Math.log(a / this.ws[0]) / Math.log(this.ws[G - 1] / this.ws[0])) * (G - 1);
    const i = Math.min(G - 2, Math.floor(t));
    const f = t - i;
    return this.losses[i] * (1 - f) + this.losses[i + 1] * f;
  }
}
