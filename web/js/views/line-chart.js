// A line/scatter chart of named series, created once and updated in place.
import { Chart, FONT_FAMILY, FONT_SIZE, SCATTER, boxSizing } from './chartjs.js';
import { drawPointLegend } from 'chart.js/helpers';
import { COLORS, fmt } from './colors.js';
import { logTickText, tickText } from './format.js';
import { T } from './strings.js';
import { thinIndices } from '../compute/numeric.js';
import { setText } from './dom.js';

/** A scatter series draws at most this many points (an evenly spread subset; display only). */
export const MAX_DRAWN_POINTS = 2000;

/**
 * Chart.js plugin for overlays that change without new data: a ring around one point (the point
 * selected for editing) and the points at +infinity drawn on the edge. Options: {ring, edges}.
 */
const overlayPlugin = {
  id: 'overlay',
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, scales } = chart;
    ctx.save();
    if (opts.edges) drawEdges(chart, opts.edges);
    if (opts.ring) {
      const px = scales.x.getPixelForValue(opts.ring.x);
      const py = scales.y.getPixelForValue(opts.ring.y);
      ctx.strokeStyle = COLORS.mark;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px, py, 8, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  },
};

/** A point's hover text ("label: (x, y)"): the tooltips here, FastPlot's titles. */
export const pointText = (label, x, y) => `${label}: (${fmt(x)}, ${fmt(y)})`;

/**
 * A legend's lines and its markers need different widths: a dashed line needs room to show its
 * dash (pointStyleWidth, the width of every item's box), but Chart.js stretches every marker to
 * that width too (a circle became a flat pill, a triangle a wide wedge). So Chart.js draws the
 * lines, and a marker's item gets a blank image in its place (Chart.js draws an image at its own
 * size: nothing) and keeps its style in `marker`; this plugin draws the markers at their true
 * shape, centred in their boxes, with Chart.js's own drawPointLegend and the item's colours, once
 * the legend is drawn (it is drawn before the datasets: layout boxes of z 0).
 */
let blankMark = null;
const legendMarksPlugin = {
  id: 'legendMarks',
  beforeDatasetsDraw(chart) {
    const legend = chart.legend;
    if (!legend?.options?.display || !legend.legendHitBoxes) return;
    const labels = legend.options.labels;
    const fontSize = labels.font?.size ?? FONT_SIZE;
    const boxHeight = Math.min(labels.boxHeight ?? fontSize, fontSize);
    const boxWidth = labels.pointStyleWidth || Math.min(labels.boxWidth ?? fontSize, fontSize);
    const { ctx } = chart;
    legend.legendItems.forEach((item, i) => {
      const box = legend.legendHitBoxes[i];
      if (!item.marker || !box) return;
      ctx.save();
      ctx.fillStyle = item.fillStyle;
      ctx.strokeStyle = item.strokeStyle;
      ctx.lineWidth = item.lineWidth ?? 1;
      ctx.setLineDash(item.lineDash ?? []);
      drawPointLegend(
        ctx,
        {
          radius: (boxHeight * Math.SQRT2) / 2,
          pointStyle: item.marker,
          rotation: item.rotation,
          borderWidth: ctx.lineWidth,
        },
        box.left + boxWidth / 2,
        box.top + fontSize / 2,
      );
      ctx.restore();
    });
  },
};

/** The legend item of a dataset: a line drawn by Chart.js, a marker left to legendMarksPlugin. */
function legendItem(item, d) {
  if (d?.showLine) return { ...item, lineDash: d.borderDash ?? [], pointStyle: 'line' };
  if (!blankMark) {
    blankMark = document.createElement('canvas');
    blankMark.width = blankMark.height = 1;
  }
  return { ...item, lineDash: d?.borderDash ?? [], marker: item.pointStyle, pointStyle: blankMark };
}

/**
 * An evenly spread subset of at most `max` of the (sorted) points {x, y}, for display only
 * (computations use them all): the points themselves when there are not more, else new arrays
 * with `total`, the number of points they stand for.
 */
export function thinSeries(xy, max) {
  const idx = thinIndices(xy.x.length, max);
  if (!idx) return xy;
  return {
    x: Float64Array.from(idx, (k) => xy.x[k]),
    y: Float64Array.from(idx, (k) => xy.y[k]),
    total: xy.x.length,
  };
}

/**
 * Records how many of how many points a scatter series draws (canvas data-points-shown /
 * data-points-total) and, when thinned, says so in a note under the chart's box. `note` is the
 * note made by an earlier call (or null); returns it, made the first time the series is thinned.
 */
export function showThinning(canvas, note, shown, total) {
  canvas.dataset.pointsShown = String(shown);
  canvas.dataset.pointsTotal = String(total);
  const thinned = shown < total;
  if (!note && !thinned) return null;
  if (!note) {
    note = document.createElement('p');
    note.className = 'fig-note';
    canvas.closest('.chart-box')?.after(note);
  }
  note.hidden = !thinned;
  setText(note, thinned ? T.thinNote(shown, total) : '');
  return note;
}

/**
 * The summary sentence of one series for screen readers: its label, number of drawn points and
 * their x and y ranges; xAt(i), yAt(i) read point i of n (non-finite points are left out). Empty
 * when no point is finite.
 */
export function seriesSummary(label, n, xAt, yAt) {
  let count = 0;
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xAt(i);
    const y = yAt(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    count++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return count ? T.summarySeries(label, count, x0, x1, y0, y1) : '';
}

/** Writes the sentences `parts` into the canvas's aria-describedby element (the text version). */
export function writeDescription(canvas, parts) {
  const id = canvas.getAttribute('aria-describedby');
  const box = id && document.getElementById(id);
  if (box) setText(box, parts.length ? T.summaryLines(parts) : T.summaryEmpty);
}

/**
 * Points of a series with a coordinate at +infinity (h = 1/|w| at w = 0), which no axis holds:
 * drawn on the plot area's edge (top for y, right for x) in the series' colour, a line series as a
 * thick dotted line along the edge between its first and last such point, a marker as a disc, each
 * labelled (e.g. "h = ∞"). `edges`: [{color, line, label, x: [...], y: [...]}] (Infinity kept).
 */
function drawEdges(chart, edges) {
  const { ctx, chartArea: a, scales } = chart;
  const px = (v) => (v === Infinity ? a.right : scales.x.getPixelForValue(v));
  const py = (v) => (v === Infinity ? a.top : scales.y.getPixelForValue(v));
  const inside = (x, y) =>
    x >= a.left - 0.5 && x <= a.right + 0.5 && y >= a.top - 0.5 && y <= a.bottom + 0.5;
  ctx.font = `${FONT_SIZE}px ${FONT_FAMILY}`;
  for (const e of edges) {
    ctx.strokeStyle = ctx.fillStyle = e.color;
    const pts = e.x.map((x, k) => [px(x), py(e.y[k])]).filter(([x, y]) => inside(x, y));
    if (!pts.length) continue;
    if (e.line && pts.length > 1) {
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
      const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
      ctx.lineWidth = 4;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x0, y0 === a.top ? a.top + 2 : y0);
      ctx.lineTo(x1 === x0 && y1 === y0 ? x0 + 6 : x1, y1 === a.top ? a.top + 2 : y1);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      for (const [x, y] of pts) {
        ctx.beginPath();
        ctx.arc(x, y, 6, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    if (e.label) {
      const [x, y] = pts[0];
      const atRight = x >= a.right - 1;
      ctx.textAlign = atRight ? 'right' : 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(
        e.label,
        atRight ? x - 9 : Math.max(x, a.left) + 4,
        y === a.top ? a.top + 6 : y + 8,
      );
    }
  }
}

/**
 * @typedef {object} Series
 * @property {string} id      key used in update()
 * @property {string} label   legend text
 * @property {string} color
 * @property {'line'|'points'|'marker'} [kind='line']  marker = large labelled points
 * @property {number[]} [dash]  line dash pattern
 * @property {number} [width]   line width / point radius
 * @property {string} [pointStyle]
 * @property {number} [maxPoints]  kind 'points': draw at most this many (default MAX_DRAWN_POINTS)
 * @property {string} [edgeLabel]  label of the points at +infinity drawn on the edge (see drawEdges)
 */

/**
 * Typed arrays (x, y) -> Chart.js points; skips non-finite values (and <= 0 on log axes); points
 * with a coordinate at +infinity (and the other finite) go to `edge` when given.
 */
function toPoints(x, y, logX, logY, edge = null) {
  const out = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (
      edge &&
      ((a === Infinity && Number.isFinite(b)) ||
        (b === Infinity && Number.isFinite(a)) ||
        (a === Infinity && b === Infinity))
    ) {
      if ((logX && a <= 0) || (logY && b <= 0)) continue;
      edge.x.push(a);
      edge.y.push(b);
      continue;
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if ((logX && a <= 0) || (logY && b <= 0)) continue;
    out.push({ x: a, y: b });
  }
  return out;
}

/** True when the points' x never decreases. */
function sortedByX(points) {
  for (let i = 1; i < points.length; i++) if (points[i].x < points[i - 1].x) return false;
  return true;
}

function dataset(s) {
  const kind = s.kind || 'line';
  const base = {
    label: s.label,
    borderColor: s.color,
    backgroundColor: s.color,
    data: [],
  };
  if (kind === 'points') {
    return {
      ...base,
      showLine: false,
      pointRadius: s.width ?? 2.5,
      pointHoverRadius: 4,
      pointStyle: 'circle',
    };
  }
  if (kind === 'marker') {
    // Stroked styles (star, cross) have no fill: draw them in their colour, others with a white rim.
    const stroked = ['star', 'cross', 'crossRot'].includes(s.pointStyle);
    return {
      ...base,
      showLine: false,
      pointRadius: s.width ?? 7,
      pointHoverRadius: (s.width ?? 7) + 2,
      pointStyle: s.pointStyle || 'triangle',
      backgroundColor: s.color,
      borderColor: stroked ? s.color : COLORS.bg,
      borderWidth: stroked ? 2.5 : 1,
    };
  }
  return {
    ...base,
    showLine: true,
    pointStyle: 'line', // shows as a line in the legend; points are hidden (radius 0)
    pointRadius: 0,
    pointHitRadius: 4,
    borderWidth: s.width ?? 2,
    borderDash: s.dash || [],
    tension: 0,
  };
}

/**
 * A Chart.js axis from {label, type, min, max}. A logarithmic axis given `linearLabel` becomes
 * linear (with that title) while the data hold a value <= 0 (a loss of 0, w = 0), which a log axis
 * cannot show; see LineChart.update.
 */
function axis(a = {}, linear = false) {
  // Losses and |w| are >= 0: the linear axis starts at 0 (a series of zeros lies on the x axis).
  if (linear)
    return {
      ...axis({ ...a, type: 'linear', label: a.linearLabel ?? a.label }),
      beginAtZero: true,
    };
  return {
    type: a.type || 'linear',
    min: a.min,
    max: a.max,
    title: { display: Boolean(a.label), text: a.label },
    ticks:
      a.type === 'logarithmic'
        ? { callback: logTickLabel, maxRotation: 0, autoSkip: false }
        : { maxTicksLimit: 7, maxRotation: 0, callback: linearTickLabel },
    grid: { color: COLORS.grid },
    border: { color: COLORS.muted },
  };
}

/**
 * Which ticks of a logarithmic axis are labelled, finest first. Chart.js puts a tick (and a grid
 * line) at every m x 10^k, m = 1..9; `gap` is the least distance, in decades, between two labelled
 * neighbours (1 to 2: log10 2 = 0.30; 1 to 3: 0.48; 1 to 10: 1).
 */
const LOG_LEVELS = [
  { mantissas: [1, 2, 5], gap: Math.log10(2) },
  { mantissas: [1, 3], gap: Math.log10(3) },
  { mantissas: [1], gap: 1 },
];
/** Pixels between two tick labels: beside each other (x axis), above each other (y axis). */
const LABEL_GAP = { x: 8, y: 4 };
const labelChoices = new WeakMap(); // Chart.js's ticks array -> the label of a tick value

/** v = m x 10^e with 1 <= m < 10. */
function decompose(v) {
  const e = Math.floor(Math.log10(v) + 1e-9);
  return { m: v / 10 ** e, e };
}
const hasMantissa = (v, mantissas) => {
  const { m } = decompose(v);
  return mantissas.some((k) => Math.abs(m - k) < 1e-6);
};

/** An axis's tick values, read once per set of ticks (Chart.js passes the same array to each label). */
const tickValues = new WeakMap();

/** A tick label of a linear axis (a Chart.js ticks callback): Chart.js's own text, without Intl. */
function linearTickLabel(value, index, ticks) {
  let values = tickValues.get(ticks);
  if (values === undefined) tickValues.set(ticks, (values = ticks.map((t) => t.value)));
  return tickText(value, values);
}

/**
 * A tick label of a logarithmic axis (a Chart.js ticks callback; `this` is the scale, whose length
 * is known by then). Labels go on 1, 2 and 5 x 10^k where they fit, else on 1 and 3 x 10^k, else
 * on the powers of 10, else on every second (third, ...) power of 10: a label needs its width
 * (x axis) or its height (y axis) plus a gap before the next. A phone-wide axis over three
 * decades printed "0.010.02" before.
 */
function logTickLabel(value, index, ticks) {
  let label = labelChoices.get(ticks);
  if (!label) {
    label = logLabels(this, ticks);
    labelChoices.set(ticks, label);
  }
  return label(value);
}

/** The labelling of `ticks` that fits the scale's length: a function value -> label ('' = none). */
function logLabels(scale, ticks) {
  const horizontal = scale.isHorizontal();
  const decades = Math.log10(scale.max / scale.min);
  const perDecade = (horizontal ? scale.width : scale.height) / decades;
  const ctx = scale.ctx;
  ctx.save();
  ctx.font = `${FONT_SIZE}px ${FONT_FAMILY}`;
  const room = (v) =>
    horizontal
      ? ctx.measureText(logTickText(v)).width + LABEL_GAP.x
      : 1.2 * FONT_SIZE + LABEL_GAP.y;
  const need = (values) => values.reduce((m, v) => Math.max(m, room(v)), 0);
  const values = ticks.map((t) => t.value).filter((v) => v > 0);
  try {
    if (!(perDecade > 0 && Number.isFinite(perDecade))) {
      return (v) => (hasMantissa(v, [1, 2, 5]) ? logTickText(v) : '');
    }
    for (const { mantissas, gap } of LOG_LEVELS) {
      const labelled = values.filter((v) => hasMantissa(v, mantissas));
      if (gap * perDecade >= need(labelled))
        return (v) => (hasMantissa(v, mantissas) ? logTickText(v) : '');
    }
    const step = Math.ceil(need(values.filter((v) => hasMantissa(v, [1]))) / perDecade);
    return (v) => (hasMantissa(v, [1]) && decompose(v).e % step === 0 ? logTickText(v) : '');
  } finally {
    ctx.restore();
  }
}

export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{series: Series[], x?: object, y?: object, aspect?: number, narrowAspect?: number,
   *   legend?: boolean}} opts
   *   x / y: {label, type: 'linear' | 'logarithmic', min, max}; narrowAspect: the aspect at most
   *   on a phone (default NARROW_ASPECT)
   */
  constructor(canvas, opts) {
    this.note = '';
    this.ids = opts.series.map((s) => s.id);
    this.maxPoints = opts.series.map((s) =>
      s.kind === 'points' ? (s.maxPoints ?? MAX_DRAWN_POINTS) : Infinity,
    );
    this.thinNote = null; // <p> under the chart saying how many points are drawn, when thinned
    this.sources = opts.series.map(() => null); // the arrays each series was last drawn from
    this.axes = { x: opts.x ?? {}, y: opts.y ?? {} };
    this.logX = opts.x?.type === 'logarithmic';
    this.logY = opts.y?.type === 'logarithmic';
    this.edgeLabels = opts.series.map((s) => s.edgeLabel ?? '');
    this.lineStyles = new Map(); // series index -> its own point style while it has one point
    this.edges = opts.series.map(() => null); // points at +infinity of each series (drawn on the edge)
    this.zeroNote = null; // <p> under the chart when a log y axis fell back to linear
    this.chart = new Chart(canvas, {
      type: SCATTER,
      data: { datasets: opts.series.map(dataset) },
      plugins: [overlayPlugin, legendMarksPlugin],
      options: {
        ...boxSizing(canvas, opts.aspect ?? 1.6, opts.narrowAspect),
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axis(opts.x), y: axis(opts.y) },
        ...(opts.events ? { events: opts.events } : {}),
        plugins: {
          overlay: { ring: null, edges: null },
          legend: {
            display: opts.legend ?? true,
            position: 'bottom',
            labels: {
              usePointStyle: true,
              pointStyleWidth: 26,
              boxHeight: 7,
              // Chart.js draws legend lines solid; give them the dataset's dash (told apart without
              // colour). A line is a line in the legend, whatever marks its points (the consistency
              // study's discs; a line of one point drawn as a disc): a disc's outline drawn with the
              // line's dash was a string of beads. Markers keep their shape (legendMarksPlugin).
              generateLabels: (chart) =>
                Chart.defaults.plugins.legend.labels
                  .generateLabels(chart)
                  .map((item) => legendItem(item, chart.data.datasets[item.datasetIndex])),
            },
          },
          tooltip: {
            callbacks: {
              label: (c) => pointText(c.dataset.label, c.parsed.x, c.parsed.y),
            },
          },
        },
      },
    });
  }

  /**
   * Replaces the data of the given series and redraws without animation.
   * @param {Object<string, {x: ArrayLike<number>, y: ArrayLike<number>}>} data  by series id
   */
  update(data) {
    let changed = [];
    for (const [id, xy] of Object.entries(data)) {
      const i = this.ids.indexOf(id);
      if (i < 0) continue;
      // The same typed arrays as last time (the truth curve, unchanged data): keep the points.
      const last = this.sources[i];
      if (
        xy &&
        last &&
        last.x === xy.x &&
        last.y === xy.y &&
        ArrayBuffer.isView(xy.x) &&
        ArrayBuffer.isView(xy.y)
      )
        continue;
      this.sources[i] = xy ? { x: xy.x, y: xy.y } : null;
      changed.push(i);
    }
    // A log y axis that may fall back: linear while some value is <= 0, which it could not show.
    if (this.axes.y.type === 'logarithmic' && this.axes.y.linearLabel) {
      const linear = this.sources.some(
        (src) =>
          src && Array.prototype.some.call(src.y, (v, k) => v <= 0 && Number.isFinite(src.x[k])),
      );
      if (linear === this.logY) {
        this.logY = !linear;
        const { min, max } = this.chart.options.scales.y;
        this.chart.options.scales.y = { ...axis(this.axes.y, linear), min, max };
        changed = this.ids.map((_, i) => i); // every series again: points <= 0 were left out
      }
      this.showZeroNote(!this.logY);
    }
    for (const i of changed) {
      const xy = this.sources[i];
      const src = xy && thinSeries(xy, this.maxPoints[i]);
      const d = this.chart.data.datasets[i];
      const edge = { x: [], y: [] };
      d.data = src ? toPoints(src.x, src.y, this.logX, this.logY, edge) : [];
      this.edges[i] = edge.x.length ? edge : null;
      // With `parsing: false` Chart.js takes the data as sorted by x (its visible range and its
      // hover search are binary searches); points of an unsorted series (edited data in the
      // learner's order) would be skipped, keep no options and break the hover ("reading
      // 'hitRadius'"). A scatter series is drawn sorted; an unsorted line (a path) is parsed.
      if (!sortedByX(d.data)) {
        if (d.showLine) d.parsing = true;
        else d.data.sort((a, b) => a.x - b.x);
      } else if (d.parsing) delete d.parsing;
      if (d.showLine) this.singlePoint(i, d.data.length === 1);
      if (this.maxPoints[i] < Infinity)
        this.showThinning(src ? src.x.length : 0, src ? (src.total ?? src.x.length) : 0);
    }
    const edges = [];
    this.edges.forEach((e, i) => {
      if (!e) return;
      const d = this.chart.data.datasets[i];
      edges.push({ ...e, color: d.borderColor, line: d.showLine, label: this.edgeLabels[i] });
    });
    this.chart.options.plugins.overlay.edges = edges.length ? edges : null;
    this.chart.update('none');
    this.writeSummary();
  }

  /**
   * A line series with one point draws no line: show the point as a disc (whole on the axis' end,
   * e.g. the loss after one epoch, as every marker: chartjs.js); back to the line's own style when
   * it has more.
   */
  singlePoint(i, one) {
    const d = this.chart.data.datasets[i];
    const own = this.lineStyles.get(i);
    if (one && !own) {
      this.lineStyles.set(i, { pointRadius: d.pointRadius, pointStyle: d.pointStyle });
      Object.assign(d, {
        pointRadius: Math.max(7, d.pointRadius ?? 0),
        pointStyle: 'circle',
      });
    } else if (!one && own) {
      Object.assign(d, own);
      this.lineStyles.delete(i);
    }
  }

  /** Says under the chart that its log y axis is linear for now (the axis option's zeroNote). */
  showZeroNote(show) {
    if (!this.zeroNote && !show) return;
    if (!this.zeroNote) {
      this.zeroNote = document.createElement('p');
      this.zeroNote.className = 'fig-note';
      this.chart.canvas.closest('.chart-box')?.after(this.zeroNote);
    }
    this.zeroNote.hidden = !show;
    this.zeroNote.textContent = show ? (this.axes.y.zeroNote ?? '') : '';
  }

  /** See showThinning(): the attributes and the note of the chart's scatter series. */
  showThinning(shown, total) {
    this.thinNote = showThinning(this.chart.canvas, this.thinNote, shown, total);
  }

  /** A sentence the section puts before the generic description (e.g. the prediction error). */
  setSummaryNote(text) {
    this.note = text;
    this.writeSummary();
  }

  /**
   * The text version of the chart for screen readers: the section's note, then each drawn series
   * with its number of points and ranges. Written into the canvas's aria-describedby element.
   */
  writeSummary() {
    const parts = this.note ? [this.note] : [];
    for (const d of this.chart.data.datasets) {
      const pts = d.data;
      const text = seriesSummary(
        d.label,
        pts.length,
        (i) => pts[i].x,
        (i) => pts[i].y,
      );
      if (text) parts.push(text);
    }
    if (this.thinNote && !this.thinNote.hidden) parts.push(this.thinNote.textContent + '.');
    if (this.zeroNote && !this.zeroNote.hidden && this.zeroNote.textContent)
      parts.push(this.zeroNote.textContent);
    for (let i = 0; i < this.edges.length; i++) {
      if (this.edges[i] && this.edgeLabels[i])
        parts.push(
          T.summaryEdge(
            this.chart.data.datasets[i].label,
            this.edges[i].x.length,
            this.edgeLabels[i],
          ),
        );
    }
    writeDescription(this.chart.canvas, parts);
  }

  /** Sets the overlay (see overlayPlugin) and repaints without a new layout. */
  setOverlay(patch) {
    Object.assign(this.chart.options.plugins.overlay, patch);
    this.chart.draw();
  }

  /** Data coordinates of a canvas pixel position (CSS pixels). */
  toData(px, py) {
    return {
      x: this.chart.scales.x.getValueForPixel(px),
      y: this.chart.scales.y.getValueForPixel(py),
    };
  }

  /** Canvas pixel position (CSS pixels) of data coordinates. */
  toPixel(x, y) {
    return {
      px: this.chart.scales.x.getPixelForValue(x),
      py: this.chart.scales.y.getPixelForValue(y),
    };
  }

  /** Changes the label of one series (e.g. to show a fitted value). */
  setLabel(id, label) {
    const i = this.ids.indexOf(id);
    if (i >= 0) this.chart.data.datasets[i].label = label;
  }

  /** Fixes the y axis to [lo, hi] (e.g. while a point is dragged), or back to automatic with null. */
  freezeY(range) {
    const y = this.chart.options.scales.y;
    y.min = range ? range[0] : undefined;
    y.max = range ? range[1] : undefined;
  }

  /** Changes axis limits (undefined = automatic); takes effect at the next update(). */
  setLimits(axisId, { min, max }) {
    Object.assign(this.chart.options.scales[axisId], { min, max });
  }

  destroy() {
    this.thinNote?.remove();
    this.zeroNote?.remove();
    this.chart.destroy();
  }
}
