// Long API calls off the main thread. Served over http(s) the page starts a dedicated worker
// (dist/worker.js, the same module); from file:// a worker cannot load its script, so the calls
// run on the main thread instead, one chunk per macrotask with progress (looCurve) or whole.
// Either way a call returns a promise of exactly what the API method returns.
import { nextTask } from './slices.js';

const ERROR_TYPES = { TypeError, RangeError, Error };

export class Compute {
  constructor(nw) {
    this.nw = nw;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    if (typeof Worker !== 'undefined' && location.protocol !== 'file:') {
      try {
        this.worker = new Worker('worker.js');
        this.worker.onmessage = (e) => this.receive(e.data);
        this.worker.onerror = (e) => {
          e.preventDefault?.();
          this.fallBack();
        };
      } catch {
        this.worker = null;
      }
    }
  }

  /** True while calls go to the worker. */
  get offThread() {
    return this.worker !== null;
  }

  /** Calls nw[method](...args); onProgress(fraction) may be called before it resolves. */
  call(method, args, { onProgress } = {}) {
    if (!this.worker) return this.local(method, args, onProgress);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, method, args });
      this.worker.postMessage({ id, method, args });
    });
  }

  receive(msg) {
    const job = msg && this.pending.get(msg.id);
    if (!job) return;
    if (msg.progress !== undefined) {
      job.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.error) {
      const Type = ERROR_TYPES[msg.error.name] || Error;
      job.reject(new Type(msg.error.message));
    } else {
      job.resolve(msg.result);
    }
  }

  /** The worker could not start (e.g. a blocked script): finish its jobs here, and all later ones. */
  fallBack() {
    this.worker?.terminate();
    this.worker = null;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) this.local(job.method, job.args, job.onProgress).then(job.resolve, job.reject);
  }

  async local(method, args, onProgress) {
    if (method === 'looCurve') {
      const [keys, values, opts] = args;
      const hs = Float64Array.from(opts.bandwidths);
      const out = new Float64Array(hs.length);
      for (let i = 0; i < hs.length; i++) {
        out.set(this.nw.looCurve(keys, values, { ...opts, bandwidths: hs.subarray(i, i + 1) }), i);
        onProgress?.((i + 1) / hs.length);
        await nextTask();
      }
      return out;
    }
    await nextTask();
    return this.nw[method](...args);
  }

  destroy() {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}
