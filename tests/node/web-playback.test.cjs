'use strict';
// Training playback (web/js/state/playback.js) in Node with a hand-driven clock: play, pause,
// step, reset; the speed in epochs per second; the end of the run; epochs that must first be
// computed (the player waits for them). requestAnimationFrame is replaced by a queue the test runs.

const { test, before, beforeEach, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const WEB = path.join(__dirname, '..', '..', 'web', 'js');
const load = (rel) => import(pathToFileURL(path.join(WEB, rel)).href);

let Playback;
let State;
let OPTS;

before(async () => {
  ({ Playback } = await load('state/playback.js'));
  ({ State } = await load('state/state.js'));
  // The kernel names are the built API's (nw.kernels).
  const { kernels } = await require(
    path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'),
  ).load();
  OPTS = { kernels: [...kernels], figures: [], lang: 'en' };
});

// A clock and an animation-frame queue under the test's control.
let now = 0;
let frames = new Map();
let nextFrame = 1;
const saved = {};
beforeEach(() => {
  now = 0;
  frames = new Map();
  nextFrame = 1;
  for (const k of ['requestAnimationFrame', 'cancelAnimationFrame']) saved[k] = globalThis[k];
  saved.now = performance.now;
  globalThis.requestAnimationFrame = (fn) => {
    frames.set(nextFrame, fn);
    return nextFrame++;
  };
  globalThis.cancelAnimationFrame = (id) => frames.delete(id);
  performance.now = () => now;
});
afterEach(() => {
  for (const k of ['requestAnimationFrame', 'cancelAnimationFrame']) globalThis[k] = saved[k];
  performance.now = saved.now;
});

/** Advances the clock by `ms` in frames of `dt` ms, running the queued frame callbacks. */
function advance(ms, dt = 16) {
  for (let t = 0; t < ms; t += dt) {
    now += dt;
    const due = [...frames];
    frames.clear();
    for (const [, fn] of due) fn(now);
  }
}

/** The model's side of playback: position as in compute/model.js; `ready` epochs are computed. */
function fakeModel({ ready = Infinity } = {}) {
  const model = {
    ready,
    extended: [],
    position: (s) => Math.max(0, Math.min(s.epochs, s.step ?? s.epochs)),
    run: () => ({ has: (k) => k <= model.ready }),
    extend: (run, k) => {
      model.extended.push(k);
      return new Promise((resolve) => {
        model.finish = () => {
          model.ready = Math.max(model.ready, k);
          resolve(true);
        };
      });
    },
  };
  return model;
}

test('playback: play runs from 0 at `speed` epochs per second and stops at the last epoch', () => {
  const state = new State({ epochs: 20, speed: 5 }, OPTS);
  const player = new Playback(state, fakeModel());
  player.play();
  assert.equal(state.get().playing, true);
  assert.equal(state.get().step, 0, 'a finished run plays from the start');
  advance(16);
  assert.equal(state.get().step, 1, 'the first epoch at once');
  advance(1000);
  const step = state.get().step;
  assert.ok(step >= 5 && step <= 7, `about 5 epochs per second: at ${step} after 1 s`);
  advance(10_000);
  assert.equal(state.get().step, 20);
  assert.equal(state.get().playing, false, 'stops by itself at the end');
  assert.equal(frames.size, 0, 'no animation frame left running');
  player.destroy();
});

test('playback: pause holds the position; step and reset; step past the end adds an epoch', () => {
  const state = new State({ epochs: 10, speed: 60 }, OPTS);
  const player = new Playback(state, fakeModel());
  player.reset();
  assert.deepEqual([state.get().step, state.get().playing], [0, false]);
  player.step();
  player.step();
  assert.equal(state.get().step, 2);
  player.play();
  advance(50);
  player.pause();
  const paused = state.get().step;
  assert.ok(paused > 2 && paused < 10, `paused at ${paused}`);
  advance(2000);
  assert.equal(state.get().step, paused, 'nothing moves while paused');
  assert.equal(frames.size, 0);
  state.set({ step: 10 });
  player.step();
  assert.deepEqual([state.get().step, state.get().epochs], [11, 11], 'one more epoch past the end');
  player.destroy();
});

test('playback: the speed caps how far a slow frame jumps; a pause from the state stops the frames', () => {
  const state = new State({ epochs: 1000, speed: 60 }, OPTS);
  const player = new Playback(state, fakeModel());
  player.play();
  advance(16);
  const before = state.get().step;
  advance(5000, 5000); // one frame 5 s late
  assert.ok(
    state.get().step - before <= 4,
    `a late frame jumped ${state.get().step - before} epochs`,
  );
  state.set({ playing: false });
  assert.equal(frames.size, 0, 'state.playing = false stops the animation');
  player.destroy();
});

test('playback: epochs not computed yet are computed first; the player waits, then shows them', async () => {
  const state = new State({ epochs: 50, speed: 5 }, OPTS);
  const model = fakeModel({ ready: 0 });
  const player = new Playback(state, model);
  player.play();
  advance(16);
  assert.deepEqual(model.extended, [1], 'asked the model for epoch 1');
  assert.equal(state.get().step, 0, 'waits for it');
  advance(2000);
  assert.deepEqual(model.extended, [1], 'one request at a time');
  model.finish();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(state.get().step, 1);
  // Paused while computing: the result does not move the position.
  advance(500);
  assert.equal(model.extended.length, 2);
  player.pause();
  const at = state.get().step;
  model.finish();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(state.get().step, at, 'a pause during the computation is kept');
  player.destroy();
});
