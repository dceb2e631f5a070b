// Entry point (bundled by web/build.mjs into dist/app.js, a classic script): loads the
// WebAssembly API, reads the settings from the URL, builds the page and keeps the URL in sync.
// A change of language or of colour scheme rebuilds the sections (they take their strings and
// colours when created); a change of embed mode reloads the page.
import { App } from './app.js';
import { Compute } from '../compute/compute.js';
import { bindControls } from './controls.js';
import { FIGURES, FIGURE_IDS, applyEmbedLayout, postHeight } from './embed.js';
import { bindDialogs, copyText, figureToolsHook } from './figure-tools.js';
import { LANGUAGES, T, browserLanguage, setLanguage, translateDom } from '../i18n/index.js';
import { showError } from './notice.js';
import { placeSection, placeState, rememberPlace, returnToPlace, savedPlace } from './place.js';
import { State } from '../state/state.js';
import { applyChartTheme } from '../views/chartjs.js';
import { applyTheme } from '../views/colors.js';
import { setFigureHook } from '../views/dom.js';
import { keepInView } from '../views/keep-in-view.js';
import { setViewStrings } from '../views/strings.js';

/** The URL notice names at most this many ignored settings, then "and N more". */
const NOTICE_ITEMS = 5;

/** Shows (or hides, with no problems) the notice about settings of the URL that were not used. */
function showUrlNotice(problems) {
  const box = document.getElementById('url-notice');
  if (!box) return;
  box.hidden = !problems.length;
  if (!problems.length) return;
  const items = problems
    .slice(0, NOTICE_ITEMS)
    .map((p) =>
      p.tooLong ? T.urlTooLong : p.unknown ? T.urlUnknown(p.key) : T.urlBadValue(p.key, p.value),
    );
  if (problems.length > NOTICE_ITEMS) items.push(T.urlMore(problems.length - NOTICE_ITEMS));
  box.querySelector('.url-notice-text').textContent = T.urlInvalid(items); // text only: URL input
}

/**
 * A hash naming an element of the page (the skip link's #content, a course linking to
 * #section-training) is navigation, not settings: the element is scrolled to (below the sticky
 * settings bar: the page's scroll-padding-top) and the hash is not read as settings. Returns the
 * element then, else null.
 * @param {string} hash
 * @returns {HTMLElement | null}
 */
function anchorTarget(hash) {
  const id = decodeURIComponentSafe(String(hash ?? '').replace(/^#/, ''));
  if (!id || !/^[A-Za-z][\w-]*$/.test(id)) return null;
  return document.getElementById(id);
}

function decodeURIComponentSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

/**
 * Keeps the URL hash in sync: each change is written once the settings have been still for a
 * moment (one history entry per settled change, so back/forward step through them; inside a frame
 * the entry is replaced, to leave the host page's history alone). Back/forward and edited hashes
 * are read back into the state, and back/forward go back to the reader's place in that entry.
 */
function syncUrl(state, onHash) {
  let timer = 0;
  let last = location.hash;
  let canonicalise = false; // the first write after reading a hash only tidies that entry
  const framed = window.parent !== window;
  state.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const hash = state.toHash();
      if (hash === last || (hash === '' && last === '#')) return;
      last = hash;
      try {
        const url = location.pathname + location.search + (hash || '#');
        // The reader's place goes along (place.js).
        if (framed || canonicalise) history.replaceState(placeState(), '', url);
        else history.pushState(placeState(), '', url);
        canonicalise = false;
      } catch {
        /* some file:// and sandboxed contexts refuse history changes; the page works without */
      }
    }, 250);
  });
  const read = () => {
    if (location.hash === last) return;
    const target = anchorTarget(location.hash);
    if (target) {
      // Followed an in-page link: the settings stay; the settings hash is written back at once.
      // The element is kept where the link puts it while the sections around it are laid out and
      // drawn (views/keep-in-view.js). This runs at the link's popstate, before the browser's
      // own scroll to it (which then finds it there).
      keepInView(target);
      const hash = state.toHash();
      try {
        history.replaceState(placeState(), '', location.pathname + location.search + (hash || '#'));
      } catch {
        /* see above */
      }
      last = location.hash;
      return;
    }
    clearTimeout(timer);
    last = location.hash;
    canonicalise = true;
    onHash(location.hash);
  };
  window.addEventListener('popstate', () => {
    read();
    // Back or forward to an entry of this page (one of its settings, the place before a link):
    // the reader's place there (place.js; the browser no longer restores one).
    const place = savedPlace();
    if (place) returnToPlace(place);
  });
  window.addEventListener('hashchange', read);
}

/**
 * Read-only handle for the browser tests (documented in web/README.md): the current state (a
 * frozen object), the sorted training data, the API instance, and the strings of each language.
 */
function exposeForTests(page, state, nw, languages) {
  const handle = Object.freeze({
    state: () => state.get(),
    data: () => {
      const d = page.app.model.data(state.get());
      return { x: Array.from(d.x), y: Array.from(d.y) };
    },
    queries: () => Array.from(page.app.model.queries),
    nw,
    strings: () => languages,
  });
  Object.defineProperty(window, '__nwPage', { value: handle, enumerable: false });
}

async function start() {
  window.addEventListener('error', (e) => showError(e.error || e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason));
  if (!window.NadarayaWatson || typeof window.NadarayaWatson.load !== 'function') {
    throw new Error('nadaraya-watson.js did not load (it must be next to index.html)');
  }
  // Long jobs run in workers (compute.js).
  const compute = new Compute();
  // The workers start now, while the module loads (not for an embedded figure: #embed=<figure>,
  // read by the hash's own parser; only the kernel setting needs the module's list).
  const embedded = new State({}, { figures: FIGURE_IDS }).parseHash(location.hash).values.embed;
  if (!embedded) compute.startWorkers();
  // A reload or a return to the page: the reader's place (place.js), gone back to once its
  // section is built.
  const place = embedded ? null : savedPlace();
  if (!embedded) rememberPlace();
  const t0 = performance.now();
  const nw = await window.NadarayaWatson.load();
  performance.measure('load module', { start: t0 });
  compute.nw = nw;
  document.documentElement.classList.add('loaded');

  const state = new State(
    {},
    { kernels: nw.kernels, figures: FIGURE_IDS, lang: browserLanguage() },
  );
  // A link to a part of the page (#section-training) opens it with the default settings.
  const anchor = anchorTarget(location.hash);
  // It stays in view while the page is built around it (views/keep-in-view.js); a reader's place
  // (a reload of such a link) comes first.
  if (anchor && !place) keepInView(anchor);
  const parsed = state.parseHash(anchor ? '' : location.hash);
  state.set(parsed.values);
  const embed = state.get().embed;
  let problems = parsed.problems;

  const page = { app: null };
  setFigureHook(figureToolsHook(state));
  // The language the page's static strings are in: index.html is built in English (web/build.mjs),
  // so an English page skips rewriting them (some 40 ms before the first figure).
  let domLang = 'en';
  // The page's theme and strings (what the controls' labels are written in).
  const dress = () => {
    applyChartTheme(applyTheme());
    const lang = state.get().lang;
    setViewStrings(setLanguage(lang));
    if (lang !== domLang) {
      translateDom(document);
      domLang = lang;
    }
    const version = document.getElementById('version');
    if (version) version.textContent = String(nw.version);
    showUrlNotice(problems);
  };
  // The sections: at the first load, those on screen are drawn in this task (App.refresh). Which
  // are on screen is known at the first load with a place or a link (its section); else, and at
  // a rebuild, it is measured.
  let focus = place ? placeSection(place) : anchor;
  const build = () => {
    page.app = new App(nw, state, {
      compute,
      focus,
      ...(embed ? { sections: [FIGURES[embed].section] } : {}),
    });
    focus = null;
    if (embed) applyEmbedLayout(embed);
    return page.app.refresh();
  };
  const rebuild = () => {
    document.documentElement.dataset.ready = 'false';
    page.app?.destroy();
    dress();
    const done = build();
    controls.relabel();
    formulas.watch();
    return done;
  };

  if (embed) document.documentElement.classList.add('embed');
  // The controls are bound before the sections are built: the first figure is drawn in this task.
  dress();
  const controls = bindControls(document, state, nw);
  performance.mark('controls');
  const first = build();
  if (place) returnToPlace(place);
  const formulas = focusableOverflow();
  bindDialogs();
  bindShare(state);
  document.querySelector('.url-notice-close')?.addEventListener('click', () => {
    problems = [];
    showUrlNotice(problems);
  });
  exposeForTests(page, state, nw, LANGUAGES);

  state.subscribe((s, changed) => {
    if (changed.includes('lang')) rebuild();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', rebuild);
  syncUrl(state, (hash) => {
    const next = state.parseHash(hash);
    if (next.values.embed !== state.get().embed) {
      location.reload();
      return;
    }
    problems = next.problems;
    showUrlNotice(problems);
    state.set({ ...next.values, step: null, playing: false });
  });
  if (embed) postHeight();
  await first;
}

/**
 * A formula wider than its box scrolls sideways; such a box takes the keyboard focus so it can be
 * scrolled without a pointer (and only then: others are no tab stop). Each box and its formula are
 * watched by a ResizeObserver, so a box is measured when it is first laid out and again when its
 * width or its formula's changes. The sections are `content-visibility: auto`: a box in a section
 * off screen is not laid out, and measuring it would lay its section out. Watching <body> and
 * measuring every box did that for every section with a formula, and again each time the page's
 * height changed while the sections were built (one update before the first figure: 50-65 ms,
 * seven layouts). Returns `watch()`, which watches the boxes there are now (after a change of
 * language has replaced some).
 */
function focusableOverflow() {
  const pending = new Set();
  let frame = 0;
  // Measured in the next frame: reading the boxes' sizes inside the observer's callback forces a
  // layout that can resize <body> again in the same frame, which WebKit reports as an uncaught
  // "ResizeObserver loop completed with undelivered notifications" (the page's error notice
  // showed it in Safari's engine while scrolling). Every box is measured, then the attributes
  // written: a write between two reads would make the next read lay the page out again.
  const update = () => {
    frame = 0;
    const boxes = [...pending].filter((box) => box.isConnected && !skipped(box));
    pending.clear();
    const wide = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      if (wide[i]) {
        box.tabIndex = 0;
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', T.ui.formula);
      } else {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    });
  };
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) pending.add(entry.target.closest('.tex-display'));
    frame ||= requestAnimationFrame(update);
  });
  const watch = () => {
    observer.disconnect();
    for (const box of document.querySelectorAll('.tex-display')) {
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    }
  };
  watch();
  return { watch };
}

/**
 * True if `element` lies in a section whose content the browser skips (content-visibility: auto,
 * off screen). Such a box is measured when its section is laid out (the observer reports its new
 * size then). Engines without checkVisibility's option measure every box.
 */
function skipped(element) {
  return typeof element.checkVisibility === 'function'
    ? !element.checkVisibility({ contentVisibilityAuto: true })
    : false;
}

/** "Share": copies the link of the current settings (the URL is written 250 ms after a change). */
function bindShare(state) {
  const button = document.getElementById('btn-share');
  const status = document.querySelector('.share-status');
  const fallback = document.querySelector('.share-fallback');
  const field = document.querySelector('.share-url');
  button?.addEventListener('click', async () => {
    const url = location.href.replace(/#.*$/, '') + state.toHash();
    if (field) field.value = url;
    const ok = await copyText(url, null, null);
    if (ok) {
      if (fallback) fallback.hidden = true;
      if (status) status.textContent = T.ui.linkCopied;
    } else {
      if (status) status.textContent = T.ui.copyManually;
      if (fallback) fallback.hidden = false;
      field?.focus();
      field?.select();
    }
  });
}

start().catch((e) => {
  showError(e, T.errorStart);
  document.documentElement.dataset.ready = 'error';
});
