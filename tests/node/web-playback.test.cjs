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
let EpochPlayback;
let State;
let OPTS;

before(async () => {
  ({ Playback, EpochPlayback } = await load('state/playback.js'));
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

test('epoch playback (section 21): qk moves at its rate to the end, from 0 when at the end', () => {
  const state = new State({ qk: 200 }, OPTS);
  let ready = false; // the run is being computed: the player waits
  const player = new EpochPlayback(state, {
    key: 'qk',
    playing: 'qkPlaying',
    max: 200,
    rate: 20,
    ready: () => ready,
  });
  player.play();
  assert.deepEqual([state.get().qk, state.get().qkPlaying], [0, true], 'from 0 at the end');
  advance(500);
  assert.equal(state.get().qk, 0, 'nothing moves before the run is computed');
  ready = true;
  advance(16);
  assert.equal(state.get().qk, 1, 'the next epoch once it is');
  advance(1000);
  const at = state.get().qk;
  assert.ok(at >= 19 && at <= 23, `about 20 epochs per second: at ${at} after 1 s`);
  player.pause();
  advance(2000);
  assert.deepEqual([state.get().qk, state.get().qkPlaying], [at, false], 'paused: qk stays');
  assert.equal(frames.size, 0, 'no animation frame left running');
  player.play();
  assert.equal(state.get().qk, at, 'plays on from the epoch shown');
  advance(20_000);
  assert.deepEqual([state.get().qk, state.get().qkPlaying], [200, false], 'stops at the end');
  assert.equal(frames.size, 0);
  player.destroy();
});

test('epoch playback: moving the setting from elsewhere (its slider, a link) pauses there', () => {
  const state = new State({ qk: 0 }, OPTS);
  const changes = [];
  state.subscribe((s, changed) => changes.push(changed.join('+')));
  const player = new EpochPlayback(state, { key: 'qk', playing: 'qkPlaying', max: 200, rate: 20 });
  player.play();
  advance(200);
  assert.ok(state.get().qk > 0 && state.get().qkPlaying);
  state.set({ qk: 50 });
  assert.deepEqual([state.get().qk, state.get().qkPlaying], [50, false]);
  advance(1000);
  assert.equal(state.get().qk, 50, 'stays where the learner put it');
  assert.equal(frames.size, 0);
  // The last epoch and the stop are one change (one redraw, one URL entry).
  state.set({ qk: 199 });
  player.play();
  advance(100);
  assert.equal(changes.at(-1), 'qk+qkPlaying');
  assert.deepEqual([state.get().qk, state.get().qkPlaying], [200, false]);
  // A player created while the state plays starts at once (a section rebuilt on a language switch).
  player.destroy();
  state.set({ qk: 10, qkPlaying: true });
  const again = new EpochPlayback(state, { key: 'qk', playing: 'qkPlaying', max: 200, rate: 20 });
  advance(16);
  assert.equal(state.get().qk, 11);
  again.destroy();
  assert.equal(frames.size, 0);
});
