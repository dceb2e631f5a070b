// The reader's place survives a reload and a return from another page.
//
// The browser restores a scroll offset, and on this page an offset is not a place: the sections
// are `content-visibility: auto` (article.css), so after a reload every section not yet laid out
// counts as 900 px, and a section's figures are built only when it is drawn. Read down to 60% of
// the page at 1280 x 900, then reloaded, Chromium showed the reader a point some 2,700 px from
// where they had been. So the page keeps its own place in the history entry's state (a reload and
// a return keep it; a shared link does not carry it): the part of a section at the top of the
// view, below the sticky bar (a paragraph, the figures, a readout), and how far into it the view's
// top is. It is written each time the view has been still for SAVE_MS, and the page goes back to
// it once that section is built (main.js), kept there while the page is drawn (keep-in-view.js).

import { keepInView } from '../views/keep-in-view.js';

/** Written once the view has been still this long. */
const SAVE_MS = 250;
/** The sections whose places are kept. */
const SECTIONS = '.article > .section[id]';
const ID = /^section-[a-z][\w-]*$/;
/** Larger distances are not a place on this page. */
const MAX_PX = 1e6;

/**
 * @typedef {{id: string, part: number, offset: number}} Place
 *   a section's id, which of its children (-1: the section itself), the view's top below that
 *   child's top (px)
 */

/** The line below the sticky bar that a place is measured at. */
function topLine() {
  return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
}

/**
 * The place this history entry holds (a reload or a return to this page), if it is one of this
 * page's; null otherwise.
 * @returns {Place | null}
 */
export function savedPlace() {
  let place;
  try {
    place = history.state?.place;
  } catch {
    return null;
  }
  if (!place || typeof place !== 'object') return null;
  const { id, part, offset } = place;
  if (typeof id !== 'string' || !ID.test(id) || !document.getElementById(id)?.matches(SECTIONS))
    return null;
  if (!Number.isInteger(part) || part < -1 || part >= document.getElementById(id).children.length)
    return null;
  if (typeof offset !== 'number' || !(Math.abs(offset) < MAX_PX)) return null;
  return { id, part, offset };
}

/** The section of a place (for the page to draw it first). */
export function placeSection(place) {
  return document.getElementById(place.id);
}

/**
 * Goes back to a place and keeps it in view while the page is drawn (its section built first:
 * what its figures add above the place would move it).
 * @param {Place} place
 */
export function returnToPlace(place) {
  const section = placeSection(place);
  keepInView(place.part < 0 ? section : section.children[place.part], { offset: place.offset });
}

/**
 * The history state to write with a new URL: this entry's place goes along.
 * @returns {{place: Place} | null}
 */
export function placeState() {
  try {
    const place = history.state?.place;
    return place ? { place } : null;
  } catch {
    return null;
  }
}

/** The reader's place now, or null at the top of the page. */
function currentPlace() {
  if (window.scrollY <= 0) return null;
  const line = topLine();
  for (const section of document.querySelectorAll(SECTIONS)) {
    const box = section.getBoundingClientRect();
    if (box.bottom <= line) continue;
    if (box.top > line) return { id: section.id, part: -1, offset: Math.round(line - box.top) };
    const parts = [...section.children];
    const part = parts.findIndex((child) => child.getBoundingClientRect().bottom > line);
    const top = part < 0 ? box.top : parts[part].getBoundingClientRect().top;
    return { id: section.id, part, offset: Math.round(line - top) };
  }
  return null;
}

/** Writes the reader's place into the history entry each time the view comes to rest. */
export function rememberPlace() {
  // The browser's own restoring of the offset, which goes on while the page loads, would move the
  // view away from the place; it is let do its first, rough one as the page comes back (auto
  // while the page is away), then stopped.
  const mode = (value) => {
    try {
      history.scrollRestoration = value;
    } catch {
      /* not in this context */
    }
  };
  mode('manual');
  window.addEventListener('pagehide', () => mode('auto'));
  window.addEventListener('pageshow', () => mode('manual'));
  let timer = 0;
  const save = () => {
    const place = currentPlace();
    try {
      if (JSON.stringify(history.state?.place ?? null) === JSON.stringify(place)) return;
      history.replaceState(place ? { place } : null, '');
    } catch {
      /* a context that refuses history changes (some file:// and sandboxed ones): no place kept */
    }
  };
  window.addEventListener(
    'scroll',
    () => {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_MS);
    },
    { passive: true },
  );
}
