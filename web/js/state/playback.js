// Training playback: while state.playing, advances state.step by one epoch at `speed` epochs per
// second until the run's `epochs`; each step redraws every figure of the trained model. A step whose
// training is not computed yet (large n) is computed in slices first; the player waits for it.
export class Playback {
  constructor(state, model) {
    this.state = state;
    this.model = model;
    this.frame = 0;
    this.last = 0;
    this.credit = 0; // epochs owed at the current speed
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
