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
    const cellW = ({ chart }) => (chart.chartArea ? chart.chartArea.width / this.grid.cols + 1 : 1);
    const cellH = ({ chart }) => (chart.chartArea ? chart.chartArea.height / this.grid.rows + 1 : 1);
    this.chart = new Chart(canvas, {
      type: 'matrix',
      data: {
        datasets: [
          {
            label: 'attention',
            data: [],
            borderWidth: 0,
            width: cellW,
            height: cellH,
            backgroundColor: (c) => heatColor((c.raw?.v ?? 0) / this.max),
          },
        ],
      },
      options: {
        aspectRatio: opts.aspect ?? 1.05,
        parsing: false,
        normalized: true,
        scales: {
          x: {
            type: 'linear',
            offset: false,
            title: { display: true, text: opts.xLabel ?? 'Sorted training inputs' },
            ticks: { maxTicksLimit: 6, precision: 0 },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            reverse: true,
            offset: false,
            title: { display: true, text: opts.yLabel ?? 'Sorted testing inputs' },
            ticks: { maxTicksLimit: 6, precision: 0 },
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
   */
  update(matrix, labels = {}) {
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
    // Axis ticks count source rows/columns (indices), as the chapter's figure does.
    const sx = matrix.cols / g.cols;
    const sy = matrix.rows / g.rows;
    const o = this.chart.options.scales;
    Object.assign(o.x, { min: -0.5, max: g.cols - 0.5 });
    Object.assign(o.y, { min: -0.5, max: g.rows - 0.5 });
    o.x.ticks.callback = (v) => (Number.isInteger(v) ? String(Math.round(v * sx)) : '');
    o.y.ticks.callback = (v) => (Number.isInteger(v) ? String(Math.round(v * sy)) : '');
    this.chart.data.datasets[0].data = points;
    this.chart.update('none');
    this.legend.update(this.max);
  }

  destroy() {
    this.chart.destroy();
    this.legend.destroy();
  }
}
