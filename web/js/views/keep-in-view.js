// A part of the page reached by a link stays where the link put it while the page around it is
// still being drawn.
//
// The sections are `content-visibility: auto` (article.css): one the browser has not laid out yet
// counts as 900 px tall. When a link lands on a section, the one above it comes into view, is laid
// out at its real height and is filled with its figures. The browser's scroll anchoring did not
// hold the target there: it anchored on the first box in view, the bottom of the section above
// (behind the sticky settings bar), and that box grew downwards. Loading
// index.html#section-consistency at 1280 x 900, the study was pushed below the view for the 2 s
// until the page was ready (5 s with the CPU four times slower): the reader looked at another
// section's empty charts, then at a jump.
//
// So, until every figure is drawn (<html data-ready="true">) and has been for SETTLE_MS, and at
// once no more when the reader takes over (a wheel, a touch, a key, a press, or a scroll the page
// did not make):
//   - where the browser has scroll anchoring (Chromium, Firefox), it may anchor on the target's
//     block only (html.keeping-in-view, settings-bar.css: overflow-anchor: none on the others), so
//     it holds the target in place in the very layout that would move it;
//   - where it has none (WebKit), the target is put back at each animation frame, before the
//     frame's layout: a layout of the frame itself (a chart resized by its ResizeObserver) can
//     still show for one frame. (Not in a ResizeObserver's callback, between layout and paint:
//     observing the sections made the page's own chart resizes, in its observer's callbacks, a
//     "ResizeObserver loop" error in Firefox, shown to the reader.)
// A scroll event that finds the target moved in the page puts it back too, in every browser.

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
 * Scrolls to `target` as a link to it does (the top of the view, below the sticky bar: its
 * scroll-margin-top) and keeps it there until every figure has been drawn for SETTLE_MS, or until
 * the reader scrolls or presses anything. A new call replaces the last.
 * @param {Element | null} target
 * @returns {() => void} lets go
 */
export function keepInView(target) {
  current?.();
  if (!target) return () => {};
  const html = document.documentElement;
  const block = target.closest('.article > *, body > *') ?? target;
  // Where the target is in the view, and in the page, after the last look.
  let expected = 0;
  let expectedInPage = 0;
  let readySince = 0;
  let timer = 0;
  let frame = 0;
  let done = false;
  // Where scrollIntoView({block: 'start'}) puts it, scrolling this page only: in a frame,
  // scrollIntoView would scroll the host page as well, under its reader's hand.
  const place = () => {
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    window.scrollTo(0, window.scrollY + target.getBoundingClientRect().top - margin);
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
    html.classList.remove('keeping-in-view');
    delete block.dataset.kept;
    if (current === stop) current = null;
  };
  current = stop;
  block.dataset.kept = '';
  html.classList.add('keeping-in-view');
  place();
  for (const type of INPUT_EVENTS)
    window.addEventListener(type, stop, { capture: true, passive: true });
  window.addEventListener('scroll', onScroll, { passive: true });
  if (!ANCHORING) frame = requestAnimationFrame(everyFrame);
  tick();
  return stop;
}
