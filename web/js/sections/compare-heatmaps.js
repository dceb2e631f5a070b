// 7. The parametric attention matrix beside the nonparametric one (same data, same queries); the
// parametric one follows the training playback.
import { TRAIN_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { csvFromMatrix, figure } from '../views/dom.js';
import { HEATMAP_CELLS, Heatmap } from '../views/heatmap.js';

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const a = figure(grid, 'compare-nonparametric', T.nonparametric, 'heatmap-fig');
  const b = figure(grid, 'compare-parametric', T.parametric, 'heatmap-fig');
  const left = new Heatmap(a.canvas);
  const right = new Heatmap(b.canvas);
  const turn = latest();
  let leftKey = '';
  return {
    deps: [...TRAIN_KEYS, 'h'],
    async update(s) {
      const isCurrent = turn.begin();
      const data = model.data(s);
      const labels = { queries: model.queries, keys: data.x };
      const key = JSON.stringify([s.seed, s.n, s.noise, s.points, s.kernel, s.h]);
      if (key !== leftKey) {
        const o = { kernel: s.kernel, bandwidth: s.h };
        const grid = nw.attentionHeatmap(model.queries, data.x, { ...o, ...HEATMAP_CELLS });
        left.update(grid, labels);
        a.caption.textContent = T.compareNpHeat(kernelName(s.kernel), s.h);
        a.csv.set('attention', {
          file: () => `attention-${s.kernel}-h${s.h}.csv`,
          text: () =>
            csvFromMatrix(nw.attentionWeights(model.queries, data.x, o), model.queries, data.x),
        });
        leftKey = key;
      }
      const run = await model.training(s, { isCurrent });
      if (!run || !isCurrent()) return;
      const k = model.trainKernel(s);
      const o = { kernel: k, w: run.w };
      right.update(nw.attentionHeatmap(model.queries, data.x, { ...o, ...HEATMAP_CELLS }), labels);
      b.caption.textContent = T.comparePHeat(kernelName(k), run.w, run.epochs);
      b.csv.set('attention', {
        file: () => `attention-${k}-w${run.w}.csv`,
        text: () =>
          csvFromMatrix(nw.attentionWeights(model.queries, data.x, o), model.queries, data.x),
      });
    },
    destroy() {
      turn.cancel();
      left.destroy();
      right.destroy();
    },
  };
}
