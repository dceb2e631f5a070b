// Choosing the bandwidth: the LOO loss over h, with the LOO-CV minimum, Silverman's rule, and the
// h = 1/|w| that parametric training reaches (at the playback position, and run to convergence).
// Training with leave-one-out keys minimises exactly this LOO loss as a function of w = 1/h.
// The LOO curve, Silverman's rule and the run to convergence are compute jobs (in the worker when
// there is one, else in slices), with a progress note.
import { DATA_KEYS, TRAIN_KEYS, logspace } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { COLORS, SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** Bandwidths of the plotted curve (one looLoss each): 121 up to 20,000 points, 41 beyond. */
const CURVE = logspace(0.01, 10, 121);
const CURVE_LARGE = logspace(0.01, 10, 41);
const curveOf = (n) => (n <= 20000 ? CURVE : CURVE_LARGE);

/** Epoch cap of the run to convergence, so that it stays around 1e8 kernel evaluations. */
export function epochCap(n) {
  return Math.max(50, Math.min(10000, Math.floor(1e8 / (n * n))));
}

export function create(root, { model, compute }) {
  const grid = root.querySelector('.figures');
  const f1 = figure(grid, 'loo-curve', T.looCurveCaption);
  const curve = new LineChart(f1.canvas, {
    aspect: 1.5,
    x: { label: T.axisHLog, type: 'logarithmic', min: 0.01, max: 10 },
    y: { label: T.axisLooLoss },
    series: [
      { id: 'loo', label: T.looLoss, color: COLORS.accent, width: 2 },
      // At h = ∞ (w = 0, average pooling) the markers sit on the right edge (see LineChart edgeLabel).
      {
        id: 'cv',
        label: T.looCvMin,
        color: SERIES[1],
        kind: 'marker',
        pointStyle: 'circle',
        width: 8,
        edgeLabel: 'h = ∞',
      },
      {
        id: 'silverman',
        label: T.silvermanRule,
        color: SERIES[3],
        kind: 'marker',
        pointStyle: 'rectRot',
      },
      {
        id: 'chapter',
        label: T.trainedChapter,
        color: SERIES[2],
        kind: 'marker',
        pointStyle: 'triangle',
        edgeLabel: 'h = ∞',
      },
      {
        id: 'converged',
        label: T.trainedConverged,
        color: COLORS.param,
        kind: 'marker',
        pointStyle: 'star',
        width: 10,
        edgeLabel: 'h = ∞',
      },
    ],
  });
  const f2 = figure(grid, 'h-trajectory', T.hTrajectoryCaption);
  const path = new LineChart(f2.canvas, {
    aspect: 1.5,
    x: { label: T.axisUpdateLog, type: 'logarithmic', min: 1 },
    y: { label: T.axisHTrained, type: 'logarithmic' },
    series: [
      // h = ∞ (w = 0) is drawn on the top edge, labelled.
      { id: 'h', label: T.trainedH, color: COLORS.param, width: 2, edgeLabel: T.hInfinite },
      {
        id: 'cv',
        label: T.looCvH,
        color: SERIES[1],
        dash: [6, 4],
        width: 1.5,
        edgeLabel: T.hInfinite,
      },
    ],
  });
  const out = root.querySelector('[data-out="choice"]');
  const turn = latest();
  const progress = (what) => (d, total) =>
    (f1.caption.textContent = `${what}: ${T.progress(d, total)}`);

  /** LOO curve and LOO-CV minimum of the data (a job, cached per data and kernel); null if superseded. */
  function looCurve(s, kernel, isCurrent) {
    const { x, y } = model.data(s);
    const bandwidths = curveOf(x.length);
    return model.job(
      'loo-curve',
      s,
      [...DATA_KEYS, [kernel]], // a value in an array (a string is a state key)
      'looCurve',
      () => ({
        x,
        y,
        kernel,
        bandwidths,
      }),
      { isCurrent, onProgress: progress(T.progressLoo) },
    );
  }

  return {
    deps: TRAIN_KEYS,
    async update(s) {
      const isCurrent = turn.begin();
      const { x, y } = model.data(s);
      const kernel = model.trainKernel(s);
      const curveLosses = await looCurve(s, kernel, isCurrent);
      if (!curveLosses || !isCurrent()) return;
      const cv = await model.looCv(s, kernel, { isCurrent, onProgress: progress(T.progressLoo) });
      if (!cv || !isCurrent()) return;
      const c = { losses: curveLosses.losses, cv };
      // For tests and course authors: the LOO-CV h shown (selectBandwidth's, Infinity = average pooling).
      document.documentElement.dataset.looCvH = String(cv.h);
      const sil = await model.job(
        'silverman',
        s,
        [...DATA_KEYS, [kernel]], // a value in an array (a string is a state key)
        'selectBandwidth',
        () => [x, y, { kernel, method: 'silverman' }],
        { isCurrent },
      );
      if (!sil || !isCurrent()) return;
      const chapter = await model.training(s, {
        isCurrent,
        onProgress: progress(T.progressTraining),
      });
      if (!chapter || !isCurrent()) return;
      const conv = await model.longRun(
        'converged',
        s,
        {},
        { untilConverged: true },
        epochCap(x.length),
        {
          isCurrent,
          onProgress: progress(T.progressConverge),
        },
      );
      if (!conv || !isCurrent()) return;
      // h = 1/|w|: infinite at w = 0 (a run started at w0 = 0 stays there: average pooling, whose
      // marker is off the h axis and whose label says h = ∞). The losses are asked for at w.
      const hc = 1 / Math.abs(chapter.w);
      const hv = 1 / Math.abs(conv.w);
      const marks = await Promise.all(
        [chapter.w, conv.w].map((w) =>
          compute.call('looLoss', [x, y, { kernel, w }], { isCurrent }),
        ),
      );
      if (marks.includes(null) || !isCurrent()) return;
      const mark = (h, i) => ({ x: [h], y: [marks[i]] });
      curve.setLabel('chapter', T.labelTrainedChapter(chapter.epochs, hc));
      curve.setLabel('converged', T.labelTrainedConverged(hv));
      curve.setLabel('cv', T.labelCv(c.cv.h));
      curve.setLabel('silverman', T.labelSilverman(sil.bandwidth));
      curve.update({
        loo: { x: curveOf(x.length), y: c.losses },
        cv: { x: [c.cv.h], y: [c.cv.loss] },
        silverman: { x: [sil.bandwidth], y: [sil.looLoss] },
        chapter: mark(hc, 0),
        converged: mark(hv, 1),
      });
      f1.caption.textContent = T.looCurveCaptionSelect;
      f1.csv.set('predictions', {
        file: () => `loo-curve-${kernel}.csv`,
        text: () => csvFromColumns(['bandwidth', 'loo_loss'], [curveOf(x.length), c.losses]),
      });
      const steps = Float64Array.from(conv.ws, (_, k) => k + 1);
      path.update({
        h: { x: steps, y: Float64Array.from(conv.ws, (w) => 1 / Math.abs(w)) },
        cv: { x: [1, Math.max(2, conv.steps)], y: [c.cv.h, c.cv.h] },
      });
      if (out) {
        out.textContent = T.choiceReadout(
          conv.w0,
          s.lr,
          chapter.w,
          chapter.epochs,
          conv.converged,
          conv.epochs,
          hv,
          c.cv.h,
        );
      }
    },
    destroy() {
      turn.cancel();
      curve.destroy();
      path.destroy();
    },
  };
}
