// Consistency (the chapter's first exercise): test error against the true function as the number
// of training points grows, for the fixed h of the controls and for bandwidths chosen from the data.
// With a fixed h the error stalls at the smoothing bias; shrinking h with n (LOO-CV, Silverman's
// n^(-1/5)) lets it keep falling, roughly like n^(-4/5).
// Computed as one job per size (jobs.consistency), taken in turn by the workers, or in slices on
// the main thread. A new h alone changes only the fixed-h column: one fixedOnly job, joined with
// the kept columns of the same data (an h step took the page 0.6-0.8 s to settle with the whole
// study, 0.25-0.33 s with this); the last KEPT studies are kept, so going back to a kernel, seed or
// noise is as quick.
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { COLORS, SERIES } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
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
/** Full studies kept per section (a few numbers each). */
const KEPT = 8;
/** What the study's data-driven columns (LOO-CV, Silverman, the rate line) depend on: not h. */
const dataKeyOf = (s) => JSON.stringify([s.seed, s.noise, s.kernel]);

/**
 * The rows of the sizes computed so far (one study's rows each), in order of n, with the reference
 * line through all of them from the API (nw.rateLine: the study's own n^(-4/5) line, the same
 * numbers as one study of every size).
 */
function mergeRows(nw, rows) {
  const order = rows
    .flatMap((r, p) => Array.from(r.n, (n, i) => [n, p, i]))
    .sort((a, b) => a[0] - b[0]);
  const pick = (key) => Float64Array.from(order, ([, p, i]) => rows[p][key][i]);
  const out = {
    n: pick('n'),
    fixed: pick('fixed'),
    cv: pick('cv'),
    silverman: pick('silverman'),
    cvBandwidth: pick('cvBandwidth'),
  };
  out.rate = out.n.length ? nw.rateLine(out.n, out.cv) : new Float64Array(0);
  return out;
}

/**
 * The study as one job per size, largest work first (n times repeats), taken in turn by as many
 * lanes as the page has workers (one on the main thread): a lane that finishes a size takes the
 * next, so the workers stay busy to the end whatever each size costs (a fixed split into two
 * halves of equal n times repeats left one worker with 0.6 s and the other with 0.37 s). Each
 * size's data sets are seeded on their own (consistency_data_seed), so the rows are one study's.
 * The jobs keep the priority of the update that started the study (compute.call's `urgent`): the
 * lanes' later jobs are asked for after an await.
 */
function startStudy({ nw, model, compute }, s, isCurrent, onRows) {
  const sizes = sizesFor(s.kernel);
  const queue = [...sizes].sort((a, b) => b * repeats(b) - a * repeats(a));
  const urgent = compute.urgent;
  const done = []; // the rows of each finished size
  const lane = async () => {
    try {
      return await work();
    } catch (e) {
      queue.length = 0; // the other lanes stop at their next size
      throw e;
    }
  };
  const work = async () => {
    while (queue.length) {
      const n = queue.shift();
      const rows = await compute.call(
        'consistency',
        {
          sizes: [n],
          repeats: [repeats(n)],
          seed: s.seed,
          noise: s.noise,
          kernel: s.kernel,
          bandwidth: s.h,
          queries: model.fine,
        },
        { isCurrent, urgent },
      );
      if (!rows) return false;
      done.push(rows);
      if (done.length < sizes.length) onRows(mergeRows(nw, done));
    }
    return true;
  };
  const lanes = Array.from({ length: compute.lanes }, lane);
  return Promise.all(lanes).then((ok) =>
    ok.every(Boolean) && done.length === sizes.length ? mergeRows(nw, done) : null,
  );
}

/**
 * The rows for a new fixed h of a study whose data-driven columns are known (`kept`, a full
 * study's rows for the same seed, noise and kernel): the study with `fixedOnly` (the same data
 * sets and sums, so its fixed column is the one a full study would give, bit for bit; a few
 * predictions per data set instead of a bandwidth search each), joined with the kept columns.
 */
async function fixedRows({ compute, model }, s, kept, isCurrent) {
  const sizes = sizesFor(s.kernel);
  const only = await compute.call(
    'consistency',
    {
      sizes,
      repeats: sizes.map(repeats),
      seed: s.seed,
      noise: s.noise,
      kernel: s.kernel,
      bandwidth: s.h,
      queries: model.fine,
      fixedOnly: true,
    },
    { isCurrent },
  );
  if (!only) return null;
  return { ...kept, fixed: Float64Array.from(kept.n, (n) => only.fixed[only.n.indexOf(n)]) };
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
    // On a phone its long log-scale y title needs a plot at least as tall (Chart.js does not wrap).
    narrowAspect: 1.1,
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
  // The rows of the last KEPT full studies by dataKeyOf (oldest first): for those data, a new h
  // (or a kernel, seed or noise the learner comes back to) needs only the fixed column.
  const kept = new Map();
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
      onPartial = (partial) => {
        if (!isCurrent()) return;
        // Off screen a partial study is not drawn (a Chart.js update each, 7 of them while the
        // page loads): the next one is, once the section is near the screen, and the whole study.
        if (ctx.nearScreen?.(root) ?? true) draw(partial);
        const next = sizesFor(kernel).find((n) => !partial.n.includes(n));
        if (next) fig.caption.textContent = T.computingN(next);
      };
      const adopt = early && early.key === keyOf(s);
      earlyOwner = adopt ? isCurrent : () => false;
      const dataKey = dataKeyOf(s);
      const known = adopt ? undefined : kept.get(dataKey);
      const onlyH = known !== undefined;
      fig.caption.textContent = onlyH
        ? `${T.consistencyCaption}: ${T.progressComputing}`
        : T.computingN(SIZES[0]);
      const mine = adopt
        ? early.promise
        : onlyH
          ? fixedRows(ctx, s, known, isCurrent)
          : start(s, isCurrent);
      early = null;
      const rows = await mine;
      if (!rows || !isCurrent()) return;
      // The newest last (a study used again moves up).
      kept.delete(dataKey);
      kept.set(dataKey, onlyH ? known : rows);
      if (kept.size > KEPT) kept.delete(kept.keys().next().value);
      draw(rows);
      // The study's numbers, as the API returned them (tasks.consistencyStudy's result).
      fig.csv.set('predictions', {
        file: () => `consistency-${kernel}-seed${s.seed}-noise${s.noise}-h${s.h}.csv`,
        text: () =>
          csvFromColumns(
            ['n', 'mse_fixed_h', 'mse_loo_cv_h', 'mse_silverman_h', 'rate', 'loo_cv_h_mean'],
            [rows.n, rows.fixed, rows.cv, rows.silverman, rows.rate, rows.cvBandwidth],
          ),
      });
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
