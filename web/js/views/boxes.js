// Every chart on the page, whoever draws it (Chart.js, views/chartjs.js; FastPlot,
// views/fast-plot.js), is kept at its box's size by the same three watchers: one ResizeObserver
// for the boxes, one media query for the device pixel ratio, one IntersectionObserver for the
// canvases coming into view. A chart registers handlers and gets an unwatch function.

/**
 * @typedef {object} BoxHandlers
 * @property {(width: number, height: number) => void} [resized]  the box's new content size (CSS
 *   pixels), in an animation frame; never 0 x 0 (a hidden box, or one in a section skipped off
 *   screen: the chart keeps its size, as Chart.js's own observer does)
 * @property {() => void} [rescaled]  a new device pixel ratio (zoom, another screen)
 * @property {() => void} [shown]  the canvas came into view
 * @property {(width: number, height: number) => void} [sized]  the box's first size (CSS pixels,
 *   as read: 0 x 0 in a hidden box), read with every other new chart's in one pass (sizeNew) or,
 *   when the chart needs it before that, alone (sizeNow)
 */

/** Handlers by observed box (resized, rescaled) and by canvas (shown). */
const byBox = new Map();
const byCanvas = new Map();
/** Sizes observed since the last frame, by box. */
const sizes = new Map();
let frame = 0;

/**
 * New charts waiting for their first size, by box: their `sized` handlers. A section's create()
 * adds a figure, makes its chart, adds the next figure...: a chart that read its box as it was
 * made got the width of a half-built grid (the first of three figures as wide as two), kept it
 * while its section was skipped off screen, and was laid out and drawn again when scrolled to (9
 * of the page's charts), and each read forced a layout of the page. So a section's charts are
 * sized together once its figures are all there: one layout read per section.
 */
const unsized = new Map();

/**
 * Gives every chart made since the last call its box's size: all the boxes are read first (one
 * layout), then the charts are sized (App.create() calls it after each section's create()).
 */
export function sizeNew() {
  if (!unsized.size) return;
  const waiting = [...unsized];
  unsized.clear();
  const rects = waiting.map(([box]) => box.getBoundingClientRect());
  waiting.forEach(([, sized], i) => sized(rects[i].width, rects[i].height));
}

/**
 * Sizes the chart of `box` now if it still waits for its first size (it is about to be laid out
 * before sizeNew() ran, e.g. made and updated outside a section's create()); whether it did.
 */
export function sizeNow(box) {
  const sized = unsized.get(box);
  if (!sized) return false;
  unsized.delete(box);
  const { width, height } = box.getBoundingClientRect();
  sized(width, height);
  return true;
}

/** Hands the sizes observed to their charts, in a frame (as Chart.js does). */
function deliver() {
  frame = 0;
  for (const [box, { width, height }] of sizes) {
    // A chart still waiting for its first size (made outside a section's create()) takes it here.
    const sized = unsized.get(box);
    unsized.delete(box);
    if (sized) sized(width, height);
    else byBox.get(box)?.resized?.(width, height);
  }
  sizes.clear();
}

const boxObserver =
  typeof ResizeObserver === 'undefined'
    ? null
    : new ResizeObserver((entries) => {
        for (const e of entries) {
          const { width, height } = e.contentRect;
          if (width > 0 || height > 0) sizes.set(e.target, { width, height });
        }
        // Resizing a canvas in the observer's callback could resize the observed box again in the
        // same frame (a ResizeObserver loop): the charts are resized in the next frame.
        if (sizes.size) frame ||= requestAnimationFrame(deliver);
      });

/**
 * WebKit (Safari's engine) and charts in sections skipped while off screen (content-visibility:
 * auto): (1) it does not always tell a ResizeObserver that a chart's box changed size meanwhile:
 * a chart created while its grid held only its own figure kept the grid's whole width (twice its
 * box, drawn over its neighbour) after scrolling into view; (2) it does not show what was drawn
 * on a canvas while its section was skipped until the canvas is drawn again: a chart updated off
 * screen stayed blank when scrolled to. So each chart is told when it comes into view: it takes
 * its box's size if that differs, else draws again.
 */
const shownObserver =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver((entries) => {
        for (const e of entries) if (e.isIntersecting) byCanvas.get(e.target)?.shown?.();
      });

let pixelRatioQuery = null;
function watchPixelRatio() {
  if (typeof matchMedia === 'undefined') return;
  pixelRatioQuery?.removeEventListener('change', onPixelRatio);
  pixelRatioQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  pixelRatioQuery.addEventListener('change', onPixelRatio);
}
function onPixelRatio() {
  watchPixelRatio(); // the query of the new ratio
  for (const h of byBox.values()) h.rescaled?.();
}

/**
 * Watches `canvas` (shown) and, when `box` is given, that box (resized, rescaled). Returns the
 * function that stops it.
 * @param {HTMLCanvasElement} canvas
 * @param {Element|null} box
 * @param {BoxHandlers} handlers
 */
export function watchBox(canvas, box, handlers) {
  if (box) {
    if (!pixelRatioQuery) watchPixelRatio();
    byBox.set(box, handlers);
    boxObserver?.observe(box);
    if (handlers.sized) unsized.set(box, handlers.sized);
  }
  byCanvas.set(canvas, handlers);
  shownObserver?.observe(canvas);
  return () => {
    if (box && byBox.get(box) === handlers) {
      byBox.delete(box);
      sizes.delete(box);
      if (unsized.get(box) === handlers.sized) unsized.delete(box);
      boxObserver?.unobserve(box);
    }
    if (byCanvas.get(canvas) === handlers) {
      byCanvas.delete(canvas);
      shownObserver?.unobserve(canvas);
    }
  };
}
