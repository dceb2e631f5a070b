// 4. The nonparametric attention matrix: test queries x sorted training keys, at the bandwidth h of
// the controls (the chapter's figure is h = 1), with the prediction it produces.
import { DATA_KEYS, mse } from '../model.js';
import { fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { Heatmap } from '../views/heatmap.js';
import { PredictionChart } from '../views/prediction-chart.js';

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const hm = figure(grid, 'heatmap', 'Attention weights', 'heatmap-fig');
  const heatmap = new Heatmap(hm.canvas);
  const pf = figure(grid, 'heatmap-prediction', 'Prediction');
  const chart = new PredictionChart(pf.canvas, { aspect: 1.05 });
  const outH = root.querySelectorAll('[data-out="h"]');
  return {
    deps: [...DATA_KEYS, 'kernel', 'h'],
    update(s) {
      const data = model.data(s);
      const opts = { kernel: s.kernel, bandwidth: s.h };
      const att = nw.attentionWeights(model.queries, data.x, opts);
      heatmap.update(att, { queries: model.queries, keys: data.x });
      const pred = nw.predict(model.queries, data.x, data.y, opts);
      chart.update(data, { x: model.fine, y: model.fineTruth }, { pred: { x: model.queries, y: pred } });
      hm.caption.textContent = `Attention weights, ${s.kernel} kernel, h = ${fmt(s.h)}`;
      pf.caption.textContent = `Its prediction: test MSE ${fmt(mse(pred, model.truth))}`;
      outH.forEach((e) => (e.textContent = fmt(s.h)));
    },
    destroy() {
      heatmap.destroy();
      chart.destroy();
    },
  };
}
