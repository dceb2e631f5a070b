// Choosing the bandwidth: the LOO loss over h, with the LOO-CV minimum, Silverman's rule, and the
// h = 1/|w| that parametric training reaches (after the chapter's epochs, and run to convergence).
// Training with leave-one-out keys minimises exactly this LOO loss as a function of w = 1/h.
import { TRAIN_KEYS, logspace } from '../model.js';
import { COLORS, SERIES, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** Bandwidths of the plotted curve: 160 for small data, fewer for large n (each costs O(n^2)). */
const curveBandwidths = (n) => logspace(0.01, 10, Math.round(Math.min(160, Math.max(30, 160 * (300 / n) ** 2))));

/** Epoch cap of the run to convergence, so that it stays around 1e8 kernel evaluations. */
export function epochCap(n) {
  return Math.max(50, Math.min(10000, Math.floor(1e8 / (n * n))));
}

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const f1 = figure(grid, 'loo-curve', 'Leave-one-out loss over the bandwidth');
  const curve = new LineChart(f1.canvas, {
    aspect: 1.5,
    x: { label: 'bandwidth h (log scale)', type: 'logarithmic', min: 0.01, max: 10 },
    y: { label: 'LOO loss' },
    series: [
      { id: 'loo', label: 'LOO loss', color: COLORS.accent, width: 2 },
      { id: 'cv', label: 'LOO-CV minimum', color: SERIES[1], kind: 'marker', pointStyle: 'circle', width: 8 },
      { id: 'silverman', label: "Silverman's rule", color: SERIES[3], kind: 'marker', pointStyle: 'rectRot' },
      { id: 'chapter', label: 'trained, chapter epochs', color: SERIES[2], kind: 'marker', pointStyle: 'triangle' },
      { id: 'converged', label: 'trained to convergence', color: COLORS.param, kind: 'marker', pointStyle: 'star', width: 10 },
    ],
  });
  const f2 = figure(grid, 'h-trajectory', 'h = 1/|w| during training');
  const path = new LineChart(f2.canvas, {
    aspect: 1.5,
    x: { label: 'SGD update (log scale)', type: 'logarithmic', min: 1 },
    y: { label: 'h = 1/|w| (log scale)', type: 'logarithmic' },
    series: [
      { id: 'h', label: 'trained 1/|w|', color: COLORS.param, width: 2 },
      { id: 'cv', label: 'LOO-CV h', color: SERIES[1], dash: [6, 4], width: 1.5 },
    ],
  });
  const out = root.querySelector('[data-out="choice"]');
  return {
    deps: TRAIN_KEYS,
    update(s) {
      const { x, y } = model.data(s);
      const kernel = model.trainKernel(s);
      const hs = curveBandwidths(x.length);
      const loo = nw.looCurve(x, y, { kernel, bandwidths: hs });
      const cv = nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' });
      const sil = nw.selectBandwidth(x, y, { kernel, method: 'silverman' });
      const chapter = model.training(s);
      const conv = model.memo('converged', s, TRAIN_KEYS, () => {
        const o = { kernel, learningRate: s.lr, leaveOneOut: s.loo, seed: s.seed };
        if (s.batch > 0) o.batchSize = Math.min(s.batch, x.length);
        if (s.w0 !== null) o.w0 = s.w0;
        return nw.trainParametric(x, y, { ...o, untilConverged: true, maxEpochs: epochCap(x.length) });
      });
      const mark = (h) => ({ x: [h], y: [nw.looLoss(x, y, { kernel, bandwidth: h })] });
      const hc = 1 / Math.abs(chapter.w);
      const hv = 1 / Math.abs(conv.w);
      curve.setLabel('chapter', `trained, ${chapter.epochs} epochs: h = ${fmt(hc)}`);
      curve.setLabel('converged', `trained to convergence: h = ${fmt(hv)}`);
      curve.setLabel('cv', `LOO-CV minimum: h = ${fmt(cv.bandwidth)}`);
      curve.setLabel('silverman', `Silverman: h = ${fmt(sil.bandwidth)}`);
      curve.update({
        loo: { x: hs, y: loo },
        cv: { x: [cv.bandwidth], y: [cv.looLoss] },
        silverman: { x: [sil.bandwidth], y: [sil.looLoss] },
        chapter: mark(hc),
        converged: mark(hv),
      });
      const steps = Float64Array.from(conv.ws, (_, k) => k + 1);
      path.update({
        h: { x: steps, y: Float64Array.from(conv.ws, (w) => 1 / Math.abs(w)) },
        cv: { x: [1, Math.max(2, conv.steps)], y: [cv.bandwidth, cv.bandwidth] },
      });
      if (out) {
        out.textContent =
          `Starting from w0 = ${fmt(conv.w0)} (h = ${fmt(1 / Math.abs(conv.w0))}), SGD with learning rate ` +
          `${fmt(s.lr)} reached w = ${fmt(chapter.w)} after ${chapter.epochs} epochs; run on, it ` +
          (conv.converged ? `converged after ${conv.epochs} epochs` : `was stopped at ${conv.epochs} epochs`) +
          ` at h = ${fmt(hv)}. The LOO-CV minimum is h = ${fmt(cv.bandwidth)}.`;
      }
    },
    destroy() {
      curve.destroy();
      path.destroy();
    },
  };
}
