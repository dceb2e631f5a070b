'use strict';
// The page's training runs (web/js/compute/trainer.js): IncrementalRun.advance stops at its epoch
// target or after its time budget, and however the steps are spread over calls the run is the same
// run, bit for bit.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const WEB = path.join(__dirname, '..', '..', 'web', 'js');

let nw;
let IncrementalRun;
before(async () => {
  ({ IncrementalRun } = await import(pathToFileURL(path.join(WEB, 'compute', 'trainer.js')).href));
  nw = await require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js')).load();
});

const OPTS = { kernel: 'gaussian', learningRate: 0.5, leaveOneOut: true, seed: 3 };

function runOf(n, batchSize) {
  const { x, y } = nw.generateData({ n, seed: 5 });
  return new IncrementalRun(nw, x, y, { ...OPTS, batchSize }, {}, 40);
}

test('trainer: advance with a zero budget runs exactly one task step', () => {
  const run = runOf(200, 1); // one row per step
  const probe = runOf(200, 1);
  try {
    for (let i = 1; i <= 5; i++) {
      run.advance(10, 0);
      probe.task.step();
      assert.deepEqual(run.task.progress(), probe.task.progress(), `after call ${i}`);
    }
    assert.equal(run.task.progress().done, 5);
  } finally {
    run.dispose();
    probe.dispose();
  }
});

test('trainer: advance without a budget stops at its epoch target', () => {
  for (const batch of [undefined, 1, 7]) {
    const run = runOf(50, batch);
    try {
      run.advance(3);
      assert.equal(run.epochs, 3, `batch ${batch}: 3 epochs`);
      run.advance(4);
      assert.equal(run.epochs, 7, `batch ${batch}: 4 more`);
    } finally {
      run.dispose();
    }
  }
});

test('trainer: a run advanced one step per call is the run advanced in one call', () => {
  for (const batch of [undefined, 1, 7]) {
    const sliced = runOf(60, batch);
    const whole = runOf(60, batch);
    try {
      let calls = 0;
      while (!sliced.has(12)) {
        sliced.advance(12 - sliced.epochs, 0);
        calls++;
      }
      whole.advance(12);
      assert.ok(calls >= 12, `batch ${batch}: ${calls} calls`);
      const a = sliced.prefix(12);
      const b = whole.prefix(12);
      assert.equal(a.epochs, 12);
      assert.deepEqual(
        [a.w0, a.w, a.steps, [...a.losses], [...a.ws]],
        [b.w0, b.w, b.steps, [...b.losses], [...b.ws]],
        `batch ${batch}`,
      );
    } finally {
      sliced.dispose();
      whole.dispose();
    }
  }
});
