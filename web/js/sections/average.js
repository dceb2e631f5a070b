// 2. Average pooling: every query gets the mean of all training labels.
import { DATA_KEYS } from '../model.js';
import { COLORS, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

export function create(root, { nw, model }) {
  const fig = figure(root.querySelector('.figures'), 'average', 'Average pooling: a flat line');
  const chart = new PredictionChart(fig.canvas, {
    aspect: 2.1,
    predictions: [{ id: 'pred', label: 'Average pooling', color: COLORS.average }],
  });
  const out = root.querySelector('[data-out="mean"]');
  return {
    deps: DATA_KEYS,
    update(s) {
      const data = model.data(s);
      const mean = nw.averagePooling(data.y);
      const q = model.queries;
      chart.update(data, { x: model.fine, y: model.fineTruth }, {
        pred: { x: q, y: new Float64Array(q.length).fill(mean) },
      });
      if (out) out.textContent = fmt(mean);
    },
    destroy: () => chart.destroy(),
  };
}
