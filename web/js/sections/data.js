// 1. The training data: n noisy samples of f(x) = 2 sin(x) + x^0.8, and f itself.
import { DATA_KEYS } from '../model.js';
import { figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

export function create(root, { model }) {
  const fig = figure(root.querySelector('.figures'), 'data', 'Training data and the true function');
  const chart = new PredictionChart(fig.canvas, { predictions: [], aspect: 2.1 });
  const count = root.querySelector('[data-out="n"]');
  const noise = root.querySelector('[data-out="noise"]');
  return {
    deps: DATA_KEYS,
    update(s) {
      const data = model.data(s);
      chart.update(data, { x: model.fine, y: model.fineTruth }, {});
      if (count) count.textContent = String(data.x.length);
      if (noise) noise.textContent = String(s.noise);
    },
    destroy: () => chart.destroy(),
  };
}
