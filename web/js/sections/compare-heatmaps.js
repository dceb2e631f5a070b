// 7. The parametric attention matrix beside the nonparametric one (same data, same queries).
import { TRAIN_KEYS } from '../model.js';
import { fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { Heatmap } from '../views/heatmap.js';

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const a = figure(grid, 'compare-nonparametric', 'Nonparametric', 'heatmap-fig');
  const b = figure(grid, 'compare-parametric', 'Parametric', 'heatmap-fig');
  const left = new Heatmap(a.canvas);
  const right = new Heatmap(b.canvas);
  return {
    deps: [...TRAIN_KEYS, 'h'],
    update(s) {
      const data = model.data(s);
      const labels = { queries: model.queries, keys: data.x };
      left.update(nw.attentionWeights(model.queries, data.x, { kernel: s.kernel, bandwidth: s.h }), labels);
      const run = model.training(s);
      const k = model.trainKernel(s);
      right.update(nw.attentionWeights(model.queries, data.x, { kernel: k, w: run.w }), labels);
      a.caption.textContent = `Nonparametric, ${s.kernel}, h = ${fmt(s.h)}`;
      b.caption.textContent = `Parametric, ${k}, trained w = ${fmt(run.w)} (h = ${fmt(1 / Math.abs(run.w))})`;
    },
    destroy() {
      left.destroy();
      right.destroy();
    },
  };
}
