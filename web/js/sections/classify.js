// 15. Attention for classification (the second edition's exercise 1): the Parzen-window classifier
// is Nadaraya-Watson on one-hot labels, p_c(q) = sum_j a_j(q) [c_j = c]. The task is defined here
// (the page's own choice, not a computation of the model): a point's class is the band of y its
// label falls in, cut at fixed thresholds. nw.classify gives the class probabilities over the fine
// query grid and the predicted class; at one query (PROBE) the readout checks the identity against
// nw.predict on the one-hot values. Three charts: the labelled data, the probability curves, and
// the decision regions (the predicted class along x, one row per class: told apart by position and
// label as well as colour).
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { thinIndices } from '../compute/numeric.js';
import { T, kernelName } from '../i18n/index.js';
import { X_RANGE } from '../state/settings.js';
import { COLORS, DASHES, SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart, MAX_DRAWN_POINTS } from '../views/line-chart.js';

/** Class thresholds on y for 2, 3 and 4 classes (the task; the true f runs from 0 to about 3.6). */
export const THRESHOLDS = Object.freeze({ 2: [2.5], 3: [1.25, 2.5], 4: [1, 2, 3] });
/** The query where the identity classify = predict(one-hot) is written out. */
export const PROBE = 2.5;
/** Marker shapes of the classes in the data chart (shape as well as colour). */
const SHAPES = ['circle', 'triangle', 'rect', 'rectRot'];
/** At most this many decision regions are listed in the strip's text summary. */
const MAX_RUNS = 12;

/** The class of a label y: the number of thresholds at or below it. */
export function classOf(y, thresholds) {
  let c = 0;
  while (c < thresholds.length && y >= thresholds[c]) c++;
  return c;
}

/** Legend name of class c with its range of y. */
const className = (c, ts) => T.className(c, c > 0 ? ts[c - 1] : null, c < ts.length ? ts[c] : null);

/** Runs of equal predicted class along the grid: [{c, x0, x1}]. */
function regions(grid, predicted) {
  const runs = [];
  for (let i = 0; i < grid.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.c === predicted[i]) last.x1 = grid[i];
    else runs.push({ c: predicted[i], x0: grid[i], x1: grid[i] });
  }
  return runs;
}

/** The three charts for C classes (made again when the number of classes changes). */
function buildViews(grid, C) {
  const ts = THRESHOLDS[C];
  // Blue, vermillion, green, purple (Okabe-Ito hues apart; the amber is too close to vermillion).
  const color = (c) => SERIES[[0, 1, 2, 4][c]];
  const classes = Array.from({ length: C }, (_, c) => c);
  const x = { label: T.axisX, min: X_RANGE[0], max: X_RANGE[1] };

  const fData = figure(grid, 'classify-data', T.classDataCaption(0, C));
  const data = new LineChart(fData.canvas, {
    aspect: 1.3,
    x,
    y: { label: T.axisY },
    series: [
      ...classes.map((c) => ({
        id: `c${c}`,
        label: className(c, ts),
        color: color(c),
        kind: 'marker',
        pointStyle: SHAPES[c],
        width: 4.5,
      })),
      // One line per threshold (a line series must run left to right), one legend entry for all.
      ...ts.map((_, k) => ({
        id: `t${k}`,
        label: T.classBoundaries(ts),
        color: COLORS.muted,
        width: 1.2,
        dash: [6, 4],
      })),
    ],
  });

  const fProb = figure(grid, 'classify-probabilities', '');
  const prob = new LineChart(fProb.canvas, {
    aspect: 1.3,
    x,
    y: { label: T.axisProbability, min: 0, max: 1 },
    series: [
      ...classes.map((c) => ({
        id: `p${c}`,
        label: T.classProbability(c),
        color: color(c),
        width: 2.2,
        dash: DASHES[c % DASHES.length],
      })),
      { id: 'probe', label: T.classProbe(PROBE), color: COLORS.mark, width: 1.2, dash: [2, 2] },
    ],
  });

  const fStrip = figure(grid, 'classify-regions', T.classRegionsCaption, 'span-2');
  const strip = new LineChart(fStrip.canvas, {
    // One row per class: taller on a phone's column (the page's 640 px breakpoint).
    aspect: matchMedia('(max-width: 640px)').matches ? 1.6 + 0.2 * (4 - C) : 4.2,
    legend: false,
    x,
    y: { label: T.axisClass, min: -0.5, max: C - 0.5 },
    series: classes.map((c) => ({
      id: `r${c}`,
      label: T.classRegionLabel(c),
      color: color(c),
      // Markers, not a scatter of data ('points' would count as thinned training data).
      kind: 'marker',
      pointStyle: 'rect',
      width: 4,
    })),
  });
  // The squares touch along a row: no rim, so the row reads as one solid strip (in dark mode too).
  for (const d of strip.chart.data.datasets) d.borderWidth = 0;
  // One tick per class, on its row, labelled with its number.
  strip.chart.options.scales.y.afterBuildTicks = (axis) => {
    axis.ticks = classes.map((c) => ({ value: c }));
  };
  // Legend symbols at their own shape (the line charts' default stretches them to a bar).
  data.chart.options.plugins.legend.labels.pointStyleWidth = 16;
  data.chart.options.plugins.legend.labels.filter = (item) => item.datasetIndex <= C;
  return { C, ts, fData, data, fProb, prob, fStrip, strip };
}

/** Above this many training points the probabilities over the grid come from the worker. */
const OFFLOAD_N = 20000;

export function create(root, { nw, model, compute }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="identity"]');
  const probe = Float64Array.of(PROBE);
  let v = null;
  const turn = latest();

  const destroyViews = () => {
    if (!v) return;
    v.data.destroy();
    v.prob.destroy();
    v.strip.destroy();
    grid.replaceChildren();
    v = null;
  };

  return {
    deps: [...DATA_KEYS, 'kernel', 'h', 'classes'],
    async update(s) {
      const isCurrent = turn.begin();
      if (!v || v.C !== s.classes) {
        destroyViews();
        v = buildViews(grid, s.classes);
      }
      const { C, ts } = v;
      const d = model.data(s);
      const labels = Int32Array.from(d.y, (y) => classOf(y, ts));
      const opts = { kernel: s.kernel, bandwidth: s.h };
      const q = model.fine;
      // At 10^5 points the grid's probabilities are a task of 150-200 ms: in the worker.
      const r =
        d.x.length > OFFLOAD_N
          ? await compute.call('classify', [q, d.x, labels, { ...opts, classes: C }], { isCurrent })
          : nw.classify(q, d.x, labels, { ...opts, classes: C });
      if (!r || !isCurrent() || !v || v.C !== C) return;
      // Columns of the m x C row-major probabilities, one per class.
      const cols = Array.from({ length: C }, (_, c) =>
        Float64Array.from(q, (_, i) => r.probabilities[i * C + c]),
      );

      // The labelled data, one series per class (thinned for display like the other scatters).
      const idx = thinIndices(d.x.length, MAX_DRAWN_POINTS);
      const drawn = idx ? Array.from(idx) : Array.from(d.x, (_, i) => i);
      const byClass = {};
      for (let c = 0; c < C; c++) {
        const mine = drawn.filter((i) => labels[i] === c);
        byClass[`c${c}`] = {
          x: Float64Array.from(mine, (i) => d.x[i]),
          y: Float64Array.from(mine, (i) => d.y[i]),
        };
      }
      const [x0, x1] = X_RANGE;
      ts.forEach((t, k) => (byClass[`t${k}`] = { x: [x0, x1], y: [t, t] }));
      v.data.update(byClass);
      v.data.showThinning(drawn.length, d.x.length);
      v.fData.caption.textContent = T.classDataCaption(d.x.length, C);
      v.fData.csv.set('data', {
        file: () => `classification-data-${C}-classes.csv`,
        text: () => csvFromColumns(['x', 'y', 'class'], [d.x, d.y, labels]),
      });

      // The probability curves, and the query of the identity check.
      const curves = { probe: { x: Float64Array.of(PROBE, PROBE), y: Float64Array.of(0, 1) } };
      for (let c = 0; c < C; c++) curves[`p${c}`] = { x: q, y: cols[c] };
      v.prob.update(curves);
      v.fProb.caption.textContent = T.classProbCaption(kernelName(s.kernel), s.h);

      // The decision regions: the predicted class of each grid query, on its class's row.
      const rows = {};
      for (let c = 0; c < C; c++) {
        const at = [];
        for (let i = 0; i < q.length; i++) if (r.predicted[i] === c) at.push(q[i]);
        rows[`r${c}`] = { x: Float64Array.from(at), y: new Float64Array(at.length).fill(c) };
      }
      v.strip.update(rows);
      const runs = regions(q, r.predicted);
      v.strip.setSummaryNote(T.summaryRegions(runs.slice(0, MAX_RUNS), runs.length - MAX_RUNS));

      const header = ['query', ...Array.from({ length: C }, (_, c) => `p${c}`), 'predicted'];
      const csv = {
        file: () => `classification-${s.kernel}-h${s.h}-${C}-classes.csv`,
        text: () => csvFromColumns(header, [q, ...cols, r.predicted]),
      };
      v.fProb.csv.set('predictions', csv);
      v.fStrip.csv.set('predictions', csv);

      // The identity at the probe: classify's probabilities against predict on one-hot values.
      const at = nw.classify(probe, d.x, labels, { ...opts, classes: C });
      const viaPredict = Array.from({ length: C }, (_, c) => {
        const oneHot = Float64Array.from(labels, (l) => (l === c ? 1 : 0));
        return nw.predict(probe, d.x, oneHot, opts)[0];
      });
      const probs = Array.from(at.probabilities);
      let diff = 0;
      for (let c = 0; c < C; c++) diff = Math.max(diff, Math.abs(probs[c] - viaPredict[c]));
      v.prob.setSummaryNote(T.summaryClassProb(PROBE, probs, at.predicted[0]));
      if (readout) {
        readout.textContent = T.identityReadout(PROBE, probs, viaPredict, diff, at.predicted[0]);
        Object.assign(readout.dataset, {
          x: String(PROBE),
          classes: String(C),
          classify: JSON.stringify(probs),
          predict: JSON.stringify(viaPredict),
          diff: String(diff),
          predicted: String(at.predicted[0]),
        });
      }
    },
    destroy() {
      turn.cancel();
      destroyViews();
    },
  };
}
