// Long computations written once as generators, run either in the compute worker (worker.js) or on
// the main thread in slices (compute.js). A job is `function* (nw, args)`: each `yield` is a point
// where the runner may pause (the next slice), report progress and check for cancellation; it yields
// `{done, total, partial?}` and returns its result. Everything passed in and out is plain data
// (numbers, arrays, typed arrays), so it crosses postMessage unchanged.
import { LossLandscape } from './landscape.js';
import { goldenLog, mse } from './numeric.js';
import { IncrementalRun } from './trainer.js';


/** Up to this n the LOO-CV bandwidth is the API's global search (selectBandwidth). */
export const SELECT_MAX_N = 200;

export const JOBS = {
  /**
   * The LOO loss at each bandwidth of `bandwidths` (one looLoss per step) and the LOO-CV minimum
   * {h, loss}: selectBandwidth up to SELECT_MAX_N points, else the curve's best point refined by
   * golden-section search between its neighbours (`golden` iterations).
   */
  *looCurve(nw, { x, y, kernel, bandwidths, golden = 30 }) {
    const hs = Float64Array.from(bandwidths);
    const losses = new Float64Array(hs.length);
    const loss = (h) => nw.looLoss(x, y, { kernel, bandwidth: h });
    const total = hs.length + 1;
    for (let i = 0; i < hs.length; i++) {
      losses[i] = loss(hs[i]);
      yield { done: i + 1, total };
    }
    let cv;
    if (x.length <= SELECT_MAX_N) {
      const r = nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' });
      cv = { h: r.bandwidth, loss: r.looLoss };
    } else {
      let k = 0;
      for (let i = 1; i < hs.length; i++) if (losses[i] < losses[k]) k = i;
      const r = yield* goldenLog(loss, hs[Math.max(0, k - 1)], hs[Math.min(hs.length - 1, k + 1)], golden);
      cv = r.loss <= losses[k] ? r : { h: hs[k], loss: losses[k] };
    }
    return { losses, cv };
  },

  /** LOO losses at a few bandwidths (markers on a curve), one looLoss per step. */
  *looLosses(nw, { x, y, kernel, bandwidths }) {
    const out = new Float64Array(bandwidths.length);
    for (let i = 0; i < bandwidths.length; i++) {
      out[i] = nw.looLoss(x, y, { kernel, bandwidth: bandwidths[i] });
      yield { done: i + 1, total: bandwidths.length };
    }
    return out;
  },

  /**
   * A training run (IncrementalRun: the same updates as on the main thread) extended to `epochs`
   * epochs (or until converged with stop.untilConverged); returns its prefix (see
   * IncrementalRun.prefix) with `epochEnd`.
   */
  *run(nw, { x, y, opts, stop = {}, epochs }) {
    const run = new IncrementalRun(nw, x, y, opts, stop);
    while (!run.has(epochs)) {
      run.advance(epochs - run.epochs);
      yield { done: run.epochs, total: epochs };
    }
    return { ...run.prefix(), epochEnd: Int32Array.from(run.epochEnd) };
  },

  /** The loss landscape L(w) (see landscape.js): {ws, losses, min}. */
  *landscape(nw, { x, y, kernel, leaveOneOut, grid, golden }) {
    const land = new LossLandscape(nw, x, y, { kernel, leaveOneOut, grid, golden });
    while (!land.advance()) yield { done: land.done, total: land.ws.length };
    return { ws: land.ws, losses: land.losses, min: land.min };
  },

  /**
   * The consistency study: mean test MSE against the true function over `repeats(n)` data sets of
   * each size, for the fixed h, the LOO-CV h and Silverman's h. Up to FULL_SEARCH_MAX_N points the
   * LOO-CV bandwidth is selectBandwidth's global search; beyond it the best of `bracket` factors
   * around the previous size's mean LOO-CV h scaled by (n_prev / n)^(1/5) (the LOO curve is flat
   * near its minimum). Yields the rows so far after each size (`partial`).
   */
  *consistency(nw, { sizes, repeats, seed, noise, kernel, h, fine, fineTruth, bracket }) {
    const rows = { n: [], fixed: [], cv: [], silverman: [] };
    let prev = null; // {n, h}: the previous size's mean LOO-CV bandwidth
    const total = sizes.reduce((a, _, i) => a + repeats[i], 0);
    let done = 0;
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s];
      const R = repeats[s];
      const sum = { fixed: 0, cv: 0, silverman: 0 };
      let hSum = 0;
      for (let r = 0; r < R; r++) {
        const dataSeed = (seed * 7919 + n * 31 + r) % 2147483647;
        const { x, y } = nw.generateData({ n, noise, seed: dataSeed });
        const err = (bw) => mse(nw.predict(fine, x, y, { kernel, bandwidth: bw }), fineTruth);
        sum.fixed += err(h);
        sum.silverman += err(nw.selectBandwidth(x, y, { kernel, method: 'silverman' }).bandwidth);
        let hcv;
        if (n <= SELECT_MAX_N || !prev) {
          hcv = nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' }).bandwidth;
        } else {
          const guess = prev.h * (prev.n / n) ** 0.2;
          let best = { h: guess, loss: Infinity };
          for (const f of bracket) {
            yield { done, total };
            const loss = nw.looLoss(x, y, { kernel, bandwidth: guess * f });
            if (loss < best.loss) best = { h: guess * f, loss };
          }
          hcv = best.h;
        }
        hSum += hcv;
        sum.cv += err(hcv);
        done++;
        yield { done, total };
      }
      prev = { n, h: hSum / R };
      rows.n.push(n);
      for (const k of ['fixed', 'cv', 'silverman']) rows[k].push(sum[k] / R);
      yield { done, total, partial: { n: rows.n.slice(), fixed: rows.fixed.slice(), cv: rows.cv.slice(), silverman: rows.silverman.slice() } };
    }
    return rows;
  },
};
