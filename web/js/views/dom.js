// Small DOM helpers for building figures (no inline styles: the CSP forbids them).

/** Creates an element with a class and optional text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Sets an element's text if it differs. An element that holds one text node keeps that node (its
 * data changes): a slider step rewrites several captions and chart descriptions, and replacing
 * their text nodes made the browser insert, style and lay out new nodes on every step.
 */
export function setText(e, text) {
  const t = e.firstChild;
  if (t && t === e.lastChild && t.nodeType === Node.TEXT_NODE) {
    if (t.data !== text) t.data = text;
  } else if (e.textContent !== text) {
    e.textContent = text;
  }
}

/** Called with every new figure (the export / embed tools attach themselves); see setFigureHook. */
let figureHook = null;
export function setFigureHook(fn) {
  figureHook = fn;
}

/**
 * Appends <figure><div.chart-box><canvas data-chart=id></div><figcaption><p.summary></figure> to
 * parent and returns {figure, canvas, caption, summary, csv, setLabel}. The canvas is an image for
 * assistive technology, labelled by the caption and described by the summary (a visually hidden
 * text version of the chart that the views keep up to date). `csv` maps an export kind ('data',
 * 'predictions', 'attention') to {file: () => name, text: () => CSV}, filled by the section.
 */
export function figure(parent, id, caption, className = '') {
  const fig = el('figure', ('fig ' + className).trim());
  fig.dataset.figure = id;
  const box = el('div', 'chart-box');
  const canvas = el('canvas');
  canvas.dataset.chart = id;
  canvas.setAttribute('role', 'img');
  const cap = el('figcaption', '', caption);
  cap.id = `caption-${id}`;
  const summary = el('p', 'sr-only chart-summary');
  summary.id = `summary-${id}`;
  canvas.setAttribute('aria-labelledby', cap.id);
  canvas.setAttribute('aria-describedby', summary.id);
  box.append(canvas);
  fig.append(box, cap, summary);
  parent.append(fig);
  const f = {
    id,
    figure: fig,
    canvas,
    caption: cap,
    summary,
    csv: new Map(),
    /** A fixed accessible name (interactive charts: the name says how to operate them). */
    setLabel(text) {
      canvas.removeAttribute('aria-labelledby');
      canvas.setAttribute('aria-label', text);
    },
  };
  figureHook?.(f);
  return f;
}

/** CSV text from a header row and columns of numbers (every number at full precision). */
export function csvFromColumns(header, columns) {
  const n = columns.length ? columns[0].length : 0;
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) lines.push(columns.map((c) => String(c[i])).join(','));
  return lines.join('\n') + '\n';
}

/** CSV of a row-major matrix (rows = queries, columns = keys) with the inputs as labels. */
export function csvFromMatrix({ rows, cols, data }, queries, keys) {
  const lines = [['query\\key', ...Array.from(keys, String)].join(',')];
  for (let i = 0; i < rows; i++) {
    const row = [String(queries[i])];
    for (let j = 0; j < cols; j++) row.push(String(data[i * cols + j]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
