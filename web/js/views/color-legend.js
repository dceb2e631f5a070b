// A small horizontal colour bar with its value range, drawn on its own canvas.
import { FONT_FAMILY } from './chartjs.js';
import { COLORS, fmt, heatColor, themeVersion } from './colors.js';
import { T } from './strings.js';

const WIDTH = 180;
const HEIGHT = 34;
/** The bar's left end and length, and the height of its band above the labels (CSS pixels). */
const X0 = 8;
const BAR = WIDTH - 2 * X0;
const BAND = 16;

/**
 * The bar (164 gradient steps and its frame), drawn once per device pixel ratio and theme on a
 * canvas outside the page and copied into every legend, pixel for pixel the same: drawn step by
 * step in each (a fill colour parsed per step), the page's 17 legends took 25-36 ms of a first
 * load's main thread in a sampling profile.
 */
let bar = null;
function barImage(dpr) {
  const key = `${dpr} ${themeVersion()}`;
  if (bar?.key === key) return bar.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(WIDTH * dpr);
  canvas.height = Math.round(BAND * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  for (let i = 0; i < BAR; i++) {
    ctx.fillStyle = heatColor(i / (BAR - 1));
    ctx.fillRect(X0 + i, 2, 1.5, 12);
  }
  ctx.strokeStyle = COLORS.muted;
  ctx.lineWidth = 0.5;
  ctx.strokeRect(X0, 2, BAR, 12);
  bar = { key, canvas };
  return canvas;
}

/**
 * The canvas outside the page that a legend's labels are drawn on before they are copied: one for
 * every legend (each copies its labels at once), so the page's 17 legends make one canvas and
 * one context, whose font is set up once.
 */
let strip = null;
function labelStrip(dpr) {
  const width = Math.round(WIDTH * dpr);
  const height = Math.round((HEIGHT - BAND) * dpr);
  strip ??= document.createElement('canvas');
  if (strip.width !== width || strip.height !== height) {
    strip.width = width;
    strip.height = height;
  }
  return strip;
}

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
    if (this.label === undefined) {
      // Device pixels one to one: the same pixels as drawing the bar here.
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(barImage(this.dpr), 0, 0);
    }
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.label = label;
    // The labels are drawn on a canvas outside the page, then copied: text drawn on a canvas in the
    // page makes the browser bring the page's style up to date first (0.3 ms on every slider step,
    // after the step's text changes).
    const strip = labelStrip(this.dpr);
    const s = strip.getContext('2d');
    s.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    s.clearRect(0, 0, WIDTH, HEIGHT - BAND);
    s.fillStyle = COLORS.text;
    s.font = `11px ${FONT_FAMILY}`; // the charts' fonts, a size smaller
    s.textBaseline = 'top';
    s.textAlign = 'left';
    s.fillText('0', X0, 2);
    s.textAlign = 'center';
    s.fillText(this.title, X0 + BAR / 2, 2);
    s.textAlign = 'right';
    s.fillText(label, X0 + BAR, 2);
    ctx.clearRect(0, BAND, WIDTH, HEIGHT - BAND);
    ctx.drawImage(strip, 0, BAND, WIDTH, HEIGHT - BAND);
    this.canvas.setAttribute('aria-label', T.colorScale(this.title, max));
  }

  destroy() {
    this.canvas.remove();
  }
}
