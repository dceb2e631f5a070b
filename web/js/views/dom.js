// Small DOM helpers for building figures (no inline styles: the CSP forbids them).

/** Creates an element with a class and optional text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Appends <figure><div.chart-box><canvas data-chart=id></div><figcaption></figure> to parent and
 * returns {figure, canvas, caption}. The canvas is an image for assistive technology; its label is
 * the caption.
 */
export function figure(parent, id, caption, className = '') {
  const fig = el('figure', ('fig ' + className).trim());
  const box = el('div', 'chart-box');
  const canvas = el('canvas');
  canvas.dataset.chart = id;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', caption);
  box.append(canvas);
  const cap = el('figcaption', '', caption);
  fig.append(box, cap);
  parent.append(fig);
  return { figure: fig, canvas, caption: cap };
}
