// 2. Average pooling: every query gets the mean of all training labels.
import { DATA_KEYS } from '../compute/model.js';
import { T } from '../i18n/index.js';
import { COLORS, fmt } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

export function create(root, { nw, model }) {
  const fig = figure(root.querySelector('.figures'), 'average', T.averageCaption);
  const chart = new PredictionChart(fig.canvas, {
    aspect: 2.1,
    predictions: [{ id: 'pred', label: T.averageLabel, color: COLORS.average }],
  });
  const out = root.querySelector('[data-out="mean"]');
  return {
    deps: DATA_KEYS,
    update(s) {
      const data = model.data(s);
      const mean = nw.averagePooling(data.y);
      const q = model.queries;
      const pred = new Float64Array(q.length).fill(mean);
      chart.update(data, { x: model.fine, y: model.fineTruth }, { pred: { x: q, y: pred } });
      fig.csv.set('predictions', {
        file: () => 'average-pooling-predictions.csv',
        text: () => csvFromColumns(['query', 'prediction'], [q, pred]),
      });
      if (out) out.textContent = fmt(mean);
    },
    destroy: () => chart.destroy(),
  };
}
