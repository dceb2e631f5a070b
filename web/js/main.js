// Entry point (bundled by web/build.mjs into dist/app.js, a classic script): loads the
// WebAssembly API, reads the settings from the URL, builds the page and keeps the URL in sync.
import { App } from './app.js';
import { bindControls } from './controls.js';
import { showError } from './notice.js';
import { State } from './state.js';

/** Writes the settings to the URL hash once they have been still for a moment (a history update
 * costs a few ms: not something to do in every frame of a slider drag). */
function keepUrlInSync(state) {
  let timer = 0;
  let last = location.hash;
  state.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const hash = state.toHash();
      if (hash === last) return;
      last = hash;
      try {
        history.replaceState(null, '', location.pathname + location.search + hash);
      } catch {
        /* some file:// contexts refuse history changes; the page works without it */
      }
    }, 250);
  });
}

/**
 * Read-only handle for the browser tests (documented in web/README.md): the current state (a
 * frozen object), the sorted training data, and the API instance the page computes with.
 */
function exposeForTests(app, state, nw) {
  const handle = Object.freeze({
    state: () => state.get(),
    data: () => {
      const d = app.model.data(state.get());
      return { x: Array.from(d.x), y: Array.from(d.y) };
    },
    queries: () => Array.from(app.model.queries),
    nw,
  });
  Object.defineProperty(window, '__nwPage', { value: handle, enumerable: false });
}

async function start() {
  window.addEventListener('error', (e) => showError(e.error || e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason));
  if (!window.NadarayaWatson || typeof window.NadarayaWatson.load !== 'function') {
    throw new Error('nadaraya-watson.js did not load (it must be next to index.html)');
  }
  const nw = await window.NadarayaWatson.load();
  document.documentElement.classList.add('loaded');
  const version = document.getElementById('version');
  if (version) version.textContent = String(nw.version);
  const state = State.fromHash(location.hash);
  const app = new App(nw, state);
  bindControls(document, state, nw);
  keepUrlInSync(state);
  exposeForTests(app, state, nw);
  await app.refresh();
}

start().catch((e) => {
  showError(e, 'The tutorial could not start');
  document.documentElement.dataset.ready = 'error';
});
