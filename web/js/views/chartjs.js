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
export function sizeBox(canvas, aspect) {
  const box = canvas.parentElement;
  if (!box || !box.classList.contains('chart-box')) return false;
  // On a phone (figures.css) a wide chart takes at most NARROW_ASPECT: its legend and axis titles
  // keep their pixels, and at 2.1 they left the plot itself a sliver 70 px tall.
  box.style.setProperty('--aspect', String(aspect));
  box.style.setProperty('--aspect-narrow', String(Math.min(aspect, NARROW_ASPECT)));
  return true;
}

/** The widest aspect (width / height) of a chart on a narrow screen (figures.css's media query). */
export const NARROW_ASPECT = 1.4;

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
