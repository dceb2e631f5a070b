// 18. The Gaussian kernel is dot-product attention on the sphere (the second edition's exercise 3).
// The page's inputs are put on the unit circle (nw.unitCircle: x -> angle 2 pi x / 5), the keys
// and the chapter's 50 test queries alike. For unit vectors |q - x|^2 = 2 - 2 q . x, so the
// Gaussian weights exp(-|q - x|^2 / 2h^2) are e^{-1/h^2} exp(q . x / h^2): the softmax of the dot
// scores q . x / h^2. Three charts: the data on the circle with the probe query, and the attention
// matrix computed both ways (attentionHeatmap with dims 2: distance scores, then dot scores). The
// readout gives their largest difference (nw.maxAbsDifference over the full matrices) and the
// prediction at the probe both ways. Every number is the API's.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { csvFromMatrix, figure } from '../views/dom.js';
import { HEATMAP_CELLS, Heatmap } from '../views/heatmap.js';
import { LineChart, MAX_DRAWN_POINTS } from '../views/line-chart.js';

/** The query the readout and the circle chart single out (x = 2.5: the far side of the circle). */
export const PROBE = 2.5;
/** Inputs are put on the circle at angle 2 pi x / PERIOD (the chapter's x range). */
const PERIOD = 5;

export function create(root, { nw, model, compute }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="sphere-readout"]');
  const turn = latest();
  const fCircle = figure(grid, 'sphere-circle', '');
  const circle = new LineChart(fCircle.canvas, {
    aspect: 1.05,
    x: { label: T.axisCircleCos, min: -1.5, max: 1.5 },
    y: { label: T.axisCircleSin, min: -1.5, max: 1.5 },
    series: [
      {
        id: 'keys',
        label: T.sphereKeys,
        color: COLORS.data,
        kind: 'points',
        maxPoints: MAX_DRAWN_POINTS,
      },
      {
        id: 'probe',
        label: T.sphereProbe(PROBE),
        color: COLORS.mark,
        kind: 'marker',
        pointStyle: 'crossRot',
        width: 12,
      },
    ],
  });
  const fGauss = figure(grid, 'sphere-gaussian', '', 'heatmap-fig');
  const gauss = new Heatmap(fGauss.canvas, { aspect: 1.05 });
  const fDot = figure(grid, 'sphere-dot', '', 'heatmap-fig');
  const dot = new Heatmap(fDot.canvas, { aspect: 1.05 });
  const queries = nw.unitCircle(model.queries, { period: PERIOD });
  const probe = nw.unitCircle([PROBE], { period: PERIOD });

  return {
    deps: [...DATA_KEYS, 'h'],
    async update(s) {
      const isCurrent = turn.begin();
      const d = model.data(s);
      const keys = nw.unitCircle(d.x, { period: PERIOD });
      const dist = { dims: 2, bandwidth: s.h };
      const dots = { dims: 2, score: 'dot', bandwidth: s.h };
      // The matrices (binned above HEATMAP_CELLS) and the predictions, off the main thread: at
      // 10^5 points they are a few hundred milliseconds of work.
      const job = (name, args) => compute.call(name, args, { isCurrent });
      const [a, b, atG, atD] = await Promise.all([
        job('attentionHeatmap', [queries, keys, { ...dist, ...HEATMAP_CELLS }]),
        job('attentionHeatmap', [queries, keys, { ...dots, ...HEATMAP_CELLS }]),
        job('predict', [probe, keys, d.y, dist]),
        job('predict', [probe, keys, d.y, dots]),
      ]);
      if (!a || !b || !atG || !atD || !isCurrent()) return;
      // One colour scale for both: equal matrices look equal.
      let max = 0;
      for (const v of a.data) if (v > max) max = v;
      gauss.update(a, {}, { max });
      dot.update(b, {}, { max });
      // Unbinned (up to HEATMAP_CELLS keys) the heatmaps are the full matrices.
      const full = a.rows * a.cols === (queries.length / 2) * d.x.length;
      const diff = nw.maxAbsDifference(a.data, b.data);
      const atGauss = atG[0];
      const atDot = atD[0];

      const xs = new Float64Array(d.x.length);
      const ys = new Float64Array(d.x.length);
      for (let i = 0; i < d.x.length; i++) {
        xs[i] = keys[2 * i];
        ys[i] = keys[2 * i + 1];
      }
      circle.update({ keys: { x: xs, y: ys }, probe: { x: [probe[0]], y: [probe[1]] } });
      fCircle.caption.textContent = T.sphereCircleCaption(d.x.length);
      fGauss.caption.textContent = T.sphereGaussCaption(s.h);
      fDot.caption.textContent = T.sphereDotCaption(s.h);
      circle.setSummaryNote(T.summarySphereCircle(d.x.length, PROBE));
      fGauss.csv.set('attention', {
        file: () => `sphere-gaussian-h${s.h}.csv`,
        text: () => csvFromMatrix(nw.attentionWeights(queries, keys, dist), model.queries, d.x),
      });
      fDot.csv.set('attention', {
        file: () => `sphere-dot-h${s.h}.csv`,
        text: () => csvFromMatrix(nw.attentionWeights(queries, keys, dots), model.queries, d.x),
      });
      if (readout) {
        readout.textContent = T.sphereReadout(s.h, diff, full, PROBE, atGauss, atDot);
        Object.assign(readout.dataset, {
          h: String(s.h),
          difference: String(diff),
          full: String(full),
          gaussian: String(atGauss),
          dot: String(atDot),
        });
      }
    },
    destroy() {
      turn.cancel();
      circle.destroy();
      gauss.destroy();
      dot.destroy();
    },
  };
}
