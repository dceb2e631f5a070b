// Direct manipulation of the training points on a LineChart: click adds, drag moves, double-click or
// shift-click (or a click in remove mode) removes; the focused chart takes the keyboard (arrows select
// and move, Delete removes, + adds). The editor only reports edits; the owner writes them to the
// state and calls setPoints() with the result. Every point it reports passes the state's own check
// (state/settings.js pointProblem): drags and arrow keys are clamped into range, and an addition
// out of range (or beyond the maximum count) is refused with a note instead of being reported.
import { POINT_LIMITS, pointProblem } from '../state/settings.js';

const HIT_PX = 10; // a pointer within this distance of a point grabs it

export class PointEditor {
  /**
   * @param {import('./line-chart.js').LineChart} chart  shows the points as series `series`
   * @param {{onEdit: (points: {x: number[], y: number[]}, note: object) => void,
   *          onSelect?: (index: number|null) => void, series?: string, minPoints?: number,
   *          maxPoints?: number}} opts  onEdit receives the complete new point set, or null
   *   with a note {type: 'refused', min | max | problem} when an edit is refused, {type: 'end'}
   *   when a drag ends
   */
  constructor(chart, opts) {
    this.chart = chart;
    this.canvas = chart.chart.canvas;
    this.opts = {
      series: 'data',
      minPoints: POINT_LIMITS.min,
      maxPoints: POINT_LIMITS.max,
      ...opts,
    };
    this.x = [];
    this.y = [];
    this.selected = null;
    this.drag = null; // {index, pointerId, yRange}
    this.removeMode = false;
    this.enabled = true;
    this.canvas.tabIndex = 0;
    this.canvas.classList.add('editable');
    const on = (type, fn) => {
      const guarded = (e) => this.enabled && fn(e);
      this.canvas.addEventListener(type, guarded);
      return () => this.canvas.removeEventListener(type, guarded);
    };
    this.off = [
      on('pointerdown', (e) => this.pointerDown(e)),
      on('pointermove', (e) => this.pointerMove(e)),
      on('pointerup', (e) => this.pointerUp(e)),
      on('pointercancel', (e) => this.pointerUp(e)),
      on('dblclick', (e) => this.doubleClick(e)),
      on('keydown', (e) => this.keyDown(e)),
    ];
  }

  /** The points as drawn (the learner's order). Keeps the selection if it still exists. */
  setPoints(x, y) {
    this.x = Array.from(x);
    this.y = Array.from(y);
    if (this.selected !== null && this.selected >= this.x.length) this.select(null);
    this.updateRing();
  }

  /**
   * Editing on or off (off: the chart is for looking only, e.g. with more points than an edited
   * set may hold); the selection is dropped when turned off.
   */
  setEnabled(on) {
    on = Boolean(on);
    if (on === this.enabled) return;
    this.enabled = on;
    this.canvas.classList.toggle('editable', on);
    this.canvas.classList.remove('over-point');
    if (!on) {
      this.drag = null;
      if (this.selected !== null) this.select(null);
    }
  }

  setRemoveMode(on) {
    this.removeMode = Boolean(on);
    this.canvas.classList.toggle('remove-mode', this.removeMode);
  }

  /** Canvas CSS-pixel position of a pointer event. */
  local(e) {
    const r = this.canvas.getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  }

  /** Index of the point nearest to a pixel position within HIT_PX, or null. */
  hit(px, py) {
    let best = null;
    let bestD = HIT_PX * HIT_PX;
    for (let i = 0; i < this.x.length; i++) {
      const p = this.chart.toPixel(this.x[i], this.y[i]);
      const d = (p.px - px) ** 2 + (p.py - py) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  inArea(px, py) {
    const a = this.chart.chart.chartArea;
    return a && px >= a.left && px <= a.right && py >= a.top && py <= a.bottom;
  }

  /** Keeps an edited point inside the allowed x and y ranges and the (frozen) y axis. */
  clamp(x, y, yRange) {
    const [x0, x1] = POINT_LIMITS.x;
    const lo = Math.max(-POINT_LIMITS.yAbs, yRange ? yRange[0] : -Infinity);
    const hi = Math.min(POINT_LIMITS.yAbs, yRange ? yRange[1] : Infinity);
    return { x: Math.min(x1, Math.max(x0, x)), y: Math.min(hi, Math.max(lo, y)) };
  }

  yRange() {
    const s = this.chart.chart.scales.y;
    return [s.min, s.max];
  }

  emit(x, y, note) {
    this.x = x;
    this.y = y;
    this.opts.onEdit({ x: x.slice(), y: y.slice() }, note);
  }

  /** Adds a point (selected); refuses one out of range or beyond maxPoints: returns its index or null. */
  add(x, y) {
    if (this.x.length >= this.opts.maxPoints) {
      this.opts.onEdit(null, { type: 'refused', max: this.opts.maxPoints });
      return null;
    }
    const problem = pointProblem(x, y);
    if (problem) {
      this.opts.onEdit(null, { type: 'refused', problem });
      return null;
    }
    const nx = [...this.x, x];
    const ny = [...this.y, y];
    this.emit(nx, ny, { type: 'add', x, y, count: nx.length });
    this.select(nx.length - 1);
    return nx.length - 1;
  }

  move(i, x, y) {
    const nx = this.x.slice();
    const ny = this.y.slice();
    nx[i] = x;
    ny[i] = y;
    this.emit(nx, ny, { type: 'move', index: i, x, y });
    this.updateRing();
  }

  remove(i) {
    if (this.x.length <= this.opts.minPoints) {
      this.opts.onEdit(null, { type: 'refused', min: this.opts.minPoints });
      return;
    }
    const nx = this.x.filter((_, k) => k !== i);
    const ny = this.y.filter((_, k) => k !== i);
    const sel =
      this.selected === null
        ? null
        : this.selected > i
          ? this.selected - 1
          : this.selected === i
            ? null
            : this.selected;
    this.emit(nx, ny, { type: 'remove', index: i, count: nx.length });
    this.select(sel === null && nx.length ? Math.min(i, nx.length - 1) : sel);
  }

  select(i) {
    this.selected = i;
    this.updateRing();
    this.opts.onSelect?.(i);
  }

  updateRing() {
    const i = this.selected;
    this.chart.setOverlay({
      ring: i !== null && i < this.x.length ? { x: this.x[i], y: this.y[i] } : null,
    });
  }

  pointerDown(e) {
    if (e.button !== 0) return;
    const { px, py } = this.local(e);
    if (!this.inArea(px, py)) return;
    const i = this.hit(px, py);
    if (i !== null && (e.shiftKey || this.removeMode)) {
      e.preventDefault();
      this.remove(i);
      return;
    }
    if (this.removeMode) return;
    e.preventDefault();
    this.canvas.focus({ preventScroll: true });
    const yRange = this.yRange(); // the axis stays put while dragging
    let index = i;
    if (index === null) {
      const d = this.clamp(this.chart.toData(px, py).x, this.chart.toData(px, py).y, yRange);
      index = this.add(d.x, d.y);
      if (index === null) return;
    } else this.select(index);
    this.drag = { index, pointerId: e.pointerId, yRange };
    this.chart.freezeY?.(yRange);
    this.canvas.setPointerCapture(e.pointerId);
  }

  pointerMove(e) {
    if (this.drag && e.pointerId === this.drag.pointerId) {
      const { px, py } = this.local(e);
      const d = this.chart.toData(px, py);
      const c = this.clamp(d.x, d.y, this.drag.yRange);
      this.move(this.drag.index, c.x, c.y);
      return;
    }
    const { px, py } = this.local(e);
    this.canvas.classList.toggle('over-point', this.hit(px, py) !== null);
  }

  pointerUp(e) {
    if (!this.drag || e.pointerId !== this.drag.pointerId) return;
    this.drag = null;
    this.chart.freezeY?.(null);
    this.opts.onEdit(null, { type: 'end' });
  }

  doubleClick(e) {
    const { px, py } = this.local(e);
    const i = this.hit(px, py);
    if (i !== null) this.remove(i);
  }

  /** Point indices ordered by x (keyboard selection walks along the x axis). */
  order() {
    return this.x.map((_, i) => i).sort((a, b) => this.x[a] - this.x[b] || a - b);
  }

  keyDown(e) {
    const n = this.x.length;
    if (!n) return;
    const order = this.order();
    const pos = this.selected === null ? -1 : order.indexOf(this.selected);
    const yStep = e.altKey ? 0.02 : 0.1;
    const xStep = e.altKey ? 0.01 : 0.05;
    const i = this.selected;
    let handled = true;
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && e.shiftKey && i !== null) {
      const c = this.clamp(this.x[i] + (e.key === 'ArrowRight' ? xStep : -xStep), this.y[i]);
      this.move(i, c.x, c.y);
    } else if (e.key === 'ArrowRight') this.select(order[Math.min(n - 1, pos + 1)]);
    else if (e.key === 'ArrowLeft') this.select(order[pos <= 0 ? 0 : pos - 1]);
    else if (e.key === 'Home') this.select(order[0]);
    else if (e.key === 'End') this.select(order[n - 1]);
    else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && i !== null) {
      const c = this.clamp(this.x[i], this.y[i] + (e.key === 'ArrowUp' ? yStep : -yStep));
      this.move(i, c.x, c.y);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && i !== null) this.remove(i);
    else if (e.key === '+' || e.key === '=' || e.key === 'Insert') {
      // Halfway between the selected point and the next one to its right (or a bit to its right).
      const a = i ?? order[0];
      const b = order[pos + 1];
      const x =
        b !== undefined
          ? (this.x[a] + this.x[b]) / 2
          : Math.min(POINT_LIMITS.x[1], this.x[a] + 0.1);
      const y = b !== undefined ? (this.y[a] + this.y[b]) / 2 : this.y[a];
      this.add(x, y);
    } else if (e.key === 'Escape') this.select(null);
    else handled = false;
    if (handled) e.preventDefault();
  }

  destroy() {
    this.off.forEach((f) => f());
  }
}
