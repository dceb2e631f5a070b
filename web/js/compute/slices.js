// Cooperative time slicing: long computations run as a loop of short steps and yield to the browser
// between slices, so input and painting never wait more than one slice. (A Worker cannot load the
// module from file://, so the page slices instead.)

/**
 * Resolves on the next macrotask (pending input and rendering may run first). A MessageChannel
 * message rather than setTimeout(0), which browsers clamp to >= 4 ms once timeouts nest; works in
 * workers too.
 */
const waiting = [];
let channel = null;
export function nextTask() {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

/** Work per slice: well under one 16 ms frame. */
export const SLICE_MS = 10;

/**
 * Runs `step()` until it returns true (done), yielding every SLICE_MS. Returns false if
 * `isCurrent()` turned false in between (the result is no longer wanted), true when done.
 * `onProgress()` is called after every slice that did not finish the work.
 */
export async function runSliced(step, { isCurrent = () => true, onProgress } = {}) {
  for (;;) {
    const t0 = performance.now();
    let done = false;
    do done = step();
    while (!done && performance.now() - t0 < SLICE_MS);
    if (done) return true;
    onProgress?.();
    await nextTask();
    if (!isCurrent()) return false;
  }
}

/**
 * For async section updates: begin() returns a function that stays true until the next begin(),
 * so an update that finishes late never draws over a newer one.
 */
export function latest() {
  let token = 0;
  return {
    begin() {
      const mine = ++token;
      return () => mine === token;
    },
    cancel() {
      token++;
    },
  };
}
