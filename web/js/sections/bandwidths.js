// 3. Nonparametric Nadaraya-Watson at the chapter's three bandwidths, side by side.
import { DATA_KEYS } from '../compute/model.js';
import { T, kernelName } from '../i18n/index.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

const BANDWIDTHS = [0.1, 0.5, 1.0];

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const views = BANDWIDTHS.map((h) => {
    const fig = figure(grid, `bandwidth-${h}`, `h = ${h}`);
    return { h, fig, chart: new PredictionChart(fig.canvas, { aspect: 1.2, legend: false }) };
  });
  return {
    deps: [...DATA_KEYS, 'kernel'],
    update(s) {
      const data = model.data(s);
      for (const v of views) {
        const pred = nw.predict(model.queries, data.x, data.y, {
          kernel: s.kernel,
          bandwidth: v.h,
        });
        v.chart.update(
          data,
          { x: model.fine, y: model.fineTruth },
          { pred: { x: model.queries, y: pred } },
        );
        const err = model.mse(pred, model.truth);
        v.fig.caption.textContent = T.bandwidthCaption(v.h, kernelName(s.kernel), err);
        v.chart.setSummaryNote(T.summaryError(err));
        const q = model.queries;
        v.fig.csv.set('predictions', {
          file: () => `predictions-${s.kernel}-h${v.h}.csv`,
          text: () => csvFromColumns(['query', 'prediction'], [q, pred]),
        });
      }
    },
    destroy: () => views.forEach((v) => v.chart.destroy()),
  };
}
