// The query inspector's chart: the training points sized and shaded by the attention weight the
// inspected query gives them, the prediction, and a dashed line at the query. Pointer and arrow keys
// choose the query; the owner is told through onQuery(index).
import { COLORS, withAlpha } from './colors.js';
import { T } from '../i18n/index.js';
import { PredictionChart } from './prediction-chart.js';
import { MAX_DRAWN_POINTS } from './line-chart.js';
import { thinIndices } from '../numeric.js';

/** Points with weight >= this fraction of the row's largest are drawn even when thinning. */
const VISIBLE_WEIGHT = 0.01;
/** At most this many such points are added to the evenly spread subset. */
const MAX_WEIGHTED = 500;

/**
 * Indices (ascending) of the points to draw for a row of weights: all when few; else the evenly
 * spread subset of MAX_DRAWN_POINTS and the points whose weight is visible (evenly thinned to
 * MAX_WEIGHTED when there are more).
 */
export function drawnPoints(weights, wMax) {
  const n = weights.length;
  const even = thinIndices(n, MAX_DRAWN_POINTS);
  if (!even) return Int32Array.from({ length: n }, (_, j) => j);
  const heavy = [];
  for (let j = 0; j < n; j++) if (weights[j] >= VISIBLE_WEIGHT * wMax) heavy.push(j);
  const pick = thinIndices(heavy.length, MAX_WEIGHTED);
  const set = new Set(even);
  if (pick) for (const k of pick) set.add(heavy[k]);
  else for (const j of heavy) set.add(j);
  return Int32Array.from(set).sort();
}

/** Radius and colour of a training point with weight w, where wMax is the row's largest weight. */
function look(w, wMax, scale = 1) {
  const t = wMax > 0 ? Math.sqrt(w / wMax) : 0;
  return {
    radius: 1.5 + 8.5 * scale * t,
    color: t < 0.02 ? withAlpha(COLORS.data, 0.45) : withAlpha(COLORS.pred, (0.3 + 0.7 * t).toFixed(3)),
  };
}

export class InspectorChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{queries: Float64Array, onQuery: (i: number) => void, legend?: string, aspect?: number}} opts
   */
  constructor(canvas, opts) {
    this.queries = opts.queries;
    this.onQuery = opts.onQuery;
    this.view = new PredictionChart(canvas, {
      aspect: opts.aspect ?? 1.05,
      maxPoints: MAX_DRAWN_POINTS + MAX_WEIGHTED,
      dataLabel: opts.legend,
      predictions: [
        { id: 'pred', label: T.prediction, color: COLORS.pred },
        { id: 'query', label: T.queryMarker, color: COLORS.mark, kind: 'marker', pointStyle: 'circle', width: 5 },
      ],
    });
    this.chart = this.view.chart;
    this.index = 0;
    canvas.tabIndex = 0;
    canvas.classList.add('inspectable');
    const pick = (e) => {
      const r = canvas.getBoundingClientRect();
      const a = this.chart.chart.chartArea;
      const px = e.clientX - r.left;
      if (!a || px < a.left - 4 || px > a.right + 4) return;
      const x = this.chart.toData(px, 0).x;
      this.onQuery(nearestIndex(this.queries, x));
    };
    this.onPointer = pick; // hovering with a mouse, touching or dragging with a finger
    this.onKey = (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[e.key];
      let i = null;
      if (step !== undefined) i = this.index + step;
      else if (e.key === 'Home') i = 0;
      else if (e.key === 'End') i = this.queries.length - 1;
      if (i === null) return;
      e.preventDefault();
      this.onQuery(Math.max(0, Math.min(this.queries.length - 1, i)));
    };
    canvas.addEventListener('pointermove', this.onPointer);
    canvas.addEventListener('pointerdown', this.onPointer);
    canvas.addEventListener('keydown', this.onKey);
    this.canvas = canvas;
  }

  /**
   * @param {{x, y}} data  training pairs (sorted), `weights` indexed like them
   * @param {{x, y}} truth, pred  curves
   * @param {number} index  inspected query index; weights: its attention row; value: its prediction
   */
  update(data, truth, pred, index, weights, value) {
    this.index = index;
    let wMax = 0;
    for (let j = 0; j < weights.length; j++) if (weights[j] > wMax) wMax = weights[j];
    // Only drawn points get a style (never one per point at n = 10^5): all of them up to
    // MAX_DRAWN_POINTS, else an evenly spread subset plus the points that carry visible weight.
    const shown = drawnPoints(weights, wMax);
    const radius = new Array(shown.length);
    const color = new Array(shown.length);
    // Many drawn points: smaller discs, so a wide kernel's many heavy points do not merge.
    const scale = Math.min(1, Math.sqrt(200 / shown.length));
    for (let k = 0; k < shown.length; k++) {
      const l = look(weights[shown[k]], wMax, scale);
      radius[k] = l.radius;
      color[k] = l.color;
    }
    this.chart.setPointStyle('data', { radius, color });
    this.chart.chart.options.plugins.overlay.vline = this.queries[index];
    const n = data.x.length;
    const points =
      shown.length === n
        ? data
        : { x: Float64Array.from(shown, (j) => data.x[j]), y: Float64Array.from(shown, (j) => data.y[j]), total: n };
    this.view.update(points, truth, { pred, query: { x: [this.queries[index]], y: [value] } });
  }

  destroy() {
    this.canvas.removeEventListener('pointermove', this.onPointer);
    this.canvas.removeEventListener('pointerdown', this.onPointer);
    this.canvas.removeEventListener('keydown', this.onKey);
    this.view.destroy();
  }
}

/** Index of the value in a sorted array nearest to x. */
export function nearestIndex(sorted, x) {
  let best = 0;
  for (let i = 1; i < sorted.length; i++) if (Math.abs(sorted[i] - x) < Math.abs(sorted[best] - x)) best = i;
  return best;
}
