// Attention heatmap: m queries (rows, top to bottom) x n keys (columns, left to right), white to red,
// with its own colour legend. It shows at most ~200 x 200 cells: the sections pass the binned matrix
// of nw.attentionHeatmap (blocks of neighbouring sorted keys summed, blocks of queries averaged, so
// rows still sum to 1; never m x n in memory), and a note under the chart says when it is binned. Chart.js draws the axes; the cells are one bitmap (one pixel per cell,
// scaled into the chart area without smoothing), which repaints a 50 x 2000 matrix in about a
// millisecond where one Chart.js element per cell took 20-60 ms. Updated in place.
import { Chart, SCATTER, boxSizing } from './chartjs.js';
import { COLORS, fmt, heatColorRGB, themeVersion } from './colors.js';
import { T } from './strings.js';
import { ColorLegend } from './color-legend.js';
import { setText } from './dom.js';

/** More keys than this are averaged into bins of neighbouring (sorted) keys (plain matrices). */
const MAX_CELLS_PER_AXIS = 200;
/**
 * A heatmap given a shared colour scale (opts.max) takes its own when its largest weight is below
 * this fraction of the shared top, where even its darkest cell is barely off white (the constant
 * kernel's 1/n beside one-hot rows at a small h; at the defaults it is 0.11 and keeps the shared one).
 */
const OWN_SCALE_BELOW = 0.1;
/** attentionHeatmap options of every heatmap of the page: at most 200 x 200 cells. */
export const HEATMAP_CELLS = Object.freeze({ maxRows: 200, maxColumns: 200 });
/**
 * Colour lookup table: 256 steps of the theme's sequential scale, each an opaque pixel as one
 * 32-bit word (its bytes R, G, B, A in memory, as ImageData holds them, whatever the byte order).
 */
let lut = null;
let lutVersion = -1;
function LUT() {
  if (lutVersion !== themeVersion()) {
    lut = new Uint32Array(256);
    const bytes = new Uint8Array(lut.buffer);
    for (let i = 0; i < 256; i++) {
      bytes.set(heatColorRGB(i / 255), i * 4);
      bytes[i * 4 + 3] = 255;
    }
    lutVersion = themeVersion();
  }
  return lut;
}

/**
 * Sums a rows x cols row-major matrix into at most `limit` bins per axis (neighbouring rows and
 * columns, averaged over rows, summed over columns so a binned row still sums to 1). Returns
 * {rows, cols, data, rowStart, colStart} where rowStart[i] is the first source row of bin i (plus a
 * final end index), likewise colStart.
 */
export function binMatrix({ rows, cols, data }, limit = MAX_CELLS_PER_AXIS) {
  const edges = (n) => {
    const b = Math.min(n, limit);
    return Int32Array.from({ length: b + 1 }, (_, i) => Math.round((i * n) / b));
  };
  const re = edges(rows);
  const ce = edges(cols);
  const R = re.length - 1;
  const C = ce.length - 1;
  if (R === rows && C === cols) return { rows, cols, data, rowStart: re, colStart: ce };
  const out = new Float64Array(R * C);
  for (let i = 0; i < R; i++) {
    for (let r = re[i]; r < re[i + 1]; r++) {
      for (let j = 0; j < C; j++) {
        let s = 0;
        for (let c = ce[j]; c < ce[j + 1]; c++) s += data[r * cols + c];
        out[i * C + j] += s / (re[i + 1] - re[i]);
      }
    }
  }
  return { rows: R, cols: C, data: out, rowStart: re, colStart: ce };
}

/** Paints the view's bitmap into the chart area and outlines the highlighted row. */
function drawCells(chart, view) {
  const { left, top, width, height } = chart.chartArea;
  const ctx = chart.ctx;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(view.bitmap, left, top, width, height);
  const r = view.highlight;
  if (r !== null && r >= 0 && r < view.grid.rows) {
    const h = height / view.grid.rows;
    ctx.strokeStyle = COLORS.mark;
    ctx.lineWidth = 2;
    ctx.strokeRect(left + 1, top + r * h, width - 2, h);
    ctx.fillStyle = COLORS.mark;
    ctx.beginPath(); // a pointer at the left edge of the row
    ctx.moveTo(left - 1, top + (r + 0.5) * h);
    ctx.lineTo(left - 7, top + (r + 0.5) * h - 5);
    ctx.lineTo(left - 7, top + (r + 0.5) * h + 5);
    ctx.fill();
  }
  ctx.restore();
}

/**
 * The part of the canvas (device pixels) that drawCells paints: the chart area and the highlight's
 * pointer left of it, with a margin for the outline's width and antialiasing.
 */
function cellsRegion(chart) {
  const { left, top, right, bottom } = chart.chartArea;
  const r = chart.currentDevicePixelRatio || 1;
  const { width, height } = chart.canvas;
  const x0 = Math.max(0, Math.floor((left - 9) * r));
  const y0 = Math.max(0, Math.floor((top - 7) * r));
  const x1 = Math.min(width, Math.ceil((right + 2) * r));
  const y1 = Math.min(height, Math.ceil((bottom + 7) * r));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Chart.js plugin: paints the cells. Once the view repaints without Chart.js (Heatmap.repaint), it
 * keeps a copy of the canvas as Chart.js drew it before the cells (the axes and their labels), from
 * every draw, so the copy is never older than the axes on screen.
 */
const bitmapPlugin = {
  id: 'heatmapBitmap',
  beforeDatasetsDraw(chart, _args, opts) {
    const view = opts.view;
    if (!view || !view.bitmap) return;
    if (view.axes) {
      const a = view.axes;
      a.width = chart.canvas.width; // (also clears it)
      a.height = chart.canvas.height;
      a.getContext('2d').drawImage(chart.canvas, 0, 0);
      view.axesArea = cellsRegion(chart);
    }
    drawCells(chart, view);
  },
};

export class Heatmap {
  /**
   * @param {HTMLCanvasElement} canvas  inside a .chart-box; the legend goes after that box
   * @param {{xLabel?: string, yLabel?: string, aspect?: number}} [opts]
   */
  constructor(canvas, opts = {}) {
    this.canvas = canvas;
    this.max = 1;
    this.grid = { rows: 1, cols: 1, rowStart: [0, 1], colStart: [0, 1] };
    this.keys = null;
    this.queries = null;
    this.rowCount = 1;
    this.colCount = 1;
    this.highlight = null; // highlighted row (query index), or null
    this.bitmap = document.createElement('canvas');
    this.chart = new Chart(canvas, {
      type: SCATTER,
      data: { datasets: [] },
      plugins: [bitmapPlugin],
      options: {
        ...boxSizing(canvas, opts.aspect ?? 1.05),
        events: [], // hover and tooltips are the page's own (see cellAt)
        scales: {
          x: {
            type: 'linear',
            min: -0.5,
            max: 0.5,
            title: { display: true, text: opts.xLabel ?? T.heatKeys },
            afterBuildTicks: (axis) => (axis.ticks = this.ticks(this.grid.cols, this.colCount)),
            ticks: { autoSkip: false, maxRotation: 0, callback: (v, i, t) => t[i].label },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            reverse: true,
            min: -0.5,
            max: 0.5,
            title: { display: true, text: opts.yLabel ?? T.heatQueries },
            afterBuildTicks: (axis) => (axis.ticks = this.ticks(this.grid.rows, this.rowCount)),
            ticks: { autoSkip: false, callback: (v, i, t) => t[i].label },
            grid: { display: false },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { enabled: false },
          heatmapBitmap: { view: this },
        },
      },
    });
    const box = canvas.closest('.chart-box');
    this.legend = new ColorLegend(box.parentElement);
    box.after(this.legend.canvas); // between the chart and its caption
    this.note = document.createElement('p');
    this.note.className = 'fig-note';
    this.note.hidden = true;
    this.legend.canvas.after(this.note);
    this.onMove = (e) => {
      const c = this.cellAt(e);
      canvas.title = c ? this.describe(c) : '';
    };
    canvas.addEventListener('pointermove', this.onMove);
  }

  /**
   * Ticks at round source indices (0, 10, 20, ... like the chapter's figure), placed on the binned
   * grid of `bins` cells that represents `count` source rows or columns.
   */
  ticks(bins, count) {
    const raw = count / 5;
    const p = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
    const out = [];
    for (let v = 0; v < count; v += step)
      out.push({ value: (v * bins) / count - 0.5 + bins / count / 2, label: String(v) });
    return out;
  }

  /** The cell {row, col} (binned grid) under a pointer event, or null outside the chart area. */
  cellAt(e) {
    const a = this.chart.chartArea;
    if (!a) return null;
    const rect = this.canvas.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    if (px < a.left || px > a.right || py < a.top || py > a.bottom) return null;
    const col = Math.min(
      this.grid.cols - 1,
      Math.floor(((px - a.left) / a.width) * this.grid.cols),
    );
    const row = Math.min(
      this.grid.rows - 1,
      Math.floor(((py - a.top) / a.height) * this.grid.rows),
    );
    return { row, col, v: this.grid.data[row * this.grid.cols + col] };
  }

  /** Source query index of a binned row. */
  queryOfRow(row) {
    return this.grid.rowStart[row];
  }

  /** Tooltip text of one cell: which query, which key(s), what weight. */
  describe({ row, col, v }) {
    const { rowStart, colStart } = this.grid;
    const range = (values, start, i) => {
      const a = start[i];
      const b = start[i + 1] - 1;
      if (!values) return a === b ? `#${a}` : `#${a}-${b}`;
      return a === b ? fmt(values[a]) : `${fmt(values[a])}..${fmt(values[b])}`;
    };
    return T.heatCell(range(this.queries, rowStart, row), range(this.keys, colStart, col), v);
  }

  /**
   * @param {{rows: number, cols: number, data: Float64Array}} matrix  row-major, rows = queries
   * @param {{queries?: ArrayLike<number>, keys?: ArrayLike<number>}} [labels]  for tooltips
   * @param {{max?: number, highlight?: number|null}} [opts]  max: weight shown darkest (default:
   *   the matrix maximum); pass one shared value to make several heatmaps comparable. highlight:
   *   the query row to outline, as setHighlight, drawn and described in the same pass
   */
  update(matrix, labels = {}, opts = {}) {
    // An attentionHeatmap result is binned already (rowStart / colStart); a plain matrix is binned here.
    const g = matrix.rowStart && matrix.colStart ? matrix : binMatrix(matrix);
    const m = g.rowStart[g.rows];
    const n = g.colStart[g.cols];
    const sameShape =
      g.rows === this.grid.rows &&
      g.cols === this.grid.cols &&
      m === this.rowCount &&
      n === this.colCount;
    this.grid = g;
    this.queries = labels.queries ?? null;
    this.keys = labels.keys ?? null;
    let max = 0;
    for (let k = 0; k < g.data.length; k++) if (g.data[k] > max) max = g.data[k];
    // A shared scale whose top is far above this matrix's weights would paint it white (uniform
    // weights 1/n beside one-hot rows): then the matrix gets its own scale, and a note says so.
    const own = !(opts.max > 0) || max <= 0 || max >= OWN_SCALE_BELOW * opts.max;
    this.max = !own ? max : opts.max > 0 ? opts.max : max > 0 ? max : 1;
    const ownScale = opts.max > 0 && !own ? T.heatOwnScale(max, opts.max) : '';
    this.rowCount = m;
    this.colCount = n;
    if ('highlight' in opts) {
      this.highlight = this.takeHighlight(opts.highlight);
    }
    // The drawn cells and the largest weight among them (tests read them) and, when binned, what
    // a cell is.
    this.canvas.dataset.cells = `${g.rows}x${g.cols}`;
    this.canvas.dataset.max = String(max);
    const binned = g.rows < m || g.cols < n;
    // The note changes with the shape or the scale, which a slider step usually keeps (a change
    // of language builds new views).
    const noteKey = `${g.rows} ${g.cols} ${m} ${n} ${ownScale}`;
    if (noteKey !== this.noteKey) {
      this.noteKey = noteKey;
      const notes = [binned ? T.heatBinnedNote(g.rows, g.cols, m, n) + '.' : '', ownScale];
      const text = notes.filter(Boolean).join(' ');
      this.note.hidden = text === '';
      setText(this.note, text);
    }
    this.paint();
    if (sameShape) {
      this.repaint(); // axes unchanged: the cells only
    } else {
      const o = this.chart.options.scales;
      Object.assign(o.x, { min: -0.5, max: g.cols - 0.5 });
      Object.assign(o.y, { min: -0.5, max: g.rows - 0.5 });
      this.chart.update('none');
    }
    this.legend.update(this.max);
    this.writeSummary();
  }

  /**
   * Text version for screen readers: the shape, and where the highlighted (or middle) query puts
   * its largest weight. Written into the canvas's aria-describedby element.
   */
  writeSummary() {
    const id = this.canvas.getAttribute('aria-describedby');
    const box = id && document.getElementById(id);
    const g = this.grid;
    if (!box || !g.data || !this.queries || !this.keys) return;
    const q = this.highlightQuery ?? Math.floor(this.rowCount / 2);
    const r = this.rowOf(q);
    let best = 0;
    for (let j = 1; j < g.cols; j++)
      if (g.data[r * g.cols + j] > g.data[r * g.cols + best]) best = j;
    // The middle key of the strongest (block of) keys.
    const key = this.keys[Math.floor((g.colStart[best] + g.colStart[best + 1] - 1) / 2)];
    const text = T.summaryHeatmap(
      this.rowCount,
      this.colCount,
      this.queries[q],
      key,
      g.data[r * g.cols + best],
    );
    const summary = this.note.hidden ? text : `${text} ${this.note.textContent}`;
    setText(box, summary);
  }

  /** The drawn row (block of queries) that holds source query q. */
  rowOf(q) {
    const rs = this.grid.rowStart;
    let lo = 0;
    let hi = this.grid.rows - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rs[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Fills the one-pixel-per-cell bitmap from the grid. */
  paint() {
    const { rows, cols, data } = this.grid;
    if (this.bitmap.width !== cols || this.bitmap.height !== rows) {
      this.bitmap.width = cols;
      this.bitmap.height = rows;
      this.image = null;
    }
    const ctx = this.bitmap.getContext('2d');
    if (!this.image) this.image = ctx.createImageData(cols, rows);
    // One 32-bit store per cell (the table holds whole pixels).
    const px = new Uint32Array(this.image.data.buffer);
    const table = LUT();
    const scale = 255 / this.max;
    for (let k = 0; k < rows * cols; k++) {
      const v = data[k] * scale;
      px[k] = table[v >= 255 ? 255 : v > 0 ? Math.round(v) : 0];
    }
    ctx.putImageData(this.image, 0, 0);
  }

  /**
   * Takes `query` (an index into the source rows, or null/undefined for none) as the highlighted
   * query; returns its row in the grid (null for none). The one place that maps one to the other.
   */
  takeHighlight(query) {
    this.highlightQuery = query ?? null;
    return this.highlightQuery === null ? null : this.rowOf(this.highlightQuery);
  }

  /** Outlines one query row (an index into the source rows), or none with null. */
  setHighlight(query) {
    const row = this.takeHighlight(query);
    this.writeSummary();
    if (row === this.highlight) return;
    this.highlight = row;
    this.repaint();
  }

  /**
   * Draws the cells and the highlight again over the axes Chart.js drew last (a copy of that part
   * of the canvas, see bitmapPlugin): a slider step or a pointer move changes only the cells, and
   * Chart.js's whole draw (its scales, their labels) took most of the heatmap's time per step.
   * The first call, or one after the canvas changed size, draws with Chart.js (and keeps the copy).
   */
  repaint() {
    const a = this.axes;
    const c = this.chart;
    if (!a || !this.axesArea || a.width !== c.canvas.width || a.height !== c.canvas.height) {
      this.axes ??= document.createElement('canvas');
      c.draw();
      return;
    }
    const { x, y, w, h } = this.axesArea;
    const ctx = c.ctx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(x, y, w, h);
    ctx.drawImage(a, x, y, w, h, x, y, w, h);
    ctx.restore();
    drawCells(c, this);
  }

  destroy() {
    this.canvas.removeEventListener('pointermove', this.onMove);
    this.chart.destroy();
    this.legend.destroy();
    this.note.remove();
  }
}
