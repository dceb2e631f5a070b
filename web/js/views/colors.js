// The page's palette, read from CSS variables (style.css defines a light and a dark set, so the
// charts follow prefers-color-scheme), and the sequential colour scale of the attention heatmaps.
// Colours were chosen to stay distinguishable with colour-vision deficiencies (Okabe-Ito hues);
// lines that share a chart also differ by dash pattern.
export { fmt } from './format.js';

/** Named colours of the charts; filled by applyTheme() (defaults: the light theme). */
export const COLORS = {
  text: '#3d4451',
  grid: '#eef0f3',
  bg: '#ffffff',
  mark: '#0b3d6b', // query line, selection ring, highlighted heatmap row
  data: '#6b7480', // training points
  truth: '#007a5a', // the true function (dashed)
  pred: '#d55e00', // a prediction
  param: '#6a3d9a', // the parametric model
  average: '#b57800', // average pooling
  accent: '#0072b2',
  muted: '#8a939e',
};

/** Distinct colours for several series (kernels, bandwidths, methods). */
export const SERIES = ['#0072b2', '#d55e00', '#007a5a', '#b57800', '#6a3d9a', '#3a9ad9', '#c0609a'];

/** Dash patterns for a second, third, ... line in one chart. */
export const DASHES = [[], [7, 4], [2, 3], [10, 3, 2, 3]];

/** Stops of the heatmap scale (t in [0, 1] -> RGB): light = white to dark red, dark = magma. */
let STOPS = [
  [0, [255, 255, 255]],
  [0.25, [253, 204, 138]],
  [0.55, [239, 101, 72]],
  [1, [153, 0, 13]],
];
const DARK_STOPS = [
  [0, [24, 27, 33]],
  [0.3, [90, 22, 110]],
  [0.6, [200, 55, 100]],
  [0.85, [252, 140, 90]],
  [1, [252, 240, 180]],
];
let version = 0;

/** True when the page shows its dark theme. */
export function isDark() {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Reads the chart colours from the CSS variables of the document (call before creating charts). */
export function applyTheme(root = document.documentElement) {
  const css = getComputedStyle(root);
  const read = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  for (const k of Object.keys(COLORS)) COLORS[k] = read(`--chart-${k}`, COLORS[k]);
  for (let i = 0; i < SERIES.length; i++) SERIES[i] = read(`--series-${i}`, SERIES[i]);
  const dark = isDark();
  STOPS = dark
    ? DARK_STOPS
    : [
        [0, [255, 255, 255]],
        [0.25, [253, 204, 138]],
        [0.55, [239, 101, 72]],
        [1, [153, 0, 13]],
      ];
  version++;
  return dark;
}

/** Changes whenever the theme is re-read (views cache lookup tables by it). */
export const themeVersion = () => version;

/** The heatmap colour of t in [0, 1] (0 = no weight) as [r, g, b]. */
export function heatColorRGB(t) {
  const v = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  let i = 1;
  while (i < STOPS.length - 1 && v > STOPS[i][0]) i++;
  const [t0, c0] = STOPS[i - 1];
  const [t1, c1] = STOPS[i];
  const f = (v - t0) / (t1 - t0);
  return c0.map((a, k) => Math.round(a + (c1[k] - a) * f));
}

export function heatColor(t) {
  const c = heatColorRGB(t);
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** A CSS colour with alpha: accepts #rrggbb. */
export function withAlpha(hex, a) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${a})`;
}
