// The training loss as a function of the parametric scale w: L(w) = sum_i (f_w(x_i) - y_i)^2, with
// leave-one-out keys (then L(w) = LOO(h = 1/|w|), the LOO-CV criterion) or with each query's own
// key (then L falls towards 0 as w grows: each point ends up predicting itself). L is even in w for
// every kernel here, so it is tabulated over |w| on a log grid. The values and the minimum come
// from the API (jobs.landscape); this class only holds them for drawing.
import { logspace } from './numeric.js';

export const W_RANGE = [0.05, 500];

/** The scales of the landscape's grid for n points: 161 up to 20,000 points, then 61. */
export function landscapeScales(n) {
  return logspace(W_RANGE[0], W_RANGE[1], n <= 20000 ? 161 : 61);
}

export class LossLandscape {
  /** @param {{ws: Float64Array, losses: Float64Array, min: {w, loss} | null}} r  a landscape job's result */
  constructor(nw, x, y, { kernel, leaveOneOut }, { ws, losses, min }) {
    Object.assign(this, { nw, x, y, kernel, loo: leaveOneOut, ws, losses, min });
  }

  /** L(w), exact, by the API. */
  loss(w) {
    if (this.loo) return this.nw.looLoss(this.x, this.y, { kernel: this.kernel, w });
    return this.nw.trainingLoss(this.x, this.y, { kernel: this.kernel, w, leaveOneOut: false })
      .loss;
  }

  /**
   * Where |w| sits on the drawn curve (the straight segment between the two grid points around
   * it, in log w): the height at which a minibatch trajectory's point is drawn. NaN outside.
   */
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
