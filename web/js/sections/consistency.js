// Consistency (the chapter's first exercise): test error against the true function as the number
// of training points grows, for the fixed h of the controls and for bandwidths chosen from the data.
// With a fixed h the error stalls at the smoothing bias; shrinking h with n (LOO-CV, Silverman's
// n^(-1/5)) lets it keep falling, roughly like n^(-4/5).
// Computed in slices (one n per macrotask) so the page stays responsive.
import { mse } from '../model.js';
import { SERIES, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

export const SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
/** Repetitions (data sets) averaged per size; fewer for the large, slow sizes. */
const repeats = (n) => (n <= 200 ? 5 : n <= 1000 ? 3 : 1);

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

export function create(root, { nw, model }) {
  const fig = figure(root.querySelector('.figures'), 'consistency', 'Test error as n grows');
  const chart = new LineChart(fig.canvas, {
    aspect: 1.9,
    x: { label: 'number of training points n (log scale)', type: 'logarithmic', min: 10, max: 5000 },
    y: { label: 'test MSE against f (log scale)', type: 'logarithmic' },
    series: [
      { id: 'fixed', label: 'fixed h', color: SERIES[0], width: 2.2 },
      { id: 'cv', label: 'LOO-CV h', color: SERIES[1], width: 2.2 },
      { id: 'silverman', label: "Silverman's h", color: SERIES[3], width: 2, dash: [5, 3] },
      { id: 'rate', label: 'slope n^(-4/5)', color: '#9aa3ae', width: 1.2, dash: [2, 3] },
    ],
  });
  for (const d of chart.chart.data.datasets) if (d.showLine) d.pointRadius = 2.5;
  let generation = 0;
  return {
    deps: ['seed', 'noise', 'kernel', 'h'],
    async update(s) {
      const gen = ++generation;
      const kernel = s.kernel;
      const rows = { fixed: [], cv: [], silverman: [] };
      const ns = [];
      for (const n of SIZES) {
        fig.caption.textContent = `Computing n = ${n} ...`;
        await nextTask();
        if (gen !== generation) return; // superseded by a newer state
        const sum = { fixed: 0, cv: 0, silverman: 0 };
        const R = repeats(n);
        for (let r = 0; r < R; r++) {
          const seed = (s.seed * 7919 + n * 31 + r) % 2147483647;
          const { x, y } = nw.generateData({ n, noise: s.noise, seed });
          const err = (h) => mse(nw.predict(model.fine, x, y, { kernel, bandwidth: h }), model.fineTruth);
          sum.fixed += err(s.h);
          sum.cv += err(nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' }).bandwidth);
          sum.silverman += err(nw.selectBandwidth(x, y, { kernel, method: 'silverman' }).bandwidth);
        }
        ns.push(n);
        for (const k of Object.keys(rows)) rows[k].push(sum[k] / R);
        const rate = ns.map((m) => rows.cv[0] * (m / ns[0]) ** -0.8);
        chart.update({
          fixed: { x: ns, y: rows.fixed },
          cv: { x: ns, y: rows.cv },
          silverman: { x: ns, y: rows.silverman },
          rate: { x: ns, y: rate },
        });
      }
      const last = rows.fixed.length - 1;
      fig.caption.textContent =
        `${kernel} kernel, noise ${fmt(s.noise)}; at n = ${ns[last]}: fixed h = ${fmt(s.h)} gives ` +
        `MSE ${fmt(rows.fixed[last])}, LOO-CV ${fmt(rows.cv[last])}, Silverman ${fmt(rows.silverman[last])}`;
    },
    destroy() {
      generation++;
      chart.destroy();
    },
  };
}
