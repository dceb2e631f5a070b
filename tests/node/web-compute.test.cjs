'use strict';
// The page's job runner (web/js/compute/compute.js) in Node, where it runs jobs on this thread (no
// Worker): the jobs a section on screen asks for (`urgent`) start before the others, which are
// held while any urgent job runs; a held job that is superseded meanwhile never runs and resolves
// to null; a failing urgent job still releases the held ones; a job asked for after an await keeps
// the priority it passes. The API is a stub that records the order in which its methods start.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const WEB = path.join(__dirname, '..', '..', 'web', 'js');
const load = (rel) => import(pathToFileURL(path.join(WEB, rel)).href);

let Compute;

before(async () => {
  // What compute.js reads of the page: <html data-compute>, the URL's protocol (file: means no
  // worker). slices.js yields with a MessageChannel, which would keep Node's event loop alive:
  // a stand-in delivers on setImmediate.
  globalThis.document = { documentElement: { dataset: {} } };
  globalThis.location = { protocol: 'file:' };
  globalThis.MessageChannel = class {
    constructor() {
      this.port1 = { onmessage: null };
      this.port2 = { postMessage: () => setImmediate(() => this.port1.onmessage?.()) };
    }
  };
  ({ Compute } = await load('compute/compute.js'));
});

/** A stub API whose `work(label)` records the order of starts; `fail()` throws. */
function stubApi(started) {
  return {
    work: (label) => {
      started.push(label);
      return label;
    },
    fail: () => {
      started.push('fail');
      throw new RangeError('failed on purpose');
    },
  };
}

/** Calls `name(label)` with `urgent` set as the app does around a visible section's update. */
function call(compute, urgent, name, label, opts) {
  compute.urgent = urgent;
  try {
    return compute.call(name, [label], opts);
  } finally {
    compute.urgent = false;
  }
}

test('compute: jobs on screen start before the others, which are held meanwhile', async () => {
  const started = [];
  const compute = new Compute(stubApi(started));
  assert.equal(globalThis.document.documentElement.dataset.compute, 'main');
  const results = await Promise.all([
    call(compute, true, 'work', 'urgent 1'),
    call(compute, false, 'work', 'off screen 1'),
    call(compute, true, 'work', 'urgent 2'),
    call(compute, false, 'work', 'off screen 2'),
  ]);
  assert.deepEqual(started, ['urgent 1', 'urgent 2', 'off screen 1', 'off screen 2']);
  assert.deepEqual(results, ['urgent 1', 'off screen 1', 'urgent 2', 'off screen 2']);
  // With nothing urgent running, a job starts at once (in call order).
  started.length = 0;
  await Promise.all([call(compute, false, 'work', 'a'), call(compute, false, 'work', 'b')]);
  assert.deepEqual(started, ['a', 'b']);
});

test('compute: a held job superseded meanwhile never runs and resolves to null', async () => {
  const started = [];
  const compute = new Compute(stubApi(started));
  let current = true;
  const urgent = call(compute, true, 'work', 'urgent');
  const held = call(compute, false, 'work', 'stale', { isCurrent: () => current });
  current = false;
  assert.equal(await urgent, 'urgent');
  assert.equal(await held, null);
  assert.deepEqual(started, ['urgent']);
});

test('compute: a failing urgent job still releases the held ones', async () => {
  const started = [];
  const compute = new Compute(stubApi(started));
  const failing = call(compute, true, 'fail', 'x');
  const held = call(compute, false, 'work', 'after');
  await assert.rejects(failing, RangeError);
  assert.equal(await held, 'after');
  assert.deepEqual(started, ['fail', 'after']);
  assert.equal(compute.urgentRunning, 0);
  assert.equal(compute.held.length, 0);
});

test('compute: a job asked for after an await keeps the priority it passes (urgent)', async () => {
  // The consistency study's lanes ask for their later sizes after an await, when the app's flag
  // is off again: they pass the priority the update had, and the others still wait for them.
  const started = [];
  const compute = new Compute(stubApi(started));
  const first = call(compute, true, 'work', 'urgent 1');
  const other = call(compute, false, 'work', 'off screen'); // held while 'urgent 1' runs
  const later = compute.call('work', ['urgent 2 (passed)'], { urgent: true });
  await Promise.all([first, other, later]);
  assert.deepEqual(started, ['urgent 1', 'urgent 2 (passed)', 'off screen']);
  // Passed as false, a job is not urgent even while the flag is on.
  started.length = 0;
  const plain = call(compute, true, 'work', 'urgent');
  const demoted = (() => {
    compute.urgent = true;
    try {
      return compute.call('work', ['demoted'], { urgent: false });
    } finally {
      compute.urgent = false;
    }
  })();
  await Promise.all([plain, demoted]);
  assert.deepEqual(started, ['urgent', 'demoted']);
  assert.equal(compute.held.length, 0);
  assert.equal(compute.lanes, 1, 'one lane on the main thread');
});

test('compute: a prefetched job is the one its section later asks for (same name and args)', async () => {
  const started = [];
  const compute = new Compute(stubApi(started));
  compute.prefetch('work', ['study'], () => true);
  await new Promise((r) => setImmediate(r)); // it starts before the section exists
  assert.deepEqual(started, ['study']);
  // Other args are another job; the same ones get the prefetched result, once.
  assert.equal(await compute.call('work', ['other']), 'other');
  assert.equal(await compute.call('work', ['study']), 'study');
  assert.deepEqual(started, ['study', 'other']);
  assert.equal(compute.early.size, 0);
  assert.equal(await compute.call('work', ['study']), 'study', 'a second call is a new job');
  assert.deepEqual(started, ['study', 'other', 'study']);
});

test('compute: a prefetch no longer wanted is cancelled and forgotten; its owner decides after', async () => {
  const started = [];
  const compute = new Compute(stubApi(started));
  let wanted = true;
  compute.prefetch('work', ['a'], () => wanted);
  wanted = false; // the state changed before the job started
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, []);
  assert.equal(compute.early.size, 0, 'forgotten');
  assert.equal(await compute.call('work', ['a']), 'a', 'asked for later: a new job');
  // Once claimed, the caller's isCurrent decides: superseded, it resolves to null.
  compute.prefetch('work', ['b'], () => false);
  let current = true;
  const claimed = compute.call('work', ['b'], { isCurrent: () => current });
  assert.equal(await claimed, 'b', 'the owner still wants it (the prefetch no longer does)');
  compute.prefetch('work', ['c'], () => true);
  const dropped = compute.call('work', ['c'], { isCurrent: () => current });
  current = false;
  assert.equal(await dropped, null);
  assert.deepEqual(started, ['a', 'b']);
  // A finished prefetch whose state has moved on is not served: a call of its name drops it.
  let still = true;
  compute.prefetch('work', ['d'], () => still);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['a', 'b', 'd']);
  still = false;
  assert.equal(await compute.call('work', ['other']), 'other');
  assert.equal(compute.early.size, 0, 'dropped');
  assert.equal(await compute.call('work', ['d']), 'd');
  assert.deepEqual(started, ['a', 'b', 'd', 'other', 'd'], 'computed again');
});

test('compute: workers started early get the page module once, before any job', async () => {
  // What compute.js reads to use workers: a Worker class, an http(s) page, a real origin.
  const saved = { protocol: globalThis.location.protocol, Worker: globalThis.Worker };
  const hadSelf = 'self' in globalThis;
  const posted = []; // [worker index, message] in order
  let cloneable = true;
  let started = 0;
  globalThis.location.protocol = 'http:';
  globalThis.self = { origin: 'http://127.0.0.1' };
  globalThis.Worker = class {
    constructor(url) {
      this.url = url;
      this.index = ++started;
    }
    postMessage(msg) {
      if (msg.module && !cloneable) throw new Error('DataCloneError');
      posted.push([this.index, msg]);
    }
    terminate() {}
  };
  try {
    const compute = new Compute(null);
    compute.startWorkers();
    assert.equal(compute.workers.length, compute.size);
    assert.equal(globalThis.document.documentElement.dataset.compute, 'worker');
    assert.deepEqual(posted, [], 'no module before the page has loaded one');
    const wasmModule = { stand: 'in' };
    compute.nw = { wasmModule, version: '9.9.9', work: () => 1 };
    const again = compute.nw;
    compute.nw = again; // set again: not posted twice
    assert.deepEqual(
      posted.map(([i, m]) => [i, m.module.wasmModule, m.module.version]),
      compute.workers.map((_, i) => [i + 1, wasmModule, '9.9.9']),
    );
    // A job goes to a worker that already has the module.
    posted.length = 0;
    compute.call('work', ['a']);
    assert.equal(posted.length, 1);
    assert.equal(posted[0][1].name, 'work');
    // A browser that cannot clone a module: the worker is started anyway (it compiles its own).
    cloneable = false;
    const c2 = new Compute({ wasmModule, version: '9.9.9' });
    c2.startWorkers();
    assert.equal(c2.workers.length, c2.size);
    compute.destroy();
    c2.destroy();
  } finally {
    globalThis.location.protocol = saved.protocol;
    globalThis.Worker = saved.Worker;
    if (!hadSelf) delete globalThis.self;
  }
});
