// Long computations off the main thread. Served over http(s) the page starts one dedicated worker
// (dist/worker.js: the same module and the same job code, jobs.js); from file:// (or an opaque
// origin: a sandboxed frame) a worker cannot load its script, so the jobs run on the main thread
// instead, in slices of SLICE_MS with progress, exactly as before. Either way `call` returns a
// promise of the same result; `<html data-compute>` says which ("worker" or "main").
import { JOBS } from './jobs.js';
import { SLICE_MS, nextTask } from './slices.js';

const ERROR_TYPES = { TypeError, RangeError, Error };

/** Progress callbacks from the worker arrive at most this often (plus every partial result). */
export const PROGRESS_MS = 50;

export class Compute {
  /** @param {object} [nw]  the API instance of the page (the main-thread fallback; set before use) */
  constructor(nw = null, { useWorker = true } = {}) {
    this.nw = nw;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    // The worker is started by the first job, not here: its copy of the module would otherwise
    // compile while the page's own copy does, on the same cores, and delay the first figure.
    this.useWorker =
      useWorker &&
      typeof Worker !== 'undefined' &&
      /^https?:$/.test(location.protocol) &&
      self.origin !== 'null';
    this.mark();
  }

  /** True while calls go to the worker. */
  get offThread() {
    return this.useWorker;
  }

  /** The worker, started on first use; null when jobs run on the main thread. */
  ensureWorker() {
    if (!this.useWorker || this.worker) return this.worker;
    try {
      this.worker = new Worker('worker.js');
      this.worker.onmessage = (e) => this.receive(e.data);
      // A script that does not load (blocked, missing) or a crash: everything runs here instead.
      this.worker.onerror = (e) => {
        e.preventDefault?.();
        this.fallBack();
      };
    } catch {
      this.useWorker = false;
      this.worker = null;
      this.mark();
    }
    return this.worker;
  }

  mark() {
    document.documentElement.dataset.compute = this.offThread ? 'worker' : 'main';
  }

  /**
   * Runs a job of jobs.js (`name` in JOBS, `args` one object) or an API method (`args` an array).
   * Resolves to its result, or to null once `isCurrent()` is false (a newer state superseded it:
   * the caller draws nothing, and the worker stops the job at its next step). `onProgress(done,
   * total, partial)` is called while it runs (from the worker at most every PROGRESS_MS).
   */
  call(name, args, { onProgress, isCurrent = () => true } = {}) {
    if (!(name in JOBS) && typeof this.nw?.[name] !== 'function') {
      return Promise.reject(new TypeError(`Compute: unknown job ${name}`));
    }
    const t0 = performance.now();
    // One User Timing measure per job, from the call to its result (benchmarks, profiler).
    const done = (r) => {
      performance.measure(`compute ${name}`, { start: t0 });
      return r;
    };
    if (!this.ensureWorker()) return this.local(name, args, onProgress, isCurrent).then(done);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, isCurrent, name, args });
      this.worker.postMessage({ id, name, args });
    }).then(done);
  }

  receive(msg) {
    const job = msg && this.pending.get(msg.id);
    if (!job) return;
    if (!job.isCurrent()) {
      // Superseded: tell the worker to stop (if still running) and resolve to "nothing to draw".
      this.pending.delete(msg.id);
      if (msg.progress) this.worker?.postMessage({ cancel: msg.id });
      job.resolve(null);
      return;
    }
    if (msg.progress) {
      job.onProgress?.(msg.progress.done, msg.progress.total, msg.progress.partial);
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

  /** The worker failed: finish its jobs here, and all later ones. */
  fallBack() {
    this.worker?.terminate();
    this.worker = null;
    this.useWorker = false;
    this.mark();
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const j of jobs)
      this.local(j.name, j.args, j.onProgress, j.isCurrent).then(j.resolve, j.reject);
  }

  /** Main-thread fallback: a job in slices (one macrotask each), an API method in one piece. */
  async local(name, args, onProgress, isCurrent) {
    await nextTask();
    if (!isCurrent()) return null;
    if (!(name in JOBS)) return this.nw[name](...args);
    const gen = JOBS[name](this.nw, args);
    for (;;) {
      const t0 = performance.now();
      let r;
      do r = gen.next();
      while (!r.done && performance.now() - t0 < SLICE_MS && !r.value?.partial);
      if (r.done) return r.value;
      if (r.value) onProgress?.(r.value.done, r.value.total, r.value.partial);
      await nextTask();
      if (!isCurrent()) {
        gen.return(); // runs the job's finally: its API task is freed
        return null;
      }
    }
  }

  destroy() {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}
