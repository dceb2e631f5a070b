// bench/targets.cjs, the one table of issue 11's targets that both benchmarks print their runs
// against: the table's shape, and each verdict at its bar's edge, unmeasured, and for --quick.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { TARGETS, judge, printTargets } = require('../../bench/targets.cjs');

const byId = new Map(TARGETS.map((t) => [t.id, t]));

test('the targets table: unique ids, a bench each, a bar and a direction each', () => {
  assert.equal(byId.size, TARGETS.length, 'ids are unique');
  assert.ok(Object.isFrozen(TARGETS) && TARGETS.every((t) => Object.isFrozen(t)));
  for (const t of TARGETS) {
    assert.ok(['node', 'browser'].includes(t.bench), `${t.id}: bench`);
    assert.ok(t.what.length > 10, `${t.id}: what`);
    if (t.dir === 'shown') continue;
    assert.ok(['at most', 'at least', 'below', 'above'].includes(t.dir), `${t.id}: dir`);
    assert.ok(Number.isFinite(t.bar) && t.bar > 0, `${t.id}: bar`);
  }
  // The bars, as the table holds them.
  const bars = Object.fromEntries(TARGETS.filter((t) => t.bar).map((t) => [t.id, t.bar]));
  assert.deepEqual(bars, {
    'compact-exact': 1e-12,
    'select-1e4': 1,
    'select-1e5': 3000,
    'predict-small': 2.5,
    'attention-small': 2.5,
    controls: 300,
    'first-figure': 300,
    ready: 1000,
    'redraw-p95': 4,
  });
});

test('judge: met and missed at the bar, for each direction', () => {
  const v = (id, value) => judge(byId.get(id), { value }).verdict;
  assert.equal(v('controls', 300), 'met', 'at most 300: 300 meets it');
  assert.equal(v('controls', 300.05), 'missed');
  assert.equal(v('predict-small', 2.5), 'met', 'at least 2.5: 2.5 meets it');
  assert.equal(v('predict-small', 2.49), 'missed');
  assert.equal(v('select-1e4', 1), 'missed', 'above 1: 1 does not');
  assert.equal(v('select-1e4', 1.01), 'met');
  assert.equal(v('select-1e5', 3000), 'missed', 'below 3000: 3000 does not');
  assert.equal(v('select-1e5', 2999), 'met');
  assert.equal(v('compact-exact', 4.6e-14), 'met');
  assert.equal(v('compact-exact', 2e-12), 'missed');
});

test('judge: what a run did not measure is said, not judged', () => {
  assert.equal(judge(byId.get('ready'), undefined).verdict, 'not measured in this run');
  assert.equal(judge(byId.get('ready'), { value: NaN }).verdict, 'not measured in this run');
  assert.equal(judge(byId.get('select-1e5'), undefined, true).verdict, 'not measured (--quick)');
  assert.equal(judge(byId.get('statsmodels'), undefined).verdict, 'not measured in this run');
  const shown = judge(byId.get('statsmodels'), { note: 'cv_ls at 500: 724 against 14.6 ms' });
  assert.deepEqual(shown, { measured: 'cv_ls at 500: 724 against 14.6 ms', verdict: 'shown' });
});

test('judge: the measured column shows the value in its unit, with its note', () => {
  assert.equal(
    judge(byId.get('predict-small'), { value: 2.9734, note: '9.72 against 28.9 us' }).measured,
    '2.97x (9.72 against 28.9 us)',
  );
  assert.equal(judge(byId.get('ready'), { value: 2097.4 }).measured, '2097 ms');
  assert.equal(judge(byId.get('compact-exact'), { value: 4.61e-14 }).measured, '4.6e-14');
  assert.equal(judge(byId.get('select-1e4'), { value: 4.567 }).measured, '4.57x faster');
  assert.equal(judge(byId.get('redraw-p95'), { value: 4.2 }).measured, '4.20 ms');
  assert.equal(judge(byId.get('attention-small'), { value: 3 }).measured, '3.00x');
});

test('printTargets: one Markdown row per target of the bench, and the verdicts returned', () => {
  const lines = [];
  const results = new Map([
    ['controls', { value: 418.4 }],
    ['first-figure', { value: 479.5 }],
    ['redraw-p95', { value: 3.9, note: '4.1 ms without frame pacing' }],
  ]);
  const verdicts = printTargets('browser', results, { log: (l) => lines.push(l) });
  const rows = lines.filter(
    (l) => l.startsWith('| ') && !l.startsWith('| target') && !l.startsWith('| ---'),
  );
  assert.equal(rows.length, TARGETS.filter((t) => t.bench === 'browser').length);
  // Four cells a row: a bar inside a cell is escaped.
  for (const r of rows) assert.equal(r.replaceAll('\\|', '').split('|').length, 6, r);
  assert.deepEqual(verdicts, [
    { id: 'controls', verdict: 'missed' },
    { id: 'first-figure', verdict: 'missed' },
    { id: 'ready', verdict: 'not measured in this run' },
    { id: 'redraw-p95', verdict: 'met' },
  ]);
  assert.ok(
    rows[3].includes('| at most 4 ms | 3.90 ms (4.1 ms without frame pacing) | met |'),
    rows[3],
  );
});

test('printTargets: a bar inside a cell is escaped, so every row keeps its four cells', () => {
  const lines = [];
  const results = new Map([
    ['compact-exact', { value: 4.6e-14, note: 'predictions 4.6e-14, LOO losses 5.4e-15' }],
    ['statsmodels', { note: 'cv_ls at 500: 724 against 14.6 ms' }],
  ]);
  const verdicts = printTargets('node', results, { quick: true, log: (l) => lines.push(l) });
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| target'));
  assert.ok(byId.get('compact-exact').what.includes('|'), 'the test needs a bar in a cell');
  for (const r of rows) assert.equal(r.replaceAll('\\|', '').split('|').length, 6, r);
  assert.deepEqual(
    verdicts.map((v) => v.verdict),
    [
      'met',
      'not measured in this run',
      'not measured (--quick)',
      'not measured in this run',
      'not measured in this run',
      'shown',
    ],
  );
});
