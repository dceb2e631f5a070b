// Why leave-one-out: the same SGD with and without leave-one-out keys. Without it each training
// query also attends to its own key, so w -> infinity (each point predicts itself) keeps lowering
// the loss, and the fit interpolates the noise.
import { DATA_KEYS, mse } from '../model.js';
import { latest } from '../slices.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';
import { PredictionChart } from '../views/prediction-chart.js';

const EPOCHS = 200;

export function create(root, { nw, model }) {
  const grid = root.querySelector('.figures');
  const series = () => [
    { id: 'loo', label: T.leaveOneOut, color: COLORS.param, width: 2 },
    { id: 'all', label: T.ownKey, color: COLORS.pred, width: 2, dash: [7, 4] },
  ];
  const f1 = figure(grid, 'why-loo-loss', T.lossPerEpoch);
  const loss = new LineChart(f1.canvas, {
    aspect: 1.3,
    x: { label: T.axisEpoch, min: 0, max: EPOCHS },
    y: { label: T.axisLossLog, type: 'logarithmic' },
    series: series(),
  });
  const f2 = figure(grid, 'why-loo-w', T.whyLooW);
  const ws = new LineChart(f2.canvas, {
    aspect: 1.3,
    x: { label: T.axisEpoch, min: 0, max: EPOCHS },
    y: { label: T.axisAbsWLog, type: 'logarithmic' },
    series: series(),
  });
  const f3 = figure(grid, 'why-loo-fit', T.whyLooFit, 'span-2');
  const fit = new PredictionChart(f3.canvas, {
    aspect: 2.1,
    predictions: [
      { id: 'loo', label: T.leaveOneOut, color: COLORS.param },
      { id: 'all', label: T.ownKey, color: COLORS.pred, width: 1.5, dash: [7, 4] },
    ],
  });
  const turn = latest();
  return {
    deps: [...DATA_KEYS, 'kernel', 'lr', 'w0'],
    async update(s) {
      const isCurrent = turn.begin();
      const data = model.data(s);
      const kernel = model.trainKernel(s);
      // Full batch, 200 epochs each, computed in slices (about 0.2 s each at n = 2000).
      const runs = [true, false].map((loo) => model.run(`why-loo-${loo}`, s, { leaveOneOut: loo, batchSize: undefined }));
      for (const r of runs) {
        const ok = await model.extend(r, EPOCHS, {
          isCurrent,
          onProgress: (e) => (f1.caption.textContent = T.progress(runs.indexOf(r) * EPOCHS + e, 2 * EPOCHS)),
        });
        if (!ok || !isCurrent()) return;
      }
      f1.caption.textContent = T.lossPerEpoch;
      const [a, b] = runs.map((r) => r.prefix(EPOCHS));
      const epochs = Float64Array.from(a.losses, (_, k) => k + 1);
      const abs = (r) => Float64Array.from(r.ws, Math.abs);
      loss.update({ loo: { x: epochs, y: a.losses }, all: { x: epochs, y: b.losses } });
      ws.update({ loo: { x: epochs, y: abs(a) }, all: { x: epochs, y: abs(b) } });
      const pa = nw.predict(model.fine, data.x, data.y, { kernel, w: a.w });
      const pb = nw.predict(model.fine, data.x, data.y, { kernel, w: b.w });
      fit.setLabel('loo', T.whyLooLabel(T.leaveOneOut, a.w, mse(pa, model.fineTruth)));
      fit.setLabel('all', T.whyLooLabel(T.ownKey, b.w, mse(pb, model.fineTruth)));
      fit.update(data, { x: model.fine, y: model.fineTruth }, {
        loo: { x: model.fine, y: pa },
        all: { x: model.fine, y: pb },
      });
    },
    destroy() {
      turn.cancel();
      loss.destroy();
      ws.destroy();
      fit.destroy();
    },
  };
}
