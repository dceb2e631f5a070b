// Attention heatmap: m queries (rows, top to bottom) x n keys (columns, left to right), white to red,
// with its own colour legend. Updated in place; cells are sized from the chart area so that no
// seams show between them.
import { Chart } from './chartjs.js';
import { fmt, heatColor } from './colors.js';
import { ColorLegend } from './color-legend.js';

/** More keys than this are summed into bins of neighbouring (sorted) keys, to keep drawing fast. */
const MAX_CELLS_PER_AXIS = 120;

/**
 * Sums a rows x cols row-major matrix into at most `limit` bins per axis (neighbouring rows and
 * columns). Returns {rows, cols, data, rowStart, colStart} where rowStart[i] is the first source row
 * of bin i (plus a final end index), likewise colStart.
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

export class Heatmap {
  /**
   * @param {HTMLCanvasElement} canvas  inside a .chart-box; the legend goes after that box
   * @param {{xLabel?: string, yLabel?: string, aspect?: number}} [opts]
   */
  constructor(canvas, opts = {}) {
    this.max = 1;
    this.grid = { rows: 1, cols: 1, rowStart: [0, 1], colStart: [0, 1] };
    this.keys = null;
    this.queries = null;
    this.rowCount = 1;
    this.colCount = 1;
    // Plain (not scriptable) cell options resolve much faster for thousands of cells: the colours
    // are an array indexed like the data, and the cell size is recomputed after every layout.
    const sizeCells = {
      id: 'heatmapCellSize',
      beforeDatasetsUpdate: (chart) => {
        const a = chart.chartArea;
        const d = chart.data.datasets[0];
        if (!a) return;
        d.width = a.width / this.grid.cols + 1;
        d.height = a.height / this.grid.rows + 1;
      },
    };
    this.chart = new Chart(canvas, {
      type: 'matrix',
      data: {
        datasets: [
          {
            label: 'attention',
            data: [],
            borderWidth: 0,
            width: 1,
            height: 1,
            backgroundColor: [],
          },
        ],
      },
      plugins: [sizeCells],
      options: {
        aspectRatio: opts.aspect ?? 1.05,
        parsing: false,
        normalized: true,
        scales: {
          x: {
            type: 'linear',
            offset: false,
            title: { display: true, text: opts.xLabel ?? 'Sorted training inputs' },
            afterBuildTicks: (axis) => (axis.ticks = this.ticks(this.grid.cols, this.colCount)),
            ticks: { autoSkip: false, maxRotation: 0, callback: (v, i, t) => t[i].label },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            reverse: true,
            offset: false,
            title: { display: true, text: opts.yLabel ?? 'Sorted testing inputs' },
            afterBuildTicks: (axis) => (axis.ticks = this.ticks(this.grid.rows, this.rowCount)),
            ticks: { autoSkip: false, callback: (v, i, t) => t[i].label },
            grid: { display: false },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: () => '', label: (c) => this.describe(c.raw) } },
        },
      },
    });
    const box = canvas.closest('.chart-box');
    this.legend = new ColorLegend(box.parentElement);
    box.after(this.legend.canvas); // between the chart and its caption
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
    for (let v = 0; v < count; v += step) out.push({ value: (v * bins) / count, label: String(v) });
    return out;
  }

  /** Tooltip text of one cell: which query, which key(s), what weight. */
  describe(p) {
    if (!p) return '';
    const { rowStart, colStart } = this.grid;
    const range = (values, start, i) => {
      const a = start[i];
      const b = start[i + 1] - 1;
      if (!values) return a === b ? `#${a}` : `#${a}-${b}`;
      return a === b ? fmt(values[a]) : `${fmt(values[a])}..${fmt(values[b])}`;
    };
    return `query ${range(this.queries, rowStart, p.y)}, key ${range(this.keys, colStart, p.x)}: weight ${fmt(p.v)}`;
  }

  /**
   * @param {{rows: number, cols: number, data: Float64Array}} matrix  row-major, rows = queries
   * @param {{queries?: ArrayLike<number>, keys?: ArrayLike<number>}} [labels]  for tooltips
   * @param {{max?: number}} [opts]  weight shown darkest (default: the matrix maximum); pass one
   *   shared value to make several heatmaps comparable
   */
  update(matrix, labels = {}, opts = {}) {
    const g = binMatrix(matrix);
    this.grid = g;
    this.queries = labels.queries ?? null;
    this.keys = labels.keys ?? null;
    let max = 0;
    const points = new Array(g.rows * g.cols);
    for (let i = 0; i < g.rows; i++) {
      for (let j = 0; j < g.cols; j++) {
        const v = g.data[i * g.cols + j];
        if (v > max) max = v;
        points[i * g.cols + j] = { x: j, y: i, v };
      }
    }
    this.max = max > 0 ? max : 1;
    if (opts.max > 0) this.max = opts.max;
    this.rowCount = matrix.rows;
    this.colCount = matrix.cols;
    const o = this.chart.options.scales;
    Object.assign(o.x, { min: -0.5, max: g.cols - 0.5 });
    Object.assign(o.y, { min: -0.5, max: g.rows - 0.5 });
    const colors = new Array(points.length);
    for (let k = 0; k < points.length; k++) colors[k] = heatColor(points[k].v / this.max);
    this.chart.data.datasets[0].data = points;
    this.chart.data.datasets[0].backgroundColor = colors;
    this.chart.update('none');
    this.legend.update(this.max);
  }

  destroy() {
    this.chart.destroy();
    this.legend.destroy();
  }
}
