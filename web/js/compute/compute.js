// Long computations off the main thread. Served over http(s) the page starts up to WORKERS dedicated
// workers (dist/worker.js: the same module and the same job code, jobs.js), each job going to the
// least busy one, so that a long study does not hold up the short jobs queued behind it; from
// file:// (or an opaque
// origin: a sandboxed frame) a worker cannot load its script, so the jobs run on the main thread
// instead, in slices of SLICE_MS with progress, exactly as before. Either way `call` returns a
// promise of the same result; `<html data-compute>` says which ("worker" or "main").
import { JOBS } from './jobs.js';
import { SLICE_MS, nextTask } from './slices.js';

const ERROR_TYPES = { TypeError, RangeError, Error };

/** Progress callbacks from the worker arrive at most this often. */
export const PROGRESS_MS = 50;
/**
 * At most this many workers (fewer on a machine with fewer cores): two let the page's longest job
 * (the consistency study, about half a second of WebAssembly) run beside the others.
 */
export const WORKERS = 2;

export class Compute {
  /** @param {object} [nw]  the API instance of the page (the main-thread fallback; set before use) */
  constructor(nw = null, { useWorker = true } = {}) {
    this.api = nw;
    this.workers = []; // [{worker, jobs: number of jobs in flight}]
    this.size = Math.max(
      1,
      Math.min(WORKERS, globalThis.navigator?.hardwareConcurrency || WORKERS),
    );
    this.pending = new Map();
    // Jobs of the figures on screen go first (issue 11): while the app runs a visible section's
    // update it sets `urgent`, and the jobs called meanwhile are urgent (a job asked for later,
    // after an await, passes the priority it captured: call's `urgent`); the others are held here
    // (not started) while any urgent job runs, then started in the order they were called.
    this.urgent = false;
    this.urgentRunning = 0;
    this.held = [];
    this.nextId = 1;
    // Jobs started before the section that needs them was built (prefetch): name -> [{key (the
    // args as JSON), stillWanted, owner, promise}].
    this.early = new Map();
    // The workers are started by startWorkers (main.js calls it before the page's module loads)
    // or by the first job, not here; each gets the page's compiled module once it is loaded (the
    // `nw` setter) and instantiates it instead of compiling its own copy.
    this.useWorker =
      useWorker &&
      typeof Worker !== 'undefined' &&
      /^https?:$/.test(location.protocol) &&
      self.origin !== 'null';
    this.mark();
  }

  /** The API instance of the page (the main-thread fallback, and whose module the workers get). */
  get nw() {
    return this.api;
  }

  set nw(nw) {
    this.api = nw;
    for (const w of this.workers) this.shareModule(w);
  }

  /** True while calls go to the worker. */
  get offThread() {
    return this.useWorker;
  }

  /** How many jobs run at once: the workers, or one on the main thread (its slices interleave). */
  get lanes() {
    return this.useWorker ? this.size : 1;
  }

  /**
   * The worker for the next job, started on first use (or by startWorkers): an idle one, else a
   * new one while fewer than `size` run, else the least busy. Null when jobs run on the main thread.
   */
  ensureWorker() {
    if (!this.useWorker) return null;
    const idle = this.workers.find((w) => w.jobs === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const w = this.spawn();
      if (w) return w;
      if (!this.workers.length) {
        this.useWorker = false;
        this.mark();
        return null;
      }
    }
    return this.workers.reduce((a, b) => (b.jobs < a.jobs ? b : a));
  }

  /**
   * Starts every worker now, before the first job: each loads its script while the page loads its
   * module (a worker took 0.25 s from `new Worker` to running its script while the page built its
   * first section), then waits for that module (`nw`). The page calls it at once; an embed, with
   * one section, does not (its workers start with its first jobs).
   */
  startWorkers() {
    while (this.useWorker && this.workers.length < this.size && this.spawn());
  }

  /** A new worker, handed the page's compiled module; null if none can be started. */
  spawn() {
    let w;
    try {
      w = { worker: new Worker('worker.js'), jobs: 0 };
    } catch {
      return null;
    }
    w.worker.onmessage = (e) => this.receive(e.data);
    // A script that does not load (blocked, missing) or a crash: everything runs here instead.
    w.worker.onerror = (e) => {
      e.preventDefault?.();
      this.fallBack();
    };
    this.shareModule(w);
    this.workers.push(w);
    return w;
  }

  /**
   * Hands a worker the page's compiled module, once it is loaded, before any job: the worker
   * instantiates it instead of compiling its own copy (one that cannot be passed on, in a browser
   * that cannot clone it, is compiled there, as before).
   */
  shareModule(w) {
    const { wasmModule, version } = this.api ?? {};
    if (!wasmModule || w.shared) return;
    w.shared = true;
    try {
      w.worker.postMessage({ module: { wasmModule, version } });
    } catch {
      /* DataCloneError: the worker loads the module itself */
    }
  }

  mark() {
    document.documentElement.dataset.compute = this.offThread ? 'worker' : 'main';
  }

  /**
   * Runs a job of jobs.js (`name` in JOBS, `args` one object) or an API method (`args` an array).
   * Resolves to its result, or to null once `isCurrent()` is false (a newer state superseded it:
   * the caller draws nothing, and the worker stops the job at its next step). `onProgress(done,
   * total)` is called while it runs (from the worker at most every PROGRESS_MS). `urgent`:
   * the job's priority, by default whether the app is running a visible section's update now.
   */
  call(name, args, { onProgress, isCurrent = () => true, urgent = this.urgent } = {}) {
    if (!(name in JOBS) && typeof this.nw?.[name] !== 'function') {
      return Promise.reject(new TypeError(`Compute: unknown job ${name}`));
    }
    const early = this.claim(name, args, isCurrent);
    if (early) return early;
    const t0 = performance.now();
    // One User Timing measure per job, from the call to its result (benchmarks, profiler).
    const done = (r) => {
      performance.measure(`compute ${name}`, { start: t0 });
      return r;
    };
    const run = () => this.start(name, args, onProgress, isCurrent);
    if (urgent) {
      this.urgentRunning++;
      return run()
        .finally(() => {
          this.urgentRunning--;
          this.release();
        })
        .then(done);
    }
    if (this.urgentRunning > 0) {
      return new Promise((resolve, reject) =>
        this.held.push({ run, isCurrent, resolve, reject }),
      ).then(done);
    }
    return run().then(done);
  }

  /**
   * Starts now a job that a section not built yet will ask for (its prefetch, at the first load):
   * its `call` with the same name and args (compared as JSON) gets this job instead of starting
   * another. Until then the job lives while `stillWanted()` (the state is still the one it was
   * started for); a finished one is kept for the section, a cancelled one forgotten.
   */
  prefetch(name, args, stillWanted) {
    const key = JSON.stringify(args);
    if (this.early.get(name)?.some((e) => e.key === key)) return;
    const entry = { key, stillWanted, owner: null };
    entry.promise = this.call(name, args, {
      isCurrent: () => (entry.owner ? entry.owner() : stillWanted()),
      urgent: false,
    });
    this.early.set(name, [...(this.early.get(name) ?? []), entry]);
    const forget = () => this.forget(name, entry);
    entry.promise.then((r) => r === null && forget(), forget);
  }

  forget(name, entry) {
    const rest = (this.early.get(name) ?? []).filter((e) => e !== entry);
    if (rest.length) this.early.set(name, rest);
    else this.early.delete(name);
  }

  /**
   * The prefetched job of `call(name, args)`, now owned by its caller; null if there is none.
   * Only a call of a prefetched job's name compares its args (a large data set is not turned
   * into JSON for nothing); prefetches of that name no longer wanted are dropped.
   */
  claim(name, args, isCurrent) {
    const list = this.early.get(name);
    if (!list) return null;
    for (const e of list) if (!e.owner && !e.stillWanted()) this.forget(name, e);
    const key = JSON.stringify(args);
    const entry = this.early.get(name)?.find((e) => e.key === key);
    if (!entry) return null;
    this.forget(name, entry);
    entry.owner = isCurrent;
    return entry.promise.then((r) => (isCurrent() ? r : null));
  }

  /** Starts the held jobs once no urgent job runs (those no longer current resolve to null). */
  release() {
    if (this.urgentRunning > 0) return;
    const held = this.held;
    this.held = [];
    for (const j of held) {
      if (j.isCurrent()) j.run().then(j.resolve, j.reject);
      else j.resolve(null);
    }
  }

  /** Starts a job: in a worker, or here in slices. */
  start(name, args, onProgress, isCurrent) {
    const w = this.ensureWorker();
    if (!w) return this.local(name, args, onProgress, isCurrent);
    const id = this.nextId++;
    w.jobs++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, isCurrent, name, args, w });
      w.worker.postMessage({ id, name, args });
    });
  }

  receive(msg) {
    const job = msg && this.pending.get(msg.id);
    if (!job) return;
    if (!job.isCurrent()) {
      // Superseded: tell the worker to stop (if still running) and resolve to "nothing to draw".
      this.finish(msg.id, job);
      if (msg.progress) job.w.worker.postMessage({ cancel: msg.id });
      job.resolve(null);
      return;
    }
    if (msg.progress) {
      job.onProgress?.(msg.progress.done, msg.progress.total);
      return;
    }
    this.finish(msg.id, job);
    if (msg.error) {
      const Type = ERROR_TYPES[msg.error.name] || Error;
      job.reject(new Type(msg.error.message));
    } else {
      job.resolve(msg.result);
    }
  }

  /** A job left its worker (its result, error or cancellation arrived). */
  finish(id, job) {
    this.pending.delete(id);
    job.w.jobs--;
  }

  /** A worker failed: finish every job in flight here, and all later ones. */
  fallBack() {
    for (const w of this.workers) w.worker.terminate();
    this.workers = [];
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
      while (!r.done && performance.now() - t0 < SLICE_MS);
      if (r.done) return r.value;
      if (r.value) onProgress?.(r.value.done, r.value.total);
      await nextTask();
      if (!isCurrent()) {
        gen.return(); // runs the job's finally: its API task is freed
        return null;
      }
    }
  }

  destroy() {
    for (const w of this.workers) w.worker.terminate();
    this.workers = [];
    this.pending.clear();
    this.held = [];
    this.early.clear();
  }
}
