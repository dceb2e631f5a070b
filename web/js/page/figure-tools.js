// The "Export or embed" menu under every figure: the chart as PNG, the figure's numbers as CSV
// (data, predictions, attention matrix: every number at full precision, as the API returned it),
// and the "Embed…" dialog with an <iframe> snippet of the figure at the current settings.
// Downloads use a blob: link; where a download may be blocked (inside a frame, e.g. a sandbox
// without allow-downloads) a dialog offers the link, a preview and the text to copy instead.
import { FIGURES, figureOfChart } from './embed.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { el } from '../views/dom.js';

const CSV_LABELS = {
  data: 'exportCsvData',
  predictions: 'exportCsvPredictions',
  attention: 'exportCsvAttention',
  kernel: 'exportCsvKernel',
};
const inFrame = () => window.parent !== window;

/** Copies text to the clipboard; falls back to selecting it in `field` for Ctrl+C. */
export async function copyText(text, field, status) {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    if (status) status.textContent = T.ui.copied;
    return true;
  } catch {
    if (field) {
      field.hidden = false;
      field.closest('[hidden]')?.removeAttribute('hidden');
      field.focus();
      field.select();
    }
    if (status) status.textContent = T.ui.copyManually;
    return false;
  }
}

/** Offers `blob` as a download named `name`: at once, or in the export dialog inside a frame. */
function deliver(name, blob, { dataUrl, text, title }) {
  const url = URL.createObjectURL(blob);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  if (!inFrame()) {
    const a = el('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    return;
  }
  const dialog = document.getElementById('export-dialog');
  if (!dialog) return;
  dialog.querySelector('.export-title').textContent = title;
  dialog.querySelector('.export-help').textContent = T.exportHelp;
  const link = dialog.querySelector('.export-link');
  link.href = url;
  link.download = name;
  link.textContent = T.exportDownload(name);
  const img = dialog.querySelector('.export-preview');
  img.hidden = !dataUrl;
  if (dataUrl) {
    img.src = dataUrl; // img-src allows data: (not blob:)
    img.alt = title;
  }
  const field = dialog.querySelector('.export-text-field');
  field.hidden = text === undefined;
  dialog.querySelector('.export-text').value = text ?? '';
  dialog.showModal();
}

/** The chart on an opaque background of the page's colour (a transparent PNG is unreadable on
 * another background in dark mode). */
function chartPng(canvas) {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = COLORS.bg;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  // Heatmaps: the colour bar under the chart is part of the figure.
  return out;
}

export function exportPng(fig) {
  const png = chartPng(fig.canvas);
  png.toBlob((blob) => {
    if (blob)
      deliver(`${fig.id}.png`, blob, {
        dataUrl: inFrame() ? png.toDataURL('image/png') : null,
        title: T.exportPngTitle,
      });
  }, 'image/png');
}

export function exportCsv(fig, kind) {
  const entry = fig.csv.get(kind);
  if (!entry) return;
  const text = entry.text();
  deliver(entry.file(), new Blob([text], { type: 'text/csv;charset=utf-8' }), {
    text,
    title: T.exportCsvTitle,
  });
}

/**
 * The <iframe> snippet that shows `figureId` with the current settings. allow-same-origin is there
 * for WebKit (Safari): it matches the page's CSP 'self' against a sandboxed frame's opaque origin
 * and would refuse the page's own scripts and stylesheet (README, "Embedding one figure").
 */
export function embedSnippet(state, figureId) {
  const base = location.href.replace(/#.*$/, '');
  const hash = state.toHash({ ...state.get(), embed: figureId });
  const title = T.embedFrameTitle(T.figureNames[figureId] ?? figureId).replace(/"/g, '&quot;');
  const src = (base + hash).replace(/"/g, '%22');
  return (
    `<iframe src="${src}" title="${title}" width="100%" height="560" loading="lazy"\n` +
    `  sandbox="allow-scripts allow-same-origin allow-downloads" style="border:0; max-width:100%"></iframe>`
  );
}

function openEmbedDialog(state, figureId, opener) {
  const dialog = document.getElementById('embed-dialog');
  if (!dialog) return;
  const area = dialog.querySelector('.embed-snippet');
  area.value = embedSnippet(state, figureId);
  dialog.querySelector('.embed-status').textContent = '';
  dialog.returnFocus = opener;
  dialog.showModal();
  area.focus();
  area.select();
}

/** Wires the dialogs' buttons once. */
export function bindDialogs() {
  const embed = document.getElementById('embed-dialog');
  embed?.querySelector('.embed-copy')?.addEventListener('click', () => {
    copyText(
      embed.querySelector('.embed-snippet').value,
      embed.querySelector('.embed-snippet'),
      embed.querySelector('.embed-status'),
    );
  });
  embed?.querySelector('.embed-close')?.addEventListener('click', () => embed.close());
  embed?.addEventListener('close', () => embed.returnFocus?.focus());
  const exp = document.getElementById('export-dialog');
  exp?.querySelector('.export-close')?.addEventListener('click', () => exp.close());
}

/**
 * Returns the figure hook (see views/dom.js setFigureHook): appends the menu to each new figure.
 * CSV entries are read when the menu opens (sections add them in their updates).
 */
export function figureToolsHook(state) {
  return (fig) => {
    const menu = el('details', 'fig-tools');
    const summary = el('summary', '', T.ui.figureTools);
    const list = el('div', 'fig-tools-list');
    menu.append(summary, list);
    const button = (label, fn) => {
      const b = el('button', 'fig-tool', label);
      b.type = 'button';
      b.addEventListener('click', fn);
      list.append(b);
      return b;
    };
    menu.addEventListener('toggle', () => {
      if (!menu.open) return;
      list.replaceChildren();
      button(T.ui.exportPng, () => exportPng(fig));
      for (const kind of fig.csv.keys()) button(T.ui[CSV_LABELS[kind]], () => exportCsv(fig, kind));
      const figureId = figureOfChart(fig.id, fig.figure.closest('section')?.id);
      if (figureId && FIGURES[figureId] && !state.get().embed) {
        const b = button(T.ui.embed, () => openEmbedDialog(state, figureId, b));
        b.dataset.embedFigure = figureId;
      }
    });
    fig.figure.append(menu);
  };
}
