// Visible error reporting: a failure never leaves a blank or silently stale page.
import { T } from '../i18n/index.js';

/** Shows a message in the page-wide notice (role=alert) and logs the error. */
export function showError(error, where = '') {
  const box = document.getElementById('notice');
  const text = `${where ? where + ': ' : ''}${error && error.message ? error.message : String(error)}`;
  if (box) {
    box.hidden = false;
    const line = document.createElement('p');
    line.textContent = text;
    box.append(line);
  }
  console.error(error);
}

/** Marks one section as failed with the error's message inside it. */
export function showSectionError(root, error) {
  let p = root.querySelector('.section-error');
  if (!p) {
    p = document.createElement('p');
    p.className = 'section-error';
    p.setAttribute('role', 'alert');
    root.append(p);
  }
  p.textContent = T.errorSection(error && error.message ? error.message : String(error));
}

export function clearSectionError(root) {
  root.querySelector('.section-error')?.remove();
}
