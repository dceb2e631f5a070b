// Consistency (the chapter's first exercise): test error against the true function as the number
// of training points grows, for the fixed h of the controls and for bandwidths chosen from the data.
// With a fixed h the error stalls at the smoothing bias; shrinking h with n (LOO-CV, Silverman's
// n^(-1/5)) lets it keep falling, roughly like n^(-4/5).
// Computed by the compute worker (jobs.consistency), or in slices on the main thread.
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { COLORS, SERIES } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';

export const SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
/** Data sets averaged per size; fewer for the large, slow sizes. */
const repeats = (n) => (n <= 200 ? 5 : n <= 1000 ? 3 : 1);
/**
 * The sizes studied for a kernel: every kernel goes up to 5,000 points (the compact kernels' LOO
 * losses come from fast sum updating, O(n) per evaluation, so their search is as fast as the
 * Gaussian's).
 */
export const sizesFor = () => SIZES;

const keyOf = (s) => JSON.stringify([s.seed, s.noise, s.kernel, s.h]);

/** The study as a job: in the worker when there is one, else in slices on the main thread. */
function startStudy({ model, compute }, s, isCurrent, onRows) {
  return compute.call(
    'consistency',
    {
      sizes: sizesFor(s.kernel),
      repeats: sizesFor(s.kernel).map(repeats),
      seed: s.seed,
      noise: s.noise,
      kernel: s.kernel,
      bandwidth: s.h,
      queries: model.fine,
    },
    { isCurrent, onProgress: (done, total, partial) => partial && onRows(partial) },
  );
}

// Studies started before their section was created (prefetch), by page context.
const prefetched = new WeakMap();

/**
 * Starts the study for the state the page opens with as soon as the first figures are drawn (the
 * app calls this), so that its second of work runs in the worker while the main thread builds the
 * other sections; create() adopts it. Its rows go nowhere until then (they are in the result).
 */
export function prefetch(ctx) {
  if (prefetched.has(ctx)) return;
  const s = ctx.state.get();
  // Until create() adopts it, it lives only while the state is still the one it was started for.
  const job = { key: keyOf(s), owner: () => keyOf(ctx.state.get()) === job.key, sink: null };
  job.promise = startStudy(
    ctx,
    s,
    () => job.owner(),
    (partial) => job.sink?.(partial),
  );
  prefetched.set(ctx, job);
}

export function create(root, ctx) {
  const fig = figure(root.querySelector('.figures'), 'consistency', T.consistencyCaption);
  const chart = new LineChart(fig.canvas, {
    aspect: 1.9,
    x: { label: T.axisNLog, type: 'logarithmic', min: 10, max: 5000 },
    y: { label: T.axisMseLog, type: 'logarithmic' },
    series: [
      { id: 'fixed', label: T.fixedH, color: SERIES[0], width: 2.2 },
      { id: 'cv', label: T.looCvH, color: SERIES[1], width: 2.2, dash: [10, 3, 2, 3] },
      { id: 'silverman', label: T.silvermanH, color: SERIES[3], width: 2, dash: [5, 3] },
      { id: 'rate', label: T.slope, color: COLORS.muted, width: 1.2, dash: [2, 3] },
    ],
  });
  for (const d of chart.chart.data.datasets.slice(0, 3))
    Object.assign(d, { pointRadius: 2.5, pointStyle: 'circle' });
  const turn = latest();

  function draw(rows) {
    const ns = rows.n;
    chart.update({
      fixed: { x: ns, y: rows.fixed },
      cv: { x: ns, y: rows.cv },
      silverman: { x: ns, y: rows.silverman },
      rate: { x: ns, y: rows.rate }, // the n^(-4/5) reference, from the core
    });
  }

  let onPartial = null; // where partial rows go (the update in progress)
  const start = (s, isCurrent) => startStudy(ctx, s, isCurrent, (partial) => onPartial?.(partial));
  // The study for the state the page opens with, started by the app's prefetch after the first
  // figure (or here, now), runs in parallel with building the other figures. The first update
  // adopts it (or, for another state, lets it be cancelled).
  let earlyOwner = () => true;
  prefetch(ctx);
  let early = prefetched.get(ctx);
  prefetched.delete(ctx);
  early.owner = () => earlyOwner();
  early.sink = (partial) => onPartial?.(partial);

  return {
    deps: ['seed', 'noise', 'kernel', 'h'],
    async update(s) {
      const isCurrent = turn.begin();
      const kernel = s.kernel;
      fig.caption.textContent = T.computingN(SIZES[0]);
      onPartial = (partial) => {
        if (!isCurrent()) return;
        draw(partial);
        const next = sizesFor(kernel)[partial.n.length];
        if (next) fig.caption.textContent = T.computingN(next);
      };
      const adopt = early && early.key === keyOf(s);
      earlyOwner = adopt ? isCurrent : () => false;
      const mine = adopt ? early.promise : start(s, isCurrent);
      early = null;
      const rows = await mine;
      if (!rows || !isCurrent()) return;
      draw(rows);
      const last = rows.n.length - 1;
      fig.caption.textContent = T.consistencyResult(
        kernelName(kernel),
        s.noise,
        rows.n[last],
        s.h,
        rows.fixed[last],
        rows.cv[last],
        rows.silverman[last],
      );
    },
    destroy() {
      earlyOwner = () => false;
      early = null;
      turn.cancel();
      chart.destroy();
    },
  };
}
