// Small numeric helpers shared by the page and the compute worker.

/** n log-spaced numbers from lo to hi inclusive. */
export function logspace(lo, hi, n) {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Float64Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
}

/** Mean squared error of two equally long arrays. */
export function mse(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/**
 * Indices of at most `max` of `n` items, evenly spread (deterministic: always the same subset for
 * the same n), for thinning what is drawn. All indices when n <= max.
 */
export function thinIndices(n, max) {
  if (n <= max) return null;
  return Int32Array.from({ length: max }, (_, i) => Math.floor(((i + 0.5) * n) / max));
}
