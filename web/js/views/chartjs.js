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

/** Takes the text and grid colours of the current theme (after colors.applyTheme()). */
export function applyChartTheme() {
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
}

export { Chart };
