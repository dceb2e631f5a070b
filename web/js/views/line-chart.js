// A line/scatter chart of named series, created once and updated in place.
import { Chart } from './chartjs.js';
import { COLORS, fmt } from './colors.js';
import { T } from './strings.js';
import { thinIndices } from '../compute/numeric.js';

/** A scatter series draws at most this many points (an evenly spread subset; display only). */
export const MAX_DRAWN_POINTS = 2000;

/**
 * Chart.js plugin for overlays that change without new data: a vertical line at x (the inspected
 * query) and a ring around one point (the point selected for editing). Options: {vline, ring}.
 */
const overlayPlugin = {
  id: 'overlay',
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea: a, scales } = chart;
    ctx.save();
    if (opts.discs) {
      // Discs of their own size and colour (the inspector's weighted points): drawn here, not as a
      // dataset with per-point options, which Chart.js would resolve point by point on every update.
      const { x, y, r, color } = opts.discs;
      ctx.beginPath();
      ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.clip();
      for (let k = 0; k < x.length; k++) {
        ctx.fillStyle = color[k];
        ctx.beginPath();
        ctx.arc(scales.x.getPixelForValue(x[k]), scales.y.getPixelForValue(y[k]), r[k], 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    if (Number.isFinite(opts.vline)) {
      const px = scales.x.getPixelForValue(opts.vline);
      ctx.strokeStyle = COLORS.mark;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, a.top);
      ctx.lineTo(px, a.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
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
 */

/** Typed arrays (x, y) -> Chart.js points; skips non-finite values (and <= 0 on log axes). */
function toPoints(x, y, logX, logY) {
  const out = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
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
  const base = { label: s.label, borderColor: s.color, backgroundColor: s.color, data: [] };
  if (kind === 'points') {
    return { ...base, showLine: false, pointRadius: s.width ?? 2.5, pointHoverRadius: 4, pointStyle: 'circle' };
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

function axis(a = {}) {
  return {
    type: a.type || 'linear',
    min: a.min,
    max: a.max,
    title: { display: Boolean(a.label), text: a.label },
    ticks:
      a.type === 'logarithmic'
        ? { callback: (v) => logTick(v), maxRotation: 0, autoSkip: false }
        : { maxTicksLimit: 7, maxRotation: 0 },
    grid: { color: COLORS.grid },
    border: { color: COLORS.muted },
  };
}

/** Labels only 1, 2, 5 x 10^k on logarithmic axes. */
function logTick(v) {
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? fmt(v, 2) : '';
}

export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{series: Series[], x?: object, y?: object, aspect?: number, legend?: boolean}} opts
   *   x / y: {label, type: 'linear' | 'logarithmic', min, max}
   */
  constructor(canvas, opts) {
    this.note = '';
    this.ids = opts.series.map((s) => s.id);
    this.maxPoints = opts.series.map((s) => (s.kind === 'points' ? s.maxPoints ?? MAX_DRAWN_POINTS : Infinity));
    this.thinNote = null; // <p> under the chart saying how many points are drawn, when thinned
    this.sources = opts.series.map(() => null); // the arrays each series was last drawn from
    this.logX = opts.x?.type === 'logarithmic';
    this.logY = opts.y?.type === 'logarithmic';
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: opts.series.map(dataset) },
      plugins: [overlayPlugin],
      options: {
        aspectRatio: opts.aspect ?? 1.6,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axis(opts.x), y: axis(opts.y) },
        ...(opts.events ? { events: opts.events } : {}),
        plugins: {
          overlay: { vline: null, ring: null, discs: null },
          legend: {
            display: opts.legend ?? true,
            position: 'bottom',
            labels: {
              usePointStyle: true,
              pointStyleWidth: 26,
              boxHeight: 7,
              // Chart.js draws legend lines solid; give them the dataset's dash (told apart without colour).
              generateLabels: (chart) =>
                Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ({
                  ...item,
                  lineDash: chart.data.datasets[item.datasetIndex]?.borderDash ?? [],
                })),
            },
          },
          tooltip: {
            callbacks: {
              label: (c) => `${c.dataset.label}: (${fmt(c.parsed.x)}, ${fmt(c.parsed.y)})`,
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
    for (const [id, xy] of Object.entries(data)) {
      const i = this.ids.indexOf(id);
      if (i < 0) continue;
      // The same typed arrays as last time (the truth curve, unchanged data): keep the points.
      const last = this.sources[i];
      if (xy && last && last.x === xy.x && last.y === xy.y && ArrayBuffer.isView(xy.x) && ArrayBuffer.isView(xy.y)) continue;
      this.sources[i] = xy ? { x: xy.x, y: xy.y } : null;
      let src = xy;
      if (xy && xy.x.length > this.maxPoints[i]) {
        // Display only: an evenly spread subset of the (sorted) points; computations use them all.
        const idx = thinIndices(xy.x.length, this.maxPoints[i]);
        src = { x: Float64Array.from(idx, (k) => xy.x[k]), y: Float64Array.from(idx, (k) => xy.y[k]), total: xy.x.length };
      }
      const d = this.chart.data.datasets[i];
      d.data = src ? toPoints(src.x, src.y, this.logX, this.logY) : [];
      // With `parsing: false` Chart.js takes the data as sorted by x (its visible range and its
      // hover search are binary searches); points of an unsorted series (edited data in the
      // learner's order) would be skipped, keep no options and break the hover ("reading
      // 'hitRadius'"). A scatter series is drawn sorted; an unsorted line (a path) is parsed.
      if (!sortedByX(d.data)) {
        if (d.showLine) d.parsing = true;
        else d.data.sort((a, b) => a.x - b.x);
      } else if (d.parsing) delete d.parsing;
      if (this.maxPoints[i] < Infinity) this.showThinning(src ? src.x.length : 0, src ? src.total ?? src.x.length : 0);
    }
    this.chart.update('none');
    this.writeSummary();
  }

  /**
   * Records how many of how many points the scatter series draws (canvas data-points-shown /
   * data-points-total) and, when thinned, says so in a note under the chart.
   */
  showThinning(shown, total) {
    const canvas = this.chart.canvas;
    canvas.dataset.pointsShown = String(shown);
    canvas.dataset.pointsTotal = String(total);
    const thinned = shown < total;
    if (!this.thinNote && !thinned) return;
    if (!this.thinNote) {
      this.thinNote = document.createElement('p');
      this.thinNote.className = 'fig-note';
      canvas.closest('.chart-box')?.after(this.thinNote);
    }
    this.thinNote.hidden = !thinned;
    this.thinNote.textContent = thinned ? T.thinNote(shown, total) : '';
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
    const id = this.chart.canvas.getAttribute('aria-describedby');
    const box = id && document.getElementById(id);
    if (!box) return;
    const parts = this.note ? [this.note] : [];
    for (const d of this.chart.data.datasets) {
      const pts = d.data;
      if (!pts.length) continue;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (const p of pts) {
        if (p.x < x0) x0 = p.x;
        if (p.x > x1) x1 = p.x;
        if (p.y < y0) y0 = p.y;
        if (p.y > y1) y1 = p.y;
      }
      parts.push(T.summarySeries(d.label, pts.length, x0, x1, y0, y1));
    }
    if (this.thinNote && !this.thinNote.hidden) parts.push(this.thinNote.textContent + '.');
    box.textContent = parts.length ? T.summaryLines(parts) : T.summaryEmpty;
  }

  /**
   * Per-point radius and colour of one series (arrays indexed like its data, or single values),
   * e.g. training points sized by their attention weight. Takes effect at the next update()/draw().
   */
  setPointStyle(id, { radius, color }) {
    const d = this.chart.data.datasets[this.ids.indexOf(id)];
    if (!d) return;
    if (radius !== undefined) d.pointRadius = radius;
    if (color !== undefined) d.backgroundColor = d.borderColor = color;
  }

  /** Sets the overlay (see overlayPlugin) and repaints without a new layout. */
  setOverlay(patch) {
    Object.assign(this.chart.options.plugins.overlay, patch);
    this.chart.draw();
  }

  /** Repaints with the current data and layout (after setPointStyle, when data are unchanged). */
  draw() {
    this.chart.draw();
  }

  /** Data coordinates of a canvas pixel position (CSS pixels). */
  toData(px, py) {
    return { x: this.chart.scales.x.getValueForPixel(px), y: this.chart.scales.y.getValueForPixel(py) };
  }

  /** Canvas pixel position (CSS pixels) of data coordinates. */
  toPixel(x, y) {
    return { px: this.chart.scales.x.getPixelForValue(x), py: this.chart.scales.y.getPixelForValue(y) };
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
    this.chart.destroy();
  }
}
