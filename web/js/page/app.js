// Wiring: creates the tutorial sections of sections/registry.js, each when it is first drawn (on
// screen first, in the task that builds the App; the others once those are drawn, jobs included,
// one per task, so the first figure does not wait for the 68 charts of the whole page), and on
// each state change updates the sections whose inputs changed. Sets <html data-ready="true"> when
// everything is drawn (browser tests wait on it), and the User Timing mark "first figure" when the
// first section has been drawn.
import { Model } from '../compute/model.js';
import { clearSectionError, showError, showSectionError } from './notice.js';
import { SECTIONS } from '../sections/registry.js';
import { nextTask } from '../compute/slices.js';
import { sizeNew } from '../views/boxes.js';

/** The sections on screen are updated in one task until it has taken this long (then one per task). */
const TASK_BUDGET_MS = 50;
/** Off-screen sections wait until the state has been still this long (a slider is not moving). */
const SETTLE_MS = 150;
/**
 * At the first load the sections on screen get the machine first: the others are built once the
 * jobs of those on screen are done, or after this long (a large n can keep a worker busy for
 * seconds). On two cores the two workers and this thread building 20 sections shared them, and a
 * learner landing on a section with a long study waited for both.
 */
const ON_SCREEN_FIRST_MS = 1000;
/** ... and at most this long for the first report of what is on screen (a tab in background). */
const FIRST_VIEW_MS = 200;
/** A section this near the viewport (CSS px, above or below) counts as on screen. */
const NEAR_PX = 100;
/**
 * Whether a box overlaps the viewport widened by `margin` CSS px above and below (a box that only
 * touches its edge does not; the observer's report, which counts it, comes anyway).
 */
const nearScreen = (r, margin) => r.bottom > -margin && r.top < innerHeight + margin;

/**
 * A frame that the browser takes for hidden gets no animation frames: an embedded figure in a
 * collapsed part of a course page (a cross-origin frame with display: none), a tab in background.
 * What waits for a frame waits at most this long.
 */
const FRAME_WAIT_MS = 100;
/** The next animation frame, or FRAME_WAIT_MS when none comes (whichever is first cancels the other). */
const nextFrame = () =>
  new Promise((resolve) => {
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      cancelAnimationFrame(frame);
      resolve();
    }, FRAME_WAIT_MS);
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class App {
  /**
   * @param {{sections?: string[], compute: import('./compute.js').Compute, focus?: Element}} opts
   *   sections: create only these (embed mode), default all; compute: where long jobs run (worker
   *   or main thread); focus: the element a link to a part of the page points to
   */
  constructor(nw, state, opts) {
    this.state = state;
    this.model = new Model(nw, opts.compute);
    this.generation = 0;
    // nearScreen(root): whether a section is on or near the screen (this.visible, the observer's
    // last report): a section drawing a long job's partial results skips them off screen.
    this.ctx = {
      nw,
      model: this.model,
      state,
      compute: opts.compute,
      nearScreen: (root) => this.visible.has(root),
    };
    // One entry per section: {id, root, module}, and once created {deps, update, destroy}.
    this.sections = [];
    for (const { id, module: mod } of SECTIONS) {
      if (opts.sections && !opts.sections.includes(id)) continue;
      const root = document.getElementById(id);
      if (!root) {
        showError(new Error(`the page has no element #${id}`), 'layout');
        continue;
      }
      this.sections.push({ id, root, module: mod, update: null });
    }
    // An embed shows its one section at once, and its layout (embed.js) needs its figures now.
    this.embed = Boolean(opts.sections);
    // The section of the element a link points to (index.html#section-training): drawn first.
    this.focus = opts.focus
      ? (this.sections.find((sec) => sec.root.contains(opts.focus))?.root ?? null)
      : null;
    if (this.embed) for (const sec of this.sections) this.create(sec);
    this.firstDrawn = false;
    this.dirty = new Set(); // sections whose inputs changed since their last update
    this.pending = new Set(); // promises of async section updates
    this.visible = new Set(); // section roots on (or near) the screen
    this.starting = false; // the first refresh is drawing the sections on screen (refresh())
    let firstView;
    this.firstView = new Promise((resolve) => (firstView = resolve));
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) this.visible[e.isIntersecting ? 'add' : 'delete'](e.target);
        firstView();
        // A dirty section scrolled into view is drawn at once (within the task budget; the rest
        // are drawn one per task by a refresh, or by the first one while it starts).
        if (!this.runVisible(this.state.get()) && !this.starting)
          this.refresh(this.state.get(), []);
      },
      { rootMargin: `${NEAR_PX}px 0px` },
    );
    for (const sec of this.sections) this.observer.observe(sec.root);
    // State changes are coalesced to one refresh per animation frame (a slider fires faster), or
    // per FRAME_WAIT_MS in a frame that gets none.
    this.changed = new Set();
    this.frame = 0;
    this.lastChange = 0;
    this.unsubscribe = state.subscribe((_, changed) => {
      changed.forEach((k) => this.changed.add(k));
      this.lastChange = performance.now();
      document.documentElement.dataset.ready = 'false';
      if (!this.frame) {
        this.frame = requestAnimationFrame(() => this.flush());
        this.frameTimer = setTimeout(() => this.flush(), FRAME_WAIT_MS);
      }
    });
  }

  flush() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.frameTimer);
    this.frame = 0;
    const keys = [...this.changed];
    this.changed.clear();
    this.refresh(this.state.get(), keys);
  }

  /**
   * Updates the sections that depend on `changed` (all when null); resolves when all are drawn.
   * Sections on screen update at once (in this animation frame). The others are marked dirty and
   * updated one per macrotask once the state has settled, so a moving slider or a playing training
   * run only pays for what the learner can see.
   */
  async refresh(s = this.state.get(), changed = null) {
    const gen = ++this.generation;
    document.documentElement.dataset.ready = 'false';
    const t0 = performance.now();
    for (const sec of this.sections) {
      if (sec.failed) continue;
      if (!changed || !sec.update || sec.deps.some((k) => changed.includes(k))) this.dirty.add(sec);
    }
    this.runVisible(s);
    // One measure per redraw of the visible figures (read by the benchmark).
    performance.measure('redraw', { start: t0 });
    // At the first load nothing is moving: no wait for stillness.
    const first = changed === null;
    if (first && !this.embed) {
      // The sections on screen first, jobs included (ON_SCREEN_FIRST_MS), then the rest.
      this.starting = true;
      try {
        // A linked section is known, and a visible page can be measured (measureView fills
        // this.visible): no wait for the report.
        const known = this.focus !== null || this.measureView();
        if (!known) await Promise.race([this.firstView, sleep(FIRST_VIEW_MS)]);
        while (gen === this.generation && !this.runVisible(this.state.get())) await nextTask();
        const deadline = sleep(ON_SCREEN_FIRST_MS);
        if (gen === this.generation) await Promise.race([Promise.all(this.pending), deadline]);
      } finally {
        this.starting = false;
      }
      if (gen !== this.generation) return;
    }

    while (this.dirty.size) {
      const quiet = first ? 0 : SETTLE_MS - (performance.now() - this.lastChange);
      await (quiet > 0 ? sleep(quiet) : nextTask());
      if (gen !== this.generation) return; // a newer refresh took over the dirty sections
      if (!first && performance.now() - this.lastChange < SETTLE_MS) continue;
      // Sections on screen first, then the others in page order.
      const sec =
        [...this.dirty].find((d) => this.visible.has(d.root)) ?? this.dirty.values().next().value;
      if (sec) this.run(sec, this.state.get());
      // Once the first figure is drawn, the long jobs of sections not built yet (their prefetch)
      // start in the worker while this thread builds the others (the full page only: an embed
      // has one section).
      if (first && !this.embed && !this.prefetched) {
        this.prefetched = true;
        for (const other of this.sections) if (!other.update) other.module.prefetch?.(this.ctx);
      }
    }
    await Promise.all(this.pending);
    // Ready once the frame that shows the last figures has been painted: its animation frame, then
    // a task (it runs after that frame's rendering, paint included), not a second frame later.
    await nextFrame();
    await nextTask();
    // Not ready while a state change waits for its frame (this.frame: a flush is scheduled).
    if (gen === this.generation && !this.dirty.size && !this.frame) {
      this.pending.clear();
      document.documentElement.dataset.ready = 'true';
    }
  }

  /**
   * At the first load, finds the sections on screen by reading their boxes (one layout, of a page
   * already laid out for its first paint), as the observer will report them with the next frame:
   * the first figure is drawn without waiting for that frame (34-57 ms in traces). False when the
   * boxes cannot tell (a hidden page or frame has none): then the report is waited for. The report
   * still arrives and has the last word.
   */
  measureView() {
    if (document.visibilityState !== 'visible') return false;
    const boxes = this.sections.map((sec) => sec.root.getBoundingClientRect());
    if (!boxes.some((r) => r.width > 0 && r.height > 0)) return false;
    this.sections.forEach((sec, i) => {
      const r = boxes[i];
      if (r.width > 0 && nearScreen(r, NEAR_PX)) this.visible.add(sec.root);
    });
    return true;
  }

  /**
   * Updates the dirty sections on screen, in this task, until it has taken TASK_BUDGET_MS (large
   * data: a section can take 0.2 s, and a click must not wait for all of them). Returns true when
   * none is left dirty on screen; the others stay dirty for the next task.
   */
  runVisible(s) {
    const t0 = performance.now();
    // At the first load a linked section counts as on screen before the browser reports it.
    const visible = [...this.dirty].filter(
      (sec) => this.visible.has(sec.root) || (this.starting && sec.root === this.focus),
    );
    // Those in the viewport itself first: their jobs start before the margin's (see onScreen).
    // (A stable sort: page order within each group.)
    const inView = new Set(visible.filter((sec) => this.onScreen(sec.root)));
    visible.sort((a, b) => inView.has(b) - inView.has(a));
    for (const sec of visible) {
      if (performance.now() - t0 > TASK_BUDGET_MS) return false;
      this.run(sec, s);
    }
    return true;
  }

  /** Creates a section's figures and controls (its first draw); false if that failed. */
  create(sec) {
    if (sec.update) return true;
    try {
      const t0 = performance.now();
      Object.assign(sec, sec.module.create(sec.root, this.ctx));
      sizeNew(); // its charts' first sizes, once its figures are all there (one layout)
      performance.measure(`create ${sec.id}`, { start: t0 });
      return true;
    } catch (e) {
      sec.failed = true;
      this.fail(sec, e);
      return false;
    }
  }

  /** Updates one section (creating it first); keeps its promise (async sections) for the ready flag. */
  run(sec, s) {
    this.dirty.delete(sec);
    // The jobs a section on screen asks for go before the others (compute.js holds those).
    const compute = this.ctx.compute;
    compute.urgent = this.embed || this.onScreen(sec.root);
    try {
      this.runSection(sec, s);
    } finally {
      compute.urgent = false;
    }
  }

  /**
   * Whether a section's jobs go first. At the first load only the sections in the viewport itself:
   * `visible` has a 100 px margin, and a learner following a link to a section has the one above
   * within it (its training runs took a worker from the study on screen). Later, every visible
   * one.
   */
  onScreen(root) {
    if (!this.starting) return this.visible.has(root);
    // A link to a part of the page: the layout moves while the sections on screen are built (the
    // ones not yet laid out count as 900 px, article.css), and the browser keeps the target in
    // view; the target's section is the one on screen.
    if (this.focus) return root === this.focus;
    if (!this.visible.has(root)) return false;
    return nearScreen(root.getBoundingClientRect(), 0);
  }

  runSection(sec, s) {
    if (!this.create(sec)) return;
    try {
      const t0 = performance.now();
      const r = sec.update(s);
      // User Timing entries let benchmarks and the browser's profiler see each section's cost.
      performance.measure(`update ${sec.id}`, { start: t0 });
      if (!this.firstDrawn) {
        this.firstDrawn = true;
        performance.mark('first figure');
      }
      clearSectionError(sec.root);
      if (r && typeof r.then === 'function') {
        const p = r
          .then(() => this.markDrawn(sec))
          .catch((e) => this.fail(sec, e))
          .finally(() => this.pending.delete(p));
        this.pending.add(p);
      } else {
        this.markDrawn(sec);
      }
    } catch (e) {
      this.fail(sec, e);
    }
  }

  /**
   * The User Timing mark "drawn <id>" when a section's figures are first complete (its first update
   * finished, jobs included): bench/browser-latency.cjs reads it for a learner landing on a section.
   */
  markDrawn(sec) {
    if (sec.drawnMarked) return;
    sec.drawnMarked = true;
    performance.mark(`drawn ${sec.id}`);
  }

  fail(sec, e) {
    showSectionError(sec.root, e);
    showError(e, sec.id);
  }

  destroy() {
    this.unsubscribe();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.frameTimer);
    this.observer.disconnect();
    this.generation++;
    for (const sec of this.sections) {
      if (!sec.update) continue; // never created
      sec.destroy();
      // What create() added to the page goes with it (the next App builds it anew).
      sec.root.querySelector('.figures')?.replaceChildren();
      clearSectionError(sec.root);
    }
  }
}
