// Chart.js with only the pieces this page uses (keeps the bundle small), plus the page's defaults.
import {
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { COLORS } from './colors.js';

/** The charts' font (CSS pixels); views/fast-plot.js draws its text with the same. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";
export const FONT_SIZE = 12;

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Tooltip,
  Filler,
);

Chart.defaults.animation = false;
// Charts in a .chart-box are sized by boxSizing() (one ResizeObserver for all); the others (none
// on the page today) keep Chart.js's own responsive sizing.
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = true;
Chart.defaults.font.family = FONT_FAMILY;
Chart.defaults.font.size = FONT_SIZE;
Chart.defaults.color = COLORS.text;
Chart.defaults.plugins.legend.labels.boxWidth = 14;
Chart.defaults.plugins.tooltip.animation = false;

/**
 * Gives a chart's .chart-box its height by CSS, from its width and `aspect` (width / height), and
 * returns whether the canvas has such a box (then the chart fills it: maintainAspectRatio false).
 * Chart.js's own aspect ratio reads the box's height from the canvas inside it and caps a new
 * width by it: a chart once laid out narrow (a narrow window, a section laid out while its grid
 * was half built) never grew back. A box sized by CSS alone (contain: size) has no such loop.
 */
export function sizeBox(canvas, aspect, narrowAspect = NARROW_ASPECT) {
  const box = canvas.parentElement;
  if (!box || !box.classList.contains('chart-box')) return false;
  // On a phone (figures.css) a wide chart takes at most NARROW_ASPECT (or the chart's own
  // narrowAspect): its legend and axis titles keep their pixels, and at 2.1 they left the plot
  // itself a sliver 70 px tall.
  box.style.setProperty('--aspect', String(aspect));
  box.style.setProperty('--aspect-narrow', String(Math.min(aspect, narrowAspect)));
  return true;
}

/** The widest aspect (width / height) of a chart on a narrow screen (figures.css's media query). */
export const NARROW_ASPECT = 1.4;

/**
 * The sizing options of a Chart.js chart on `canvas` with width / height `aspect` (at most
 * `narrowAspect` on a phone, sizeBox). In a .chart-box the chart is not `responsive` in Chart.js's
 * sense: Chart.js would give each chart a ResizeObserver, a window listener and two
 * MutationObservers of the whole document (about 70 charts: 140 observers told of every DOM change
 * of the page, a slider's text updates included), and at creation read the canvas's and its box's
 * styles after layout. Instead the canvas gets its box's size here (one layout read) and
 * `boxObserver` resizes every boxed chart when its box changes (and all of them when the device
 * pixel ratio changes: zoom, a screen).
 */
export function boxSizing(canvas, aspect, narrowAspect) {
  if (!sizeBox(canvas, aspect, narrowAspect))
    return { aspectRatio: aspect, maintainAspectRatio: true };
  const rect = canvas.parentElement.getBoundingClientRect();
  // Whole pixels (a canvas's width attribute): at most 1 px short of the box until its first
  // observation (boxObserver leaves differences under a pixel alone).
  canvas.width = Math.floor(rect.width);
  canvas.height = Math.floor(rect.height);
  return { aspectRatio: aspect, maintainAspectRatio: false, responsive: false };
}

/** Boxed charts by their .chart-box. */
const boxedCharts = new Map();
/** Sizes observed since the last frame, by box. */
const boxSizes = new Map();
let boxFrame = 0;

/** Resizes the charts whose boxes changed by a pixel or more (in a frame, as Chart.js does). */
function resizeBoxed() {
  boxFrame = 0;
  for (const [box, { width, height }] of boxSizes) {
    const chart = boxedCharts.get(box);
    if (chart && (Math.abs(chart.width - width) >= 1 || Math.abs(chart.height - height) >= 1)) {
      chart.resize(width, height);
    }
  }
  boxSizes.clear();
}

const boxObserver =
  typeof ResizeObserver === 'undefined'
    ? null
    : new ResizeObserver((entries) => {
        // A box in a section skipped off screen (content-visibility: auto) or hidden reports 0 x 0:
        // the chart keeps its size (as Chart.js's own observer does).
        for (const e of entries) {
          const { width, height } = e.contentRect;
          if (width > 0 || height > 0) boxSizes.set(e.target, { width, height });
        }
        if (boxSizes.size) boxFrame ||= requestAnimationFrame(resizeBoxed);
      });

/** A new device pixel ratio redraws every boxed chart at it (same CSS size, new backing store). */
let pixelRatioQuery = null;
function watchPixelRatio() {
  if (typeof matchMedia === 'undefined') return;
  pixelRatioQuery?.removeEventListener('change', onPixelRatio);
  pixelRatioQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  pixelRatioQuery.addEventListener('change', onPixelRatio);
}
function onPixelRatio() {
  watchPixelRatio();
  for (const chart of boxedCharts.values()) chart.resize(chart.width, chart.height);
}

Chart.register({
  id: 'boxSizing',
  afterInit: (chart) => {
    const box = chart.canvas.parentElement;
    if (chart.options.responsive || !box?.classList.contains('chart-box')) return;
    if (!pixelRatioQuery) watchPixelRatio();
    boxedCharts.set(box, chart);
    boxObserver?.observe(box);
  },
  beforeDestroy: (chart) => {
    const box = chart.canvas.parentElement;
    if (box && boxedCharts.get(box) === chart) {
      boxedCharts.delete(box);
      boxObserver?.unobserve(box);
    }
  },
});

/**
 * WebKit (Safari's engine) and charts in sections skipped while off screen (content-visibility:
 * auto): (1) it does not always tell Chart.js's ResizeObserver that a chart's box changed size
 * meanwhile: a chart created while its grid held only its own figure kept the grid's whole width
 * (twice its box, drawn over its neighbour) after scrolling into view; (2) it does not show what
 * was drawn on a canvas while its section was skipped until the canvas is drawn again: a chart
 * updated off screen stayed blank when scrolled to. So each chart, when it comes into view, is
 * resized to its box if they differ (resize() reads the box and draws), else drawn again (draw():
 * the current state, no update).
 */
const fitWhenShown =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver((entries) => {
        for (const e of entries) {
          const chart = e.isIntersecting ? Chart.getChart(e.target) : null;
          if (!chart) continue;
          const box = e.target.parentElement;
          const off = (a, b) => Math.abs(a - b) > 0.5;
          const misfit =
            box?.classList.contains('chart-box') &&
            (off(chart.width, box.clientWidth) || off(chart.height, box.clientHeight));
          if (misfit) chart.resize();
          else chart.draw();
        }
      });
Chart.register({
  id: 'fitWhenShown',
  afterInit: (chart) => fitWhenShown?.observe(chart.canvas),
  beforeDestroy: (chart) => fitWhenShown?.unobserve(chart.canvas),
});

/** Takes the text and grid colours of the current theme (after colors.applyTheme()). */
export function applyChartTheme() {
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
}

export { Chart };
