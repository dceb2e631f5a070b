// The page's palette and the white-to-red colour scale of the attention heatmaps.

export const COLORS = {
  data: '#7a8594', // training points
  truth: '#2b7a3d', // the true function
  pred: '#c0392b', // a prediction
  param: '#6c3fb5', // the parametric model
  average: '#d68910', // average pooling
  accent: '#1f6fb2',
  muted: '#aab2bd',
};

/** Distinct colours for several series (kernels, bandwidths, methods). */
export const SERIES = ['#1f6fb2', '#c0392b', '#2b7a3d', '#d68910', '#6c3fb5', '#17a2a2', '#8c564b'];

/**
 * White-to-red scale: t in [0, 1] maps to an interpolation from white (t = 0) over light orange to
 * a dark red (t = 1). Returns an "rgb(r, g, b)" string.
 */
const STOPS = [
  [0, [255, 255, 255]],
  [0.25, [253, 204, 138]],
  [0.55, [239, 101, 72]],
  [1, [153, 0, 13]],
];
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

/** Short number formatting for labels and readouts. */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}
