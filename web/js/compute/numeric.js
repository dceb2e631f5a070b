// Grids to ask the API about and indices to draw: no model numerics here (those are in the core).

/** n log-spaced numbers from lo to hi inclusive (the bandwidths or scales a curve is asked at). */
export function logspace(lo, hi, n) {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Float64Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
}

/**
 * Indices of at most `max` of `n` items, evenly spread (deterministic: always the same subset for
 * the same n), for thinning what is drawn. All indices when n <= max.
 */
export function thinIndices(n, max) {
  if (n <= max) return null;
  return Int32Array.from({ length: max }, (_, i) => Math.floor(((i + 0.5) * n) / max));
}
