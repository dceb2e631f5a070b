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
  box.style.aspectRatio = String(aspect);
  return true;
}

/** Takes the text and grid colours of the current theme (after colors.applyTheme()). */
export function applyChartTheme() {
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
}

export { Chart };
