// A part of the page reached by a link stays where the link put it while the page around it is
// still being drawn; so does the reader's place when they come back to the page (page/place.js).
//
// The sections are `content-visibility: auto` (article.css): one the browser has not laid out yet
// counts as 900 px tall. When a link lands on a section, the one above it comes into view, is laid
// out at its real height and is filled with its figures. Loading index.html#section-consistency at
// 1280 x 900, the study was pushed below the view for the 2 s until the page was ready (5 s with
// the CPU four times slower), then jumped back (main.js scrolled to it again once the page was
// ready, even when the reader had scrolled away, and in a frame it scrolled the host page too).
// The browser's scroll anchoring had anchored on the first box in view, the bottom of the section
// above, behind the sticky settings bar; with the bar's height as the page's scroll-padding-top
// (settings-bar.css) it anchors below the bar, on the target, in Chromium and Firefox.
//
// WebKit has no scroll anchoring. So, until every figure is drawn (<html data-ready="true">) and
// has been for SETTLE_MS, and at once no more when the reader takes over (a wheel, a touch, a key,
// a press, or a scroll the page did not make), the target is put back where a link puts it:
//   - in WebKit at each animation frame, before the frame's layout: a layout of the frame itself
//     (a chart resized by its ResizeObserver) can show for one frame. (Not in a ResizeObserver's
//     callback, between layout and paint: observing the sections made the page's own chart
//     resizes, in its observer's callbacks, a "ResizeObserver loop" error in Firefox.)
//   - in every browser, at a scroll event that finds it moved in the page, and once at the end.

/** How long the page must have been ready before letting go (how often it looks: TICK_MS). */
const SETTLE_MS = 500;
const TICK_MS = 100;
/** Never longer than this (a page that never gets ready). */
const MAX_MS = 30_000;
/** The target's top may be off by this much (a subpixel layout) and count as in place. */
const SLACK_PX = 1;
const INPUT_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
const ANCHORING = typeof CSS !== 'undefined' && CSS.supports?.('overflow-anchor', 'none') === true;

let current = null;

/**
 * Scrolls to `target` as a link to it does (the top of the view, below the sticky bar: the
 * page's scroll-padding-top), or, given an `offset`, with the view's top that far into it (a place
 * the reader had reached: page/place.js), and keeps it there until every figure has been drawn for
 * SETTLE_MS, or until the reader scrolls or presses anything. A new call replaces the last.
 *
 * For a place, the section holding the target (its `content-visibility: auto` box) is laid out
 * meanwhile, at its real height: one off screen counts as 900 px, and a paragraph 1,500 px into it
 * would lie past that box. (Not for a link: there it is on screen, and in Firefox laying out a
 * linked section this way left it 510 px above its place, measured, cause not found.)
 * @param {Element | null} target
 * @param {{offset?: number}} [opts] offset: px of the target above the view's top (negative:
 *   below it)
 * @returns {() => void} lets go
 */
export function keepInView(target, { offset } = {}) {
  current?.();
  if (!target) return () => {};
  const html = document.documentElement;
  const isPlace = typeof offset === 'number' && Number.isFinite(offset);
  const into = isPlace ? offset : 0;
  let shown = null;
  for (let box = target; isPlace && box instanceof HTMLElement && !shown; box = box.parentElement) {
    if (getComputedStyle(box).contentVisibility === 'auto') shown = box;
  }
  if (shown) shown.style.contentVisibility = 'visible';
  // Where the target is in the view, and in the page, after the last look.
  let expected = 0;
  let expectedInPage = 0;
  let readySince = 0;
  let timer = 0;
  let frame = 0;
  let done = false;
  // Where scrollIntoView({block: 'start'}) puts it (below the page's scroll-padding-top and its
  // own scroll-margin-top), scrolling this page only: in a frame, scrollIntoView would scroll the
  // host page as well, under its reader's hand.
  const place = () => {
    const margin =
      (parseFloat(getComputedStyle(html).scrollPaddingTop) || 0) +
      (parseFloat(getComputedStyle(target).scrollMarginTop) || 0);
    window.scrollTo(0, window.scrollY + target.getBoundingClientRect().top - margin + into);
    expected = target.getBoundingClientRect().top;
    expectedInPage = expected + window.scrollY;
  };
  // Puts the target back if something moved it. A scroll that moved the view and left the target
  // where it was in the page is the reader's (a scroll bar dragged, the browser's find bar): the
  // page lets go.
  const check = (scrolled) => {
    const top = target.getBoundingClientRect().top;
    const inPage = top + window.scrollY;
    if (Math.abs(top - expected) <= SLACK_PX) expectedInPage = inPage;
    else if (scrolled && Math.abs(inPage - expectedInPage) <= SLACK_PX) stop();
    else place();
  };
  const onScroll = () => {
    if (!done) check(true);
  };
  const everyFrame = () => {
    check(false);
    frame = requestAnimationFrame(everyFrame);
  };
  const started = performance.now();
  const tick = () => {
    const now = performance.now();
    readySince = html.dataset.ready === 'true' ? readySince || now : 0;
    if ((readySince && now - readySince >= SETTLE_MS) || now - started > MAX_MS) {
      check(false); // a move the anchoring missed
      stop();
    } else timer = setTimeout(tick, TICK_MS);
  };
  const stop = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    for (const type of INPUT_EVENTS) window.removeEventListener(type, stop, true);
    window.removeEventListener('scroll', onScroll);
    // Back to the page's rule: on screen, it stays laid out.
    if (shown) shown.style.contentVisibility = '';
    if (current === stop) current = null;
  };
  current = stop;
  place();
  for (const type of INPUT_EVENTS)
    window.addEventListener(type, stop, { capture: true, passive: true });
  window.addEventListener('scroll', onScroll, { passive: true });
  if (!ANCHORING) frame = requestAnimationFrame(everyFrame);
  tick();
  return stop;
}
