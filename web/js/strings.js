// User-visible strings written by the interactive parts of the page, in one place per language
// (the article text is in index.html). Functions take the numbers they format.
import { fmt } from './views/colors.js';

export const STRINGS = {
  en: {
    editHelp:
      'Click to add a point, drag a point to move it, double-click (or shift-click) a point to remove it. ' +
      'Keyboard: focus the chart, ←/→ select a point, ↑/↓ move it up/down, Shift+←/→ move it sideways, ' +
      'Delete removes it, + adds one beside it.',
    editChartLabel: 'Training data, editable. Arrow keys select and move points, Delete removes, plus adds.',
    editNone: (n) => `${n} training points. No point selected.`,
    editSelected: (i, n, x, y) => `Point ${i + 1} of ${n} selected: x = ${fmt(x)}, y = ${fmt(y)}.`,
    editAdded: (x, y, n) => `Added a point at x = ${fmt(x)}, y = ${fmt(y)}; ${n} points.`,
    editRemoved: (n) => `Removed a point; ${n} points.`,
    editMinimum: (n) => `At least ${n} points are needed.`,
    dataCaption: (n, edited) => `${n} training points${edited ? ' (edited)' : ''} and the true function`,
    inspectorChartLabel: 'Prediction with the inspected query. Left and right arrow keys choose the query.',
    heatmapLabel: 'Attention weights. Up and down arrow keys choose the query row to inspect.',
    inspectorSum: (q, terms, rest, restWeight, value) =>
      `f(${fmt(q)}) = ` +
      terms.map((t) => `${t.w.toFixed(2)} × ${t.y.toFixed(2)}`).join(' + ') +
      (rest > 0 ? ` + … (${rest} more terms, total weight ${restWeight.toFixed(2)})` : '') +
      ` = ${value.toFixed(2)}`,
    inspectorTitle: (q, k) => `Query x = ${fmt(q)}: its weights over the ${k} keys`,
    weightLegend: 'Training data (size ∝ weight)',
    playing: 'playing',
    trainStatus: (e, total, w, loss) =>
      `Epoch ${e} of ${total}: w = ${fmt(w)}, h = 1/|w| = ${fmt(1 / Math.abs(w))}` +
      (Number.isFinite(loss) ? `, loss ${fmt(loss)}` : ' (initial w, no update yet)'),
    progress: (done, total) => `Computing… ${done} / ${total}`,
    landscapeMin: (w, loss) => `minimum: w = ${fmt(w)} (h = ${fmt(1 / Math.abs(w))}), loss ${fmt(loss)}`,
    landscapeNoMin: 'no minimum: the loss keeps falling as w grows',
    compareNp: (kernel, h) => `Nonparametric: ${kernel}, h = ${fmt(h)}`,
    compareP: (kernel, w, e) => `Parametric: ${kernel}, w = ${fmt(w)} after ${e} epochs`,
    mse: (v) => `test MSE ${fmt(v)}`,
  },
};

/** The strings of the page's language (English until the language switch exists). */
export const T = STRINGS.en;
