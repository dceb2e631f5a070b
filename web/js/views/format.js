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

/** A tick's e-notation: no trailing zeros and no plus sign (1e-4, 2.5e-5, 1e4). */
const tickExponential = (v) => v.toExponential().replace('e+', 'e');

/**
 * The text of a logarithmic axis's tick: two significant digits, as fmt(v, 2), but in e-notation
 * without trailing zeros (1e-4, 2.5e-5, 1e4), so a label below 0.001 does not read "1.00e-4"
 * beside "0.001" on the same axis.
 */
export function logTickText(v) {
  if (!Number.isFinite(v)) return fmt(v);
  const r = Number(v.toPrecision(2));
  const a = Math.abs(r);
  return a !== 0 && (a >= 1e4 || a < 1e-3) ? tickExponential(r) : fmt(r, 2);
}

/** An attention weight: two decimals, or two significant digits when it is below 0.01. */
export function fmtWeight(w) {
  return w === 0 || w >= 0.01 ? w.toFixed(2) : fmt(w, 2);
}

/*
 * Numbers in the page's own number format, without Intl.NumberFormat: the first one made in a
 * renderer process costs 28-60 ms of its thread (ICU's locale data; measured in fresh tabs on a
 * 2-core host), on the main thread before the first figure, for output that both of the page's
 * languages write the same way ("1,250.5").
 */

/**
 * `v` with `digits` decimals and its integer part grouped by thousands: 1250.5, 1 -> "1,250.5".
 * Rounded as written in decimal, half away from zero (1.005 -> "1.01", as Intl.NumberFormat;
 * toFixed rounds the double nearest 1.005, 1.00499..., to "1.00"). -0 is "0"; a negative number
 * that rounds to zero keeps its sign ("-0.0", as Intl). Infinities and NaN are written by fmt.
 */
export function numberText(v, digits = 0) {
  if (!Number.isFinite(v)) return fmt(v);
  const [whole, fraction] = fixedText(v, digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `v` rounded to `digits` decimals, from its shortest decimal form (String(v)). */
function fixedText(v, digits) {
  const [whole, fraction = ''] = plainDecimal(String(Math.abs(v))).split('.');
  let kept = whole + fraction.slice(0, digits).padEnd(digits, '0');
  if (fraction.length > digits && fraction[digits] >= '5')
    kept = (BigInt(kept) + 1n).toString().padStart(kept.length, '0');
  const sign = v < 0 ? '-' : '';
  return digits === 0 ? sign + kept : `${sign}${kept.slice(0, -digits)}.${kept.slice(-digits)}`;
}

/** A non-negative number's text without e-notation: "1.5e-8" -> "0.000000015", "1e+21" -> 10^21. */
function plainDecimal(text) {
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[1] + (m[2] ?? '');
  const e = Number(m[3]);
  return e < 0 ? `0.${'0'.repeat(-e - 1)}${digits}` : digits.padEnd(e + 1, '0');
}

/**
 * The text of a linear axis's tick, by Chart.js's rule for its default labels (its
 * `Ticks.formatters.numeric`): as many decimals as the step between the ticks needs (the
 * distance to the integer below, for a tick between integers when the step is 1 or more), and
 * e-notation (1e-5, 2.5e-5) when the axis's largest end is below 1e-4 or above 1e15, where
 * Chart.js would write "1.00000E-5". `ticks` are the axis's tick values, in order.
 */
export function tickText(value, ticks) {
  if (value === 0) return '0';
  let delta = value;
  if (ticks.length > 1) {
    const largest = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
    if (largest < 1e-4 || largest > 1e15) return tickExponential(Number(value.toPrecision(12)));
    delta = ticks.length > 3 ? ticks[2] - ticks[1] : ticks[1] - ticks[0];
    if (Math.abs(delta) >= 1 && value !== Math.floor(value)) delta = value - Math.floor(value);
  }
  const log = Math.log10(Math.abs(delta));
  return numberText(value, Number.isNaN(log) ? 1 : Math.max(Math.min(-Math.floor(log), 20), 0));
}
