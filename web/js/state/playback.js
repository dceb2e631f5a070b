// Playback. Playback (section 5, training): while state.playing, advances state.step by one epoch
// at `speed` epochs per second until the run's `epochs`; each step redraws every figure of the
// trained model. A step whose training is not computed yet (large n) is computed in slices first;
// the player waits for it. EpochPlayback (section 21): moves an epoch setting of a run computed
// whole, at a fixed rate.
/**
 * What both players share: an animation-frame loop that calls tick(now) every frame while playing,
 * with `credit`, the epochs owed at the player's rate (the first epoch at once).
 */
class FrameLoop {
  constructor() {
    this.frame = 0;
    this.last = 0;
    this.credit = 0;
  }

  start() {
    if (this.frame) return;
    this.last = performance.now();
    this.credit = 1; // the first epoch at once
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  stop() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}

export class Playback extends FrameLoop {
  constructor(state, model) {
    super();
    this.state = state;
    this.model = model;
    this.waiting = false;
    this.unsubscribe = state.subscribe((s, changed) => {
      if (changed.includes('playing')) s.playing ? this.start() : this.stop();
    });
    if (state.get().playing) this.start();
  }

  /** Current position in epochs (the end of the run when not stepped). */
  position(s = this.state.get()) {
    return this.model.position(s);
  }

  play() {
    const s = this.state.get();
    const p = this.position(s);
    this.state.set({ playing: true, step: p >= s.epochs ? 0 : p });
  }

  pause() {
    this.state.set({ playing: false, step: this.position() });
  }

  /** One epoch forward; past the end, the run gets one more epoch. */
  step() {
    const s = this.state.get();
    const p = this.position(s) + 1;
    this.state.set({ playing: false, step: p, epochs: Math.max(s.epochs, p) });
  }

  reset() {
    this.state.set({ playing: false, step: 0 });
  }

  tick(now) {
    this.frame = requestAnimationFrame((t) => this.tick(t));
    const s = this.state.get();
    this.credit = Math.min(this.credit + ((now - this.last) / 1000) * s.speed, 4);
    this.last = now;
    if (this.waiting || this.credit < 1) return;
    const p = this.position(s);
    if (p >= s.epochs) {
      this.state.set({ playing: false, step: p });
      return;
    }
    const next = Math.min(s.epochs, p + Math.floor(this.credit));
    this.credit -= next - p;
    const run = this.model.run('training', s);
    if (run.has(next)) {
      this.state.set({ step: next });
      return;
    }
    this.waiting = true; // compute the epochs in slices, then show them
    this.model.extend(run, next).then(() => {
      this.waiting = false;
      if (this.state.get().playing) this.state.set({ step: next });
    });
  }

  destroy() {
    this.stop();
    this.unsubscribe();
  }
}

/**
 * Playback of a setting that counts the epochs of a run computed whole (section 21's `qk`): while
 * state[playing], advances state[key] by one epoch at `rate` epochs per second up to `max`, where
 * it stops. The setting itself moves, so its slider and the URL follow, and pausing leaves both
 * at the epoch shown. A change of the setting from elsewhere (its slider, a link) pauses there.
 * `ready(s)` says whether the epochs of state s can be drawn at once; while it is false (the run
 * is being computed) the player waits.
 */
export class EpochPlayback extends FrameLoop {
  /**
   * @param {import('./state.js').State} state
   * @param {{key: string, playing: string, max: number, rate: number, ready?: (s: object) => boolean}} opts
   */
  constructor(state, { key, playing, max, rate, ready = () => true }) {
    super();
    Object.assign(this, { state, key, playingKey: playing, max, rate, ready });
    this.own = false; // true while the player itself sets the epoch
    this.unsubscribe = state.subscribe((s, changed) => {
      if (changed.includes(playing)) s[playing] ? this.start() : this.stop();
      else if (changed.includes(key) && !this.own && s[playing]) this.pause();
    });
    if (state.get()[playing]) this.start();
  }

  /** Plays from the epoch shown; from 0 when it is the last. */
  play() {
    const at = this.state.get()[this.key];
    this.set({ [this.playingKey]: true, ...(at >= this.max ? { [this.key]: 0 } : {}) });
  }

  pause() {
    this.state.set({ [this.playingKey]: false });
  }

  set(patch) {
    this.own = true;
    try {
      this.state.set(patch);
    } finally {
      this.own = false;
    }
  }

  tick(now) {
    this.frame = requestAnimationFrame((t) => this.tick(t));
    const s = this.state.get();
    this.credit = Math.min(this.credit + ((now - this.last) / 1000) * this.rate, 4);
    this.last = now;
    // Waiting for the run owes no more than the next epoch (no jump when it arrives).
    const ready = this.ready(s);
    if (!ready) this.credit = Math.min(this.credit, 1);
    if (this.credit < 1 || !ready) return;
    const at = s[this.key];
    if (at >= this.max) {
      this.pause();
      return;
    }
    const next = Math.min(this.max, at + Math.floor(this.credit));
    this.credit -= next - at;
    // The last epoch ends the playback in the same change (one redraw, one URL entry).
    this.set({ [this.key]: next, ...(next >= this.max ? { [this.playingKey]: false } : {}) });
  }

  destroy() {
    this.stop();
    this.unsubscribe();
  }
}
