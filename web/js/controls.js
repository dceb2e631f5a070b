// The settings bar: every input writes to the state while it moves, and every state change is
// reflected back into the inputs. Inputs are found by their data-key attribute:
//   data-key="h" data-scale="log"  a range input whose value is log10 of the setting
//   data-key="h"                   a number/select/checkbox input holding the setting itself
//   data-out="h"                   an element that displays the setting
import { fmt } from './views/colors.js';

function read(input) {
  if (input.type === 'checkbox') return input.checked;
  if (input.dataset.scale === 'log') return 10 ** Number(input.value);
  if (input.tagName === 'SELECT') return input.value;
  if (input.value.trim() === '') return input.dataset.empty === 'null' ? null : undefined;
  return Number(input.value);
}

function write(input, value) {
  if (document.activeElement === input && input.type !== 'range') return; // do not fight the typist
  if (input.type === 'checkbox') input.checked = Boolean(value);
  else if (input.dataset.scale === 'log') input.value = String(Math.log10(value));
  else if (value === null) input.value = '';
  else input.value = String(value);
}

/** A random seed for "New data" (five digits: easy to read, note and share). */
function randomSeed(current) {
  const a = new Uint32Array(1);
  do crypto.getRandomValues(a);
  while (a[0] % 100000 === current);
  return a[0] % 100000;
}

/**
 * @param {HTMLElement} form  the settings container
 * @param {import('./state.js').State} state
 * @param {{kernels: string[]}} nw
 */
export function bindControls(form, state, nw) {
  const kernelSelect = form.querySelector('select[data-key="kernel"]');
  if (kernelSelect) {
    for (const k of nw.kernels) kernelSelect.append(new Option(k, k));
  }
  const inputs = [...form.querySelectorAll('[data-key]')];
  const outputs = [...form.querySelectorAll('[data-out]')];
  const sync = (s) => {
    for (const i of inputs) write(i, s[i.dataset.key]);
    for (const o of outputs) {
      const v = s[o.dataset.out];
      o.textContent = typeof v === 'number' ? fmt(v) : String(v);
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
  form.addEventListener('submit', (e) => e.preventDefault());
  form.querySelector('[data-action="new-data"]')?.addEventListener('click', () => {
    state.set({ seed: randomSeed(state.get().seed), points: null });
  });
  form.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
    state.set(state.defaults());
  });
  sync(state.get());
  return state.subscribe(sync);
}
