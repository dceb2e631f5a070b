// The query inspector's chart: the training points sized and shaded by the attention weight the
// inspected query gives them, the prediction, and a dashed line at the query. Pointer and arrow keys
// choose the query; the owner is told through onQuery(index). Redrawn on every pointer move and
// slider step, it is a FastPlot (a purpose-built canvas plot), not a Chart.js chart.
import { X_RANGE } from '../state/settings.js';
import { COLORS, withAlpha } from './colors.js';
import { T } from './strings.js';
import { FastPlot } from './fast-plot.js';
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

/** Shades of the weighted discs: so many steps of opacity (discs of one shade share a path). */
const SHADES = 32;

/** sqrt(w / wMax): a training point's size and shade grow with it (w its weight, wMax the row's largest). */
const strength = (w, wMax) => (wMax > 0 ? Math.sqrt(w / wMax) : 0);

/** Radius of a point of strength t; scale < 1 shrinks the discs when many points are drawn. */
const radius = (t, scale) => 1.5 + 8.5 * scale * t;

/**
 * Shade of a point of strength t: 0 is a plain point's, 1 + k (k < SHADES) the prediction's colour
 * at opacity 0.3 + 0.7 k / (SHADES - 1).
 */
const shade = (t) => (t < 0.02 ? 0 : 1 + Math.round(t * (SHADES - 1)));

/** The colours of the shades (see shade()). */
export function shadeColors() {
  const plain = withAlpha(COLORS.data, 0.45);
  return [
    plain,
    ...Array.from({ length: SHADES }, (_, k) =>
      withAlpha(COLORS.pred, (0.3 + (0.7 * k) / (SHADES - 1)).toFixed(3)),
    ),
  ];
}

/**
 * The weighted discs of an attention row over points (xs[j], ys[j]): the training points are one
 * plain series (all of them, or an evenly spread subset of MAX_DRAWN_POINTS, thinned by the plot);
 * the points that carry visible weight are drawn on top as discs sized and shaded by their weight.
 */
export function weightDiscs(xs, ys, weights, shades) {
  let wMax = 0;
  for (let j = 0; j < weights.length; j++) if (weights[j] > wMax) wMax = weights[j];
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
    style: new Uint8Array(heavy.length),
    styles: shades,
  };
  for (let k = 0; k < heavy.length; k++) {
    const j = heavy[k];
    const t = strength(weights[j], wMax);
    discs.x[k] = xs[j];
    discs.y[k] = ys[j];
    discs.r[k] = radius(t, scale);
    discs.style[k] = shade(t);
  }
  return discs;
}

export class InspectorChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{queries: Float64Array, onQuery: (i: number) => void, legend?: string, aspect?: number}} opts
   */
  constructor(canvas, opts) {
    this.queries = opts.queries;
    this.onQuery = opts.onQuery;
    this.shades = shadeColors();
    this.plot = new FastPlot(canvas, {
      aspect: opts.aspect ?? 1.05,
      x: { label: T.axisX, min: X_RANGE[0], max: X_RANGE[1] },
      y: { label: T.axisY },
      series: [
        {
          id: 'data',
          label: opts.legend ?? T.trainingData,
          kind: 'points',
          color: this.shades[0],
          radius: radius(0, 1),
          maxPoints: MAX_DRAWN_POINTS,
        },
        { id: 'truth', label: T.truth, kind: 'line', color: COLORS.truth, width: 2, dash: [6, 4] },
        { id: 'pred', label: T.prediction, kind: 'line', color: COLORS.pred, width: 2.2 },
        { id: 'query', label: T.queryMarker, kind: 'marker', color: COLORS.mark, radius: 5 },
      ],
    });
    this.index = 0;
    canvas.tabIndex = 0;
    canvas.classList.add('inspectable');
    const pick = (e) => {
      const r = canvas.getBoundingClientRect();
      const a = this.plot.area;
      const px = e.clientX - r.left;
      if (!a || px < a.left - 4 || px > a.right + 4) return;
      this.onQuery(nearestIndex(this.queries, this.plot.toData(px)));
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
    const discs = weightDiscs(data.x, data.y, weights, this.shades);
    this.plot.update(
      { data, truth, pred, query: { x: [this.queries[index]], y: [value] } },
      { discs, vline: this.queries[index] },
    );
  }

  /** A sentence before the chart's generic description (e.g. the prediction error). */
  setSummaryNote(text) {
    this.plot.setSummaryNote(text);
  }

  destroy() {
    this.canvas.removeEventListener('pointermove', this.onPointer);
    this.canvas.removeEventListener('pointerdown', this.onPointer);
    this.canvas.removeEventListener('keydown', this.onKey);
    this.plot.destroy();
  }
}

/** Index of the value in a sorted array nearest to x. */
export function nearestIndex(sorted, x) {
  let best = 0;
  for (let i = 1; i < sorted.length; i++)
    if (Math.abs(sorted[i] - x) < Math.abs(sorted[best] - x)) best = i;
  return best;
}
