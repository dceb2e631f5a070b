// Issue 11's targets: the one table both benchmarks read (node-bench.cjs for the module,
// browser-latency.cjs for the page) to end a run with where that run stands against each one,
// side by side with its own measurement. README's "Benchmarks" records such runs.
//
// A target: { id, bench: 'node' | 'browser', what, bar (in `unit`), dir: 'at most' | 'at least' |
// 'below' | 'above', unit, exponent? (shown in e-notation), full? (measured only without
// --quick) }, or, for a column that a run shows rather than a number it meets, dir: 'shown'.
'use strict';

const TARGETS = Object.freeze(
  [
    {
      id: 'compact-exact',
      bench: 'node',
      what: "compact kernels' predictions (10^5 keys) and LOO losses (10^4 keys) against evaluation: 'dense', max |difference| / max |y|",
      bar: 1e-12,
      dir: 'at most',
      unit: '',
      exponent: true,
    },
    {
      id: 'select-1e4',
      bench: 'node',
      what: 'selectBandwidth (LOO-CV) at n = 10^4, every kernel, against one dense plain-JS LOO loss: the slowest kernel',
      bar: 1,
      dir: 'above',
      unit: 'x faster',
    },
    {
      id: 'select-1e5',
      bench: 'node',
      what: 'selectBandwidth (LOO-CV) at n = 10^5, every kernel: the slowest',
      bar: 3000,
      dir: 'below',
      unit: 'ms',
      full: true,
    },
    {
      id: 'predict-small',
      bench: 'node',
      what: 'predict 50 x 50 (Gaussian, h = 0.5) against plain JS in the same process',
      bar: 2.5,
      dir: 'at least',
      unit: 'x',
    },
    {
      id: 'attention-small',
      bench: 'node',
      what: 'attentionWeights 50 x 50 (Gaussian, h = 0.5) against plain JS in the same process',
      bar: 2.5,
      dir: 'at least',
      unit: 'x',
    },
    {
      id: 'statsmodels',
      bench: 'node',
      what: 'statsmodels KernelReg as a column (cv_ls at n = 500 and 2,000; fit at n = 10^4)',
      dir: 'shown',
    },
    {
      id: 'controls',
      bench: 'browser',
      what: 'navigation -> controls bound, served (median of the first loads, default flags)',
      bar: 300,
      dir: 'at most',
      unit: 'ms',
    },
    {
      id: 'first-figure',
      bench: 'browser',
      what: 'navigation -> first figure drawn, served (median, default flags)',
      bar: 300,
      dir: 'at most',
      unit: 'ms',
    },
    {
      id: 'ready',
      bench: 'browser',
      what: 'navigation -> every figure drawn (data-ready), served (median, default flags)',
      bar: 1000,
      dir: 'at most',
      unit: 'ms',
    },
    {
      id: 'redraw-p95',
      bench: 'browser',
      what: 'slider-to-paint work on the main thread (the redraw) at n = 2,000, p95, default flags',
      bar: 4,
      dir: 'at most',
      unit: 'ms',
    },
  ].map((t) => Object.freeze(t)),
);

const PASSES = {
  'at most': (v, bar) => v <= bar,
  'at least': (v, bar) => v >= bar,
  below: (v, bar) => v < bar,
  above: (v, bar) => v > bar,
};

/**
 * A number as the table shows it, with its unit: 3 significant digits (whole above 100; a bar
 * without trailing zeros), or e-notation for an `exponent` target. A ratio's "x" follows its
 * number.
 */
function show(t, v, isBar = false) {
  if (t.exponent) return v.toExponential(1);
  const digits = isBar ? String(Number(v.toPrecision(3))) : v.toPrecision(3);
  const s = Math.abs(v) >= 100 ? String(Math.round(v)) : digits;
  if (!t.unit) return s;
  return t.unit.startsWith('x') ? `${s}${t.unit}` : `${s} ${t.unit}`;
}

/**
 * The verdict of one target for one run: {measured, verdict} where verdict is 'met' or 'missed',
 * 'shown' for a 'shown' target, or 'not measured in this run' ('not measured (--quick)' for a
 * `full` target in a --quick run). `result` is undefined (not measured), {value, note?} for a
 * number, or {note} for a 'shown' target (its presence is the target).
 */
function judge(t, result, quick = false) {
  if (!result || (t.dir !== 'shown' && !Number.isFinite(result.value))) {
    const why = t.full && quick ? 'not measured (--quick)' : 'not measured in this run';
    return { measured: result?.note ?? '-', verdict: why };
  }
  if (t.dir === 'shown') return { measured: result.note ?? '', verdict: 'shown' };
  const measured = show(t, result.value) + (result.note ? ` (${result.note})` : '');
  return { measured, verdict: PASSES[t.dir](result.value, t.bar) ? 'met' : 'missed' };
}

/** The bar as the table shows it: "at least 2.5x", "below 3000 ms". */
const barText = (t) => (t.dir === 'shown' ? 'a column' : `${t.dir} ${show(t, t.bar, true)}`);

/** A table cell: a bar inside it escaped for Markdown. */
const cell = (text) => String(text).replaceAll('|', '\\|');

/**
 * Prints the targets of `bench` as a Markdown table with this run's measurements (`results`, a
 * Map of id -> result, as judge() takes), and returns the verdicts ({id, verdict}).
 */
function printTargets(bench, results, { quick = false, log = console.log } = {}) {
  const rows = TARGETS.filter((t) => t.bench === bench).map((t) => ({
    t,
    ...judge(t, results.get(t.id), quick),
  }));
  log(`\nIssue 11's targets (bench/targets.cjs), this run:`);
  log('| target | bar | measured | |');
  log('| --- | --- | --- | --- |');
  for (const r of rows) {
    log(`| ${[r.t.what, barText(r.t), r.measured, r.verdict].map(cell).join(' | ')} |`);
  }
  return rows.map((r) => ({ id: r.t.id, verdict: r.verdict }));
}

module.exports = { TARGETS, judge, printTargets };
