// 4. The nonparametric attention matrix: test queries x sorted training keys, at the bandwidth h of
// the controls (the chapter's figure is h = 1), with the query inspector: one query's row of
// weights, shown on the training points and written out as the weighted sum of the values.
import { DATA_KEYS } from '../compute/model.js';
import { T, kernelName } from '../i18n/index.js';
import { fmt } from '../views/colors.js';
import { csvFromColumns, csvFromMatrix, figure, setText } from '../views/dom.js';
import { HEATMAP_CELLS, Heatmap } from '../views/heatmap.js';
import { InspectorChart } from '../views/inspector.js';

/** Inspector rows longer than this are not written into data-weights (see the test contract). */
const MAX_JSON_WEIGHTS = 5000;

/** Largest terms of the weighted sum: until they cover 90% of the weight, at most 4. */
function largestTerms(weights, values) {
  // The 4 largest weights in one pass (no sort of all n weights: n may be 10^5).
  const top = [];
  for (let j = 0; j < weights.length; j++) {
    if (top.length === 4 && weights[j] <= weights[top[3]]) continue;
    let k = Math.min(top.length, 3);
    if (top.length < 4) top.push(j);
    while (k > 0 && weights[top[k - 1]] < weights[j]) {
      top[k] = top[k - 1];
      k--;
    }
    top[k] = j;
  }
  const terms = [];
  let covered = 0;
  for (const j of top) {
    if (terms.length && covered >= 0.9) break;
    terms.push({ j, w: weights[j], y: values[j] });
    covered += weights[j];
  }
  return { terms, rest: weights.length - terms.length, restWeight: Math.max(0, 1 - covered) };
}

export function create(root, { nw, model, state }) {
  const grid = root.querySelector('.figures');
  const hm = figure(grid, 'heatmap', T.attentionCaption, 'heatmap-fig');
  const heatmap = new Heatmap(hm.canvas);
  const pf = figure(grid, 'heatmap-prediction', T.prediction);
  const setQuery = (i) => state.set({ query: i });
  const inspector = new InspectorChart(pf.canvas, {
    queries: model.queries,
    onQuery: setQuery,
    legend: T.weightLegend,
  });
  pf.setLabel(T.inspectorChartLabel);
  hm.canvas.tabIndex = 0;
  hm.canvas.classList.add('inspectable');
  hm.setLabel(T.heatmapLabel);
  const onHeatPointer = (e) => {
    const c = heatmap.cellAt(e);
    if (c) setQuery(heatmap.queryOfRow(c.row));
  };
  const onHeatKey = (e) => {
    const q = state.get().query;
    const d = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    const i =
      d !== undefined
        ? q + d
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? model.queries.length - 1
            : null;
    if (i === null) return;
    e.preventDefault();
    setQuery(Math.max(0, Math.min(model.queries.length - 1, i)));
  };
  hm.canvas.addEventListener('pointermove', onHeatPointer);
  hm.canvas.addEventListener('pointerdown', onHeatPointer);
  hm.canvas.addEventListener('keydown', onHeatKey);

  const out = root.querySelector('#inspector');
  const sum = root.querySelector('.inspector-sum');
  const title = root.querySelector('.inspector-title');
  const outH = root.querySelectorAll('[data-out="h"]');
  let fitKey = '';
  let keysShown = null; // the keys array last written to #inspector
  let rowsShown = 0; // inspected rows shown so far (the latest one's JSON is written)
  let fit = null; // {data, opts, att, pred} of the current data, kernel and h

  return {
    deps: [...DATA_KEYS, 'kernel', 'h', 'query'],
    update(s) {
      const data = model.data(s);
      const opts = { kernel: s.kernel, bandwidth: s.h };
      const key = JSON.stringify([DATA_KEYS.map((k) => s[k]), s.kernel, s.h]);
      // The inspected query: outlined in the heatmap (with new cells, in the same pass).
      const q = s.query;
      if (key !== fitKey) {
        const grid = nw.attentionHeatmap(model.queries, data.x, { ...opts, ...HEATMAP_CELLS });
        heatmap.update(grid, { queries: model.queries, keys: grid.sortedKeys }, { highlight: q });
        fit = { data, opts, pred: nw.predict(model.queries, data.x, data.y, opts) };
        fit.err = model.mse(fit.pred, model.truth);
        fitKey = key;
        setText(hm.caption, T.heatmapCaption(kernelName(s.kernel), s.h));
        setText(pf.caption, T.inspectorCaption(fit.err));
        const qs = model.queries;
        const f = fit;
        const tag = `${s.kernel}-h${s.h}`;
        // The export is the exact matrix (computed when asked for; data.x is sorted).
        hm.csv.set('attention', {
          file: () => `attention-${tag}.csv`,
          text: () => csvFromMatrix(nw.attentionWeights(qs, data.x, opts), qs, data.x),
        });
        pf.csv.set('predictions', {
          file: () => `predictions-${tag}.csv`,
          text: () => csvFromColumns(['query', 'prediction'], [qs, f.pred]),
        });
        outH.forEach((e) => setText(e, fmt(s.h)));
      } else {
        heatmap.setHighlight(q);
      }
      // The inspected row, computed for that one query exactly as attentionWeights gives it.
      const xq = model.queries[q];
      const weights = nw.attentionWeights([xq], data.x, opts).data;
      const value = nw.predict([xq], data.x, data.y, opts)[0];
      inspector.update(
        data,
        { x: model.fine, y: model.fineTruth },
        { x: model.queries, y: fit.pred },
        q,
        weights,
        value,
      );
      const { terms, rest, restWeight } = largestTerms(weights, data.y);
      if (sum) setText(sum, T.inspectorSum(xq, terms, rest, restWeight, value));
      let best = 0;
      for (let j = 1; j < weights.length; j++) if (weights[j] > weights[best]) best = j;
      inspector.setSummaryNote(
        T.summaryError(fit.err) +
          ' ' +
          T.summaryHeatmap(model.queries.length, data.x.length, xq, data.x[best], weights[best]),
      );
      if (title) setText(title, T.inspectorTitle(xq, data.x.length));
      if (out) {
        out.dataset.query = String(q);
        out.dataset.x = String(xq);
        out.dataset.prediction = String(value);
        // The row as a JS property at any n; as JSON only while it is small (at n = 100,000 the
        // JSON is 2.4 MB and writing it on every pointer move cost ~16 ms).
        out.weightsRow = weights;
        out.dataset.weightsCount = String(weights.length);
        if (keysShown !== data.x) out.dataset.keys = JSON.stringify(Array.from(data.x));
        keysShown = data.x;
      }
      document.documentElement.dataset.query = String(q);
      // The row's JSON (0.4 ms at 2,000 keys, a test contract) is written after this frame is
      // painted, not before: the returned promise keeps the page's ready flag false until then,
      // and a newer update's row replaces it.
      const row = ++rowsShown;
      if (!out || weights.length > MAX_JSON_WEIGHTS) {
        delete out?.dataset.weights;
        return undefined;
      }
      return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
        if (row === rowsShown) out.dataset.weights = JSON.stringify(Array.from(weights));
      });
    },
    destroy() {
      hm.canvas.removeEventListener('pointermove', onHeatPointer);
      hm.canvas.removeEventListener('pointerdown', onHeatPointer);
      hm.canvas.removeEventListener('keydown', onHeatKey);
      heatmap.destroy();
      inspector.destroy();
    },
  };
}
