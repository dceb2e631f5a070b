// Choosing the bandwidth: the LOO loss over h, with the LOO-CV minimum, Silverman's rule, and the
// h = 1/|w| that parametric training reaches (at the playback position, and run to convergence).
// Training with leave-one-out keys minimises exactly this LOO loss as a function of w = 1/h.
// Everything that grows with n^2 is computed in slices with a progress note.
import { TRAIN_KEYS, logspace } from '../model.js';
import { latest, runSliced } from '../slices.js';
import { T } from '../i18n/index.js';
import { COLORS, SERIES, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** Bandwidths of the plotted curve (one looLoss call each, in slices). */
const CURVE = logspace(0.01, 10, 121);
/** Up to this n the LOO-CV bandwidth is the API's global search (selectBandwidth, one call of at
 * most a few tens of ms); above it, the curve's best point refined by golden-section search. */
const SELECT_MAX_N = 200;

/** Epoch cap of the run to convergence, so that it stays around 1e8 kernel evaluations. */
export function epochCap(n) {
  return Math.max(50, Math.min(10000, Math.floor(1e8 / (n * n))));
}

/** Golden-section minimum of f on log h in [lo, hi]: {h, loss}. */
function goldenLog(f, lo, hi, iterations = 30) {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(lo);
  let b = Math.log(hi);
  for (let i = 0; i < iterations; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(Math.exp(c)) < f(Math.exp(d))) b = d;
    else a = c;
  }
  const h = Math.exp((a + b) / 2);
  return { h, loss: f(h) };
}

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const f1 = figure(grid, 'loo-curve', T.looCurveCaption);
  const curve = new LineChart(f1.canvas, {
    aspect: 1.5,
    x: { label: T.axisHLog, type: 'logarithmic', min: 0.01, max: 10 },
    y: { label: T.axisLooLoss },
    series: [
      { id: 'loo', label: T.looLoss, color: COLORS.accent, width: 2 },
      { id: 'cv', label: T.looCvMin, color: SERIES[1], kind: 'marker', pointStyle: 'circle', width: 8 },
      { id: 'silverman', label: T.silvermanRule, color: SERIES[3], kind: 'marker', pointStyle: 'rectRot' },
      { id: 'chapter', label: T.trainedChapter, color: SERIES[2], kind: 'marker', pointStyle: 'triangle' },
      { id: 'converged', label: T.trainedConverged, color: COLORS.param, kind: 'marker', pointStyle: 'star', width: 10 },
    ],
  });
  const f2 = figure(grid, 'h-trajectory', T.hTrajectoryCaption);
  const path = new LineChart(f2.canvas, {
    aspect: 1.5,
    x: { label: T.axisUpdateLog, type: 'logarithmic', min: 1 },
    y: { label: T.axisHTrained, type: 'logarithmic' },
    series: [
      { id: 'h', label: T.trainedH, color: COLORS.param, width: 2 },
      { id: 'cv', label: T.looCvH, color: SERIES[1], dash: [6, 4], width: 1.5 },
    ],
  });
  const out = root.querySelector('[data-out="choice"]');
  const turn = latest();
  const progress = (what) => (d, total) => (f1.caption.textContent = `${what}: ${T.progress(d, total)}`);

  /** LOO curve and LOO-CV minimum of the data (cached per data and kernel); null if superseded. */
  async function looCurve(s, kernel, isCurrent) {
    const c = model.memo('loo-curve', s, ['seed', 'n', 'noise', 'points', 'kernel'], () => ({
      losses: new Float64Array(CURVE.length).fill(NaN),
      done: 0,
      cv: null,
    }));
    const { x, y } = model.data(s);
    const loss = (h) => nw.looLoss(x, y, { kernel, bandwidth: h });
    const ok = await runSliced(
      () => {
        if (c.done < CURVE.length) {
          c.losses[c.done] = loss(CURVE[c.done]);
          c.done++;
          return false;
        }
        if (x.length <= SELECT_MAX_N) {
          const r = nw.selectBandwidth(x, y, { kernel, method: 'loo-cv' });
          c.cv = { h: r.bandwidth, loss: r.looLoss };
        } else {
          let k = 0;
          for (let i = 1; i < CURVE.length; i++) if (c.losses[i] < c.losses[k]) k = i;
          const r = goldenLog(loss, CURVE[Math.max(0, k - 1)], CURVE[Math.min(CURVE.length - 1, k + 1)]);
          c.cv = r.loss <= c.losses[k] ? r : { h: CURVE[k], loss: c.losses[k] };
        }
        return true;
      },
      { isCurrent, onProgress: () => progress(T.progressLoo)(c.done, CURVE.length) },
    );
    return ok || c.cv ? c : null;
  }

  return {
    deps: TRAIN_KEYS,
    async update(s) {
      const isCurrent = turn.begin();
      const { x, y } = model.data(s);
      const kernel = model.trainKernel(s);
      const c = await looCurve(s, kernel, isCurrent);
      if (!c || !c.cv || !isCurrent()) return;
      const sil = nw.selectBandwidth(x, y, { kernel, method: 'silverman' });
      const chapter = await model.training(s, { isCurrent, onProgress: progress(T.progressTraining) });
      if (!chapter || !isCurrent()) return;
      const convRun = model.run('converged', s, {}, { untilConverged: true });
      const ok = await model.extend(convRun, epochCap(x.length), { isCurrent, onProgress: progress(T.progressConverge) });
      if (!ok || !isCurrent()) return;
      const conv = convRun.prefix();
      const mark = (h) => ({ x: [h], y: [nw.looLoss(x, y, { kernel, bandwidth: h })] });
      const hc = 1 / Math.abs(chapter.w);
      const hv = 1 / Math.abs(conv.w);
      curve.setLabel('chapter', T.labelTrainedChapter(chapter.epochs, hc));
      curve.setLabel('converged', T.labelTrainedConverged(hv));
      curve.setLabel('cv', T.labelCv(c.cv.h));
      curve.setLabel('silverman', T.labelSilverman(sil.bandwidth));
      curve.update({
        loo: { x: CURVE, y: c.losses },
        cv: { x: [c.cv.h], y: [c.cv.loss] },
        silverman: { x: [sil.bandwidth], y: [sil.looLoss] },
        chapter: mark(hc),
        converged: mark(hv),
      });
      f1.caption.textContent =
        x.length <= SELECT_MAX_N
          ? T.looCurveCaptionSelect
          : T.looCurveCaptionGolden;
      const steps = Float64Array.from(conv.ws, (_, k) => k + 1);
      path.update({
        h: { x: steps, y: Float64Array.from(conv.ws, (w) => 1 / Math.abs(w)) },
        cv: { x: [1, Math.max(2, conv.steps)], y: [c.cv.h, c.cv.h] },
      });
      if (out) {
        out.textContent = T.choiceReadout(conv.w0, s.lr, chapter.w, chapter.epochs, convRun.converged, conv.epochs, hv, c.cv.h);
      }
    },
    destroy() {
      turn.cancel();
      curve.destroy();
      path.destroy();
    },
  };
}
