// The chapter's standard figure: training points, the true function and one or more predictions
// over the plotted x range (X_RANGE, [0, 5]).
import { X_RANGE } from '../state/settings.js';
import { COLORS } from './colors.js';
import { T } from './strings.js';
import { FastPlot } from './fast-plot.js';
import { LineChart, MAX_DRAWN_POINTS } from './line-chart.js';

export class PredictionChart {
  /**
   * A chart with a legend is a Chart.js LineChart. One without is one of a grid of small multiples
   * (the bandwidths side by side, the kernel and width cards: 14 charts): a FastPlot, which draws
   * the same axes, points and lines at a fraction of a Chart.js update (the cards' charts were
   * the page's largest main-thread cost at a load), and names the point nearest the pointer in
   * the canvas's title, as a Chart.js tooltip would.
   * @param {HTMLCanvasElement} canvas
   * @param {{predictions?: {id: string, label: string, color?: string, dash?: number[]}[],
   *          aspect?: number, legend?: boolean}} [opts]  default: one prediction 'pred'
   */
  constructor(canvas, opts = {}) {
    const preds = opts.predictions ?? [{ id: 'pred', label: T.prediction }];
    const legend = opts.legend ?? true;
    const axes = {
      aspect: opts.aspect ?? 1.45,
      legend,
      x: { label: T.axisX, min: X_RANGE[0], max: X_RANGE[1] },
      y: { label: T.axisY },
    };
    const data = { id: 'data', label: T.trainingData, color: COLORS.data, kind: 'points' };
    const truth = { id: 'truth', label: T.truth, color: COLORS.truth, width: 2, dash: [6, 4] };
    const lines = preds.map((p) => ({ color: COLORS.pred, width: 2.2, ...p }));
    this.chart = legend
      ? new LineChart(canvas, { ...axes, series: [{ ...data, width: 2.5 }, truth, ...lines] })
      : new FastPlot(canvas, {
          ...axes,
          hover: true,
          // The training points thinned as the LineChart thins them (a note says so).
          series: [{ ...data, radius: 2.5, maxPoints: MAX_DRAWN_POINTS }, truth, ...lines].map(
            (s) => ({ kind: 'line', ...s }),
          ),
        });
  }

  /**
   * @param {{x, y}} data  training pairs
   * @param {{x, y}} truth  the true function on a grid
   * @param {Object<string, {x, y}>} predictions  by prediction id
   */
  update(data, truth, predictions) {
    this.chart.update({ data, truth, ...predictions });
  }

  setSummaryNote(text) {
    this.chart.setSummaryNote(text);
  }

  setLabel(id, label) {
    this.chart.setLabel(id, label);
  }

  destroy() {
    this.chart.destroy();
  }
}
