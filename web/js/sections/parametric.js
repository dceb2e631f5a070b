// 6. The parametric prediction with the trained w (test queries attend to all training keys).
import { TRAIN_KEYS, mse } from '../model.js';
import { COLORS, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

export function create(root, { nw, model }) {
  const fig = figure(root.querySelector('.figures'), 'parametric', 'Parametric prediction');
  const chart = new PredictionChart(fig.canvas, {
    aspect: 2.1,
    predictions: [{ id: 'pred', label: 'Parametric prediction', color: COLORS.param }],
  });
  return {
    deps: TRAIN_KEYS,
    update(s) {
      const data = model.data(s);
      const run = model.training(s);
      const pred = nw.predict(model.queries, data.x, data.y, { kernel: model.trainKernel(s), w: run.w });
      chart.update(data, { x: model.fine, y: model.fineTruth }, { pred: { x: model.queries, y: pred } });
      fig.caption.textContent = `Parametric prediction with w = ${fmt(run.w)}: test MSE ${fmt(mse(pred, model.truth))}`;
    },
    destroy: () => chart.destroy(),
  };
}
