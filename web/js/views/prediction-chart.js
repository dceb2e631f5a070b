// The chapter's standard figure: training points, the true function and one or more predictions
// over the plotted x range (X_RANGE, [0, 5]).
import { X_RANGE } from '../state/settings.js';
import { COLORS } from './colors.js';
import { T } from './strings.js';
import { LineChart } from './line-chart.js';

export class PredictionChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{predictions?: {id: string, label: string, color?: string, dash?: number[]}[],
   *          aspect?: number, legend?: boolean}} [opts]  default: one prediction 'pred'
   */
  constructor(canvas, opts = {}) {
    const preds = opts.predictions ?? [{ id: 'pred', label: T.prediction }];
    this.chart = new LineChart(canvas, {
      aspect: opts.aspect ?? 1.45,
      legend: opts.legend ?? true,
      x: { label: T.axisX, min: X_RANGE[0], max: X_RANGE[1] },
      y: { label: T.axisY },
      series: [
        {
          id: 'data',
          label: T.trainingData,
          color: COLORS.data,
          kind: 'points',
          width: 2.5,
        },
        { id: 'truth', label: T.truth, color: COLORS.truth, width: 2, dash: [6, 4] },
        ...preds.map((p) => ({ color: COLORS.pred, width: 2.2, ...p })),
      ],
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
