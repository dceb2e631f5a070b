// 21. Learned queries and keys (issue 13): scaled dot-product attention trained by SGD. The page's
// inputs on the unit circle (as in section 18), scores s_j = (Wq q) . (Wk x_j) / sqrt(2) with Wq
// and Wk 2 x 2 matrices started at random (nw.trainAttention, model 'dot', its seeded start), and
// trained on the leave-one-out loss. The learner moves the epoch slider (the `qk` setting): the
// page shows the model after that many epochs (the same seeded run, cut there): its attention
// matrix over the test queries, Wq and Wk as small tables, and the loss so far, with the test
// error against the Gaussian kernel on the circle with its LOO-CV bandwidth. Every number is the
// API's.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { el, figure } from '../views/dom.js';
import { fmt } from '../views/format.js';
import { HEATMAP_CELLS, Heatmap } from '../views/heatmap.js';
import { LineChart } from '../views/line-chart.js';

/** The run: rank 2, this learning rate, at most so many points (dense training: n^2 per epoch). */
export const RUN = Object.freeze({ rank: 2, learningRate: 0.005, maxN: 200 });
/** Inputs are put on the circle at angle 2 pi x / PERIOD (as in section 18). */
const PERIOD = 5;

/** A small matrix (rows x cols, row-major) as a table of numbers. */
function matrixTable(values, rows, cols, caption) {
  const table = el('table', 'matrix');
  const cap = el('caption', '', caption);
  table.append(cap);
  for (let a = 0; a < rows; a++) {
    const tr = el('tr');
    for (let b = 0; b < cols; b++) tr.append(el('td', '', fmt(values[a * cols + b], 3)));
    table.append(tr);
  }
  return table;
}

export function create(root, { nw, model, compute }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="qk-readout"]');
  const mats = root.querySelector('.matrices');
  const turn = latest();
  const fHeat = figure(grid, 'qk-attention', '', 'heatmap-fig');
  const heat = new Heatmap(fHeat.canvas, { aspect: 1.05 });
  const fLoss = figure(grid, 'qk-loss', T.qkLossCaption);
  const loss = new LineChart(fLoss.canvas, {
    aspect: 1.05,
    x: { label: T.axisEpoch, type: 'linear', min: 0 },
    y: { label: T.axisLooLoss },
    series: [
      { id: 'loss', label: T.qkLoss, color: COLORS.param, width: 2 },
      {
        id: 'now',
        label: T.qkNow,
        color: COLORS.mark,
        kind: 'marker',
        pointStyle: 'circle',
        width: 8,
      },
    ],
  });
  const queries = nw.unitCircle(model.queries, { period: PERIOD });
  let base = null; // the LOO-CV Gaussian on the circle of the current data (one job per data)

  return {
    deps: [...DATA_KEYS, 'qk'],
    async update(s) {
      const isCurrent = turn.begin();
      const d = model.data(s);
      const n = Math.min(d.x.length, RUN.maxN);
      const x = d.x.subarray(0, n);
      const y = d.y.subarray(0, n);
      const keys = nw.unitCircle(x, { period: PERIOD });
      const key = `${s.seed}|${s.n}|${s.noise}|${s.points ? 'edited' : ''}|${n}`;
      const epochs = s.qk;
      const opts = {
        dims: 2,
        model: 'dot',
        rank: RUN.rank,
        learningRate: RUN.learningRate,
        seed: s.seed,
      };
      const [run, cv] = await Promise.all([
        // epochs = 0: the seeded start itself (one epoch computed, its start shown).
        compute.call('trainAttention', [keys, y, { ...opts, epochs: Math.max(1, epochs) }], {
          isCurrent,
        }),
        base && base.key === key
          ? base.cv
          : compute.call('selectBandwidth', [keys, y, { dims: 2 }], { isCurrent }),
      ]);
      if (!run || !cv || !isCurrent()) return;
      base = { key, cv };
      const p = epochs === 0 ? run.init : run.params;
      const r2 = 2 * RUN.rank;
      const Wq = p.subarray(0, r2);
      const Wk = p.subarray(r2);
      const o = { dims: 2, score: 'dot', queryProjection: Wq, keyProjection: Wk };
      const a = nw.attentionHeatmap(queries, keys, { ...o, ...HEATMAP_CELLS });
      heat.update(a, {});
      const test = nw.predict(queries, keys, y, o);
      const mse = model.mse(test, model.truth);
      const gauss = model.mse(
        nw.predict(queries, keys, y, { dims: 2, bandwidth: cv.bandwidth }),
        model.truth,
      );
      // The loss at the shown projections (losses[k] is the k-th update's, before it).
      const now = nw.trainingLoss(keys, y, { dims: 2, model: 'dot', params: p }).loss;
      const before = epochs === 0 ? [] : Array.from(run.losses);
      const curve = Float64Array.from([...before, now]);
      const steps = Float64Array.from(curve, (_, k) => k);
      loss.setLimits('x', { min: 0, max: Math.max(1, epochs) });
      loss.update({ loss: { x: steps, y: curve }, now: { x: [epochs], y: [now] } });
      mats.replaceChildren(
        matrixTable(Wq, RUN.rank, 2, T.qkWq),
        matrixTable(Wk, RUN.rank, 2, T.qkWk),
      );
      fHeat.caption.textContent = T.qkHeatCaption(epochs);
      if (readout) {
        readout.textContent = T.qkReadout(epochs, now, mse, cv.bandwidth, gauss, n);
        Object.assign(readout.dataset, {
          epochs: String(epochs),
          n: String(n),
          loss: String(now),
          mse: String(mse),
          h: String(cv.bandwidth),
          gaussian: String(gauss),
          params: Array.from(p).join(','),
        });
      }
    },
    destroy() {
      turn.cancel();
      heat.destroy();
      loss.destroy();
    },
  };
}
