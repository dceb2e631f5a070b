// The compute worker (bundled by web/build.mjs into dist/worker.js, a classic script). It loads the
// same module as the page and runs the jobs of jobs.js and whitelisted API methods off the main
// thread. A dedicated worker only receives messages from the page that created it. Several jobs
// may be in flight: each yields to the worker's event loop between steps, so a newer job starts at
// once and a cancel message (the page no longer wants the result) stops a job at its next step.
/* global NadarayaWatson */
import { JOBS } from './jobs.js';
import { nextTask } from './slices.js';

importScripts('nadaraya-watson.js');

/** API methods the page may call directly. */
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
  'trainAttention',
  'dimensionStudy',
  'confidenceBand',
  'classify',
]);
/** Progress messages at most this often. */
const PROGRESS_MS = 50;
/** A job runs at most this long between two looks at the event loop (cancel, newer jobs). */
const STEP_MS = 20;

// The module: the page's compiled one when its first message hands it over (compute.js; same
// version), so this worker neither decodes nor compiles its own copy; else compiled here.
let ready = null;
const load = (wasmModule) =>
  (ready ??= NadarayaWatson.load(wasmModule ? { wasmModule } : undefined));
const cancelled = new Set();

/** Typed arrays in a result, to transfer (not copy) them back. */
function transferables(value, out = []) {
  if (ArrayBuffer.isView(value)) {
    if (!out.includes(value.buffer)) out.push(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, out);
  }
  return out;
}

/** Runs a job generator to its end; null if cancelled on the way. */
async function runJob(nw, id, gen) {
  let lastPost = performance.now();
  let lastYield = lastPost;
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    const now = performance.now();
    const p = r.value;
    if (p && now - lastPost >= PROGRESS_MS) {
      self.postMessage({ id, progress: p });
      lastPost = now;
    }
    if (now - lastYield >= STEP_MS) {
      await nextTask();
      lastYield = performance.now();
      if (cancelled.has(id)) {
        gen.return(); // runs the job's finally: its API task is freed
        return null;
      }
    }
  }
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.module) {
    const { wasmModule, version } = msg.module;
    load(version === NadarayaWatson.version ? wasmModule : undefined);
    return;
  }
  if (typeof msg.cancel === 'number') {
    cancelled.add(msg.cancel);
    return;
  }
  const { id, name, args } = msg;
  if (typeof id !== 'number') return;
  try {
    const nw = await load();
    let result;
    if (Object.prototype.hasOwnProperty.call(JOBS, name)) {
      result = await runJob(nw, id, JOBS[name](nw, args));
      if (cancelled.has(id)) return;
    } else if (METHODS.has(name) && Array.isArray(args)) {
      result = nw[name](...args);
    } else {
      throw new TypeError(`worker: unknown job ${String(name).slice(0, 40)}`);
    }
    self.postMessage({ id, result }, transferables(result));
  } catch (e) {
    self.postMessage({ id, error: { name: e && e.name, message: String(e && e.message) } });
  } finally {
    cancelled.delete(id);
  }
};
