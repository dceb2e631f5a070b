// A small horizontal colour bar with its value range, drawn on its own canvas.
import { COLORS, fmt, heatColor } from './colors.js';
import { T } from './strings.js';

const WIDTH = 180;
const HEIGHT = 34;

export class ColorLegend {
  /** @param {HTMLElement} parent  the legend is appended to it */
  constructor(parent, title = T.attentionWeight) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'color-legend';
    this.canvas.setAttribute('role', 'img');
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(WIDTH * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.dpr = dpr;
    this.title = title;
    parent.append(this.canvas);
  }

  /**
   * Shows values from 0 to max. The bar (164 gradient steps) is drawn once; a new max redraws only
   * the labels under it, and an unchanged label nothing (it changes on every slider step).
   */
  update(max) {
    const label = fmt(max, 2);
    if (label === this.label) return;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const x0 = 8;
    const w = WIDTH - 16;
    if (this.label === undefined) {
      for (let i = 0; i < w; i++) {
        ctx.fillStyle = heatColor(i / (w - 1));
        ctx.fillRect(x0 + i, 2, 1.5, 12);
      }
      ctx.strokeStyle = COLORS.muted;
      ctx.lineWidth = 0.5;
      ctx.strokeRect(x0, 2, w, 12);
    }
    this.label = label;
    // The labels are drawn on a canvas outside the page, then copied: text drawn on a canvas in the
    // page makes the browser bring the page's style up to date first (0.3 ms on every slider step,
    // after the step's text changes).
    const strip = (this.strip ??= document.createElement('canvas'));
    if (strip.width !== this.canvas.width) {
      strip.width = this.canvas.width;
      strip.height = Math.round((HEIGHT - 16) * this.dpr);
    }
    const s = strip.getContext('2d');
    s.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    s.clearRect(0, 0, WIDTH, HEIGHT - 16);
    s.fillStyle = COLORS.text;
    s.font = '11px system-ui, sans-serif';
    s.textBaseline = 'top';
    s.textAlign = 'left';
    s.fillText('0', x0, 2);
    s.textAlign = 'center';
    s.fillText(this.title, x0 + w / 2, 2);
    s.textAlign = 'right';
    s.fillText(label, x0 + w, 2);
    ctx.clearRect(0, 16, WIDTH, HEIGHT - 16);
    ctx.drawImage(strip, 0, 16, WIDTH, HEIGHT - 16);
    this.canvas.setAttribute('aria-label', T.colorScale(this.title, max));
  }

  destroy() {
    this.canvas.remove();
  }
}
