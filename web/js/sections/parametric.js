// 6. Nonparametric against parametric on the same data: the prediction with the bandwidth of the
// controls beside the prediction with the trained w (at the playback position), each with its test
// MSE against the true function.
import { TRAIN_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { COLORS, fmt } from '../views/colors.js';
import { csvFromColumns, el, figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

/** A figure with a large number (the test MSE) above the chart. */
function scoredFigure(grid, id, title, color) {
  const fig = figure(grid, id, title);
  const score = el('p', 'score');
  const value = el('output', 'score-value');
  value.id = `mse-${id}`;
  score.append(el('span', 'score-label', T.testMse), value);
  fig.figure.prepend(score);
  const chart = new PredictionChart(fig.canvas, {
    aspect: 1.3,
    predictions: [{ id: 'pred', label: title, color }],
  });
  return { fig, value, chart };
}

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const np = scoredFigure(grid, 'compare-nonparametric-prediction', T.nonparametric, COLORS.pred);
  const p = scoredFigure(grid, 'parametric', T.parametric, COLORS.param);
  const verdict = root.querySelector('[data-out="verdict"]');
  const turn = latest();
  return {
    deps: [...TRAIN_KEYS, 'h'],
    async update(s) {
      const isCurrent = turn.begin();
      const data = model.data(s);
      const truth = { x: model.fine, y: model.fineTruth };
      const a = nw.predict(model.queries, data.x, data.y, { kernel: s.kernel, bandwidth: s.h });
      const ma = model.mse(a, model.truth);
      np.chart.update(data, truth, { pred: { x: model.queries, y: a } });
      np.value.textContent = fmt(ma);
      np.value.dataset.value = String(ma);
      np.fig.caption.textContent = T.compareNp(kernelName(s.kernel), s.h);
      np.chart.setSummaryNote(T.summaryError(ma));
      const q = model.queries;
      np.fig.csv.set('predictions', {
        file: () => `predictions-${s.kernel}-h${s.h}.csv`,
        text: () => csvFromColumns(['query', 'prediction'], [q, a]),
      });
      const run = await model.training(s, { isCurrent });
      if (!run || !isCurrent()) return;
      const k = model.trainKernel(s);
      const b = nw.predict(model.queries, data.x, data.y, { kernel: k, w: run.w });
      const mb = model.mse(b, model.truth);
      p.chart.update(data, truth, { pred: { x: model.queries, y: b } });
      p.value.textContent = fmt(mb);
      p.value.dataset.value = String(mb);
      p.fig.caption.textContent = T.compareP(kernelName(k), run.w, run.epochs);
      p.chart.setSummaryNote(T.summaryError(mb));
      p.fig.csv.set('predictions', {
        file: () => `predictions-${k}-w${run.w}.csv`,
        text: () => csvFromColumns(['query', 'prediction'], [q, b]),
      });
      if (verdict) {
        verdict.textContent = mb < ma ? T.verdictParam(mb, ma) : T.verdictNp(s.h, ma, mb);
      }
    },
    destroy() {
      turn.cancel();
      np.chart.destroy();
      p.chart.destroy();
    },
  };
}
