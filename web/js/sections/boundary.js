// 16. Boundary bias and local linear. Nadaraya-Watson (local constant) averages the labels near q;
// at x = 0 every key lies on one side, so the average is pulled towards the inside (f rises from
// f(0) = 0, and the fit starts well above it). Local linear fits the kernel-weighted line through
// (x_j - q, y_j) and takes its intercept: the first-order term of f no longer biases the fit. Both
// are linear in the labels; local linear's weights are the equivalent kernel
// l_j(q) = K_j (S2 - S1 d_j) / (S0 S2 - S1^2), which sums to 1 and is negative on the far keys at
// a boundary query. Two charts: both fits with the truth (the `est` setting's one drawn thicker),
// and the weights of the boundary query PROBE over the keys with a zero line. The readout gives
// the test MSE, the prediction at PROBE and the LOO-CV bandwidth of both (every number the API's).
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { thinIndices } from '../compute/numeric.js';
import { T, kernelName } from '../i18n/index.js';
import { ESTIMATORS, X_RANGE } from '../state/settings.js';
import { COLORS, SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart, MAX_DRAWN_POINTS } from '../views/line-chart.js';
import { PredictionChart } from '../views/prediction-chart.js';

/** The boundary query whose weights are drawn and whose prediction the readout gives. */
export const PROBE = 0;
const LC = 'local-constant';
/** Above this many training points the local-linear LOO-CV search is not run (see update). */
const LL_CV_MAX_N = 20000;
const LL = 'local-linear';
/** Colours and marks of the two estimators (told apart by dash and marker shape as well). */
const STYLE = {
  lc: { color: COLORS.pred, dash: [], shape: 'circle' },
  ll: { color: SERIES[0], dash: [7, 4], shape: 'triangle' },
};

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="boundary-readout"]');
  const turn = latest();
  const phone = matchMedia('(max-width: 640px)').matches;

  const fFit = figure(grid, 'boundary-fits', '');
  const fits = new PredictionChart(fFit.canvas, {
    aspect: phone ? 1.15 : 1.3,
    predictions: [
      { id: 'lc', label: T.estimatorName('lc'), color: STYLE.lc.color, dash: STYLE.lc.dash },
      { id: 'll', label: T.estimatorName('ll'), color: STYLE.ll.color, dash: STYLE.ll.dash },
    ],
  });
  const fW = figure(grid, 'boundary-weights', '');
  const weights = new LineChart(fW.canvas, {
    aspect: phone ? 1.15 : 1.3,
    x: { label: T.axisKeyX, min: X_RANGE[0], max: X_RANGE[1] },
    y: { label: T.axisWeight },
    series: [
      { id: 'zero', label: T.zeroWeight, color: COLORS.muted, width: 1.2, dash: [2, 3] },
      ...['lc', 'll'].map((e) => ({
        id: e,
        label: T.estimatorWeights(e),
        color: STYLE[e].color,
        kind: 'marker',
        pointStyle: STYLE[e].shape,
        width: 4,
      })),
    ],
  });
  weights.chart.options.plugins.legend.labels.pointStyleWidth = 16;
  const probe = Float64Array.of(PROBE);
  const truthAt = nw.trueFunction(probe)[0];

  return {
    deps: [...DATA_KEYS, 'kernel', 'h', 'est'],
    async update(s) {
      const isCurrent = turn.begin();
      const d = model.data(s);
      const base = { kernel: s.kernel, bandwidth: s.h };
      const q = model.fine;
      const per = {};
      for (const e of ['lc', 'll']) {
        const o = { ...base, estimator: ESTIMATORS[e] };
        const test = nw.predict(model.queries, d.x, d.y, o);
        per[e] = {
          fine: nw.predict(q, d.x, d.y, o),
          test,
          mse: model.mse(test, model.truth),
          at: nw.predict(probe, d.x, d.y, o)[0],
          // One row: the weights the boundary query gives each key (keys sorted by x).
          w: nw.attentionWeights(probe, d.x, o).data,
        };
      }

      // The controls' estimator is drawn thicker.
      const ds = fits.chart.chart.data.datasets;
      ds[2].borderWidth = s.est === 'lc' ? 3 : 1.8;
      ds[3].borderWidth = s.est === 'll' ? 3 : 1.8;
      fits.update(
        d,
        { x: model.fine, y: model.fineTruth },
        { lc: { x: q, y: per.lc.fine }, ll: { x: q, y: per.ll.fine } },
      );
      fFit.caption.textContent = T.boundaryFitCaption(kernelName(s.kernel), s.h);
      fits.setSummaryNote(
        T.summaryBoundaryFits(PROBE, per.lc.at, per.ll.at, truthAt, per.lc.mse, per.ll.mse),
      );

      // The weights of the boundary query, over the keys (thinned for display at large n).
      const idx = thinIndices(d.x.length, MAX_DRAWN_POINTS);
      const pick = (a) => (idx ? Float64Array.from(idx, (k) => a[k]) : a);
      const keys = pick(d.x);
      weights.update({
        zero: { x: [X_RANGE[0], X_RANGE[1]], y: [0, 0] },
        lc: { x: keys, y: pick(per.lc.w) },
        ll: { x: keys, y: pick(per.ll.w) },
      });
      let jMin = 0;
      let negative = 0;
      for (let j = 0; j < d.x.length; j++) {
        if (per.ll.w[j] < per.ll.w[jMin]) jMin = j;
        if (per.ll.w[j] < 0) negative++;
      }
      const minW = per.ll.w[jMin];
      fW.caption.textContent = T.boundaryWeightsCaption(PROBE, kernelName(s.kernel), s.h);
      weights.setSummaryNote(
        T.summaryBoundaryWeights(PROBE, negative, d.x.length, minW, d.x[jMin]),
      );

      const csvFits = {
        file: () => `boundary-fits-${s.kernel}-h${s.h}.csv`,
        text: () =>
          csvFromColumns(
            ['query', 'local_constant', 'local_linear', 'truth'],
            [q, per.lc.fine, per.ll.fine, model.fineTruth],
          ),
      };
      fFit.csv.set('predictions', csvFits);
      fW.csv.set('predictions', {
        file: () => `boundary-weights-x${PROBE}-${s.kernel}-h${s.h}.csv`,
        text: () =>
          csvFromColumns(
            ['key', 'value', 'weight_local_constant', 'weight_local_linear'],
            [d.x, d.y, per.lc.w, per.ll.w],
          ),
      });

      const shown = {
        est: s.est,
        x: String(PROBE),
        truth: String(truthAt),
        lcAt: String(per.lc.at),
        llAt: String(per.ll.at),
        lcMse: String(per.lc.mse),
        llMse: String(per.ll.mse),
        minWeight: String(minW),
        minKey: String(d.x[jMin]),
        negative: String(negative),
      };
      const write = (lcH, llH) => {
        if (!readout) return;
        readout.textContent = T.boundaryReadout(
          s.est,
          PROBE,
          truthAt,
          per.lc.at,
          per.ll.at,
          per.lc.mse,
          per.ll.mse,
          lcH,
          llH,
          minW,
          d.x[jMin],
        );
        Object.assign(readout.dataset, shown, {
          lcH: lcH === null ? '' : String(lcH),
          llH: llH === null ? '' : String(llH),
        });
      };
      write(null, null);

      // LOO-CV of both, through the compute jobs (shared with section 11 for local constant).
      // Above LL_CV_MAX_N points the local-linear search would keep the worker busy for seconds
      // (fast sums: about 1 s at 10^4, 3-8 s at 10^5), so it is not run there.
      const searchLl = d.x.length <= LL_CV_MAX_N;
      const cvs = await Promise.all(
        (searchLl ? [LC, LL] : [LC]).map((e) => model.looCv(s, s.kernel, { isCurrent }, e)),
      );
      if (cvs.includes(null) || !isCurrent()) return;
      write(cvs[0].h, searchLl ? cvs[1].h : NaN);
    },
    destroy() {
      turn.cancel();
      fits.destroy();
      weights.destroy();
    },
  };
}
