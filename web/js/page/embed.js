// Embed mode (#embed=<figure>): the page shows one figure with only its own controls, filling the
// iframe, and tells the host page its height. The host receives
//   {type: 'nadaraya-watson:resize', height: <CSS pixels>}
// on load and whenever the content's height changes. The page sends nothing else and listens to no
// message. Needs no storage, no same-origin access and no top navigation: it works in
// <iframe sandbox="allow-scripts"> in Chromium and Firefox; WebKit needs allow-same-origin too
// (its CSP 'self' fails in an opaque origin), which the documented embed code has.

/** The embed figures (id -> section, charts, parts, controls) are in the section registry. */
import { FIGURES } from '../sections/registry.js';

export { FIGURES, FIGURE_IDS } from '../sections/registry.js';

/** The embed figure id a chart belongs to (for its "Embed…" button), or null. */
export function figureOfChart(chartId, sectionId) {
  let fallback = null;
  for (const [id, f] of Object.entries(FIGURES)) {
    if (f.section !== sectionId) continue;
    if (!f.charts) fallback ??= id;
    else if (f.charts.includes(chartId)) return id;
  }
  return fallback;
}

/**
 * Hides everything but the figure, its parts and its controls: every element off the paths from
 * <body> to the kept elements gets the `hidden` attribute (an attribute, not a style: the CSP).
 * Call again after the section rebuilt its figures.
 */
export function applyEmbedLayout(id) {
  const f = FIGURES[id];
  const section = document.getElementById(f.section);
  if (!section) return;
  const keep = new Set([document.getElementById('notice'), document.getElementById('url-notice')]);
  const charts = f.charts
    ? f.charts.map((c) => section.querySelector(`canvas[data-chart="${c}"]`)?.closest('figure'))
    : [...section.querySelectorAll('.figures')];
  for (const e of charts) if (e) keep.add(e);
  for (const sel of f.parts ?? []) section.querySelectorAll(sel).forEach((e) => keep.add(e));
  const bar = document.getElementById('controls');
  for (const name of f.controls)
    bar.querySelectorAll(`[data-control="${name}"]`).forEach((e) => keep.add(e));
  keep.delete(null);
  // Ancestors of kept elements stay visible; their other children are hidden.
  const path = new Set();
  for (const e of keep)
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) path.add(p);
  const visit = (parent) => {
    for (const child of parent.children) {
      if (child.tagName === 'SCRIPT' || child.tagName === 'DIALOG') continue;
      if (keep.has(child))
        child.hidden = child.id === 'notice' || child.id === 'url-notice' ? child.hidden : false;
      else if (path.has(child)) {
        child.hidden = false;
        visit(child);
      } else child.hidden = true;
    }
  };
  visit(document.body);
  // The grid of a section with several figures where only one is kept: that one takes the width.
  for (const grid of section.querySelectorAll('.figures')) {
    const shown = [...grid.children].filter((c) => !c.hidden).length;
    grid.classList.toggle('embed-single', shown === 1);
  }
  document.documentElement.dataset.embed = id;
}

/**
 * Posts the content height to the host page on load and on every change (ResizeObserver), when
 * the page is inside a frame. Returns a function that stops it.
 */
export function postHeight() {
  if (window.parent === window) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // The host's origin is unknown (and opaque in a sandbox); the message carries only a number.
    window.parent.postMessage({ type: 'nadaraya-watson:resize', height }, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(document.body);
  send();
  return () => observer.disconnect();
}
