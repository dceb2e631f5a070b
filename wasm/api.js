// The public JS API of the Nadaraya-Watson module (appended to the Emscripten output with
// --extern-post-js, so `createNadarayaWatsonModule` is in scope). Documented in docs/API.md.
//
// This layer validates every argument before anything reaches WebAssembly, fills in defaults,
// maps kernel names to indices, and turns results into fresh Float64Arrays. Errors are TypeError
// (wrong type, non-finite number, unknown name) or RangeError (length, range), and the message
// names the function, the argument and the value.
(function () {
  'use strict';

  const createModule = createNadarayaWatsonModule;
  const VERSION = '0.1.0';

  /** Size limits: requests beyond them fail with a RangeError before any allocation. */
  const LIMITS = Object.freeze({
    maxPoints: 4000000, // keys, values, queries, generated points (a call then needs < 400 MB)
    maxAttentionCells: 25000000, // queries x keys of one attention matrix (200 MB of doubles)
    maxBandwidths: 100000, // entries of one LOO curve
    maxEpochs: 1000000,
    maxSeed: Number.MAX_SAFE_INTEGER,
  });

  const KERNEL_NAMES = Object.freeze([
    'gaussian',
    'boxcar',
    'epanechnikov',
    'triangular',
    'tricube',
    'cosine',
    'constant',
  ]);
  const TRAINABLE = Object.freeze(['gaussian', 'epanechnikov', 'triangular', 'tricube', 'cosine']);

  function show(v) {
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);
    if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
    if (Array.isArray(v)) return `an array of length ${v.length}`;
    if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${v.length}`;
    if (typeof v === 'function') return 'a function';
    return typeof v === 'object' ? 'an object' : typeof v;
  }

  /** Checks an array-like of finite numbers; returns it as a Float64Array (copied if needed). */
  function floatArray(fn, name, value, minLength = 1) {
    const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
    if (!ok) {
      throw new TypeError(`${fn}: ${name} must be a Float64Array or an array of numbers (got ${show(value)})`);
    }
    if (value.length < minLength) {
      throw new RangeError(`${fn}: ${name} must have at least ${minLength} element${minLength === 1 ? '' : 's'} (got ${value.length})`);
    }
    if (value.length > LIMITS.maxPoints) {
      throw new RangeError(`${fn}: ${name} has ${value.length} elements, more than the limit ${LIMITS.maxPoints}`);
    }
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number' && typeof v !== 'bigint') {
        throw new TypeError(`${fn}: ${name}[${i}] must be a number (got ${show(v)})`);
      }
      if (typeof v === 'bigint' || !Number.isFinite(v)) {
        throw new TypeError(`${fn}: ${name}[${i}] must be a finite number (got ${show(typeof v === 'bigint' ? String(v) : v)})`);
      }
    }
    return value instanceof Float64Array ? value : Float64Array.from(value);
  }

  /** An option's value, or its default when it is not given. */
  const get = (o, key, fallback) => (o[key] === undefined ? fallback : o[key]);

  function options(fn, value) {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`${fn}: options must be an object (got ${show(value)})`);
    }
    return value;
  }

  /** A finite number within [min, max] (or (min, max] with exclusiveMin); integer if asked. */
  function number(fn, name, value, { min = -Infinity, max = Infinity, exclusiveMin = false, integer = false } = {}) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${fn}: ${name} must be a finite number (got ${show(value)})`);
    }
    if (integer && !Number.isInteger(value)) {
      throw new RangeError(`${fn}: ${name} must be an integer (got ${show(value)})`);
    }
    const low = exclusiveMin ? value <= min : value < min;
    if (low || value > max) {
      const lo = min === -Infinity ? '' : `${exclusiveMin ? '>' : '>='} ${min}`;
      const hi = max === Infinity ? '' : `<= ${max}`;
      throw new RangeError(`${fn}: ${name} must be ${[lo, hi].filter(Boolean).join(' and ')} (got ${show(value)})`);
    }
    return value;
  }

  function boolean(fn, name, value) {
    if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be true or false (got ${show(value)})`);
    return value;
  }

  /** The index of the options' kernel (default 'gaussian'). */
  function kernelIndex(fn, o, { trainable = false } = {}) {
    const name = get(o, 'kernel', 'gaussian');
    const list = trainable ? TRAINABLE : KERNEL_NAMES;
    if (typeof name !== 'string' || !list.includes(name)) {
      const why = trainable && KERNEL_NAMES.includes(name) ? ' (its weights do not depend smoothly on w)' : '';
      throw new TypeError(`${fn}: kernel must be one of ${list.join(', ')} (got ${show(name)})${why}`);
    }
    return KERNEL_NAMES.indexOf(name);
  }

  /** The scale w = 1/h from {bandwidth} or {w}; bandwidth defaults to 1. */
  function scale(fn, opts) {
    if (opts.w !== undefined && opts.bandwidth !== undefined) {
      throw new TypeError(`${fn}: give either bandwidth or w, not both`);
    }
    if (opts.w !== undefined) return number(fn, 'w', opts.w);
    const h = get(opts, 'bandwidth', 1);
    return 1 / number(fn, 'bandwidth', h, { min: 0, exclusiveMin: true });
  }

  /** evaluation: 'windowed' (default: only the keys that can change the result) or 'dense'. */
  function dense(fn, opts) {
    const e = get(opts, 'evaluation', 'windowed');
    if (e !== 'windowed' && e !== 'dense') {
      throw new TypeError(`${fn}: evaluation must be 'windowed' or 'dense' (got ${show(e)})`);
    }
    return e === 'dense';
  }

  function pairs(fn, keys, values, minLength = 1) {
    const k = floatArray(fn, 'keys', keys, minLength);
    const v = floatArray(fn, 'values', values, minLength);
    if (k.length !== v.length) {
      throw new RangeError(`${fn}: keys and values must have the same length (got ${k.length} and ${v.length})`);
    }
    return [k, v];
  }

  function seedOf(fn, value) {
    return number(fn, 'seed', value, { min: 0, max: LIMITS.maxSeed, integer: true });
  }

  /**
   * Calls into WebAssembly. A C++ exception caught by the bindings comes back as
   * {__nwError: message} (e.g. the 1 GB heap is exhausted) and becomes a JS Error; anything else
   * thrown there (never expected) becomes one too. The module stays usable either way.
   */
  function call(fn, thunk) {
    let result;
    try {
      result = thunk();
    } catch (e) {
      if (e instanceof Error) throw e;
      throw new Error(`${fn}: internal error in the WebAssembly module (${show(e)})`, { cause: e });
    }
    if (result !== null && typeof result === 'object' && typeof result.__nwError === 'string') {
      throw new Error(`${fn}: ${result.__nwError}`);
    }
    return result;
  }

  function makeApi(raw) {
    return Object.freeze({
      version: VERSION,
      kernels: KERNEL_NAMES,
      trainableKernels: TRAINABLE,
      limits: LIMITS,

      /** {heapBytes, heapInUse}: the WebAssembly memory's size and the bytes malloc has in use. */
      memoryUsage() {
        return { heapBytes: raw.HEAP8.length, heapInUse: call('memoryUsage', () => raw.heapInUse()) };
      },

      /** {n, noise, seed, xMax} -> {x: sorted Float64Array, y: Float64Array}. */
      generateData(opts) {
        const fn = 'generateData';
        const o = options(fn, opts);
        const n = number(fn, 'n', get(o, 'n', 50), { min: 1, max: LIMITS.maxPoints, integer: true });
        const noise = number(fn, 'noise', get(o, 'noise', 0.5), { min: 0 });
        const seed = seedOf(fn, get(o, 'seed', 0));
        const xMax = number(fn, 'xMax', get(o, 'xMax', 5), { min: 0, exclusiveMin: true, max: 1e300 });
        return call(fn, () => raw.generateData(n, noise, seed, xMax));
      },

      /** f(x) = 2 sin(x) + x^0.8 for each x >= 0. */
      trueFunction(x) {
        const fn = 'trueFunction';
        const xs = floatArray(fn, 'x', x, 0);
        for (let i = 0; i < xs.length; i++) {
          if (xs[i] < 0) throw new RangeError(`${fn}: x[${i}] must be >= 0 (got ${xs[i]})`);
        }
        return call(fn, () => raw.trueFunction(xs));
      },

      /** The chapter's test queries 0, step, 2 step, ... < xMax. */
      testInputs(opts) {
        const fn = 'testInputs';
        const o = options(fn, opts);
        const xMax = number(fn, 'xMax', get(o, 'xMax', 5), { min: 0, exclusiveMin: true });
        const step = number(fn, 'step', get(o, 'step', 0.1), { min: 0, exclusiveMin: true });
        if (xMax / step > LIMITS.maxPoints) {
          throw new RangeError(`${fn}: xMax / step must be <= ${LIMITS.maxPoints} (got ${xMax / step})`);
        }
        return call(fn, () => raw.testInputs(xMax, step));
      },

      /** The mean of the values (the chapter's average-pooling baseline). */
      averagePooling(values) {
        const fn = 'averagePooling';
        const v = floatArray(fn, 'values', values);
        return call(fn, () => raw.averagePooling(v));
      },

      /** Predictions for m queries -> Float64Array(m). */
      predict(queries, keys, values, opts) {
        const fn = 'predict';
        const q = floatArray(fn, 'queries', queries, 0);
        const [k, v] = pairs(fn, keys, values);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        const d = dense(fn, o);
        return call(fn, () => raw.predict(q, k, v, kernel, w, d));
      },

      /** Attention matrix {rows: m, cols: n, data: Float64Array(m n)}, row-major, rows sum to 1. */
      attentionWeights(queries, keys, opts) {
        const fn = 'attentionWeights';
        const q = floatArray(fn, 'queries', queries, 0);
        const k = floatArray(fn, 'keys', keys);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        if (q.length * k.length > LIMITS.maxAttentionCells) {
          throw new RangeError(
            `${fn}: ${q.length} queries x ${k.length} keys = ${q.length * k.length} cells, more than the limit ${LIMITS.maxAttentionCells}`,
          );
        }
        const d = dense(fn, o);
        const data = call(fn, () => raw.attentionWeights(q, k, kernel, w, d));
        return { rows: q.length, cols: k.length, data };
      },

      /**
       * The attention matrix binned for a heatmap of at most maxRows x maxColumns cells:
       * {rows, cols, data, rowStart, colStart, sortedKeys}. Queries (in the given order) and the
       * sorted keys are split into contiguous blocks; a cell is the weight the block's queries give
       * to the block's keys, summed over the keys and averaged over the queries (rows sum to 1).
       */
      attentionHeatmap(queries, keys, opts) {
        const fn = 'attentionHeatmap';
        const q = floatArray(fn, 'queries', queries);
        const k = floatArray(fn, 'keys', keys);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        const maxRows = number(fn, 'maxRows', get(o, 'maxRows', 200), { min: 1, max: 2000, integer: true });
        const maxColumns = number(fn, 'maxColumns', get(o, 'maxColumns', 200), { min: 1, max: 2000, integer: true });
        return call(fn, () => raw.attentionBinned(q, k, kernel, w, maxRows, maxColumns));
      },

      /** Sum of squared leave-one-out errors at a bandwidth (or w). */
      looLoss(keys, values, opts) {
        const fn = 'looLoss';
        const [k, v] = pairs(fn, keys, values, 2);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        const d = dense(fn, o);
        return call(fn, () => raw.looLoss(k, v, kernel, w, d));
      },

      /** {loss, gradient}: the training loss at w (or 1/bandwidth) and its analytic dL/dw. */
      trainingLoss(keys, values, opts) {
        const fn = 'trainingLoss';
        const o = options(fn, opts);
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const [k, v] = pairs(fn, keys, values, loo ? 2 : 1);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        return call(fn, () => raw.trainingLoss(k, v, kernel, w, loo));
      },

      /** SGD on the parametric model; see docs/API.md for the options and the result. */
      trainParametric(keys, values, opts) {
        const fn = 'trainParametric';
        const o = options(fn, opts);
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const [k, v] = pairs(fn, keys, values, loo ? 2 : 1);
        const untilConverged = boolean(fn, 'untilConverged', get(o, 'untilConverged', false));
        const epochsDefault = untilConverged ? 10000 : 5;
        const epochsGiven = untilConverged && o.maxEpochs !== undefined ? o.maxEpochs : o.epochs;
        const epochName = untilConverged && o.maxEpochs !== undefined ? 'maxEpochs' : 'epochs';
        const epochs = number(fn, epochName, epochsGiven === undefined ? epochsDefault : epochsGiven, {
          min: 1,
          max: LIMITS.maxEpochs,
          integer: true,
        });
        const batchSize = number(fn, 'batchSize', get(o, 'batchSize', k.length), {
          min: 1,
          max: LIMITS.maxPoints,
          integer: true,
        });
        const steps = epochs * Math.ceil(k.length / Math.min(batchSize, k.length));
        if (steps > LIMITS.maxEpochs) {
          throw new RangeError(`${fn}: epochs x batches per epoch = ${steps} updates, more than the limit ${LIMITS.maxEpochs}`);
        }
        const args = {
          kernel: kernelIndex(fn, o, { trainable: true }),
          w0FromSeed: o.w0 === undefined,
          w0: o.w0 === undefined ? 0 : number(fn, 'w0', o.w0),
          learningRate: number(fn, 'learningRate', get(o, 'learningRate', 0.5), { min: 0 }),
          epochs,
          batchSize: Math.min(batchSize, k.length),
          leaveOneOut: loo,
          seed: seedOf(fn, get(o, 'seed', 0)),
          untilConverged,
          tolerance: number(fn, 'tolerance', get(o, 'tolerance', 1e-8), { min: 0 }),
        };
        return call(fn, () => raw.trainParametric(k, v, args));
      },

      /** LOO loss for each bandwidth -> Float64Array. */
      looCurve(keys, values, opts) {
        const fn = 'looCurve';
        const [k, v] = pairs(fn, keys, values, 2);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const h = floatArray(fn, 'bandwidths', o.bandwidths, 0);
        if (h.length > LIMITS.maxBandwidths) {
          throw new RangeError(`${fn}: bandwidths has ${h.length} entries, more than the limit ${LIMITS.maxBandwidths}`);
        }
        for (let i = 0; i < h.length; i++) {
          if (!(h[i] > 0)) throw new RangeError(`${fn}: bandwidths[${i}] must be > 0 (got ${h[i]})`);
        }
        return call(fn, () => raw.looCurve(k, v, kernel, h));
      },

      /** {bandwidth, looLoss} by 'loo-cv' (global LOO minimiser) or 'silverman'. */
      selectBandwidth(keys, values, opts) {
        const fn = 'selectBandwidth';
        const [k, v] = pairs(fn, keys, values, 2);
        const o = options(fn, opts);
        const kernel = kernelIndex(fn, o);
        const method = get(o, 'method', 'loo-cv');
        if (method === 'loo-cv') return call(fn, () => raw.selectBandwidthLooCv(k, v, kernel));
        if (method === 'silverman') {
          const bandwidth = call(fn, () => raw.silvermanBandwidth(k));
          return { bandwidth, looLoss: call(fn, () => raw.looLoss(k, v, kernel, 1 / bandwidth, false)) };
        }
        throw new TypeError(`${fn}: method must be 'loo-cv' or 'silverman' (got ${show(method)})`);
      },
    });
  }

  let loading = null;

  /** Compiles the module once; resolves to the API object. */
  function load() {
    if (!loading) {
      loading = Promise.resolve(createModule()).then(makeApi, (e) => {
        loading = null;
        throw e instanceof Error ? e : new Error(`NadarayaWatson.load: ${show(e)}`);
      });
    }
    return loading;
  }

  const NadarayaWatson = Object.freeze({ load, version: VERSION });
  if (typeof module === 'object' && module && module.exports) module.exports = NadarayaWatson;
  if (typeof self !== 'undefined') self.NadarayaWatson = NadarayaWatson;
})();
