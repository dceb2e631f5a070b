// A small canvas plot for a figure redrawn on every pointer move and slider step (the query
// inspector): points, lines, markers, discs of their own size and colour and a vertical line over
// linear axes with a grid and a bottom legend. It looks like the page's Chart.js charts (the same
// font, colours, tick rule, layout and legend) but costs a fraction of a Chart.js update: the
// layout (ticks, plot area, legend) and a bitmap of the axes and legend are cached until the size
// or the y ticks change, and a frame is one blit plus a few paths (all plain points in one path,
// the discs in one path per colour). No per-point objects.
import { sizeNow, watchBox } from './boxes.js';
import { FONT_FAMILY, FONT_SIZE, markPlotArea, sizeBox } from './chartjs.js';
import { COLORS } from './colors.js';
import { tickText } from './format.js';
import {
  pointText,
  seriesSummary,
  showThinning,
  thinSeries,
  writeDescription,
} from './line-chart.js';

// Chart.js's defaults for the pieces drawn here (CSS pixels).
const LINE_HEIGHT = 1.2 * FONT_SIZE;
const TICK_LENGTH = 8; // tick marks outside the plot area
const TICK_PADDING = 3; // between a tick mark and its label
const TITLE_PADDING = 4; // above and below an axis title
const MAX_TICKS = 7;
const LEGEND_PADDING = 10;
const LEGEND_BOX_WIDTH = 26; // legend symbols: a line this long (every item's box this wide)...
const LEGEND_BOX_HEIGHT = 7; // ...and a disc of this height times sqrt 2 (as line-chart.js's)
const FONT = `${FONT_SIZE}px ${FONT_FAMILY}`;
/** Below the plot area: tick marks, their padding twice, labels and the title with its padding. */
const X_AXIS_HEIGHT = TICK_LENGTH + 2 * TICK_PADDING + 2 * LINE_HEIGHT + 2 * TITLE_PADDING;
/** Above it: room for half the top y label. */
const PLOT_TOP = LINE_HEIGHT / 2 + TICK_PADDING;
/** A legend row: the text and its padding. */
const LEGEND_ROW = FONT_SIZE + LEGEND_PADDING;
const TAU = 2 * Math.PI;

/**
 * Chart.js's "nice" step: 1, 2, 5 or 10 times a power of ten, at least `range`.
 */
function niceNum(range) {
  const rounded = Math.round(range);
  if (Math.abs(range - rounded) <= range / 1000) range = rounded;
  const power = 10 ** Math.floor(Math.log10(range));
  const f = range / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Decimal places of a number as written (0.25 -> 2). */
function decimals(v) {
  if (!Number.isFinite(v)) return 0;
  let e = 1;
  let p = 0;
  while (Math.round(v * e) / e !== v && p < 20) {
    e *= 10;
    p++;
  }
  return p;
}

/**
 * Tick values of a linear axis over [lo, hi] with at most maxTicks ticks, as Chart.js makes them
 * (its generateTicks): a nice step; with `fixed` the ends are lo and hi themselves (an axis with
 * min and max), else the multiples of the step around them (the axis grows to them). A fixed
 * axis drops a nice tick within `gap` of an end, whose label would touch the end's (Chart.js:
 * about a label's size; y in [0, 1.1] is 0, 0.2, ..., 0.8, 1.1).
 */
function niceTicks(lo, hi, maxTicks, fixed = false, gap = 0) {
  if (lo === hi) {
    const d = hi === 0 ? 1 : Math.abs(hi * 0.05);
    lo -= d;
    hi += d;
  }
  const spaces = Math.max(1, maxTicks - 1);
  let step = niceNum((hi - lo) / spaces);
  const n = Math.ceil(hi / step) - Math.floor(lo / step);
  if (n > spaces) step = niceNum((n * step) / spaces);
  const factor = 10 ** Math.max(decimals(step), decimals(Math.floor(lo / step) * step));
  const round = (v) => Math.round(v * factor) / factor;
  const ticks = [];
  if (fixed) {
    ticks.push(lo);
    const margin = Math.max(step / 1000, gap);
    for (let k = Math.ceil(lo / step); k * step < hi - margin; k++)
      if (k * step > lo + margin) ticks.push(round(k * step));
    ticks.push(hi);
  } else {
    for (let k = Math.floor(lo / step), end = Math.ceil(hi / step); k <= end; k++)
      ticks.push(round(k * step));
  }
  return ticks;
}

/** Tick labels as Chart.js writes them (views/format.js). */
const tickLabels = (ticks) => ticks.map((v) => tickText(v, ticks));

/** The device pixel position of a 1-pixel line at CSS position v (crisp, like Chart.js). */
function align(v, dpr, width = 1) {
  return Math.round((v - width / 2) * dpr) / dpr + width / 2;
}

/** Draws a bitmap of the canvas's size over it, pixel for pixel (keeps the context's transform). */
function blit(ctx, image, op = 'source-over') {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = op;
  ctx.drawImage(image, 0, 0);
  ctx.restore();
}

/**
 * The radius of a series' discs as drawn. Chart.js fills a point's disc and strokes a 1-pixel rim
 * in the same colour, i.e. a disc half a pixel larger; a marker's rim is of the background colour.
 */
const discRadius = (s) => (s.radius ?? 2.5) + (s.kind === 'points' ? 0.5 : 0);

/** How far a series' ink reaches past its points: a disc and its rim; a line, 0. */
const reachOf = (s) => (s.kind === 'line' ? 0 : discRadius(s) + (s.kind === 'marker' ? 0.5 : 0));

/**
 * @typedef {object} PlotSeries
 * @property {string} id      key used in update()
 * @property {string} label   legend text
 * @property {'points'|'line'|'marker'} kind  points: small discs filled with `color` (radius
 *   `radius`); line: a polyline (`width`, `dash`); marker: a disc with a rim of the background
 * @property {string} color
 * @property {number} [radius]   points and markers
 * @property {number} [width]    lines
 * @property {number[]} [dash]   lines
 * @property {number} [maxPoints]  points: draw at most this many (an evenly spread subset)
 */

export class FastPlot {
  /**
   * @param {HTMLCanvasElement} canvas  inside a .chart-box, whose width the plot takes
   * @param {{series: PlotSeries[], x: {label, min, max}, y: {label, min?, max?}, aspect?: number,
   *          legend?: boolean, hover?: boolean}} opts
   *   the x axis spans [min, max]; the y axis too when given both, else it is automatic (nice
   *   ends around every series). legend: false draws none (the plot area takes its room); hover:
   *   the pointer's nearest point is named in the canvas's title (the Chart.js charts' tooltip
   *   text: "label: (x, y)")
   */
  constructor(canvas, opts) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.series = opts.series;
    this.axes = { x: opts.x, y: opts.y };
    this.aspect = opts.aspect ?? 1.6;
    this.legend = opts.legend ?? true;
    sizeBox(canvas, this.aspect);
    if (opts.hover) {
      this.onHover = (e) => {
        const text = this.nearestText(e.offsetX, e.offsetY);
        if (canvas.title !== text) canvas.title = text;
      };
      canvas.addEventListener('pointermove', this.onHover);
    }
    this.data = new Map(); // id -> {x, y} as drawn (thinned), source: the arrays given
    this.overlay = { discs: null, reach: 0, vline: null };
    this.note = '';
    this.thinNote = null;
    this.layout = null; // plot area, ticks, legend of the last size and y ticks
    this.background = document.createElement('canvas'); // axes, grid and legend of the layout
    this.layers = new Map(); // id -> bitmap of a points series (see draw)
    this.size = { width: 0, height: 0, dpr: 0 };
    // The page's watchers of chart boxes (views/boxes.js), as for Chart.js charts: the first size
    // is read with the other new charts' (sizeNew) and drawn by the first update(), or on coming
    // into view before that (its empty axes); a new box size or device pixel ratio resizes the
    // plot (resize() reads the box, and draws if it changed); coming into view, it takes its
    // box's size or, if that is unchanged, draws again.
    this.unwatch = watchBox(canvas, canvas.parentNode, {
      sized: (width) => this.resize(width, false),
      resized: () => this.resize(),
      rescaled: () => this.resize(),
      shown: () => {
        sizeNow(canvas.parentNode);
        const { width, height } = this.size;
        this.resize();
        if (this.size.width === width && this.size.height === height) this.draw();
      },
    });
  }

  /**
   * Takes the container's width (height from the aspect ratio) and redraws when it changed.
   * @param {number} [boxWidth]  the width just read (boxes.js sizeNew); else read here
   * @param {boolean} [redraw]  false: the size only (the first one: nothing is drawn yet)
   */
  resize(boxWidth, redraw = true) {
    const box = this.canvas.parentNode;
    const read = boxWidth ?? (box ? box.getBoundingClientRect().width : 0);
    const width = Math.round(10 * read) / 10;
    const height = Math.round((10 * width) / this.aspect) / 10;
    const dpr = window.devicePixelRatio || 1;
    const s = this.size;
    if (width === s.width && height === s.height && dpr === s.dpr) return;
    this.size = { width, height, dpr };
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.floor(width * dpr);
    this.canvas.height = Math.floor(height * dpr); // resets the context: CSS pixels again
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.layout = null;
    if (redraw) this.draw();
  }

  /**
   * Replaces the data of the given series and the overlays, and redraws.
   * @param {Object<string, {x: ArrayLike<number>, y: ArrayLike<number>}>} data  by series id
   * @param {{discs?: {x, y, r: ArrayLike<number>, style: Uint8Array, styles: string[]},
   *          vline?: number}} [overlay]  discs of radius r[k] filled with styles[style[k]]
   *   (few styles: one path each), drawn over the series; a dashed vertical line at x = vline
   */
  update(data, overlay = {}) {
    for (const s of this.series) {
      const xy = data[s.id];
      if (xy === undefined) continue;
      const last = this.data.get(s.id);
      if (last && xy && last.source.x === xy.x && last.source.y === xy.y) continue;
      if (!xy) {
        this.data.delete(s.id);
        continue;
      }
      const drawn = s.kind === 'points' && s.maxPoints ? thinSeries(xy, s.maxPoints) : xy;
      // Cached: range, its y range (yRange); layout, the layout of its bitmap (points, draw);
      // summary, its sentence (writeSummary).
      this.data.set(s.id, { x: drawn.x, y: drawn.y, source: xy, range: null, layout: null });
      if (s.kind === 'points')
        this.thinNote = showThinning(this.canvas, this.thinNote, drawn.x.length, xy.x.length);
    }
    const discs = overlay.discs ?? null;
    // How far the discs reach past their centres (the clip's margin: whole on the plot's edge).
    let reach = 0;
    if (discs) for (let k = 0; k < discs.r.length; k++) reach = Math.max(reach, discs.r[k]);
    this.overlay = { discs, reach, vline: overlay.vline ?? null };
    this.draw();
    this.writeSummary();
  }

  /** A sentence before the generic description of the chart (see writeSummary). */
  setSummaryNote(text) {
    this.note = text;
    this.writeSummary();
  }

  /** The text version for screen readers: the note, each series' points and ranges, thinning. */
  writeSummary() {
    const parts = this.note ? [this.note] : [];
    for (const s of this.series) {
      const d = this.data.get(s.id);
      if (!d) continue;
      // Once per new data (the note changes on every step, the training points do not).
      d.summary ??= seriesSummary(
        s.label,
        d.x.length,
        (i) => d.x[i],
        (i) => d.y[i],
      );
      if (d.summary) parts.push(d.summary);
    }
    if (this.thinNote && !this.thinNote.hidden) parts.push(this.thinNote.textContent + '.');
    writeDescription(this.canvas, parts);
  }

  /**
   * The hover text of the drawn point nearest to (px, py) (CSS pixels, in the canvas), '' outside
   * the plot area or with nothing drawn: Chart.js's 'nearest' interaction, not only intersecting.
   */
  nearestText(px, py) {
    const area = this.area;
    if (!area || px < area.left || px > area.right || py < area.top || py > area.bottom) return '';
    const { ax, bx, ay, by } = this.transform();
    let best = Infinity;
    let text = '';
    for (const s of this.series) {
      const d = this.data.get(s.id);
      if (!d) continue;
      for (let i = 0; i < d.x.length; i++) {
        const u = ax + bx * d.x[i] - px;
        const v = ay + by * d.y[i] - py;
        const dist = u * u + v * v;
        if (dist < best) {
          best = dist;
          text = pointText(s.label, d.x[i], d.y[i]);
        }
      }
    }
    return text;
  }

  /** Changes the label of one series (its hover text and description; a new layout draws it). */
  setLabel(id, label) {
    const s = this.series.find((t) => t.id === id);
    if (!s || s.label === label) return;
    s.label = label;
    const d = this.data.get(id);
    if (d) d.summary = undefined;
    this.layout = null;
    this.writeSummary();
  }

  /** The plot area in CSS pixels {left, top, right, bottom}, or null before the first layout. */
  get area() {
    return this.layout?.area ?? null;
  }

  /** Data x of a canvas x position (CSS pixels). */
  toData(px) {
    const { area, x } = this.layout;
    return x.min + ((px - area.left) / (area.right - area.left)) * (x.max - x.min);
  }

  /** Data y of a canvas y position (CSS pixels). */
  toDataY(py) {
    const { area, y } = this.layout;
    return y.min + ((area.bottom - py) / (area.bottom - area.top)) * (y.max - y.min);
  }

  /** The smallest and largest finite y of every series (each series' range cached). */
  yRange() {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of this.data.values()) {
      if (!d.range) {
        let a = Infinity;
        let b = -Infinity;
        for (let i = 0; i < d.y.length; i++) {
          const v = d.y[i];
          if (!Number.isFinite(v) || !Number.isFinite(d.x[i])) continue;
          if (v < a) a = v;
          if (v > b) b = v;
        }
        d.range = [a, b];
      }
      if (d.range[0] < lo) lo = d.range[0];
      if (d.range[1] > hi) hi = d.range[1];
    }
    return lo <= hi ? [lo, hi] : [0, 1];
  }

  /**
   * Where everything goes at this size for these y ticks, as Chart.js lays it out: the legend at
   * the bottom (centred rows), above it the x axis (ticks, labels, title), at the left the y axis
   * (its width from the widest label), the plot area in the rest.
   */
  computeLayout(yTicks) {
    const { width, height } = this.size;
    const ctx = this.ctx;
    ctx.font = FONT;
    // Legend: items of symbol, gap and text, wrapped into rows that fit the width.
    const items = (this.legend ? this.series : []).map((s) => ({
      s,
      width: LEGEND_BOX_WIDTH + FONT_SIZE / 2 + ctx.measureText(s.label).width,
      row: 0,
      left: 0,
    }));
    const rows = [0];
    items.forEach((it, i) => {
      if (i > 0 && rows[rows.length - 1] + it.width + 2 * LEGEND_PADDING > width) rows.push(0);
      it.row = rows.length - 1;
      rows[it.row] += it.width + LEGEND_PADDING;
    });
    // The symbol is no higher than the text.
    const legendTop = items.length ? height - (rows.length * LEGEND_ROW + LEGEND_PADDING) : height;
    const cursor = rows.map((w) => (LEGEND_PADDING + width - w) / 2);
    for (const it of items) {
      it.left = cursor[it.row];
      it.top = legendTop + LEGEND_PADDING + it.row * LEGEND_ROW;
      cursor[it.row] += it.width + LEGEND_PADDING;
    }
    // Axes: tick marks, padding twice, labels and the title (one line with padding).
    const yLabels = tickLabels(yTicks);
    const widest = Math.max(...yLabels.map((l) => ctx.measureText(l).width));
    const area = {
      left: TICK_LENGTH + LINE_HEIGHT + 2 * TITLE_PADDING + 2 * TICK_PADDING + widest,
      top: PLOT_TOP,
      bottom: legendTop - X_AXIS_HEIGHT,
    };
    const { min, max } = this.axes.x;
    const xTicks = niceTicks(
      min,
      max,
      Math.min(MAX_TICKS, Math.ceil((width - area.left) / 40)),
      true,
    );
    const xLabels = tickLabels(xTicks);
    // Room for half the last x label right of the area (at least the tick length, as Chart.js).
    const last = ctx.measureText(xLabels[xLabels.length - 1]).width;
    area.right = width - Math.max(TICK_LENGTH, last / 2 + TICK_PADDING);
    return {
      area,
      items,
      x: { min, max, ticks: xTicks, labels: xLabels },
      y: { min: yTicks[0], max: yTicks[yTicks.length - 1], ticks: yTicks, labels: yLabels },
      key: yTicks.join(),
    };
  }

  /** Paints the axes, grid, labels, titles and legend of the layout into the background. */
  paintBackground() {
    const { area, items, x, y } = this.layout;
    const { dpr } = this.size;
    const bg = this.background;
    bg.width = this.canvas.width;
    bg.height = this.canvas.height;
    const ctx = bg.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = FONT;
    const px = (v) => area.left + ((v - x.min) / (x.max - x.min)) * (area.right - area.left);
    const py = (v) => area.bottom - ((v - y.min) / (y.max - y.min)) * (area.bottom - area.top);
    // Grid lines across the area and tick marks outside it, then the axis lines.
    ctx.lineWidth = 1;
    ctx.strokeStyle = COLORS.grid;
    ctx.beginPath();
    for (const t of x.ticks) {
      const p = align(px(t), dpr);
      ctx.moveTo(p, area.top);
      ctx.lineTo(p, area.bottom + TICK_LENGTH);
    }
    for (const t of y.ticks) {
      const p = align(py(t), dpr);
      ctx.moveTo(area.left - TICK_LENGTH, p);
      ctx.lineTo(area.right, p);
    }
    ctx.stroke();
    ctx.strokeStyle = COLORS.muted;
    ctx.beginPath();
    const bottom = align(area.bottom, dpr);
    const left = align(area.left, dpr);
    ctx.moveTo(area.left, bottom);
    ctx.lineTo(area.right, bottom);
    ctx.moveTo(left, area.top);
    ctx.lineTo(left, area.bottom);
    ctx.stroke();
    // Tick labels and axis titles.
    ctx.fillStyle = COLORS.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const labelTop = area.bottom + TICK_LENGTH + TICK_PADDING;
    x.ticks.forEach((t, i) => ctx.fillText(x.labels[i], px(t), labelTop + LINE_HEIGHT / 2));
    ctx.textAlign = 'right';
    y.ticks.forEach((t, i) =>
      ctx.fillText(y.labels[i], area.left - TICK_LENGTH - TICK_PADDING, py(t)),
    );
    ctx.textAlign = 'center';
    const titleTop = labelTop + LINE_HEIGHT + TICK_PADDING;
    ctx.fillText(
      this.axes.x.label,
      (area.left + area.right) / 2,
      titleTop + TITLE_PADDING + LINE_HEIGHT / 2,
      area.right - area.left,
    );
    ctx.save();
    ctx.translate(TITLE_PADDING + LINE_HEIGHT / 2, (area.top + area.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(this.axes.y.label, 0, 0);
    ctx.restore();
    // Legend: a symbol (a disc for points and markers, a line with its dash) and the text.
    for (const it of items) {
      const { s } = it;
      const cx = it.left + LEGEND_BOX_WIDTH / 2;
      const cy = it.top + FONT_SIZE / 2;
      ctx.beginPath();
      if (s.kind === 'line') {
        ctx.lineWidth = s.width ?? 2;
        ctx.strokeStyle = s.color;
        ctx.setLineDash(s.dash ?? []);
        ctx.moveTo(cx - LEGEND_BOX_WIDTH / 2, cy);
        ctx.lineTo(cx + LEGEND_BOX_WIDTH / 2, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.lineWidth = 1;
        ctx.fillStyle = s.color;
        ctx.strokeStyle = s.kind === 'marker' ? COLORS.bg : s.color;
        ctx.arc(cx, cy, (LEGEND_BOX_HEIGHT * Math.SQRT2) / 2, 0, TAU);
        ctx.fill();
        ctx.stroke();
      }
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = 'left';
      ctx.fillText(s.label, it.left + LEGEND_BOX_WIDTH + FONT_SIZE / 2, cy);
    }
  }

  /**
   * Draws the cached background, then the series (the first on top, as Chart.js orders them) and
   * the overlays. A points series is drawn from its own cached bitmap (one path, one fill, made
   * again when its data or the layout change): the points stay put while the query and the
   * bandwidth move, and compositing the bitmap gives the same pixels as filling the path here.
   */
  draw() {
    // Drawn before its section's charts were sized together: sized now (not on every draw).
    if (!this.size.width) sizeNow(this.canvas.parentNode);
    const { width, height } = this.size;
    if (!width) return; // not laid out (a hidden figure): drawn when it gets a size
    // The y axis's length: the height less the x axis and a legend row (computeLayout).
    const axisHeight =
      height - (this.legend ? LEGEND_ROW + LEGEND_PADDING : 0) - X_AXIS_HEIGHT - PLOT_TOP;
    // Chart.js's limit for a vertical axis, one tick per line of text along it (7 but on tiny
    // charts: the kernel gallery on a phone).
    const maxTicks = Math.max(2, Math.min(MAX_TICKS, Math.ceil(axisHeight / LINE_HEIGHT)));
    // A y axis with min and max is fixed (a plane of two inputs); else it fits every series.
    const { min: yMin, max: yMax } = this.axes.y;
    // A fixed axis keeps its ends' labels clear of the nearest ticks' by about a line of text, as
    // Chart.js (its minSpacing: the range over the lines of text the axis holds, plus one).
    const yTicks =
      Number.isFinite(yMin) && Number.isFinite(yMax)
        ? niceTicks(yMin, yMax, maxTicks, true, (yMax - yMin) / (axisHeight / LINE_HEIGHT + 1))
        : niceTicks(...this.yRange(), maxTicks);
    if (!this.layout || this.layout.key !== yTicks.join()) {
      this.layout = this.computeLayout(yTicks);
      this.paintBackground();
      // The canvas's data-layouts counts its layouts, and data-plot is its plot area, as a
      // Chart.js chart's (tests).
      this.canvas.dataset.layouts = String(Number(this.canvas.dataset.layouts ?? 0) + 1);
      markPlotArea(this.canvas, this.layout.area);
    }
    const { area } = this.layout;
    const ctx = this.ctx;
    blit(ctx, this.background, 'copy');
    for (let i = this.series.length - 1; i >= 0; i--) {
      const s = this.series[i];
      const d = this.data.get(s.id);
      if (!d || !d.x.length) continue;
      if (s.kind !== 'points') {
        ctx.save();
        this.clipSeries(ctx, reachOf(s));
        this.drawSeries(ctx, s, d);
        ctx.restore();
      } else {
        if (d.layout !== this.layout) this.paintLayer(s, d); // clipped as it is painted
        blit(ctx, this.layers.get(s.id));
      }
    }
    const { ax, bx, ay, by } = this.transform();
    const discs = this.overlay.discs;
    if (discs) {
      ctx.save();
      this.clipSeries(ctx, this.overlay.reach);
      // One path per style: the discs of a style in one pass each (few styles, a few hundred discs).
      const { x: dx, y: dy, r, style, styles } = discs;
      for (let c = 0; c < styles.length; c++) {
        let any = false;
        ctx.beginPath();
        for (let k = 0; k < style.length; k++) {
          if (style[k] !== c) continue;
          const u = ax + bx * dx[k];
          const v = ay + by * dy[k];
          ctx.moveTo(u + r[k], v);
          ctx.arc(u, v, r[k], 0, TAU);
          any = true;
        }
        if (!any) continue;
        ctx.fillStyle = styles[c];
        ctx.fill();
      }
      ctx.restore();
    }
    if (Number.isFinite(this.overlay.vline)) {
      const u = ax + bx * this.overlay.vline;
      ctx.save();
      this.clipSeries(ctx, 0);
      ctx.strokeStyle = COLORS.mark;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(u, area.top);
      ctx.lineTo(u, area.bottom);
      ctx.stroke();
      ctx.restore();
    }
  }

  /** Data -> CSS pixels of the layout: px = ax + bx * x, py = ay + by * y. */
  transform() {
    const { area, x, y } = this.layout;
    const bx = (area.right - area.left) / (x.max - x.min);
    const by = -(area.bottom - area.top) / (y.max - y.min);
    return { ax: area.left - bx * x.min, bx, ay: area.bottom - by * y.min, by };
  }

  /**
   * Clips to where a series is drawn: x exactly (a fixed axis) but for `reach`, what its markers
   * reach past their centres (a point on the axis' end is a whole disc, as in a Chart.js chart:
   * chartjs.js), y with room for a marker.
   */
  clipSeries(ctx, reach) {
    const { area } = this.layout;
    ctx.beginPath();
    ctx.rect(
      area.left - reach,
      area.top - 6,
      area.right - area.left + 2 * reach,
      area.bottom - area.top + 12,
    );
    ctx.clip();
  }

  /** Draws a points series alone into its bitmap (made once per series, sized like the canvas). */
  paintLayer(s, d) {
    let layer = this.layers.get(s.id);
    if (!layer) this.layers.set(s.id, (layer = document.createElement('canvas')));
    layer.width = this.canvas.width; // also clears it
    layer.height = this.canvas.height;
    const ctx = layer.getContext('2d');
    const { dpr } = this.size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.clipSeries(ctx, reachOf(s));
    this.drawSeries(ctx, s, d);
    d.layout = this.layout;
  }

  /** Draws one series: a polyline (broken at non-finite points) or all its discs in one path. */
  drawSeries(ctx, s, d) {
    const { x: xs, y: ys } = d;
    const { ax, bx, ay, by } = this.transform();
    ctx.beginPath();
    if (s.kind === 'line') {
      let pen = false;
      for (let k = 0; k < xs.length; k++) {
        const u = ax + bx * xs[k];
        const v = ay + by * ys[k];
        if (!Number.isFinite(u) || !Number.isFinite(v)) pen = false;
        else if (pen) ctx.lineTo(u, v);
        else {
          ctx.moveTo(u, v);
          pen = true;
        }
      }
      ctx.lineWidth = s.width ?? 2;
      ctx.strokeStyle = s.color;
      ctx.setLineDash(s.dash ?? []);
      ctx.stroke();
      ctx.setLineDash([]);
      return;
    }
    const r = discRadius(s);
    for (let k = 0; k < xs.length; k++) {
      const u = ax + bx * xs[k];
      const v = ay + by * ys[k];
      if (!Number.isFinite(u) || !Number.isFinite(v)) continue;
      ctx.moveTo(u + r, v);
      ctx.arc(u, v, r, 0, TAU);
    }
    ctx.fillStyle = s.color;
    ctx.fill();
    if (s.kind === 'marker') {
      ctx.lineWidth = 1;
      ctx.strokeStyle = COLORS.bg;
      ctx.stroke();
    }
  }

  destroy() {
    this.unwatch();
    if (this.onHover) this.canvas.removeEventListener('pointermove', this.onHover);
    this.thinNote?.remove();
    this.canvas.width = 0; // frees the bitmap, as Chart.js's destroy clears the canvas
    this.canvas.style.removeProperty('width');
    this.canvas.style.removeProperty('height');
  }
}
