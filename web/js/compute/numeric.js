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

/**
 * Golden-section minimum of f on log x in [lo, hi] (one evaluation per iteration): {h, loss}.
 * A generator: yields after every evaluation (each may be an O(n window) LOO loss).
 */
export function* goldenLog(f, lo, hi, iterations) {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(lo);
  let b = Math.log(hi);
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(Math.exp(c));
  let fd = f(Math.exp(d));
  for (let i = 0; i < iterations; i++) {
    yield;
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(Math.exp(d));
    }
  }
  const h = Math.exp((a + b) / 2);
  return { h, loss: f(h) };
}
