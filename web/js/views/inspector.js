// The query inspector's chart: the training points sized and shaded by the attention weight the
// inspected query gives them, the prediction, and a dashed line at the query. Pointer and arrow keys
// choose the query; the owner is told through onQuery(index).
import { COLORS, withAlpha } from './colors.js';
import { T } from './strings.js';
import { PredictionChart } from './prediction-chart.js';
import { MAX_DRAWN_POINTS } from './line-chart.js';
import { thinIndices } from '../compute/numeric.js';

/** Points with weight >= this fraction of the row's largest are drawn even when thinning. */
const VISIBLE_WEIGHT = 0.01;
/** At most this many such points are added to the evenly spread subset. */
const MAX_WEIGHTED = 500;

/**
 * Indices (ascending) of the points drawn as weighted discs: every point whose weight is visible
 * (>= VISIBLE_WEIGHT of the row's largest), evenly thinned to MAX_WEIGHTED when there are more.
 */
export function weightedPoints(weights, wMax) {
  const heavy = [];
  for (let j = 0; j < weights.length; j++) if (weights[j] >= VISIBLE_WEIGHT * wMax) heavy.push(j);
  const pick = thinIndices(heavy.length, MAX_WEIGHTED);
  return pick ? Int32Array.from(pick, (k) => heavy[k]) : Int32Array.from(heavy);
}

/** Radius and colour of a training point with weight w, where wMax is the row's largest weight. */
function look(w, wMax, scale = 1) {
  const t = wMax > 0 ? Math.sqrt(w / wMax) : 0;
  return {
    radius: 1.5 + 8.5 * scale * t,
    color:
      t < 0.02 ? withAlpha(COLORS.data, 0.45) : withAlpha(COLORS.pred, (0.3 + 0.7 * t).toFixed(3)),
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
      maxPoints: MAX_DRAWN_POINTS,
      dataLabel: opts.legend,
      predictions: [
        { id: 'pred', label: T.prediction, color: COLORS.pred },
        {
          id: 'query',
          label: T.queryMarker,
          color: COLORS.mark,
          kind: 'marker',
          pointStyle: 'circle',
          width: 5,
        },
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
      const step = {
        ArrowRight: 1,
        ArrowLeft: -1,
        ArrowUp: 1,
        ArrowDown: -1,
        PageUp: 10,
        PageDown: -10,
      }[e.key];
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
    // The training points are one plain series (all of them, or an evenly spread subset of
    // MAX_DRAWN_POINTS, thinned by the chart); the points that carry visible weight are drawn on
    // top as discs sized and shaded by their weight (overlay plugin): no per-point options.
    const heavy = weightedPoints(weights, wMax);
    // Many drawn points: smaller discs, so a wide kernel's many heavy points do not merge.
    const scale = Math.min(
      1,
      Math.sqrt(200 / (Math.min(weights.length, MAX_DRAWN_POINTS) + heavy.length)),
    );
    const discs = {
      x: new Float64Array(heavy.length),
      y: new Float64Array(heavy.length),
      r: new Float64Array(heavy.length),
      color: new Array(heavy.length),
    };
    for (let k = 0; k < heavy.length; k++) {
      const j = heavy[k];
      const l = look(weights[j], wMax, scale);
      discs.x[k] = data.x[j];
      discs.y[k] = data.y[j];
      discs.r[k] = l.radius;
      discs.color[k] = l.color;
    }
    const base = look(0, wMax, scale);
    this.chart.setPointStyle('data', { radius: base.radius, color: base.color });
    this.chart.chart.options.plugins.overlay.discs = discs;
    this.chart.chart.options.plugins.overlay.vline = this.queries[index];
    const points = data;
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
  for (let i = 1; i < sorted.length; i++)
    if (Math.abs(sorted[i] - x) < Math.abs(sorted[best] - x)) best = i;
  return best;
}
