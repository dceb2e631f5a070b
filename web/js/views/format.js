// Number formatting shared by the views and the strings modules.

/** Short number formatting for labels and readouts. */
export function fmt(v, digits = 3) {
  // h = 1/|w| at w = 0 is infinite (average pooling): shown as ∞.
  if (v === Infinity || v === -Infinity) return v > 0 ? '∞' : '−∞';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/**
 * The text of a logarithmic axis's tick: two significant digits, as fmt(v, 2), but in e-notation
 * without trailing zeros (1e-4, 2.5e-5, 1e4), so a label below 0.001 does not read "1.00e-4"
 * beside "0.001" on the same axis.
 */
export function logTickText(v) {
  if (!Number.isFinite(v)) return fmt(v);
  const r = Number(v.toPrecision(2));
  const a = Math.abs(r);
  return a !== 0 && (a >= 1e4 || a < 1e-3) ? r.toExponential().replace('e+', 'e') : fmt(r, 2);
}

/** An attention weight: two decimals, or two significant digits when it is below 0.01. */
export function fmtWeight(w) {
  return w === 0 || w >= 0.01 ? w.toFixed(2) : fmt(w, 2);
}
