// The chapter's standard figure: training points, the true function and one or more predictions
// over x in [0, 5).
import { COLORS } from './colors.js';
import { LineChart } from './line-chart.js';

export class PredictionChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{predictions?: {id: string, label: string, color?: string, dash?: number[]}[],
   *          aspect?: number, legend?: boolean, dataLabel?: string}} [opts]  default: one prediction 'pred'
   */
  constructor(canvas, opts = {}) {
    const preds = opts.predictions ?? [{ id: 'pred', label: 'Prediction' }];
    this.chart = new LineChart(canvas, {
      aspect: opts.aspect ?? 1.45,
      legend: opts.legend ?? true,
      x: { label: 'x', min: 0, max: 5 },
      y: { label: 'y' },
      series: [
        { id: 'data', label: opts.dataLabel ?? 'Training data', color: COLORS.data, kind: 'points', width: 2.5 },
        { id: 'truth', label: 'Truth', color: COLORS.truth, width: 2 },
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

  setLabel(id, label) {
    this.chart.setLabel(id, label);
  }

  destroy() {
    this.chart.destroy();
  }
}
