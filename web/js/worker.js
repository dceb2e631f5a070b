// The compute worker (bundled by web/build.mjs into dist/worker.js). It loads the same module as
// the page and runs long API calls off the main thread. It only answers its own page (a dedicated
// worker receives messages from its creator alone) and only calls the whitelisted API methods.
/* global importScripts, NadarayaWatson */
importScripts('nadaraya-watson.js');

const METHODS = new Set([
  'predict',
  'attentionWeights',
  'attentionHeatmap',
  'looLoss',
  'looCurve',
  'trainingLoss',
  'trainParametric',
  'selectBandwidth',
  'generateData',
]);
/** looCurve is split into chunks of this many bandwidths, with a progress message after each. */
const CURVE_CHUNK = 4;

const ready = NadarayaWatson.load();

/** Typed arrays in a result, to transfer (not copy) them back. */
function transferables(value, out = []) {
  if (ArrayBuffer.isView(value)) out.push(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return out;
}

async function run(nw, id, method, args) {
  if (method === 'looCurve') {
    const [keys, values, opts] = args;
    const hs = Float64Array.from(opts.bandwidths);
    const out = new Float64Array(hs.length);
    for (let i = 0; i < hs.length; i += CURVE_CHUNK) {
      const part = hs.subarray(i, Math.min(hs.length, i + CURVE_CHUNK));
      out.set(nw.looCurve(keys, values, { ...opts, bandwidths: part }), i);
      self.postMessage({ id, progress: Math.min(1, (i + part.length) / hs.length) });
    }
    return out;
  }
  return nw[method](...args);
}

self.onmessage = async (event) => {
  const { id, method, args } = event.data || {};
  if (typeof id !== 'number' || !METHODS.has(method) || !Array.isArray(args)) return;
  try {
    const nw = await ready;
    const result = await run(nw, id, method, args);
    self.postMessage({ id, result }, transferables(result));
  } catch (e) {
    self.postMessage({ id, error: { name: e && e.name, message: String(e && e.message) } });
  }
};
