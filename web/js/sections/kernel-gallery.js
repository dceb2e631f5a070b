// Kernel gallery: the shape k(u) of every kernel on u in [-2.5, 2.5], computed by the API. With one
// query at 0, keys on a grid of u and h = 1, the attention weights are k(u_j) / sum_l k(u_l); every
// kernel has k(0) = 1, so dividing by the weight of the key u = 0 gives k(u) itself.
import { T, kernelName } from '../i18n/index.js';
import { SERIES } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { FastPlot } from '../views/fast-plot.js';

/** k(u) of each kernel; `compact`: zero for |u| > 1. */
const FORMULAS = {
  gaussian: ['exp(−u²/2)', false],
  boxcar: ['1', true],
  epanechnikov: ['1 − u²', true],
  triangular: ['1 − |u|', true],
  tricube: ['(1 − |u|³)³', true],
  cosine: ['cos(πu/2)', true],
  constant: ['1', false],
};
const formula = (k) =>
  FORMULAS[k] ? FORMULAS[k][0] + (FORMULAS[k][1] ? ' ' + T.onSupport : '') : '';

/** u = -2.5, ..., 2.5 in steps of 0.01 (includes 0 exactly at index 250). */
const U = Float64Array.from({ length: 501 }, (_, i) => (i - 250) / 100);

export function shape(nw, kernel) {
  const { data } = nw.attentionWeights([0], U, { kernel, bandwidth: 1 });
  const a0 = data[250];
  return Float64Array.from(data, (a) => a / a0);
}

export function create(root, { nw }) {
  const grid = root.querySelector('.figures');
  const views = nw.kernels.map((k, i) => {
    const fig = figure(grid, `kernel-${k}`, `${kernelName(k)}: ${formula(k)}`);
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
    return { k, chart };
  });
  return {
    deps: [],
    update() {
      for (const v of views) v.chart.update({ k: { x: U, y: shape(nw, v.k) } });
    },
    destroy: () => views.forEach((v) => v.chart.destroy()),
  };
}
