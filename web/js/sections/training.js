// 5. Parametric training: the loss (sum of squared leave-one-out errors) before each SGD update.
import { TRAIN_KEYS } from '../model.js';
import { COLORS, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** x positions of the k-th batch loss in epochs: 1, 2, ... for full batch, fractions otherwise. */
export function epochAxis(run) {
  const perEpoch = run.steps / run.epochs;
  return Float64Array.from(run.losses, (_, k) => (k + 1) / perEpoch);
}

export function create(root, { model }) {
  const fig = figure(root.querySelector('.figures'), 'training-loss', 'Training loss per epoch');
  const chart = new LineChart(fig.canvas, {
    aspect: 2.1,
    x: { label: 'epoch', min: 0 },
    y: { label: 'loss (sum of squared errors)', min: 0 },
    series: [{ id: 'loss', label: 'Training loss', color: COLORS.param, width: 2.2 }],
  });
  chart.chart.data.datasets[0].pointRadius = 3;
  const out = root.querySelector('[data-out="training"]');
  return {
    deps: TRAIN_KEYS,
    update(s) {
      const run = model.training(s);
      chart.update({ loss: { x: epochAxis(run), y: run.losses } });
      const last = run.losses[run.losses.length - 1];
      if (out) {
        out.textContent =
          `${model.trainKernel(s)} kernel, w0 = ${fmt(run.w0)}, after ${run.epochs} epochs (${run.steps} updates): ` +
          `w = ${fmt(run.w)}, so h = 1/|w| = ${fmt(1 / Math.abs(run.w))}; last loss ${fmt(last)}.`;
      }
    },
    destroy: () => chart.destroy(),
  };
}
