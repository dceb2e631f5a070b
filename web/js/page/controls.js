// The settings: every input writes to the state while it moves, and every state change is
// reflected back into the inputs. Inputs anywhere in the page are found by their data-key attribute;
// how an input maps to its setting, and its range, come from the table of state/settings.js:
//   data-key="h" on a range input    the slider (log10 of the value when the setting's scale is log)
//   data-key="h" on another input    a number/select/checkbox input holding the setting itself
//   data-out="h"                     an element that displays the setting
// Buttons: #btn-new-data (a new seed), #btn-reset-data (drop edited points), #btn-reset-all.
import { kernelName } from '../i18n/index.js';
import { SETTING_BY_KEY, sliderRange } from '../state/settings.js';
import { fmt } from '../views/colors.js';
import { setText } from '../views/dom.js';

const isLog = (input) =>
  input.type === 'range' && SETTING_BY_KEY[input.dataset.key]?.scale === 'log';

function read(input) {
  if (input.type === 'checkbox') return input.checked;
  if (isLog(input)) return 10 ** Number(input.value);
  if (input.tagName === 'SELECT') return input.value;
  if (input.value.trim() === '')
    return SETTING_BY_KEY[input.dataset.key]?.type.startsWith('nullable') ? null : undefined;
  return Number(input.value);
}

function write(input, value) {
  if (document.activeElement === input && input.type !== 'range') return; // do not fight the typist
  if (input.type === 'checkbox') input.checked = Boolean(value);
  else if (isLog(input)) input.value = String(Math.log10(value));
  else if (value === null) input.value = '';
  else input.value = String(value);
}

/** The input's min and max from the setting's range (a log slider: their log10). */
function applyRange(input) {
  const s = SETTING_BY_KEY[input.dataset.key];
  if (!s || s.min === null || (input.type !== 'range' && input.type !== 'number')) return;
  const [lo, hi] = input.type === 'range' ? sliderRange(s.key) : [s.min, s.max];
  input.min = String(lo);
  input.max = String(hi);
}

/** A random seed for "New data" (five digits: easy to read, note and share). */
function randomSeed(current) {
  const a = new Uint32Array(1);
  do crypto.getRandomValues(a);
  while (a[0] % 100000 === current);
  return a[0] % 100000;
}

/**
 * @param {ParentNode} root  where the inputs are (the document)
 * @param {import('./state.js').State} state
 * @param {{kernels: string[]}} nw
 */
export function bindControls(root, state, nw) {
  for (const select of root.querySelectorAll('select[data-key="kernel"]')) {
    for (const k of nw.kernels) select.append(new Option(kernelName(k), k));
  }
  const inputs = [...root.querySelectorAll('[data-key]')];
  inputs.forEach(applyRange);
  // Outputs are looked up at each change: the article snippets holding some are rewritten when the
  // language changes.
  const sync = (s, changed) => {
    const outputs = root.querySelectorAll('[data-out]');
    for (const i of inputs)
      if (!changed || changed.includes(i.dataset.key)) write(i, s[i.dataset.key]);
    for (const o of outputs) {
      const k = o.dataset.out;
      if (!(k in s) || (changed && !changed.includes(k))) continue;
      const v = s[k];
      setText(o, typeof v === 'number' ? fmt(v) : String(v));
    }
  };
  for (const i of inputs) {
    const ev = i.type === 'range' || i.type === 'number' ? 'input' : 'change';
    i.addEventListener(ev, () => {
      const v = read(i);
      if (v !== undefined) state.set({ [i.dataset.key]: v });
    });
    // A number field left half-typed snaps back to the state's value.
    i.addEventListener('blur', () => write(i, state.get()[i.dataset.key]));
  }
  for (const form of root.querySelectorAll('form'))
    form.addEventListener('submit', (e) => e.preventDefault());
  const click = (id, fn) => root.querySelector(id)?.addEventListener('click', fn);
  click('#btn-new-data', () =>
    state.set({ seed: randomSeed(state.get().seed), points: null, step: null, playing: false }),
  );
  click('#btn-reset-data', () => state.set({ points: null }));
  click('#btn-reset-all', () => state.set(state.defaults()));
  const closeSettings = bindSettingsToggle(root);
  sync(state.get(), null);
  const off = state.subscribe(sync);
  return {
    /** After a language change: kernel names and every output again. */
    relabel() {
      for (const o of root.querySelectorAll('select[data-key="kernel"] option'))
        o.textContent = kernelName(o.value);
      sync(state.get(), null);
    },
    destroy() {
      off();
      closeSettings();
    },
  };
}

/**
 * On a phone the settings bar is a compact sticky bar whose "Settings" button (#btn-settings,
 * shown by CSS under 640 px only) opens the settings over the page, so they are in reach from the
 * figure being read. Escape or a press outside closes them. Returns a function that unbinds.
 */
function bindSettingsToggle(root) {
  const bar = root.querySelector('#controls');
  const toggle = root.querySelector('#btn-settings');
  if (!bar || !toggle) return () => {};
  const listening = new AbortController();
  const { signal } = listening;
  const setOpen = (open) => {
    bar.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(!bar.classList.contains('open')), { signal });
  bar.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Escape' || !bar.classList.contains('open')) return;
      setOpen(false);
      toggle.focus();
    },
    { signal },
  );
  document.addEventListener(
    'pointerdown',
    (e) => {
      if (bar.classList.contains('open') && !bar.contains(e.target)) setOpen(false);
    },
    { signal },
  );
  return () => listening.abort();
}
