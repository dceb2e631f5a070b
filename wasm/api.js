// The public JS API of the Nadaraya-Watson module (appended to the Emscripten output with
// --extern-post-js, so `createNadarayaWatsonModule` is in scope). Documented in docs/API.md.
//
// This layer reads every option once, copies every array once into WebAssembly memory and
// validates that copy (so a getter, a Proxy or a detached buffer cannot change what was checked),
// fills in defaults, maps kernel names to indices, frees every copy on every path, and turns
// results into fresh Float64Arrays. Errors are TypeError (wrong type, non-finite number, unknown
// name, unreadable argument) or RangeError (length, range), and the message names the function,
// the argument and the value.
(function () {
  'use strict';

  const createModule = createNadarayaWatsonModule;
  // The version is CMake's project(VERSION): wasm/CMakeLists.txt configures this file with it.
  const VERSION = '@PROJECT_VERSION@';

  /** Size limits: requests beyond them fail with a RangeError before any allocation. */
  const LIMITS = Object.freeze({
    maxPoints: 4000000, // keys, values, queries, generated points (a call then needs < 400 MB)
    maxAttentionCells: 25000000, // queries x keys of one attention matrix (200 MB of doubles)
    maxBandwidths: 100000, // entries of one LOO curve
    maxEpochs: 1000000,
    maxHistory: 10000000, // numbers in trainAttention's history (updates x params, 80 MB)
    maxSeed: Number.MAX_SAFE_INTEGER,
  });

  // The kernels in the core's enum order ({name, formula, compact, trainable}), their names and
  // the trainable ones: read from the bindings (core/kernels.cpp is their one table) when the
  // module loads.
  let KERNEL_INFO = Object.freeze([]);
  let KERNEL_NAMES = Object.freeze([]);
  let ESTIMATOR_NAMES = Object.freeze([]);
  let CRITERIA = Object.freeze([]); // the bandwidth criteria ('loo-cv', 'aic'), core/bandwidth.cpp
  // Vector queries and keys (core/attention_nd.h): the score names, the learned models, the limits.
  let SCORES = Object.freeze([]);
  let MODELS = Object.freeze([]);
  let ND_LIMITS = Object.freeze({ maxDims: 1, maxRank: 1 });
  let TRAINABLE = Object.freeze([]);

  // The engine's own accessors, so that a caller's object cannot answer for a typed array
  // (an own `length` getter, a Proxy, a subclass overriding `buffer`).
  const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedTag = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;
  const typedLength = Object.getOwnPropertyDescriptor(TypedArrayProto, 'length').get;
  const typedBuffer = Object.getOwnPropertyDescriptor(TypedArrayProto, 'buffer').get;

  /** The typed array's class name ('Float64Array', ...), or undefined if v is not one. */
  function typedArrayName(v) {
    return v !== null && typeof v === 'object' ? typedTag.call(v) : undefined;
  }

  /** True if the typed array's buffer was detached (transferred): it cannot be read any more. */
  function isDetached(v) {
    try {
      new Uint8Array(typedBuffer.call(v), 0, 0); // throws a TypeError for a detached buffer
      return false;
    } catch (e) {
      return true;
    }
  }

  /** A short description of a value for error messages; never runs the value's own code. */
  function show(v) {
    try {
      if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);
      if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
      if (typeof v === 'bigint') return `${v}n`;
      const typed = typedArrayName(v);
      if (typed)
        return isDetached(v)
          ? `a ${typed} with a detached buffer`
          : `a ${typed} of length ${typedLength.call(v)}`;
      if (Array.isArray(v)) return 'an array';
      if (typeof v === 'function') return 'a function';
      return typeof v === 'object' ? 'an object' : typeof v;
    } catch (e) {
      return 'an object'; // e.g. a revoked Proxy
    }
  }

  /** What a caller's code threw, for a message (its message is read defensively). */
  function thrown(e) {
    try {
      if (e instanceof Error) return `${e.name}: ${String(e.message).slice(0, 200)}`;
    } catch (ignored) {
      // fall through
    }
    return show(e);
  }

  /** An option's value, or its default when it is not given. */
  const get = (o, key, fallback) => (o[key] === undefined ? fallback : o[key]);

  /**
   * The prototype of readOptions' copies: empty, frozen, itself without a prototype, so a name
   * that was not given reads as undefined whatever Object.prototype holds. (A copy made by
   * Object.create(null) would do the same, but V8 keeps such objects as hash tables: their dozen
   * lookups per call were a tenth of a small predict's JS.)
   */
  const NO_OPTIONS = Object.freeze(Object.create(null));

  /**
   * Reads the named options once each into a plain object (no inherited names, no getters), so a
   * getter or Proxy cannot change an option between its check and its use. Every check below
   * reads this copy.
   */
  function readOptions(fn, value, names) {
    const out = Object.create(NO_OPTIONS);
    if (value === undefined || value === null) return out;
    let isArray;
    try {
      isArray = Array.isArray(value);
    } catch (e) {
      throw new TypeError(`${fn}: options must be an object (got a revoked Proxy)`);
    }
    // A typed array in the place of the options is a misplaced data argument (values given to
    // attentionWeights, say): an error, not the defaults.
    if (typeof value !== 'object' || isArray || ArrayBuffer.isView(value)) {
      throw new TypeError(`${fn}: options must be an object (got ${show(value)})`);
    }
    for (const name of names) {
      let v;
      try {
        v = value[name];
      } catch (e) {
        throw new TypeError(`${fn}: options.${name} could not be read (${thrown(e)})`, {
          cause: e,
        });
      }
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  /** A finite number within [min, max] (or (min, max] with exclusiveMin); integer if asked. */
  function number(
    fn,
    name,
    value,
    { min = -Infinity, max = Infinity, exclusiveMin = false, integer = false } = {},
  ) {
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
      throw new RangeError(
        `${fn}: ${name} must be ${[lo, hi].filter(Boolean).join(' and ')} (got ${show(value)})`,
      );
    }
    return value;
  }

  function boolean(fn, name, value) {
    if (typeof value !== 'boolean')
      throw new TypeError(`${fn}: ${name} must be true or false (got ${show(value)})`);
    return value;
  }

  /** The index of the options' kernel (default 'gaussian'). */
  function kernelIndex(fn, o, { trainable = false } = {}) {
    const name = get(o, 'kernel', 'gaussian');
    const list = trainable ? TRAINABLE : KERNEL_NAMES;
    if (typeof name !== 'string' || !list.includes(name)) {
      const why =
        trainable && KERNEL_NAMES.includes(name)
          ? ' (its weights do not depend smoothly on w)'
          : '';
      throw new TypeError(
        `${fn}: kernel must be one of ${list.join(', ')} (got ${show(name)})${why}`,
      );
    }
    return KERNEL_NAMES.indexOf(name);
  }

  /** The index of the options' estimator (default 'local-constant': Nadaraya-Watson). */
  function estimatorIndex(fn, o) {
    const name = get(o, 'estimator', 'local-constant');
    if (typeof name !== 'string' || !ESTIMATOR_NAMES.includes(name)) {
      throw new TypeError(
        `${fn}: estimator must be one of ${ESTIMATOR_NAMES.join(', ')} (got ${show(name)})`,
      );
    }
    return ESTIMATOR_NAMES.indexOf(name);
  }

  /** A bandwidth criterion ('loo-cv', 'aic') -> its index in the core's Criterion. */
  function criterionIndex(fn, name, value) {
    const i = CRITERIA.indexOf(value);
    if (typeof value !== 'string' || i < 0) {
      throw new TypeError(
        `${fn}: ${name} must be one of ${CRITERIA.join(', ')} (got ${show(value)})`,
      );
    }
    return i;
  }

  /** The scale w = 1/h from {bandwidth} or {w}; bandwidth defaults to 1. */
  function scale(fn, o) {
    if (o.w !== undefined && o.bandwidth !== undefined) {
      throw new TypeError(`${fn}: give either bandwidth or w, not both`);
    }
    if (o.w !== undefined) return number(fn, 'w', o.w);
    const h = get(o, 'bandwidth', 1);
    // h = Infinity is a value (w = 0): every weight 1/n, average pooling.
    if (h === Infinity) return 0;
    return 1 / number(fn, 'bandwidth', h, { min: 0, exclusiveMin: true });
  }
  const SCALE_OPTIONS = ['kernel', 'bandwidth', 'w'];

  /** evaluation: 'windowed' (default: only the keys that can change the result) or 'dense'. */
  function dense(fn, o) {
    const e = get(o, 'evaluation', 'windowed');
    if (e !== 'windowed' && e !== 'dense') {
      throw new TypeError(`${fn}: evaluation must be 'windowed' or 'dense' (got ${show(e)})`);
    }
    return e === 'dense';
  }

  function seedOf(fn, value) {
    return number(fn, 'seed', value, { min: 0, max: LIMITS.maxSeed, integer: true });
  }

  /**
   * An array argument, checked for its type and its length (read exactly once), not yet copied:
   * {fn, name, source, length, typed, opts}. copyIn() copies it. Taking the lengths of every
   * argument first lets a wrapper check them against each other (equal lengths, the attention
   * limit) before anything is allocated.
   *   opts: {minLength = 1, maxLength = LIMITS.maxPoints, min, max, exclusiveMin} (min/max: the
   *   range every element must lie in, checked on the copy).
   */
  function arrayArg(fn, name, value, opts = {}) {
    const { minLength = 1, maxLength = LIMITS.maxPoints } = opts;
    const typed = typedArrayName(value);
    let length;
    if (typed) {
      if (typed === 'BigInt64Array' || typed === 'BigUint64Array') {
        throw new TypeError(
          `${fn}: ${name} must be a Float64Array or an array of numbers (got a ${typed})`,
        );
      }
      length = typedLength.call(value);
      // A detached buffer reads as length 0, so only an empty array needs the (costlier) check.
      if (length === 0 && isDetached(value)) {
        throw new TypeError(
          `${fn}: ${name} is a ${typed} whose buffer was detached (transferred); pass an array that can be read`,
        );
      }
    } else {
      let isArray;
      try {
        isArray = Array.isArray(value);
      } catch (e) {
        isArray = false; // a revoked Proxy
      }
      if (!isArray) {
        throw new TypeError(
          `${fn}: ${name} must be a Float64Array or an array of numbers (got ${show(value)})`,
        );
      }
      try {
        length = value.length;
      } catch (e) {
        throw new TypeError(`${fn}: ${name}.length could not be read (${thrown(e)})`, { cause: e });
      }
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new TypeError(`${fn}: ${name}.length must be an integer >= 0 (got ${show(length)})`);
      }
    }
    if (length < minLength) {
      throw new RangeError(
        `${fn}: ${name} must have at least ${minLength} element${minLength === 1 ? '' : 's'} (got ${length})`,
      );
    }
    if (length > maxLength) {
      throw new RangeError(
        `${fn}: ${name} has ${length} elements, more than the limit ${maxLength}`,
      );
    }
    const arg = { fn, name, source: value, length, typed: Boolean(typed), opts };
    return arg;
  }

  /** A list of bandwidths (looCurve, tasks.lossCurve): each > 0, Infinity = average pooling. */
  const BANDWIDTHS = Object.freeze({
    minLength: 0,
    maxLength: LIMITS.maxBandwidths,
    min: 0,
    exclusiveMin: true,
    allowInfinity: true,
  });

  /** Keys and values: two arrayArgs of equal length (at least minLength). */
  function pairArgs(fn, keys, values, minLength = 1) {
    const k = arrayArg(fn, 'keys', keys, { minLength });
    const v = arrayArg(fn, 'values', values, { minLength });
    if (k.length !== v.length) {
      throw new RangeError(
        `${fn}: keys and values must have the same length (got ${k.length} and ${v.length})`,
      );
    }
    return [k, v];
  }

  /**
   * The marshalling helpers over one module instance. withCopies is what every wrapper (and every
   * future one) uses to pass arrays to the bindings.
   */
  function marshalling(raw) {
    /**
     * copyIn(fn, a, at) -> {ptr, length}: copies the arrayArg `a` into the module's memory (at the
     * scratch address `at`, or, with at = 0, into memory malloc'd here that the caller frees),
     * reading each element exactly once (a typed array by one .set, an array or Proxy by one
     * loop), then validates THE COPY (every element finite, and within opts.min/max). The bindings
     * wrap (ptr, length) as an Eigen::Map. On any error a malloc'd copy is freed before the throw.
     */
    function copyIn(fn, a, at) {
      const { name } = a;
      const n = a.length;
      const owned = at === 0;
      if (n === 0) return { ptr: 0, length: 0, owned: false };
      const ptr = owned ? raw._malloc(n * 8) : at;
      if (!ptr) {
        throw new Error(
          `${fn}: out of memory copying ${name} (${n} numbers; the WebAssembly heap is limited to 1 GB)`,
        );
      }
      const base = ptr / 8;
      try {
        if (a.typed) {
          raw.HEAPF64.set(a.source, base); // one read of every element, no caller code runs
        } else {
          const src = a.source;
          let heap = raw.HEAPF64;
          for (let i = 0; i < n; i++) {
            let v;
            try {
              v = src[i];
            } catch (e) {
              throw new TypeError(`${fn}: ${name}[${i}] could not be read (${thrown(e)})`, {
                cause: e,
              });
            }
            if (typeof v !== 'number') {
              throw new TypeError(`${fn}: ${name}[${i}] must be a number (got ${show(v)})`);
            }
            // A getter may have called into the module and grown its memory, which detaches the
            // old view (its length becomes 0): take the new one.
            if (heap.length === 0) heap = raw.HEAPF64;
            heap[base + i] = v;
          }
        }
        validate(fn, name, a.opts, base, n);
      } catch (e) {
        if (owned) raw._free(ptr);
        throw e;
      }
      return { ptr, length: n, owned };
    }

    /** Checks the copy at HEAPF64[base, base + n): nothing the caller does can change it now. */
    function validate(fn, name, opts, base, n) {
      const { min = -Infinity, max = Infinity, exclusiveMin = false, integer = false } = opts;
      const heap = raw.HEAPF64;
      // A tight first pass for the common case (finite numbers within [min, max]); the detailed
      // pass below finds and names the first offending element.
      if (!exclusiveMin && !integer) {
        let i = 0;
        for (; i < n; i++) {
          const x = heap[base + i];
          if (!(x - x === 0 && x >= min && x <= max)) break;
        }
        if (i === n) return;
      }
      for (let i = 0; i < n; i++) {
        const x = heap[base + i];
        if (integer && Number.isFinite(x) && !Number.isInteger(x)) {
          throw new RangeError(`${fn}: ${name}[${i}] must be an integer (got ${x})`);
        }
        if (!Number.isFinite(x) && !(opts.allowInfinity && x === Infinity)) {
          throw new TypeError(
            `${fn}: ${name}[${i}] must be a finite number${opts.allowInfinity ? ' or Infinity' : ''} (got ${x})`,
          );
        }
        if (x < min || (exclusiveMin && x === min) || x > max) {
          const lo = min === -Infinity ? '' : `${exclusiveMin ? '>' : '>='} ${min}`;
          const hi = max === Infinity ? '' : `<= ${max}`;
          throw new RangeError(
            `${fn}: ${name}[${i}] must be ${[lo, hi].filter(Boolean).join(' and ')} (got ${x})`,
          );
        }
      }
    }

    // One scratch block, malloc'd once when the module loads, holds a call's copies and its
    // result when they fit: the small calls a page makes on every slider step then cost no
    // malloc, no free and no result object built by the bindings. A call made while the block
    // is in use (a getter of an array argument calling the API) takes its own malloc'd copies.
    const SCRATCH_DOUBLES = 1 << 15; // 256 KB
    const scratch = raw._malloc(SCRATCH_DOUBLES * 8);
    let scratchBusy = false;

    /**
     * withCopies(fn, args, body, outLength): copies every argument of `args` (arrayArgs, or
     * [name, value, opts] triples, which are checked with arrayArg first) with copyIn, calls
     * body(copies, out), and frees every copy on every path (a failed copy, a throwing body, a
     * return). With outLength, `out` is room for that many doubles in the module's memory
     * ({ptr, length, read()}: read() returns them as a fresh Float64Array) for bindings that
     * write their result in place.
     */
    function withCopies(fn, args, body, outLength = -1) {
      const parts = args.map((a) => (Array.isArray(a) ? arrayArg(fn, a[0], a[1], a[2]) : a));
      let total = Math.max(outLength, 0);
      for (const a of parts) total += a.length;
      const useScratch = scratch !== 0 && !scratchBusy && total <= SCRATCH_DOUBLES;
      const copies = [];
      let out = null;
      let outPtr = 0;
      if (useScratch) scratchBusy = true;
      try {
        let at = scratch;
        for (const a of parts) {
          copies.push(copyIn(fn, a, useScratch ? at : 0));
          at += a.length * 8;
        }
        if (outLength >= 0) {
          outPtr = useScratch ? at : outLength > 0 ? raw._malloc(outLength * 8) : 0;
          if (outLength > 0 && !outPtr) {
            throw new Error(
              `${fn}: out of memory for the result (${outLength} numbers; the WebAssembly heap is limited to 1 GB)`,
            );
          }
          out = {
            ptr: outPtr,
            length: outLength,
            read: () => raw.HEAPF64.slice(outPtr / 8, outPtr / 8 + outLength),
          };
        }
        return body(copies, out);
      } finally {
        for (const c of copies) if (c.owned) raw._free(c.ptr);
        if (!useScratch && outPtr !== 0) raw._free(outPtr);
        if (useScratch) scratchBusy = false;
      }
    }

    return { withCopies };
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
      throw new Error(`${fn}: internal error in the WebAssembly module (${show(e)})`);
    }
    if (result !== null && typeof result === 'object' && typeof result.__nwError === 'string') {
      throw new Error(`${fn}: ${result.__nwError}`);
    }
    return result;
  }

  /**
   * A loss must be a finite double: with |values| <= 1e150 it always is; beyond, the sum of
   * squared errors can exceed the double range, which is an error, not an Infinity.
   */
  function finiteLoss(fn, what, x) {
    if (!Number.isFinite(x)) {
      throw new RangeError(
        `${fn}: the ${what} exceeds the double range (got ${x}); values up to 1e150 in magnitude always give a finite loss`,
      );
    }
    return x;
  }

  const TRAIN_OPTIONS = [
    'kernel',
    'w0',
    'learningRate',
    'epochs',
    'maxEpochs',
    'batchSize',
    'leaveOneOut',
    'seed',
    'untilConverged',
    'tolerance',
    'maxUpdates',
  ];

  /**
   * The options of trainParametric (and of tasks.trainParametric), read once and validated, as
   * the TrainArgs the bindings take; with the keys and values as arrayArgs (not yet copied).
   */
  function trainArgs(fn, keys, values, opts) {
    const o = readOptions(fn, opts, TRAIN_OPTIONS);
    const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
    const untilConverged = boolean(fn, 'untilConverged', get(o, 'untilConverged', false));
    const epochsDefault = untilConverged ? 10000 : 5;
    const epochsGiven = untilConverged && o.maxEpochs !== undefined ? o.maxEpochs : o.epochs;
    const epochName = untilConverged && o.maxEpochs !== undefined ? 'maxEpochs' : 'epochs';
    const epochs = number(fn, epochName, epochsGiven === undefined ? epochsDefault : epochsGiven, {
      min: 1,
      max: LIMITS.maxEpochs,
      integer: true,
    });
    const batchOption =
      o.batchSize === undefined
        ? undefined
        : number(fn, 'batchSize', o.batchSize, { min: 1, max: LIMITS.maxPoints, integer: true });
    const args = {
      kernel: kernelIndex(fn, o, { trainable: true }),
      w0FromSeed: o.w0 === undefined,
      w0: o.w0 === undefined ? 0 : number(fn, 'w0', o.w0),
      learningRate: number(fn, 'learningRate', get(o, 'learningRate', 0.5), { min: 0 }),
      epochs,
      batchSize: 0,
      leaveOneOut: loo,
      seed: seedOf(fn, get(o, 'seed', 0)),
      untilConverged,
      tolerance: number(fn, 'tolerance', get(o, 'tolerance', 1e-8), { min: 0 }),
      // A work budget: stop after this many updates (0: none); the result says budgetReached.
      maxUpdates:
        o.maxUpdates === undefined
          ? 0
          : number(fn, 'maxUpdates', o.maxUpdates, {
              min: 1,
              max: LIMITS.maxEpochs,
              integer: true,
            }),
    };
    const [k, v] = pairArgs(fn, keys, values, loo ? 2 : 1);
    const n = k.length;
    args.batchSize = Math.min(batchOption === undefined ? n : batchOption, n);
    const updates = epochs * Math.ceil(n / args.batchSize);
    const steps = args.maxUpdates > 0 ? Math.min(updates, args.maxUpdates) : updates;
    if (steps > LIMITS.maxEpochs) {
      throw new RangeError(
        `${fn}: epochs x batches per epoch = ${steps} updates, more than the limit ${LIMITS.maxEpochs} (give maxUpdates to stop earlier)`,
      );
    }
    return { args, k, v };
  }

  /**
   * A resumable task over an Embind task object (wasm/tasks.cpp): step(units) advances it by up to
   * `units` units of work (one LOO loss, one epoch, one data-set stage...) and returns true when
   * it is finished; progress() is {done, total} (total an estimate until done); result() is the
   * final result (partial() what there is so far, where that means something). The WebAssembly
   * object is deleted as soon as the task finishes or dispose() is called (and, as a safety net,
   * when the task object is garbage-collected).
   */
  const HANDLES =
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((h) => h.delete()) : null;

  function makeTask(fn, handle) {
    const error = handle.error();
    if (error) {
      handle.delete();
      throw new Error(`${fn}: ${error}`);
    }
    let h = handle;
    let finished = false;
    let final = null;
    let last = { done: 0, total: 0 };
    const task = {
      get done() {
        return finished;
      },
      step(units = 1) {
        number(`${fn}.step`, 'units', units, { min: 1, max: 2 ** 31 - 1, integer: true });
        if (finished) return true;
        if (!h) throw new Error(`${fn}: the task was disposed`);
        const r = call(fn, () => h.step(units));
        last = h.progress();
        if (r === true) {
          finished = true;
          final = h.result();
          last = { done: last.done, total: last.done };
          release();
        }
        return finished;
      },
      progress() {
        return h ? h.progress() : { ...last };
      },
      partial() {
        if (finished) return final;
        if (!h) throw new Error(`${fn}: the task was disposed`);
        return h.result();
      },
      result() {
        if (!finished)
          throw new Error(`${fn}: the task has not finished (call step() until it returns true)`);
        return final;
      },
      /** Runs to the end in one call and returns the result. */
      run() {
        while (!task.step(1 << 20));
        return final;
      },
      dispose() {
        release();
      },
    };
    function release() {
      if (h) {
        if (HANDLES) HANDLES.unregister(task);
        h.delete();
        h = null;
      }
    }
    if (HANDLES) HANDLES.register(task, h, task);
    return Object.seal(task);
  }

  /** The options of vector queries and keys (on top of each function's own). */
  const ND_OPTIONS = ['dims', 'score', 'projection', 'queryProjection', 'keyProjection'];
  /** At most this many kernel evaluations (n^2 d per epoch) in one trainAttention call. */
  const MAX_TRAIN_WORK = 2e10;

  /** dims (default 1), an integer 1..maxDims. */
  function dimsOf(fn, o) {
    return number(fn, 'dims', get(o, 'dims', 1), { min: 1, max: ND_LIMITS.maxDims, integer: true });
  }

  /**
   * Whether the options ask for the vector-attention path (core/attention_nd.h): dims > 1, dot
   * scores or a projection. dims absent (or 1) with none of these is the one-dimensional API,
   * unchanged.
   */
  function wantsNd(fn, o) {
    return (
      dimsOf(fn, o) > 1 ||
      (o.score !== undefined && o.score !== 'distance') ||
      o.projection !== undefined ||
      o.queryProjection !== undefined ||
      o.keyProjection !== undefined
    );
  }

  /** A point set of `name` with d coordinates per point (row-major): {arg, rows}. */
  function pointsArg(fn, name, value, d, opts = {}) {
    const a = arrayArg(fn, name, value, {
      ...opts,
      minLength: (opts.minLength ?? 1) * d,
      maxLength: LIMITS.maxPoints * d,
    });
    if (a.length % d !== 0) {
      throw new RangeError(
        `${fn}: ${name} must hold ${d} coordinates per point, row-major (got ${a.length} numbers, not a multiple of dims = ${d})`,
      );
    }
    return { arg: a, rows: a.length / d };
  }

  /** A projection matrix r x d (row-major), 1 <= r <= maxRank: {arg, rows}. */
  function projectionArg(fn, name, value, d) {
    const a = arrayArg(fn, name, value, { maxLength: ND_LIMITS.maxRank * d });
    if (a.length % d !== 0) {
      throw new RangeError(
        `${fn}: ${name} must be r x dims row-major with 1 <= r <= ${ND_LIMITS.maxRank} (got ${a.length} numbers for dims = ${d})`,
      );
    }
    return { arg: a, rows: a.length / d };
  }

  /**
   * The scoring of the options for d dimensions: {spec (NdSpecArgs without the pointers), arrays
   * (the projections to copy), place(spec, copies) (fills in the pointers)}.
   */
  function ndScoring(fn, o, d) {
    const score = get(o, 'score', 'distance');
    if (typeof score !== 'string' || !SCORES.includes(score)) {
      throw new TypeError(`${fn}: score must be one of ${SCORES.join(', ')} (got ${show(score)})`);
    }
    if (get(o, 'estimator', 'local-constant') !== 'local-constant') {
      throw new TypeError(
        `${fn}: estimator ${show(o.estimator)} is one-dimensional only (vector queries and keys use the local-constant estimator)`,
      );
    }
    const spec = {
      score: SCORES.indexOf(score),
      kernel: kernelIndex(fn, o),
      w: 1,
      projection: 0,
      projectionRows: 0,
      queryProjection: 0,
      keyProjection: 0,
      rank: 0,
    };
    const arrays = [];
    if (score === 'distance') {
      if (o.queryProjection !== undefined || o.keyProjection !== undefined) {
        throw new TypeError(`${fn}: queryProjection and keyProjection need score: 'dot'`);
      }
      if (o.projection !== undefined) {
        const p = projectionArg(fn, 'projection', o.projection, d);
        spec.projectionRows = p.rows;
        arrays.push(p.arg);
      } else {
        spec.w = scale(fn, o);
      }
      return { spec, arrays, place: (sp, c) => ({ ...sp, projection: c[0] ? c[0].ptr : 0 }) };
    }
    if (get(o, 'kernel', 'gaussian') !== 'gaussian') {
      throw new TypeError(
        `${fn}: score 'dot' weighs by the softmax; kernel must be absent or 'gaussian'`,
      );
    }
    if (o.projection !== undefined) {
      throw new TypeError(
        `${fn}: projection is for score: 'distance' (dot: queryProjection and keyProjection)`,
      );
    }
    if ((o.queryProjection === undefined) !== (o.keyProjection === undefined)) {
      throw new TypeError(`${fn}: give both queryProjection and keyProjection, or neither`);
    }
    if (o.queryProjection === undefined) {
      spec.w = scale(fn, o);
      return { spec, arrays, place: (sp) => sp };
    }
    const a = projectionArg(fn, 'queryProjection', o.queryProjection, d);
    const b = projectionArg(fn, 'keyProjection', o.keyProjection, d);
    if (a.rows !== b.rows) {
      throw new RangeError(
        `${fn}: queryProjection and keyProjection must have the same shape (got ${a.rows} x ${d} and ${b.rows} x ${d})`,
      );
    }
    spec.rank = a.rows;
    arrays.push(a.arg, b.arg);
    return {
      spec,
      arrays,
      place: (sp, c) => ({ ...sp, queryProjection: c[0].ptr, keyProjection: c[1].ptr }),
    };
  }

  /** The index of a learned attention model's name (default 'scalar'). */
  function modelIndex(fn, o) {
    const name = get(o, 'model', 'scalar');
    if (typeof name !== 'string' || !MODELS.includes(name)) {
      throw new TypeError(`${fn}: model must be one of ${MODELS.join(', ')} (got ${show(name)})`);
    }
    return MODELS.indexOf(name);
  }

  /** The parameter count of a model over d inputs (dot: 2 r d). */
  function modelParams(model, d, r) {
    return [1, d, d * d, 2 * r * d][model];
  }

  /** relevant: coordinate indices 0..d-1 y depends on (default all) -> a 0/1 mask array. */
  function relevantMask(fn, o, d) {
    if (o.relevant === undefined) return [];
    if (!Array.isArray(o.relevant) && !typedArrayName(o.relevant)) {
      throw new TypeError(
        `${fn}: relevant must be an array of coordinate indices (got ${show(o.relevant)})`,
      );
    }
    let list;
    try {
      list = Array.from(o.relevant); // each element read once
    } catch (e) {
      throw new TypeError(`${fn}: relevant could not be read (${thrown(e)})`, { cause: e });
    }
    if (list.length < 1 || list.length > d) {
      throw new RangeError(`${fn}: relevant must list 1..${d} coordinates (got ${list.length})`);
    }
    const mask = new Array(d).fill(0);
    for (const k of list) {
      if (!Number.isInteger(k) || k < 0 || k >= d) {
        throw new RangeError(
          `${fn}: relevant must list coordinate indices 0..${d - 1} (got ${show(k)})`,
        );
      }
      mask[k] = 1;
    }
    return mask;
  }

  /**
   * The vector-attention calls (dims > 1, dot scores, projections) over one module instance; the
   * public functions route here when wantsNd(o).
   */
  function makeNd(raw, withCopies) {
    /** Queries m x d and keys n x d (+ values n), checked against each other. */
    function operands(fn, d, queries, keys, values, { minKeys = 1 } = {}) {
      const q = queries === null ? null : pointsArg(fn, 'queries', queries, d, { minLength: 0 });
      const k = pointsArg(fn, 'keys', keys, d, { minLength: minKeys });
      let v = null;
      if (values !== null) {
        v = arrayArg(fn, 'values', values, { minLength: minKeys });
        if (v.length !== k.rows) {
          throw new RangeError(
            `${fn}: values must have one entry per key (got ${v.length} values for ${k.rows} keys of dims = ${d})`,
          );
        }
      }
      return { q, k, v };
    }

    return {
      predict(fn, o, queries, keys, values) {
        const d = dimsOf(fn, o);
        const sc = ndScoring(fn, o, d);
        const { q, k, v } = operands(fn, d, queries, keys, values);
        return withCopies(fn, [q.arg, k.arg, v, ...sc.arrays], ([cq, ck, cv, ...cp]) =>
          call(fn, () =>
            raw.predictNd(cq.ptr, q.rows, ck.ptr, cv.ptr, k.rows, d, sc.place(sc.spec, cp)),
          ),
        );
      },
      attentionWeights(fn, o, queries, keys) {
        const d = dimsOf(fn, o);
        const sc = ndScoring(fn, o, d);
        const { q, k } = operands(fn, d, queries, keys, null);
        if (q.rows * k.rows > LIMITS.maxAttentionCells) {
          throw new RangeError(
            `${fn}: ${q.rows} queries x ${k.rows} keys = ${q.rows * k.rows} cells, more than the limit ${LIMITS.maxAttentionCells}`,
          );
        }
        const data = withCopies(fn, [q.arg, k.arg, ...sc.arrays], ([cq, ck, ...cp]) =>
          call(fn, () =>
            raw.attentionWeightsNd(cq.ptr, q.rows, ck.ptr, k.rows, d, sc.place(sc.spec, cp)),
          ),
        );
        return { rows: q.rows, cols: k.rows, data };
      },
      attentionHeatmap(fn, o, queries, keys) {
        const d = dimsOf(fn, o);
        const sc = ndScoring(fn, o, d);
        const { q, k } = operands(fn, d, queries, keys, null);
        const bins = (name) =>
          number(fn, name, get(o, name, 200), { min: 1, max: 2000, integer: true });
        const maxRows = bins('maxRows');
        const maxColumns = bins('maxColumns');
        return withCopies(fn, [q.arg, k.arg, ...sc.arrays], ([cq, ck, ...cp]) =>
          call(fn, () =>
            raw.attentionBinnedNd(
              cq.ptr,
              q.rows,
              ck.ptr,
              k.rows,
              d,
              sc.place(sc.spec, cp),
              maxRows,
              maxColumns,
            ),
          ),
        );
      },
      loss(fn, o, keys, values, leaveOneOut) {
        const d = dimsOf(fn, o);
        const sc = ndScoring(fn, o, d);
        const { k, v } = operands(fn, d, null, keys, values, { minKeys: leaveOneOut ? 2 : 1 });
        const loss = withCopies(fn, [k.arg, v, ...sc.arrays], ([ck, cv, ...cp]) =>
          call(fn, () => raw.lossNd(ck.ptr, cv.ptr, k.rows, d, sc.place(sc.spec, cp), leaveOneOut)),
        );
        return finiteLoss(fn, leaveOneOut ? 'leave-one-out loss' : 'loss', loss);
      },
      trainingLoss(fn, o, keys, values) {
        const d = dimsOf(fn, o);
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const model = modelIndex(fn, o);
        const kernel =
          MODELS[model] === 'dot'
            ? KERNEL_NAMES.indexOf('gaussian')
            : kernelIndex(fn, o, { trainable: true });
        let params;
        if (o.params === undefined) {
          if (MODELS[model] !== 'scalar') {
            throw new TypeError(`${fn}: give params for the ${MODELS[model]} model`);
          }
          params = arrayArg(fn, 'params', [scale(fn, o)]);
        } else {
          params = arrayArg(fn, 'params', o.params, { maxLength: 2 * ND_LIMITS.maxRank * d });
        }
        const count = params.length;
        const ok =
          MODELS[model] === 'dot'
            ? count % (2 * d) === 0 && count / (2 * d) <= ND_LIMITS.maxRank
            : count === modelParams(model, d, 0);
        if (!ok) {
          const want =
            MODELS[model] === 'dot'
              ? `2 r dims (1 <= r <= ${ND_LIMITS.maxRank})`
              : modelParams(model, d, 0);
          throw new RangeError(
            `${fn}: the ${MODELS[model]} model over dims = ${d} has ${want} params (got ${count})`,
          );
        }
        const { k, v } = operands(fn, d, null, keys, values, { minKeys: loo ? 2 : 1 });
        const r = withCopies(fn, [k.arg, v, params], ([ck, cv, cp]) =>
          call(fn, () =>
            raw.trainingLossNd(ck.ptr, cv.ptr, k.rows, d, model, cp.ptr, count, kernel, loo),
          ),
        );
        finiteLoss(fn, 'loss', r.loss);
        if (!r.gradient.every(Number.isFinite)) {
          throw new RangeError(`${fn}: the gradient exceeds the double range at these params`);
        }
        return r;
      },
      looCurve(fn, o, keys, values, bandwidths) {
        const d = dimsOf(fn, o);
        isotropicOnly(fn, o);
        const kernel = kernelIndex(fn, o);
        const h = arrayArg(fn, 'bandwidths', bandwidths, BANDWIDTHS);
        const { k, v } = operands(fn, d, null, keys, values, { minKeys: 2 });
        const curve = withCopies(fn, [k.arg, v, h], ([ck, cv, ch]) =>
          call(fn, () => raw.looCurveNd(ck.ptr, cv.ptr, k.rows, d, kernel, ch.ptr, ch.length)),
        );
        curve.forEach((x, i) => finiteLoss(fn, `leave-one-out loss at bandwidths[${i}]`, x));
        return curve;
      },
      selectBandwidth(fn, o, keys, values) {
        const d = dimsOf(fn, o);
        isotropicOnly(fn, o);
        const method = get(o, 'method', 'loo-cv');
        if (method !== 'loo-cv') {
          throw new TypeError(`${fn}: with dims > 1 the method is 'loo-cv' (got ${show(method)})`);
        }
        const kernel = kernelIndex(fn, o);
        const { k, v } = operands(fn, d, null, keys, values, { minKeys: 2 });
        const r = withCopies(fn, [k.arg, v], ([ck, cv]) =>
          call(fn, () => raw.selectBandwidthNd(ck.ptr, cv.ptr, k.rows, d, kernel)),
        );
        finiteLoss(fn, 'leave-one-out loss', r.looLoss);
        return r;
      },
    };
  }

  /** looCurve and selectBandwidth in d dimensions search the isotropic h of distance scores. */
  function isotropicOnly(fn, o) {
    if (
      (o.score !== undefined && o.score !== 'distance') ||
      o.projection !== undefined ||
      o.queryProjection !== undefined ||
      o.keyProjection !== undefined
    ) {
      throw new TypeError(
        `${fn}: searches the isotropic bandwidth of distance scores (no score 'dot', no projections)`,
      );
    }
    if (get(o, 'estimator', 'local-constant') !== 'local-constant') {
      throw new TypeError(`${fn}: estimator ${show(o.estimator)} is one-dimensional only`);
    }
  }

  /** The resumable tasks of the API (docs/API.md, "Tasks"). */
  function makeTasks(raw, withCopies) {
    return Object.freeze({
      /**
       * The bandwidth search of selectBandwidth, step by step (method 'loo-cv', the default, or
       * 'aic'; either estimator): result {bandwidth, looLoss, exact}, and aic with method 'aic'.
       */
      selectBandwidth(keys, values, opts) {
        const fn = 'tasks.selectBandwidth';
        const o = readOptions(fn, opts, ['kernel', 'method', 'estimator']);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const criterion = criterionIndex(fn, 'method', get(o, 'method', 'loo-cv'));
        const [k, v] = pairArgs(fn, keys, values, CRITERIA[criterion] === 'aic' ? 3 : 2);
        return withCopies(fn, [k, v], ([ck, cv]) =>
          makeTask(
            fn,
            new raw.BandwidthSearchTask(ck.ptr, cv.ptr, ck.length, kernel, criterion, estimator),
          ),
        );
      },

      /**
       * The loss L(w) at each scale of `ws` (or w = 1/h of `bandwidths`; Infinity is w = 0), with
       * leave-one-out keys (default) or not, one loss per step; with refineMinimum the best point
       * refined by Brent's method on log w: result {losses, minimum: {w, loss} | null}. With
       * criterion 'aic' the values are AIC_c instead (leaveOneOut is then ignored; n >= 3).
       */
      lossCurve(keys, values, opts) {
        const fn = 'tasks.lossCurve';
        const o = readOptions(fn, opts, [
          'kernel',
          'ws',
          'bandwidths',
          'leaveOneOut',
          'refineMinimum',
          'criterion',
          'estimator',
        ]);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const criterion = criterionIndex(fn, 'criterion', get(o, 'criterion', 'loo-cv'));
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const refine = boolean(fn, 'refineMinimum', get(o, 'refineMinimum', false));
        if ((o.ws === undefined) === (o.bandwidths === undefined)) {
          throw new TypeError(`${fn}: give either ws or bandwidths`);
        }
        const byW = o.ws !== undefined;
        const grid = byW
          ? arrayArg(fn, 'ws', o.ws, { minLength: 0, maxLength: LIMITS.maxBandwidths, min: 0 })
          : arrayArg(fn, 'bandwidths', o.bandwidths, BANDWIDTHS);
        const [k, v] = pairArgs(fn, keys, values, CRITERIA[criterion] === 'aic' ? 3 : loo ? 2 : 1);
        return withCopies(fn, [k, v, grid], ([ck, cv, cg]) => {
          if (!byW) {
            // The scales of the bandwidths, in place in the copy: w = 1/h (0 for h = Infinity).
            const heap = raw.HEAPF64;
            for (let i = 0; i < cg.length; i++) heap[cg.ptr / 8 + i] = 1 / heap[cg.ptr / 8 + i];
          }
          return makeTask(
            fn,
            new raw.LossCurveTask(
              ck.ptr,
              cv.ptr,
              ck.length,
              kernel,
              cg.ptr,
              cg.length,
              loo,
              refine,
              criterion,
              estimator,
            ),
          );
        });
      },

      /**
       * trainParametric one epoch per step (the same options, the same updates): result and
       * partial() {w, w0, losses, ws, epochs, steps, converged, diverged}.
       */
      trainParametric(keys, values, opts) {
        const fn = 'tasks.trainParametric';
        const { args, k, v } = trainArgs(fn, keys, values, opts);
        return withCopies(fn, [k, v], ([ck, cv]) =>
          makeTask(fn, new raw.TrainingTask(ck.ptr, cv.ptr, ck.length, args)),
        );
      },

      /**
       * The consistency study (docs/API.md): result and partial() {n, fixed, cv, silverman, rate,
       * cvBandwidth} (Float64Arrays, one entry per completed size). With fixedOnly, only `fixed`
       * (bit-identical to the full study's) and the others NaN.
       */
      consistencyStudy(opts) {
        const fn = 'tasks.consistencyStudy';
        const o = readOptions(fn, opts, [
          'sizes',
          'repeats',
          'seed',
          'noise',
          'kernel',
          'bandwidth',
          'xMax',
          'queries',
          'fixedOnly',
        ]);
        const kernel = kernelIndex(fn, o);
        const h = get(o, 'bandwidth', 1);
        const args = {
          seed: seedOf(fn, get(o, 'seed', 0)),
          noise: number(fn, 'noise', get(o, 'noise', 0.5), { min: 0, max: 1e100 }),
          kernel,
          bandwidth:
            h === Infinity ? Infinity : number(fn, 'bandwidth', h, { min: 0, exclusiveMin: true }),
          xMax: number(fn, 'xMax', get(o, 'xMax', 5), { min: 0, exclusiveMin: true, max: 1e15 }),
          fixedOnly: boolean(fn, 'fixedOnly', get(o, 'fixedOnly', false)),
        };
        const sizes = arrayArg(fn, 'sizes', o.sizes, {
          minLength: 1,
          maxLength: 64,
          min: 2,
          max: 100000,
          integer: true,
        });
        const repeats = arrayArg(fn, 'repeats', o.repeats, {
          minLength: 1,
          maxLength: 64,
          min: 1,
          max: 1000,
          integer: true,
        });
        if (sizes.length !== repeats.length) {
          throw new RangeError(
            `${fn}: sizes and repeats must have the same length (got ${sizes.length} and ${repeats.length})`,
          );
        }
        const queries = arrayArg(fn, 'queries', o.queries, {
          minLength: 1,
          maxLength: 100000,
          min: 0,
        });
        return withCopies(fn, [sizes, repeats, queries], ([cs, cr, cq]) => {
          return makeTask(
            fn,
            new raw.ConsistencyTask(cs.ptr, cr.ptr, cs.length, cq.ptr, cq.length, args),
          );
        });
      },
    });
  }

  function makeApi(raw) {
    KERNEL_INFO = Object.freeze(Array.from(raw.kernelTable(), (k) => Object.freeze({ ...k })));
    KERNEL_NAMES = Object.freeze(KERNEL_INFO.map((k) => k.name));
    TRAINABLE = Object.freeze(KERNEL_INFO.filter((k) => k.trainable).map((k) => k.name));
    ESTIMATOR_NAMES = Object.freeze(Array.from(raw.estimatorNames()));
    CRITERIA = Object.freeze(Array.from(raw.criterionNames()));
    SCORES = Object.freeze(Array.from(raw.scoreNames()));
    MODELS = Object.freeze(Array.from(raw.attentionModelNames()));
    ND_LIMITS = Object.freeze(raw.limitsNd());
    const { withCopies } = marshalling(raw);
    const nd = makeNd(raw, withCopies);
    /**
     * The status a plain C export returns (bindings.cpp: predict, attentionWeights): 0, or 1 when
     * it caught a C++ exception, whose message takeLastError() gives: then a JS Error, as call()
     * makes of {__nwError}.
     */
    const checkStatus = (fn, status) => {
      if (status !== 0) throw new Error(`${fn}: ${raw.takeLastError()}`);
    };
    // maxClasses is the core's (classify.h), read like the kernel names.
    const limits = Object.freeze({
      ...LIMITS,
      maxClasses: raw.maxClasses(),
      maxDims: ND_LIMITS.maxDims,
      maxRank: ND_LIMITS.maxRank,
    });
    return Object.freeze({
      version: VERSION,
      /** The compiled WebAssembly.Module: load({wasmModule}) of another instance skips compiling. */
      wasmModule: raw.wasmModule,
      tasks: makeTasks(raw, withCopies),
      kernels: KERNEL_NAMES,
      kernelInfo: KERNEL_INFO,
      trainableKernels: TRAINABLE,
      estimators: ESTIMATOR_NAMES,
      scores: SCORES,
      attentionModels: MODELS,
      limits,

      /** {heapBytes, heapInUse}: the WebAssembly memory's size and the bytes malloc has in use. */
      memoryUsage() {
        return {
          heapBytes: raw.HEAP8.length,
          heapInUse: call('memoryUsage', () => raw.heapInUse()),
        };
      },

      /** {n, noise, seed, xMax} -> {x: sorted Float64Array, y: Float64Array}. */
      generateData(opts) {
        const fn = 'generateData';
        const o = readOptions(fn, opts, ['n', 'noise', 'seed', 'xMax', 'dims', 'relevant']);
        const n = number(fn, 'n', get(o, 'n', 50), {
          min: 1,
          max: LIMITS.maxPoints,
          integer: true,
        });
        const noise = number(fn, 'noise', get(o, 'noise', 0.5), { min: 0, max: 1e300 });
        const seed = seedOf(fn, get(o, 'seed', 0));
        const xMax = number(fn, 'xMax', get(o, 'xMax', 5), {
          min: 0,
          exclusiveMin: true,
          max: 1e300,
        });
        const d = dimsOf(fn, o);
        const mask = relevantMask(fn, o, d);
        if (d === 1 && mask.length === 0)
          return call(fn, () => raw.generateData(n, noise, seed, xMax));
        if (n * d > LIMITS.maxPoints) {
          throw new RangeError(
            `${fn}: n x dims = ${n * d} numbers, more than the limit ${LIMITS.maxPoints}`,
          );
        }
        // x: n rows of d coordinates, row-major, sorted by the first coordinate.
        return withCopies(fn, mask.length ? [['relevant', mask]] : [], ([cm]) =>
          call(fn, () => raw.generateDataNd(n, noise, seed, xMax, d, cm ? cm.ptr : 0, mask.length)),
        );
      },

      /** f(x) = 2 sin(x) + x^0.8 for each finite x >= 0. */
      trueFunction(x, opts) {
        const fn = 'trueFunction';
        const o = readOptions(fn, opts, ['dims', 'relevant']);
        const d = dimsOf(fn, o);
        if (d > 1 || o.relevant !== undefined) {
          // Rows of d coordinates: the mean of f over the relevant ones (generateData's truth).
          const mask = relevantMask(fn, o, d);
          const p = pointsArg(fn, 'x', x, d, { minLength: 0, min: 0 });
          return withCopies(fn, mask.length ? [p.arg, ['relevant', mask]] : [p.arg], ([c, cm]) =>
            call(fn, () => raw.trueFunctionNd(c.ptr, p.rows, d, cm ? cm.ptr : 0, mask.length)),
          );
        }
        const xs = arrayArg(fn, 'x', x, { minLength: 0, min: 0 });
        return withCopies(fn, [xs], ([c]) => call(fn, () => raw.trueFunction(c.ptr, c.length)));
      },

      /** The chapter's test queries 0, step, 2 step, ... < xMax. */
      testInputs(opts) {
        const fn = 'testInputs';
        const o = readOptions(fn, opts, ['xMax', 'step']);
        const xMax = number(fn, 'xMax', get(o, 'xMax', 5), { min: 0, exclusiveMin: true });
        const step = number(fn, 'step', get(o, 'step', 0.1), { min: 0, exclusiveMin: true });
        if (!(xMax / step <= LIMITS.maxPoints)) {
          throw new RangeError(
            `${fn}: xMax / step must be <= ${LIMITS.maxPoints} (got ${xMax / step})`,
          );
        }
        return call(fn, () => raw.testInputs(xMax, step));
      },

      /**
       * K(u) of the options' kernel for each finite u (the scaled distance (q - x)/h): its shape,
       * K(0) = 1, 0 outside a compact kernel's support |u| <= 1. Attention weights are these
       * values of a row divided by their sum.
       */
      kernelValues(u, opts) {
        const fn = 'kernelValues';
        const o = readOptions(fn, opts, SCALE_OPTIONS);
        // u is already scaled: a bandwidth here would be a mistake ignored silently.
        for (const name of ['bandwidth', 'w']) {
          if (o[name] !== undefined) {
            throw new TypeError(
              `${fn}: u is the scaled distance (q - x)/h; options.${name} does not apply (got ${show(o[name])})`,
            );
          }
        }
        const kernel = kernelIndex(fn, o);
        const us = arrayArg(fn, 'u', u, { minLength: 0 });
        return withCopies(
          fn,
          [us],
          ([c], out) => {
            call(fn, () => raw.kernelValues(c.ptr, c.length, kernel, out.ptr));
            return out.read();
          },
          us.length,
        );
      },

      /** The mean of the values (the chapter's average-pooling baseline). */
      averagePooling(values) {
        const fn = 'averagePooling';
        const v = arrayArg(fn, 'values', values);
        return withCopies(fn, [v], ([c]) => call(fn, () => raw.averagePooling(c.ptr, c.length)));
      },

      /** The mean squared error (1/m) sum (a_i - b_i)^2 of two equally long arrays (m >= 1). */
      meanSquaredError(a, b) {
        const fn = 'meanSquaredError';
        const ca = arrayArg(fn, 'a', a);
        const cb = arrayArg(fn, 'b', b);
        if (ca.length !== cb.length) {
          throw new RangeError(
            `${fn}: a and b must have the same length (got ${ca.length} and ${cb.length})`,
          );
        }
        const r = withCopies(fn, [ca, cb], ([x, y]) =>
          call(fn, () => raw.meanSquaredError(x.ptr, y.ptr, x.length)),
        );
        return finiteLoss(fn, 'mean squared error', r);
      },

      /**
       * The reference line g n_s^(-exponent) through the geometric mean of the points (n_s,
       * error_s) (log g = mean_s log(error_s n_s^exponent)) -> Float64Array: the consistency
       * study's n^(-4/5) line (its `rate`), the dimension study's n^(-4/(4+d)). n and error:
       * equally long, every entry > 0; exponent finite (default 0.8).
       */
      rateLine(n, error, exponent = 0.8) {
        const fn = 'rateLine';
        const positive = { maxLength: 1000, min: 0, exclusiveMin: true };
        const cn = arrayArg(fn, 'n', n, positive);
        const ce = arrayArg(fn, 'error', error, positive);
        if (cn.length !== ce.length) {
          throw new RangeError(
            `${fn}: n and error must have the same length (got ${cn.length} and ${ce.length})`,
          );
        }
        const p = number(fn, 'exponent', exponent, { min: -1e3, max: 1e3 });
        return withCopies(fn, [cn, ce], ([a, b]) =>
          call(fn, () => raw.rateLine(a.ptr, b.ptr, a.length, p)),
        );
      },

      /** max_i |a_i - b_i| of two equally long arrays (0 when empty): how far two results differ. */
      maxAbsDifference(a, b) {
        const fn = 'maxAbsDifference';
        const ca = arrayArg(fn, 'a', a, { minLength: 0 });
        const cb = arrayArg(fn, 'b', b, { minLength: 0 });
        if (ca.length !== cb.length) {
          throw new RangeError(
            `${fn}: a and b must have the same length (got ${ca.length} and ${cb.length})`,
          );
        }
        return withCopies(fn, [ca, cb], ([x, y]) =>
          call(fn, () => raw.maxAbsDifference(x.ptr, y.ptr, x.length)),
        );
      },

      /**
       * Points on the unit circle, x -> (cos 2 pi x / period, sin 2 pi x / period): n rows of 2
       * (dims 2, row-major). period > 0 (default 5, the chapter's x range).
       */
      unitCircle(x, opts) {
        const fn = 'unitCircle';
        const o = readOptions(fn, opts, ['period']);
        const period = number(fn, 'period', get(o, 'period', 5), { min: 0, exclusiveMin: true });
        const xs = arrayArg(fn, 'x', x, { minLength: 0 });
        return withCopies(fn, [xs], ([c]) =>
          call(fn, () => raw.unitCircle(c.ptr, c.length, period)),
        );
      },

      /** Predictions for m queries -> Float64Array(m). */
      predict(queries, keys, values, opts) {
        const fn = 'predict';
        const o = readOptions(fn, opts, [
          ...SCALE_OPTIONS,
          'evaluation',
          'estimator',
          ...ND_OPTIONS,
        ]);
        if (wantsNd(fn, o)) return nd.predict(fn, o, queries, keys, values);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const w = scale(fn, o);
        const d = dense(fn, o);
        const q = arrayArg(fn, 'queries', queries, { minLength: 0 });
        const [k, v] = pairArgs(fn, keys, values);
        return withCopies(
          fn,
          [q, k, v],
          ([cq, ck, cv], out) => {
            checkStatus(
              fn,
              call(fn, () =>
                raw._nw_predict(
                  cq.ptr,
                  cq.length,
                  ck.ptr,
                  cv.ptr,
                  ck.length,
                  kernel,
                  w,
                  d ? 1 : 0,
                  out.ptr,
                  estimator,
                ),
              ),
            );
            return out.read();
          },
          q.length,
        );
      },

      /** Attention matrix {rows: m, cols: n, data: Float64Array(m n)}, row-major, rows sum to 1. */
      attentionWeights(queries, keys, opts) {
        const fn = 'attentionWeights';
        const o = readOptions(fn, opts, [
          ...SCALE_OPTIONS,
          'evaluation',
          'estimator',
          ...ND_OPTIONS,
        ]);
        if (wantsNd(fn, o)) return nd.attentionWeights(fn, o, queries, keys);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const w = scale(fn, o);
        const d = dense(fn, o);
        const q = arrayArg(fn, 'queries', queries, { minLength: 0 });
        const k = arrayArg(fn, 'keys', keys);
        if (q.length * k.length > LIMITS.maxAttentionCells) {
          throw new RangeError(
            `${fn}: ${q.length} queries x ${k.length} keys = ${q.length * k.length} cells, more than the limit ${LIMITS.maxAttentionCells}`,
          );
        }
        return withCopies(
          fn,
          [q, k],
          ([cq, ck], out) => {
            checkStatus(
              fn,
              call(fn, () =>
                raw._nw_attention_weights(
                  cq.ptr,
                  cq.length,
                  ck.ptr,
                  ck.length,
                  kernel,
                  w,
                  d ? 1 : 0,
                  out.ptr,
                  estimator,
                ),
              ),
            );
            return { rows: cq.length, cols: ck.length, data: out.read() };
          },
          q.length * k.length,
        );
      },

      /**
       * The attention matrix binned for a heatmap of at most maxRows x maxColumns cells:
       * {rows, cols, data, rowStart, colStart, sortedKeys}. Queries (in the given order) and the
       * sorted keys are split into contiguous blocks; a cell is the weight the block's queries give
       * to the block's keys, summed over the keys and averaged over the queries (rows sum to 1).
       */
      attentionHeatmap(queries, keys, opts) {
        const fn = 'attentionHeatmap';
        const o = readOptions(fn, opts, [
          ...SCALE_OPTIONS,
          'maxRows',
          'maxColumns',
          'estimator',
          ...ND_OPTIONS,
        ]);
        if (wantsNd(fn, o)) return nd.attentionHeatmap(fn, o, queries, keys);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const w = scale(fn, o);
        const maxRows = number(fn, 'maxRows', get(o, 'maxRows', 200), {
          min: 1,
          max: 2000,
          integer: true,
        });
        const maxColumns = number(fn, 'maxColumns', get(o, 'maxColumns', 200), {
          min: 1,
          max: 2000,
          integer: true,
        });
        const q = arrayArg(fn, 'queries', queries);
        const k = arrayArg(fn, 'keys', keys);
        return withCopies(fn, [q, k], ([cq, ck]) =>
          call(fn, () =>
            raw.attentionBinned(
              cq.ptr,
              cq.length,
              ck.ptr,
              ck.length,
              kernel,
              w,
              maxRows,
              maxColumns,
              estimator,
            ),
          ),
        );
      },

      /** Sum of squared leave-one-out errors at a bandwidth (or w). */
      looLoss(keys, values, opts) {
        const fn = 'looLoss';
        const o = readOptions(fn, opts, [
          ...SCALE_OPTIONS,
          'evaluation',
          'estimator',
          ...ND_OPTIONS,
        ]);
        if (wantsNd(fn, o)) return nd.loss(fn, o, keys, values, true);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const w = scale(fn, o);
        const d = dense(fn, o);
        const [k, v] = pairArgs(fn, keys, values, 2);
        const loss = withCopies(fn, [k, v], ([ck, cv]) =>
          call(fn, () => raw.looLoss(ck.ptr, cv.ptr, ck.length, kernel, w, d, estimator)),
        );
        return finiteLoss(fn, 'leave-one-out loss', loss);
      },

      /** {loss, gradient}: the training loss at w (or 1/bandwidth) and its analytic dL/dw. */
      trainingLoss(keys, values, opts) {
        const fn = 'trainingLoss';
        const o = readOptions(fn, opts, [
          ...SCALE_OPTIONS,
          'leaveOneOut',
          'dims',
          'model',
          'params',
        ]);
        // A learned model (or dims > 1): {loss, gradient: Float64Array} in the model's params.
        if (o.model !== undefined || o.params !== undefined || dimsOf(fn, o) > 1) {
          return nd.trainingLoss(fn, o, keys, values);
        }
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        const [k, v] = pairArgs(fn, keys, values, loo ? 2 : 1);
        const r = withCopies(fn, [k, v], ([ck, cv]) =>
          call(fn, () => raw.trainingLoss(ck.ptr, cv.ptr, ck.length, kernel, w, loo)),
        );
        finiteLoss(fn, 'loss', r.loss);
        if (!Number.isFinite(r.gradient)) {
          // e.g. keys ~1e308 apart at a tiny w: (q - x)^2 overflows inside the gradient's terms.
          throw new RangeError(
            `${fn}: the gradient dL/dw exceeds the double range at this w (got ${r.gradient})`,
          );
        }
        return r;
      },

      /** SGD on the parametric model; see docs/API.md for the options and the result. */
      trainParametric(keys, values, opts) {
        const fn = 'trainParametric';
        const { args, k, v } = trainArgs(fn, keys, values, opts);
        return withCopies(fn, [k, v], ([ck, cv]) =>
          call(fn, () => raw.trainParametric(ck.ptr, cv.ptr, ck.length, args)),
        );
      },

      /**
       * The curse of dimensionality: for each d of `dims` and n of `sizes`, the mean test error of
       * the Gaussian estimator with its LOO-CV h over `repeats` data sets, and the n^(-4/(4+d))
       * reference through the errors' geometric mean -> [{dims, n, mse, bandwidth, rate}].
       */
      dimensionStudy(opts) {
        const fn = 'dimensionStudy';
        const o = readOptions(fn, opts, [
          'sizes',
          'dims',
          'repeats',
          'seed',
          'noise',
          'testPoints',
        ]);
        const sizes = arrayArg(fn, 'sizes', o.sizes, { maxLength: 32, min: 2 });
        const dims = arrayArg(fn, 'dims', get(o, 'dims', [1, 2, 4]), {
          maxLength: ND_LIMITS.maxDims,
          min: 1,
          max: ND_LIMITS.maxDims,
        });
        const repeats = number(fn, 'repeats', get(o, 'repeats', 2), {
          min: 1,
          max: 100,
          integer: true,
        });
        const testPoints = number(fn, 'testPoints', get(o, 'testPoints', 500), {
          min: 1,
          max: 100000,
          integer: true,
        });
        const seed = seedOf(fn, get(o, 'seed', 0));
        const noise = number(fn, 'noise', get(o, 'noise', 0.5), { min: 0, max: 1e300 });
        return withCopies(fn, [sizes, dims], ([cs, cd]) => {
          // Integers, and a bounded amount of work (about 100 LOO losses of n^2 d per size).
          const heap = raw.HEAPF64;
          let work = 0;
          for (let i = 0; i < cs.length; i++) {
            const n = heap[cs.ptr / 8 + i];
            if (!Number.isInteger(n) || n > 5000) {
              throw new RangeError(`${fn}: sizes must be integers 2..5000 (got ${n})`);
            }
            for (let k = 0; k < cd.length; k++)
              work += 100 * n * n * heap[cd.ptr / 8 + k] * repeats;
          }
          for (let k = 0; k < cd.length; k++) {
            if (!Number.isInteger(heap[cd.ptr / 8 + k])) {
              throw new RangeError(`${fn}: dims must be integers 1..${ND_LIMITS.maxDims}`);
            }
          }
          if (work > 2e10) {
            throw new RangeError(
              `${fn}: about ${work.toExponential(1)} kernel evaluations, more than the limit 2e10 (fewer or smaller sizes, fewer repeats)`,
            );
          }
          return call(fn, () =>
            raw.dimensionStudy(
              cs.ptr,
              cs.length,
              cd.ptr,
              cd.length,
              repeats,
              seed,
              noise,
              testPoints,
            ),
          );
        });
      },

      /**
       * SGD on the leave-one-out loss of a learned attention model over d inputs (docs/API.md,
       * "Vector queries and keys"): {model, params, init, losses, epochs, steps, converged,
       * diverged}, and with `history: true` also history (steps x params, row-major: row k the
       * params after the k-th update). model 'scalar' at dims = 1 is trainParametric's training
       * exactly (its history is trainParametric's ws).
       */
      trainAttention(keys, values, opts) {
        const fn = 'trainAttention';
        const o = readOptions(fn, opts, [
          'dims',
          'model',
          'init',
          'learningRate',
          'epochs',
          'batchSize',
          'leaveOneOut',
          'seed',
          'untilConverged',
          'tolerance',
          'maxEpochs',
          'kernel',
          'rank',
          'history',
        ]);
        const d = dimsOf(fn, o);
        const model = modelIndex(fn, o);
        const name = MODELS[model];
        const dot = name === 'dot';
        if (dot && o.kernel !== undefined && o.kernel !== 'gaussian') {
          throw new TypeError(
            `${fn}: the dot model weighs by the softmax; kernel must be absent or 'gaussian'`,
          );
        }
        const kernel = dot
          ? KERNEL_NAMES.indexOf('gaussian')
          : kernelIndex(fn, o, { trainable: true });
        const rank = dot
          ? number(fn, 'rank', get(o, 'rank', d), { min: 1, max: ND_LIMITS.maxRank, integer: true })
          : 0;
        if (!dot && o.rank !== undefined)
          throw new TypeError(`${fn}: rank is an option of the dot model`);
        const loo = boolean(fn, 'leaveOneOut', get(o, 'leaveOneOut', true));
        const untilConverged = boolean(fn, 'untilConverged', get(o, 'untilConverged', false));
        const capName = untilConverged && o.maxEpochs !== undefined ? 'maxEpochs' : 'epochs';
        const epochs = number(fn, capName, get(o, capName, untilConverged ? 1000 : 5), {
          min: 1,
          max: LIMITS.maxEpochs,
          integer: true,
        });
        const { k, v } = (() => {
          const kk = pointsArg(fn, 'keys', keys, d, { minLength: loo ? 2 : 1 });
          const vv = arrayArg(fn, 'values', values, { minLength: loo ? 2 : 1 });
          if (vv.length !== kk.rows) {
            throw new RangeError(
              `${fn}: values must have one entry per key (got ${vv.length} values for ${kk.rows} keys of dims = ${d})`,
            );
          }
          return { k: kk, v: vv };
        })();
        const n = k.rows;
        if (n * n * d * epochs > MAX_TRAIN_WORK) {
          throw new RangeError(
            `${fn}: n^2 x dims x epochs = ${n * n * d * epochs} kernel evaluations, more than the limit ${MAX_TRAIN_WORK} (fewer epochs or points)`,
          );
        }
        const count = modelParams(model, d, rank);
        const history = boolean(fn, 'history', get(o, 'history', false));
        const init =
          o.init === undefined ? null : arrayArg(fn, 'init', o.init, { maxLength: count });
        if (init && init.length !== count) {
          throw new RangeError(
            `${fn}: init of the ${name} model over dims = ${d} has ${count} params (got ${init.length})`,
          );
        }
        const args = {
          model,
          kernel,
          rank,
          init: 0,
          initCount: init ? count : 0,
          learningRate: number(fn, 'learningRate', get(o, 'learningRate', 0.5), {
            min: 0,
            exclusiveMin: true,
          }),
          epochs,
          batchSize:
            o.batchSize === undefined
              ? 0
              : number(fn, 'batchSize', o.batchSize, {
                  min: 1,
                  max: LIMITS.maxPoints,
                  integer: true,
                }),
          leaveOneOut: loo,
          seed: seedOf(fn, get(o, 'seed', 0)),
          untilConverged,
          tolerance: number(fn, 'tolerance', get(o, 'tolerance', 1e-8), { min: 0 }),
          history,
        };
        // The history holds updates x params numbers (a full batch: one update per epoch).
        const updates =
          epochs * Math.ceil(n / (args.batchSize > 0 ? Math.min(args.batchSize, n) : n));
        if (history && updates * count > LIMITS.maxHistory) {
          throw new RangeError(
            `${fn}: a history of ${updates} updates x ${count} params = ${updates * count} numbers, more than the limit ${LIMITS.maxHistory} (fewer epochs, or no history)`,
          );
        }
        if (name === 'scalar' && d === 1) {
          // The chapter's model: trainParametric's run, bit for bit.
          const t = trainArgs(fn, keys, values, {
            kernel: KERNEL_NAMES[kernel],
            ...(init ? { w0: Array.from(o.init)[0] } : {}),
            learningRate: args.learningRate,
            [capName]: epochs,
            ...(o.batchSize !== undefined ? { batchSize: args.batchSize } : {}),
            leaveOneOut: loo,
            seed: args.seed,
            untilConverged,
            tolerance: args.tolerance,
          });
          const r = withCopies(fn, [t.k, t.v], ([ck, cv]) =>
            call(fn, () => raw.trainParametric(ck.ptr, cv.ptr, ck.length, t.args)),
          );
          return {
            model: 'scalar',
            params: Float64Array.of(r.w),
            init: Float64Array.of(r.w0),
            losses: r.losses,
            epochs: r.epochs,
            steps: r.steps,
            converged: r.converged,
            diverged: r.diverged,
            ...(history ? { history: r.ws } : {}),
          };
        }
        return withCopies(fn, init ? [k.arg, v, init] : [k.arg, v], ([ck, cv, ci]) =>
          call(fn, () =>
            raw.trainAttention(ck.ptr, cv.ptr, n, d, { ...args, init: ci ? ci.ptr : 0 }),
          ),
        );
      },

      /** LOO loss for each bandwidth -> Float64Array. */
      looCurve(keys, values, opts) {
        const fn = 'looCurve';
        const o = readOptions(fn, opts, ['kernel', 'bandwidths', 'estimator', ...ND_OPTIONS]);
        if (wantsNd(fn, o)) return nd.looCurve(fn, o, keys, values, o.bandwidths);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const h = arrayArg(fn, 'bandwidths', o.bandwidths, BANDWIDTHS);
        const [k, v] = pairArgs(fn, keys, values, 2);
        const curve = withCopies(fn, [k, v, h], ([ck, cv, ch]) =>
          call(fn, () =>
            raw.looCurve(ck.ptr, cv.ptr, ck.length, kernel, ch.ptr, ch.length, estimator),
          ),
        );
        curve.forEach((x, i) => finiteLoss(fn, `leave-one-out loss at bandwidths[${i}]`, x));
        return curve;
      },

      /**
       * AIC_c (Hurvich, Simonoff and Tsai 1998) of the chosen estimator for each bandwidth ->
       * Float64Array: log(sigma^2) + (1 + tr H / n) / (1 - (tr H + 2) / n), Infinity where
       * tr H + 2 >= n, -Infinity where the fit is exact (sigma^2 = 0). Needs n >= 3.
       */
      aicCurve(keys, values, opts) {
        const fn = 'aicCurve';
        const o = readOptions(fn, opts, ['kernel', 'bandwidths', 'estimator']);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const h = arrayArg(fn, 'bandwidths', o.bandwidths, BANDWIDTHS);
        const [k, v] = pairArgs(fn, keys, values, 3);
        return withCopies(fn, [k, v, h], ([ck, cv, ch]) =>
          call(fn, () =>
            raw.aicCurve(ck.ptr, cv.ptr, ck.length, kernel, ch.ptr, ch.length, estimator),
          ),
        );
      },

      /**
       * Parzen-window classification: Nadaraya-Watson pooling of one-hot labels. labels: integers
       * 0..C-1 (C = options.classes, default the largest label + 1, at most limits.maxClasses).
       * -> {classes: C, probabilities: Float64Array(m C) row-major (rows sum to 1),
       *     predicted: Int32Array(m) (the most probable class; within 1e-12 ties go to the lowest)}.
       */
      classify(queries, keys, labels, opts) {
        const fn = 'classify';
        const o = readOptions(fn, opts, [...SCALE_OPTIONS, 'classes']);
        const kernel = kernelIndex(fn, o);
        const w = scale(fn, o);
        const q = arrayArg(fn, 'queries', queries, { minLength: 0 });
        const k = arrayArg(fn, 'keys', keys);
        const l = arrayArg(fn, 'labels', labels, {
          integer: true,
          min: 0,
          max: limits.maxClasses - 1,
        });
        if (k.length !== l.length) {
          throw new RangeError(
            `${fn}: keys and labels must have the same length (got ${k.length} and ${l.length})`,
          );
        }
        return withCopies(fn, [q, k, l], ([cq, ck, cl]) => {
          let largest = 0;
          for (let j = 0; j < cl.length; j++)
            largest = Math.max(largest, raw.HEAPF64[cl.ptr / 8 + j]);
          const classes =
            o.classes === undefined
              ? largest + 1
              : number(fn, 'classes', o.classes, {
                  min: largest + 1,
                  max: limits.maxClasses,
                  integer: true,
                });
          if (cq.length * classes > LIMITS.maxAttentionCells) {
            throw new RangeError(
              `${fn}: ${cq.length} queries x ${classes} classes is more than the limit ${LIMITS.maxAttentionCells}`,
            );
          }
          return call(fn, () =>
            raw.classify(cq.ptr, cq.length, ck.ptr, cl.ptr, ck.length, classes, kernel, w),
          );
        });
      },

      /**
       * The fit with pointwise standard errors and a normal band (docs/API.md):
       * se(q) = sigma sqrt(sum_j a_j(q)^2), sigma from Rice's difference estimator, band
       * fit -/+ z se with z the normal quantile of (1 + level) / 2 (level default 0.95).
       * -> {fit, se, lower, upper: Float64Array(m), sigma, z}. Needs n >= 2.
       */
      confidenceBand(queries, keys, values, opts) {
        const fn = 'confidenceBand';
        const o = readOptions(fn, opts, [...SCALE_OPTIONS, 'level', 'estimator']);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const w = scale(fn, o);
        const level = number(fn, 'level', get(o, 'level', 0.95), { min: 0, exclusiveMin: true });
        if (!(level < 1)) throw new RangeError(`${fn}: level must be < 1 (got ${show(level)})`);
        const q = arrayArg(fn, 'queries', queries, { minLength: 0 });
        const [k, v] = pairArgs(fn, keys, values, 2);
        return withCopies(fn, [q, k, v], ([cq, ck, cv]) =>
          call(fn, () =>
            raw.confidenceBand(
              cq.ptr,
              cq.length,
              ck.ptr,
              cv.ptr,
              ck.length,
              kernel,
              w,
              level,
              estimator,
            ),
          ),
        );
      },

      /**
       * {bandwidth, looLoss} by 'loo-cv' (the global LOO minimiser), 'aic' (the global AIC_c
       * minimiser; also {aic}) or 'silverman'.
       */
      selectBandwidth(keys, values, opts) {
        const fn = 'selectBandwidth';
        const o = readOptions(fn, opts, ['kernel', 'method', 'estimator', ...ND_OPTIONS]);
        if (wantsNd(fn, o)) return nd.selectBandwidth(fn, o, keys, values);
        const kernel = kernelIndex(fn, o);
        const estimator = estimatorIndex(fn, o);
        const method = get(o, 'method', 'loo-cv');
        if (method !== 'loo-cv' && method !== 'silverman' && method !== 'aic') {
          throw new TypeError(
            `${fn}: method must be 'loo-cv', 'aic' or 'silverman' (got ${show(method)})`,
          );
        }
        const [k, v] = pairArgs(fn, keys, values, method === 'aic' ? 3 : 2);
        const r = withCopies(fn, [k, v], ([ck, cv]) => {
          if (method === 'loo-cv')
            return call(fn, () =>
              raw.selectBandwidthLooCv(ck.ptr, cv.ptr, ck.length, kernel, estimator),
            );
          if (method === 'aic')
            return call(fn, () =>
              raw.selectBandwidthAic(ck.ptr, cv.ptr, ck.length, kernel, estimator),
            );
          const bandwidth = call(fn, () => raw.silvermanBandwidth(ck.ptr, ck.length));
          return {
            bandwidth,
            looLoss: call(fn, () =>
              raw.looLoss(ck.ptr, cv.ptr, ck.length, kernel, 1 / bandwidth, false, estimator),
            ),
          };
        });
        finiteLoss(fn, 'leave-one-out loss', r.looLoss);
        return r;
      },
    });
  }

  let loading = null;

  /**
   * Compiles the module once; resolves to the API object. `options.wasmModule`: a compiled
   * WebAssembly.Module of this same file (another instance's `nw.wasmModule`, e.g. a page's
   * handed to its worker) to instantiate instead of compiling the embedded bytes again; one that
   * does not link is dropped for them (wasm/pre.js). Only the first call's options count.
   */
  function load(options) {
    if (
      options !== undefined &&
      (options === null ||
        typeof options !== 'object' ||
        Array.isArray(options) ||
        ArrayBuffer.isView(options))
    ) {
      return Promise.reject(
        new TypeError(`NadarayaWatson.load: options must be an object (got ${show(options)})`),
      );
    }
    let wasmModule;
    try {
      wasmModule = options === undefined ? undefined : options.wasmModule;
    } catch (cause) {
      return Promise.reject(
        new TypeError('NadarayaWatson.load: options.wasmModule cannot be read', { cause }),
      );
    }
    if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
      return Promise.reject(
        new TypeError(
          `NadarayaWatson.load: wasmModule must be a WebAssembly.Module (got ${show(wasmModule)})`,
        ),
      );
    }
    if (!loading) {
      const moduleArg = wasmModule ? { wasmModule } : {};
      loading = Promise.resolve(createModule(moduleArg)).then(makeApi, (e) => {
        loading = null;
        throw e instanceof Error ? e : new Error(`NadarayaWatson.load: ${show(e)}`);
      });
    }
    return loading;
  }

  const NadarayaWatson = Object.freeze({ load, version: VERSION });
  if (typeof module === 'object' && module && module.exports) module.exports = NadarayaWatson;
  if (typeof self !== 'undefined') self.NadarayaWatson = NadarayaWatson;
  // <script src="nadaraya-watson.js" data-load="eager">: start compiling the module as soon as
  // this script runs, so that it compiles while the page's own script is still being parsed; a
  // later load() returns the same promise (a failure is reported there, not here).
  try {
    const script = typeof document === 'object' && document ? document.currentScript : null;
    if (script && script.dataset && script.dataset.load === 'eager') load().catch(() => {});
  } catch (e) {
    // no document (a worker, Node): nothing to do
  }
})();
