// The attention of one query over a plane of two inputs (x1, x2): the training inputs as points,
// the ones the query weighs drawn on top as discs sized and shaded by their weight (the
// inspector's discs), and the query as a marker that the learner drags (pointer) or moves with
// the arrow keys (0.1 per press, Shift: 0.5). Drawn by FastPlot (no Chart.js: redrawn on every
// pointer move).
import { T } from '../i18n/index.js';
import { COLORS } from './colors.js';
import { FastPlot } from './fast-plot.js';
import { shadeColors, weightDiscs } from './inspector.js';
import { MAX_DRAWN_POINTS } from './line-chart.js';

export class PlaneAttention {
  /**
   * @param {HTMLCanvasElement} canvas  inside a .chart-box
   * @param {{range: number[], onMove: (q1: number, q2: number) => void, aspect?: number}} opts
   *   range: [lo, hi] of both axes; onMove gets the new query (inside the range)
   */
  constructor(canvas, opts) {
    const [lo, hi] = opts.range;
    this.range = opts.range;
    this.shades = shadeColors();
    this.query = [0, 0];
    this.plot = new FastPlot(canvas, {
      aspect: opts.aspect ?? 1.05,
      x: { label: T.axisFirstInput, min: lo, max: hi },
      y: { label: T.axisSecondInput, min: lo, max: hi },
      series: [
        {
          id: 'keys',
          label: T.trainingInputs,
          kind: 'points',
          color: this.shades[0],
          radius: 1.5,
          maxPoints: MAX_DRAWN_POINTS,
        },
        { id: 'query', label: T.planeQuery, kind: 'marker', color: COLORS.mark, radius: 6 },
      ],
    });
    canvas.tabIndex = 0;
    canvas.classList.add('inspectable');
    const clamp = (v) => Math.min(hi, Math.max(lo, Math.round(v * 100) / 100));
    let dragging = false;
    const moveTo = (e) => {
      const r = canvas.getBoundingClientRect();
      if (!this.plot.layout) return;
      opts.onMove(
        clamp(this.plot.toData(e.clientX - r.left)),
        clamp(this.plot.toDataY(e.clientY - r.top)),
      );
    };
    this.onDown = (e) => {
      const a = this.plot.area;
      const r = canvas.getBoundingClientRect();
      const px = e.clientX - r.left;
      const py = e.clientY - r.top;
      if (!a || px < a.left || px > a.right || py < a.top || py > a.bottom) return;
      dragging = true;
      canvas.setPointerCapture?.(e.pointerId);
      moveTo(e);
      e.preventDefault();
    };
    this.onMovePointer = (e) => {
      if (dragging) moveTo(e);
    };
    this.onUp = () => (dragging = false);
    this.onKey = (e) => {
      const step = e.shiftKey ? 0.5 : 0.1;
      const d = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, step],
        ArrowDown: [0, -step],
      }[e.key];
      if (!d) return;
      e.preventDefault();
      opts.onMove(clamp(this.query[0] + d[0]), clamp(this.query[1] + d[1]));
    };
    canvas.addEventListener('pointerdown', this.onDown);
    canvas.addEventListener('pointermove', this.onMovePointer);
    canvas.addEventListener('pointerup', this.onUp);
    canvas.addEventListener('pointercancel', this.onUp);
    canvas.addEventListener('keydown', this.onKey);
    this.canvas = canvas;
  }

  /**
   * @param {Float64Array} keys  n x 2 row-major
   * @param {ArrayLike<number>} weights  the query's attention row (n)
   * @param {number[]} query  [q1, q2]
   */
  update(keys, weights, query) {
    this.query = query;
    const n = keys.length / 2;
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      x1[j] = keys[2 * j];
      x2[j] = keys[2 * j + 1];
    }
    const discs = weightDiscs(x1, x2, weights, this.shades);
    this.plot.update(
      { keys: { x: x1, y: x2 }, query: { x: [query[0]], y: [query[1]] } },
      { discs },
    );
  }

  setSummaryNote(text) {
    this.plot.setSummaryNote(text);
  }

  destroy() {
    this.canvas.removeEventListener('pointerdown', this.onDown);
    this.canvas.removeEventListener('pointermove', this.onMovePointer);
    this.canvas.removeEventListener('pointerup', this.onUp);
    this.canvas.removeEventListener('pointercancel', this.onUp);
    this.canvas.removeEventListener('keydown', this.onKey);
    this.plot.destroy();
  }
}
