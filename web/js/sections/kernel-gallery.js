// Kernel gallery: the shape k(u) of every kernel on u in [-2.5, 2.5] and its formula, both from the
// API (nw.kernelValues, nw.kernelInfo: the core's kernel table).
import { T, kernelName } from '../i18n/index.js';
import { SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { FastPlot } from '../views/fast-plot.js';

/** A caption's formula: k(u), on its support for a compact kernel. */
const formula = (info) => info.formula + (info.compact ? ' ' + T.onSupport : '');

/** u = -2.5, ..., 2.5 in steps of 0.01 (includes 0 and ±1 exactly). */
const U = Float64Array.from({ length: 501 }, (_, i) => (i - 250) / 100);

export function create(root, { nw }) {
  const grid = root.querySelector('.figures');
  const views = nw.kernelInfo.map((info, i) => {
    const k = info.name;
    const fig = figure(grid, `kernel-${k}`, `${kernelName(k)}: ${formula(info)}`);
    // A FastPlot (views/fast-plot.js): seven curves of 501 points drawn as Chart.js would draw
    // them at a fraction of its cost; the pointer's nearest point is named in the title.
    const chart = new FastPlot(fig.canvas, {
      aspect: 1.35,
      legend: false,
      hover: true,
      x: { label: T.axisU, min: -2.5, max: 2.5 },
      y: { label: T.axisKu, min: 0, max: 1.1 },
      series: [
        {
          id: 'k',
          label: kernelName(k),
          kind: 'line',
          color: SERIES[i % SERIES.length],
          width: 2.5,
        },
      ],
    });
    return { k, fig, chart };
  });
  return {
    deps: [],
    update() {
      for (const v of views) {
        const values = nw.kernelValues(U, { kernel: v.k });
        v.chart.update({ k: { x: U, y: values } });
        // The curve's numbers, exactly as drawn: the array just drawn.
        v.fig.csv.set('kernel', {
          file: () => `kernel-${v.k}.csv`,
          text: () => csvFromColumns(['u', 'k(u)'], [U, values]),
        });
      }
    },
    destroy: () => views.forEach((v) => v.chart.destroy()),
  };
}
