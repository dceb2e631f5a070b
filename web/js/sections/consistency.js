// Consistency (the chapter's first exercise): test error against the true function as the number
// of training points grows, for the fixed h of the controls and for bandwidths chosen from the data.
// With a fixed h the error stalls at the smoothing bias; shrinking h with n (LOO-CV, Silverman's
// n^(-1/5)) lets it keep falling, roughly like n^(-4/5).
// Computed in slices (one API call of at most ~150 ms per macrotask) so the page stays responsive.
import { logspace, mse } from '../model.js';
import { T, kernelName } from '../i18n/index.js';
import { COLORS, SERIES } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

export const SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
/** Data sets averaged per size; fewer for the large, slow sizes. */
const repeats = (n) => (n <= 200 ? 5 : n <= 1000 ? 3 : 1);
/** Up to this n the LOO-CV bandwidth is the API's global search (selectBandwidth, <= ~40 ms). */
const FULL_SEARCH_MAX_N = 200;
/** Beyond it: the best of 9 bandwidths within a factor 1.6 of the previous size's LOO-CV h scaled by
 * (n_prev / n)^(1/5). The LOO curve is flat near its minimum, so ~6% in h changes little; each
 * LOO loss costs O(n^2), one per slice. */
const BRACKET = logspace(1 / 1.6, 1.6, 9);

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

export function create(root, { nw, model }) {
  const fig = figure(root.querySelector('.figures'), 'consistency', T.consistencyCaption);
  const chart = new LineChart(fig.canvas, {
    aspect: 1.9,
    x: { label: T.axisNLog, type: 'logarithmic', min: 10, max: 5000 },
    y: { label: T.axisMseLog, type: 'logarithmic' },
    series: [
      { id: 'fixed', label: T.fixedH, color: SERIES[0], width: 2.2 },
      { id: 'cv', label: T.looCvH, color: SERIES[1], width: 2.2, dash: [10, 3, 2, 3] },
      { id: 'silverman', label: T.silvermanH, color: SERIES[3], width: 2, dash: [5, 3] },
      { id: 'rate', label: T.slope, color: COLORS.muted, width: 1.2, dash: [2, 3] },
    ],
  });
  for (const d of chart.chart.data.datasets.slice(0, 3)) Object.assign(d, { pointRadius: 2.5, pointStyle: 'circle' });
  let generation = 0;

  /** The LOO-CV bandwidth of one data set; yields between expensive calls. Null if superseded. */
  async function looCvBandwidth(x, y, kernel, guess, gen) {
    if (x.length <= FULL_SEARCH_MAX_N || !guess) {
      return nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' }).bandwidth;
    }
    let best = { h: guess, loss: Infinity };
    for (const f of BRACKET) {
      await nextTask();
      if (gen !== generation) return null;
      const loss = nw.looLoss(x, y, { kernel, bandwidth: guess * f });
      if (loss < best.loss) best = { h: guess * f, loss };
    }
    return best.h;
  }

  return {
    deps: ['seed', 'noise', 'kernel', 'h'],
    async update(s) {
      const gen = ++generation;
      const kernel = s.kernel;
      const rows = { fixed: [], cv: [], silverman: [] };
      const ns = [];
      let prev = null; // {n, h}: the previous size's mean LOO-CV bandwidth
      for (const n of SIZES) {
        fig.caption.textContent = T.computingN(n);
        const sum = { fixed: 0, cv: 0, silverman: 0 };
        let hSum = 0;
        const R = repeats(n);
        for (let r = 0; r < R; r++) {
          await nextTask();
          if (gen !== generation) return; // superseded by a newer state
          const seed = (s.seed * 7919 + n * 31 + r) % 2147483647;
          const { x, y } = nw.generateData({ n, noise: s.noise, seed });
          const err = (h) => mse(nw.predict(model.fine, x, y, { kernel, bandwidth: h }), model.fineTruth);
          sum.fixed += err(s.h);
          sum.silverman += err(nw.selectBandwidth(x, y, { kernel, method: 'silverman' }).bandwidth);
          const guess = prev && prev.h * (prev.n / n) ** 0.2;
          const h = await looCvBandwidth(x, y, kernel, guess, gen);
          if (h === null) return;
          hSum += h;
          sum.cv += err(h);
        }
        prev = { n, h: hSum / R };
        ns.push(n);
        for (const k of Object.keys(rows)) rows[k].push(sum[k] / R);
        // Reference slope through the geometric mean of the LOO-CV errors so far.
        const g = Math.exp(rows.cv.reduce((a, v, i) => a + Math.log(v * ns[i] ** 0.8), 0) / ns.length);
        chart.update({
          fixed: { x: ns, y: rows.fixed },
          cv: { x: ns, y: rows.cv },
          silverman: { x: ns, y: rows.silverman },
          rate: { x: ns, y: ns.map((m) => g * m ** -0.8) },
        });
      }
      const last = rows.fixed.length - 1;
      fig.caption.textContent = T.consistencyResult(kernelName(kernel), s.noise, ns[last], s.h, rows.fixed[last], rows.cv[last], rows.silverman[last]);
    },
    destroy() {
      generation++;
      chart.destroy();
    },
  };
}
