// 20. The curse of dimensionality (the second edition's exercise 4): how the bandwidth must shrink
// as the data grow, and whether that depends on the dimension. For d = 1, 2 and 4 inputs (every one
// relevant) and n from 20 to 160, the test error against the true function of the Gaussian
// estimator with its LOO-CV bandwidth (nw.dimensionStudy, in the worker), on log axes with the
// optimal rates n^(-4/(4+d)) through each curve; and the chosen bandwidths against n. Every number
// is the API's.
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

/** The study the section runs (about 0.5 s of WebAssembly in the worker). */
export const STUDY = Object.freeze({
  sizes: Object.freeze([20, 40, 80, 160]),
  dims: Object.freeze([1, 2, 4]),
  repeats: 2,
});
const DASHES = [[], [8, 4], [2, 3]];
/** The arguments of the study for a state (the call of update and of prefetch). */
const studyArgs = (s) => [
  { ...STUDY, sizes: [...STUDY.sizes], dims: [...STUDY.dims], seed: s.seed, noise: s.noise },
];

/**
 * Starts the study for the state the page opens with once the first figures are drawn (the app
 * calls this): it runs in a worker while the main thread builds the sections above, and update()
 * gets its result (compute.prefetch). Built last, the section waited about 0.27 s for it.
 */
export function prefetch({ compute, state }) {
  const args = studyArgs(state.get());
  const key = JSON.stringify(args);
  // Wanted while the state still asks for the same study (studyArgs reads what it depends on).
  compute.prefetch('dimensionStudy', args, () => JSON.stringify(studyArgs(state.get())) === key);
}

export function create(root, { compute }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="curse-readout"]');
  const turn = latest();
  const phone = matchMedia('(max-width: 640px)').matches;
  const x = { label: T.axisNLog, type: 'logarithmic', min: 15, max: 200 };
  const fErr = figure(grid, 'curse-error', T.curseErrorCaption);
  const err = new LineChart(fErr.canvas, {
    aspect: phone ? 1.1 : 1.3,
    x,
    y: { label: T.axisMseLog, type: 'logarithmic' },
    series: STUDY.dims.flatMap((d, i) => [
      { id: `mse${d}`, label: T.curseDims(d), color: SERIES[i], width: 2.2, dash: DASHES[i] },
      { id: `rate${d}`, label: T.curseRate(d), color: SERIES[i], width: 1, dash: [2, 3] },
    ]),
  });
  const fH = figure(grid, 'curse-bandwidth', T.curseBandwidthCaption);
  const bw = new LineChart(fH.canvas, {
    aspect: phone ? 1.1 : 1.3,
    x,
    y: { label: T.axisHLogOnly, type: 'logarithmic' },
    series: STUDY.dims.map((d, i) => ({
      id: `h${d}`,
      label: T.curseDims(d),
      color: SERIES[i],
      width: 2.2,
      dash: DASHES[i],
      edgeLabel: 'h = ∞', // average pooling chosen (a small n in many dimensions)
    })),
  });
  for (const c of [err, bw])
    for (const ds of c.chart.data.datasets)
      Object.assign(ds, { pointRadius: 2.5, pointStyle: 'circle' });

  return {
    deps: ['seed', 'noise'],
    async update(s) {
      const isCurrent = turn.begin();
      fErr.caption.textContent = `${T.curseErrorCaption}: ${T.progressComputing}`;
      const rows = await compute.call('dimensionStudy', studyArgs(s), { isCurrent });
      if (!rows || !isCurrent()) return;
      fErr.caption.textContent = T.curseErrorCaption;
      err.update(
        Object.fromEntries(
          rows.flatMap((r) => [
            [`mse${r.dims}`, { x: r.n, y: r.mse }],
            [`rate${r.dims}`, { x: r.n, y: r.rate }],
          ]),
        ),
      );
      bw.update(Object.fromEntries(rows.map((r) => [`h${r.dims}`, { x: r.n, y: r.bandwidth }])));
      const last = rows[0].n.length - 1;
      const summary = T.summaryCurse(
        rows.map((r) => ({ d: r.dims, first: r.mse[0], last: r.mse[last] })),
      );
      err.setSummaryNote(summary);
      bw.setSummaryNote(
        T.summaryCurseBandwidth(
          rows.map((r) => ({ d: r.dims, first: r.bandwidth[0], last: r.bandwidth[last] })),
        ),
      );
      const csv = {
        file: () => `curse-of-dimensionality-seed${s.seed}.csv`,
        text: () =>
          csvFromColumns(
            ['n', ...rows.flatMap((r) => [`mse_d${r.dims}`, `rate_d${r.dims}`, `h_d${r.dims}`])],
            [rows[0].n, ...rows.flatMap((r) => [r.mse, r.rate, r.bandwidth])],
          ),
      };
      fErr.csv.set('predictions', csv);
      fH.csv.set('predictions', csv);
      if (readout) {
        readout.textContent = T.curseReadout(
          rows.map((r) => ({ d: r.dims, n: r.n[last], mse: r.mse[last], h: r.bandwidth[last] })),
        );
        readout.dataset.rows = JSON.stringify(
          rows.map((r) => ({
            dims: r.dims,
            n: Array.from(r.n),
            mse: Array.from(r.mse),
            bandwidth: Array.from(r.bandwidth),
            rate: Array.from(r.rate),
          })),
        );
      }
    },
    destroy() {
      turn.cancel();
      err.destroy();
      bw.destroy();
    },
  };
}
