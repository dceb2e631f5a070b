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
import { retinaScale } from 'chart.js/helpers';
import { sizeNow, watchBox } from './boxes.js';
import { COLORS } from './colors.js';
import { fmt } from './format.js';

/** The charts' font (CSS pixels); views/fast-plot.js draws its text with the same. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";
export const FONT_SIZE = 12;

/**
 * Every series on the page is a Chart.js scatter dataset (a line is one with showLine). Chart.js's
 * scatter controller gives each point its own copy of the dataset's point options at every update,
 * though here they are the same for every point of a dataset (no option is a function or an
 * array); its line and bubble controllers share one frozen object. This is the scatter controller
 * with that sharing: a page load made 15,354 copies, and Chart.js's option resolution was the
 * largest allocator in a heap profile of a load. Same options, same pixels.
 *
 * Chart.js keeps a controller's shared object for good and refreshes it only in an update with
 * animations ('none' and 'reset' leave it as it was), so a dataset whose options change (a line of
 * one point drawn as a disc: LineChart.singlePoint) would keep its old ones: the shared object is
 * made anew at every update instead (configure() runs for every dataset at the start of each).
 */
class SharedScatterController extends ScatterController {
  static id = 'sharedScatter';

  initialize() {
    this.enableOptionSharing = true;
    super.initialize();
  }

  configure() {
    super.configure();
    this._sharedOptions = undefined;
  }

  /**
   * Markers drawn whole on the plot's edges. Chart.js clips a dataset to the plot area, widened by
   * what its markers reach past their centres only on an axis end it chose itself: on an end the
   * chart fixes (min or max given) the clip is the edge, and a point there was half a disc (a
   * training input at x = 4.99, the consistency study at n = 10 and 5,000). Here every side is
   * widened by that reach: Chart.js's size of the dataset's marker (radius, or the larger hover
   * radius, and rim; the options are shared, so the first point's), for which it already leaves
   * room around the plot. A line without markers keeps the edge. A point beyond an edge is not
   * drawn by Chart.js either way.
   */
  _update(mode) {
    super._update(mode);
    const meta = this._cachedMeta;
    const clip = meta._clip;
    const first = meta.data[0];
    if (clip.disabled || !first || !(this.getDataset().pointRadius > 0)) return;
    const reach = first.size(this.resolveDataElementOptions(0)) / 2;
    for (const side of ['top', 'right', 'bottom', 'left'])
      if (typeof clip[side] === 'number') clip[side] = Math.max(clip[side], reach);
  }

  /**
   * A point's text for its tooltip item ("(x, y)"; the page's tooltips write their own, in
   * line-chart.js), written by fmt: Chart.js's would format both values with Intl.NumberFormat,
   * whose first use in a tab costs 28-60 ms (views/format.js).
   */
  getLabelAndValue(index) {
    const { x, y } = this.getParsed(index);
    return { label: this.chart.data.labels?.[index] || '', value: `(${fmt(x)}, ${fmt(y)})` };
  }
}

/** The chart type of every Chart.js chart of the page. */
export const SCATTER = SharedScatterController.id;

Chart.register(
  LineController,
  ScatterController,
  SharedScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Tooltip,
  Filler,
);

Chart.defaults.animation = false;
// Charts in a .chart-box are sized by boxSizing() (and views/boxes.js); the others (none on the
// page today) keep Chart.js's own responsive sizing.
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
 * styles after layout. Instead the chart gets its box's size before its first layout, read with
 * the other new charts' (views/boxes.js sizeNew: one layout for a section's charts), and the
 * page's one ResizeObserver resizes every boxed chart when its box changes (and all of them when
 * the device pixel ratio changes: zoom, a screen).
 */
export function boxSizing(canvas, aspect, narrowAspect) {
  if (!sizeBox(canvas, aspect, narrowAspect))
    return { aspectRatio: aspect, maintainAspectRatio: true };
  // No size until the first one (firstSize): a canvas without width and height attributes would
  // have Chart.js read its used size from its computed style (a layout of the page per chart).
  canvas.width = 0;
  canvas.height = 0;
  return { aspectRatio: aspect, maintainAspectRatio: false, responsive: false };
}

/**
 * A chart's first size, before its first layout (nothing drawn yet: no update, no draw): the size
 * Chart.js's resize(width, height) gives the same box (tenths of a pixel), so a chart draws the
 * same pixels whether it was sized here or resized later. A box not laid out (hidden) is left to
 * the watchers: the chart takes its size when the box gets one.
 */
function firstSize(chart, width, height) {
  const w = Math.round(width * 10) / 10;
  const h = Math.round(height * 10) / 10;
  if (w < 1 || h < 1) return;
  chart.width = w;
  chart.height = h;
  retinaScale(chart, chart.options.devicePixelRatio || chart.platform.getDevicePixelRatio(), true);
}

/**
 * Every chart is watched (views/boxes.js): a boxed chart is resized when its box changes by a
 * pixel or more, and redrawn at a new device pixel ratio (same CSS size, new backing store); any
 * chart coming into view takes its box's size if that differs (resize() reads the box and draws),
 * else is laid out if it never was (firstLayout, below), else is drawn again (draw(): the current
 * state, no update).
 */
Chart.register({
  id: 'boxSizing',
  afterInit: (chart) => {
    const box = chart.canvas.parentElement;
    const boxed = !chart.options.responsive && box?.classList.contains('chart-box');
    // A chart is whole pixels (its canvas's width attribute, boxSizing): it misfits its box when
    // they differ by a pixel or more, whichever way the box's size was read.
    const misfit = (width, height) =>
      Math.abs(chart.width - width) >= 1 || Math.abs(chart.height - height) >= 1;
    chart.$unwatchBox = watchBox(chart.canvas, boxed ? box : null, {
      resized: (width, height) => {
        if (misfit(width, height)) chart.resize(width, height);
      },
      rescaled: () => chart.resize(chart.width, chart.height),
      sized: boxed ? (width, height) => firstSize(chart, width, height) : undefined,
      shown: () => {
        if (boxed) sizeNow(box); // its first size, if it still waits for it
        if (boxed && misfit(box.clientWidth, box.clientHeight)) chart.resize();
        else if (chart.$layoutDeferred)
          chart.update('none'); // its first layout (firstLayout)
        else chart.draw();
      },
    });
  },
  beforeDestroy: (chart) => chart.$unwatchBox?.(),
});

/**
 * A chart is laid out and drawn first with its data, or when it comes into view before its data.
 * Chart.js lays out and draws every chart in its constructor, and the views make theirs empty and
 * fill them at once or when a worker's result comes: 63 of those empty layouts took 270-300 ms of
 * a page load's main thread, most of them of charts off screen. So the constructor's update is put
 * off: the first update() (the data) lays the chart out, or its coming into view does (the
 * boxSizing plugin's `shown`: a chart waiting for a worker shows its empty axes meanwhile). A
 * draw() before then (a view's overlay) is dropped: there is nothing drawn to draw over. The
 * canvas's data-layouts counts the chart's layouts (tests).
 */
Chart.register({
  id: 'firstLayout',
  beforeUpdate: (chart) => {
    const first = chart.$layoutDeferred === undefined;
    // Laid out before its section's charts were sized together (boxes.js sizeNew): sized now.
    if (chart.$layoutDeferred) sizeNow(chart.canvas.parentElement);
    chart.$layoutDeferred = first;
    return !first;
  },
  beforeDraw: (chart) => !chart.$layoutDeferred,
  afterLayout: ({ canvas, chartArea }) => {
    canvas.dataset.layouts = String(Number(canvas.dataset.layouts ?? 0) + 1);
    markPlotArea(canvas, chartArea);
  },
});

/**
 * Writes a chart's plot area on its canvas, `data-plot="left top right bottom"` (CSS pixels), when
 * it changed: what the tests measure ink against (a marker on the plot's edge is drawn whole).
 * FastPlot writes its own the same way.
 */
export function markPlotArea(canvas, { left, top, right, bottom }) {
  const text = [left, top, right, bottom].map((v) => v.toFixed(1)).join(' ');
  if (canvas.dataset.plot !== text) canvas.dataset.plot = text;
}

/** Takes the text and grid colours of the current theme (after colors.applyTheme()). */
export function applyChartTheme() {
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
}

export { Chart };
