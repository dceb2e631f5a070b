// 7. The parametric attention matrix beside the nonparametric one (same data, same queries); the
// parametric one follows the training playback.
import { TRAIN_KEYS } from '../model.js';
import { latest } from '../slices.js';
import { fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { Heatmap } from '../views/heatmap.js';

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const a = figure(grid, 'compare-nonparametric', 'Nonparametric', 'heatmap-fig');
  const b = figure(grid, 'compare-parametric', 'Parametric', 'heatmap-fig');
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
        left.update(nw.attentionWeights(model.queries, data.x, { kernel: s.kernel, bandwidth: s.h }), labels);
        a.caption.textContent = `Nonparametric, ${s.kernel}, h = ${fmt(s.h)}`;
        leftKey = key;
      }
      const run = await model.training(s, { isCurrent });
      if (!run || !isCurrent()) return;
      const k = model.trainKernel(s);
      right.update(nw.attentionWeights(model.queries, data.x, { kernel: k, w: run.w }), labels);
      b.caption.textContent = `Parametric, ${k}, w = ${fmt(run.w)} after ${run.epochs} epochs (h = ${fmt(1 / Math.abs(run.w))})`;
    },
    destroy() {
      turn.cancel();
      left.destroy();
      right.destroy();
    },
  };
}
