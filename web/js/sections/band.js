// 14. How sure is the estimate? The fit with its pointwise confidence band (nw.confidenceBand):
// se(q) = sigma sqrt(sum_j a_j(q)^2), sigma from Rice's difference estimator, band fit -/+ z se.
// A narrow h averages few labels (wide band), a wide h many (narrow band that can miss the truth:
// the band covers the smoothed curve, not f, and the smoothing bias is not in it). The band's two
// ends are drawn as dashed lines (LineChart has no filled area), and the band at one query (PROBE)
// as a vertical bar, with its numbers in the readout.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { ESTIMATORS } from '../state/settings.js';
import { COLORS } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { PredictionChart } from '../views/prediction-chart.js';

/** The query whose band the readout writes out (and the chart marks). */
export const PROBE = 2.5;

/** Above this many training points the band is computed in the worker (a main-thread task of
 * 150-200 ms at 10^5 would delay the learner's clicks). */
const OFFLOAD_N = 20000;

export function create(root, { nw, model, compute }) {
  const turn = latest();
  const fig = figure(root.querySelector('.figures'), 'confidence-band', '');
  const chart = new PredictionChart(fig.canvas, {
    // Taller on a phone's column (the page's 640 px breakpoint), where the legend takes three rows.
    aspect: matchMedia('(max-width: 640px)').matches ? 1.15 : 2.1,
    predictions: [
      { id: 'fit', label: T.bandFit, color: COLORS.pred, width: 2.4 },
      { id: 'lower', label: '', color: COLORS.accent, width: 1.8, dash: [2, 3] },
      { id: 'upper', label: '', color: COLORS.accent, width: 1.8, dash: [2, 3] },
      { id: 'probe', label: T.bandProbe(PROBE), color: COLORS.mark, width: 4 },
    ],
  });
  const readout = root.querySelector('[data-out="band-readout"]');
  const probeX = Float64Array.of(PROBE);
  const probeTruth = nw.trueFunction(probeX);

  return {
    deps: [...DATA_KEYS, 'kernel', 'h', 'level', 'est'],
    async update(s) {
      const isCurrent = turn.begin();
      const data = model.data(s);
      const opts = {
        kernel: s.kernel,
        bandwidth: s.h,
        level: Number(s.level),
        estimator: ESTIMATORS[s.est],
      };
      const q = model.fine;
      const big = data.x.length > OFFLOAD_N;
      const band = (queries) =>
        big
          ? compute.call('confidenceBand', [queries, data.x, data.y, opts], { isCurrent })
          : nw.confidenceBand(queries, data.x, data.y, opts);
      const [b, at] = await Promise.all([band(q), band(probeX)]);
      if (!b || !at || !isCurrent()) return;
      chart.setLabel('lower', T.bandLower(s.level));
      chart.setLabel('upper', T.bandUpper(s.level));
      chart.update(
        data,
        { x: model.fine, y: model.fineTruth },
        {
          fit: { x: q, y: b.fit },
          lower: { x: q, y: b.lower },
          upper: { x: q, y: b.upper },
          // A vertical bar from the lower to the upper end of the band at the probe.
          probe: { x: Float64Array.of(PROBE, PROBE), y: Float64Array.of(at.lower[0], at.upper[0]) },
        },
      );
      fig.caption.textContent = T.bandCaption(
        kernelName(s.kernel),
        s.h,
        s.level,
        T.estimatorName(s.est),
      );
      chart.setSummaryNote(T.summaryBand(s.level, PROBE, at.lower[0], at.upper[0], probeTruth[0]));
      fig.csv.set('predictions', {
        file: () => `confidence-band-${s.est}-${s.kernel}-h${s.h}-level${s.level}.csv`,
        text: () =>
          csvFromColumns(
            ['query', 'fit', 'se', 'lower', 'upper'],
            [q, b.fit, b.se, b.lower, b.upper],
          ),
      });
      if (readout) {
        readout.textContent = T.bandReadout(
          s.level,
          at.sigma,
          at.z,
          PROBE,
          at.fit[0],
          at.se[0],
          at.lower[0],
          at.upper[0],
          probeTruth[0],
        );
        // Full precision for the tests and for anyone reading the page's numbers.
        Object.assign(readout.dataset, {
          sigma: String(at.sigma),
          z: String(at.z),
          level: String(s.level),
          x: String(PROBE),
          fit: String(at.fit[0]),
          se: String(at.se[0]),
          lower: String(at.lower[0]),
          upper: String(at.upper[0]),
          truth: String(probeTruth[0]),
        });
      }
    },
    destroy: () => {
      turn.cancel();
      chart.destroy();
    },
  };
}
