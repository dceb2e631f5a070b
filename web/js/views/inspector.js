// The query inspector's chart: the training points sized and shaded by the attention weight the
// inspected query gives them, the prediction, and a dashed line at the query. Pointer and arrow keys
// choose the query; the owner is told through onQuery(index).
import { COLORS, withAlpha } from './colors.js';
import { T } from '../i18n/index.js';
import { PredictionChart } from './prediction-chart.js';

/** Radius and colour of a training point with weight w, where wMax is the row's largest weight. */
function look(w, wMax) {
  const t = wMax > 0 ? Math.sqrt(w / wMax) : 0;
  return {
    radius: 1.5 + 8.5 * t,
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
    const radius = new Array(weights.length);
    const color = new Array(weights.length);
    for (let j = 0; j < weights.length; j++) {
      const l = look(weights[j], wMax);
      radius[j] = l.radius;
      color[j] = l.color;
    }
    this.chart.setPointStyle('data', { radius, color });
    this.chart.chart.options.plugins.overlay.vline = this.queries[index];
    this.view.update(data, truth, { pred, query: { x: [this.queries[index]], y: [value] } });
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
