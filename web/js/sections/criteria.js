// 17. Choosing h, three ways. Two curves over the bandwidth for the data, kernel and estimator of
// the controls: the leave-one-out loss (predict each point from the others) and AIC_c (the
// in-sample fit penalised by the smoother's effective number of parameters, tr H). Each curve
// marks its own minimum (selectBandwidth with method 'loo-cv' / 'aic', global searches), the
// other criterion's choice, and Silverman's rule (which looks at the keys only). The readout gives
// the three bandwidths and the test MSE against f of the fit at each. Every number is the API's:
// the curves are compute jobs (tasks.lossCurve with criterion and estimator), the choices
// selectBandwidth's, the marks' heights aicCurve / looCurve at the chosen h.
import { DATA_KEYS, logspace } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { ESTIMATORS } from '../state/settings.js';
import { COLORS, SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** Bandwidths of the two curves: 81 up to 20,000 points, 41 beyond (one evaluation each). */
const CURVE = logspace(0.01, 10, 81);
const CURVE_LARGE = logspace(0.01, 10, 41);
const curveOf = (n) => (n <= 20000 ? CURVE : CURVE_LARGE);

/** The three choices: their marker shapes and colours (the same on both charts). */
const MARKS = {
  loo: { color: SERIES[1], pointStyle: 'circle', width: 8 },
  aic: { color: SERIES[0], pointStyle: 'triangle', width: 9 },
  silverman: { color: SERIES[3], pointStyle: 'rectRot', width: 8 },
};

/**
 * The top of a y axis that shows a curve's valley: its minimum plus twice the largest rise to the
 * right of it (undefined, automatic, when that is not a positive finite range).
 */
function valleyTop(ys) {
  let k = -1;
  for (let i = 0; i < ys.length; i++) if (Number.isFinite(ys[i]) && (k < 0 || ys[i] < ys[k])) k = i;
  if (k < 0) return undefined;
  let rise = 0;
  for (let i = k; i < ys.length; i++)
    if (Number.isFinite(ys[i])) rise = Math.max(rise, ys[i] - ys[k]);
  let top = -Infinity;
  for (const v of ys) if (Number.isFinite(v)) top = Math.max(top, v);
  const cut = ys[k] + 2 * rise;
  return rise > 0 && cut < top ? cut : undefined;
}

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="criteria-readout"]');
  const turn = latest();
  const phone = matchMedia('(max-width: 640px)').matches;

  const chartOf = (id, yLabel, curveLabel, color, edgeLabel = '') => {
    const f = figure(grid, id, '');
    const c = new LineChart(f.canvas, {
      aspect: phone ? 1.15 : 1.3,
      x: { label: T.axisHLog, type: 'logarithmic', min: 0.01, max: 10 },
      y: { label: yLabel },
      series: [
        // +Infinity values (AIC_c where the fit interpolates) run along the top edge, labelled.
        { id: 'curve', label: curveLabel, color, width: 2, edgeLabel },
        ...Object.entries(MARKS).map(([mark, m]) => ({
          id: mark,
          label: '',
          kind: 'marker',
          ...m,
          edgeLabel: 'h = ∞',
        })),
      ],
    });
    return { f, c };
  };
  const loo = chartOf('criteria-loo', T.axisLooLoss, T.looLoss, COLORS.accent);
  const aic = chartOf('criteria-aic', T.axisAic, T.aicCurveLabel, COLORS.param, T.aicInfinite);

  return {
    deps: [...DATA_KEYS, 'kernel', 'est'],
    async update(s) {
      const isCurrent = turn.begin();
      const { x, y } = model.data(s);
      const kernel = s.kernel;
      const estimator = ESTIMATORS[s.est];
      const bandwidths = curveOf(x.length);
      const keys = [...DATA_KEYS, 'kernel', 'est'];
      const progress = (fig, what) => (d, total) =>
        (fig.caption.textContent = `${what}: ${T.progress(d, total)}`);
      const curve = (criterion, fig) =>
        model.job(
          `criteria-curve-${criterion}`,
          s,
          keys,
          'looCurve',
          () => ({ x, y, kernel, bandwidths, estimator, criterion }),
          { isCurrent, onProgress: progress(fig, T.criterionName(criterion)) },
        );
      const choice = (method) =>
        model.job(`criteria-${method}`, s, keys, 'selectBandwidth', () => [
          x,
          y,
          { kernel, estimator, method },
        ]);
      const [looCurve, aicCurve, cv, ai, sil] = await Promise.all([
        curve('loo-cv', loo.f),
        curve('aic', aic.f),
        choice('loo-cv'),
        choice('aic'),
        choice('silverman'),
      ]);
      if ([looCurve, aicCurve, cv, ai, sil].includes(null) || !isCurrent()) return;
      const hs = { loo: cv.bandwidth, aic: ai.bandwidth, silverman: sil.bandwidth };
      // Each choice's height on both curves, from the API (one call per criterion).
      const at = (criterion) =>
        model.job(
          `criteria-marks-${criterion}`,
          s,
          [...keys, [hs.loo, hs.aic, hs.silverman]],
          'looCurve',
          () => ({
            x,
            y,
            kernel,
            bandwidths: [hs.loo, hs.aic, hs.silverman],
            estimator,
            criterion,
          }),
        );
      const [looAt, aicAt] = await Promise.all([at('loo-cv'), at('aic')]);
      if (!looAt || !aicAt || !isCurrent()) return;

      // The test error against f of the fit at each chosen h (the controls' estimator).
      const mse = {};
      for (const [mark, h] of Object.entries(hs)) {
        mse[mark] = model.mse(
          nw.predict(model.queries, x, y, { kernel, bandwidth: h, estimator }),
          model.truth,
        );
      }
      // A mark at an infinite criterion (AIC_c of an interpolating fit) is left out: the top edge
      // is the curve's; a mark at h = Infinity stays (on the right edge, labelled).
      const marks = (heights) =>
        Object.fromEntries(
          Object.keys(MARKS).map((mark, i) => [
            mark,
            {
              x: [hs[mark]],
              y: [Number.isFinite(heights[i]) || hs[mark] === Infinity ? heights[i] : NaN],
            },
          ]),
        ); // AIC_c climbs steeply as h shrinks towards interpolation, and a local-linear LOO curve can
      // spike there: each y axis shows the valley (up to twice the rise from the minimum to the
      // right); a steeper left branch leaves the top.
      loo.c.setLimits('y', { min: undefined, max: valleyTop(looCurve.losses) });
      aic.c.setLimits('y', { min: undefined, max: valleyTop(aicCurve.losses) });
      for (const [chart, heights, values] of [
        [loo, looAt.losses, looCurve.losses],
        [aic, aicAt.losses, aicCurve.losses],
      ]) {
        for (const mark of Object.keys(MARKS))
          chart.c.setLabel(mark, T.criteriaMark(mark, hs[mark]));
        chart.c.update({ curve: { x: bandwidths, y: values }, ...marks(heights) });
      }
      const name = kernelName(kernel);
      const est = T.estimatorName(s.est);
      loo.f.caption.textContent = T.criteriaLooCaption(name, est);
      aic.f.caption.textContent = T.criteriaAicCaption(name, est);
      const summary = T.summaryCriteria(hs.loo, hs.aic, hs.silverman);
      loo.c.setSummaryNote(summary);
      aic.c.setSummaryNote(summary);
      const csv = {
        file: () => `bandwidth-criteria-${s.est}-${kernel}.csv`,
        text: () =>
          csvFromColumns(
            ['bandwidth', 'loo_loss', 'aic_c'],
            [bandwidths, looCurve.losses, aicCurve.losses],
          ),
      };
      loo.f.csv.set('predictions', csv);
      aic.f.csv.set('predictions', csv);
      if (readout) {
        readout.textContent = T.criteriaReadout(s.est, hs, mse, ai.aic);
        Object.assign(readout.dataset, {
          est: s.est,
          kernel,
          looH: String(hs.loo),
          aicH: String(hs.aic),
          silvermanH: String(hs.silverman),
          aic: String(ai.aic),
          looMse: String(mse.loo),
          aicMse: String(mse.aic),
          silvermanMse: String(mse.silverman),
        });
      }
    },
    destroy() {
      turn.cancel();
      loo.c.destroy();
      aic.c.destroy();
    },
  };
}
