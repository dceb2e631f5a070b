// Why leave-one-out: the same SGD with and without leave-one-out keys. Without it each training
// query also attends to its own key, so w -> infinity (each point predicts itself) keeps lowering
// the loss, and the fit interpolates the noise.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';
import { PredictionChart } from '../views/prediction-chart.js';

const EPOCHS = 200;
/** Epochs shown for n points: 200 up to 2,000 points, then fewer (at least 20) so both runs stay
 * around 4e5 point-epochs each (~2 s in total at n = 10^5). */
export const epochsFor = (n) => Math.max(20, Math.min(EPOCHS, Math.floor(4e5 / n)));

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
    y: {
      label: T.axisLossLog,
      type: 'logarithmic',
      linearLabel: T.axisLossLinear,
      zeroNote: T.zeroLossNote,
    },
    series: series(),
  });
  const f2 = figure(grid, 'why-loo-w', T.whyLooW);
  const ws = new LineChart(f2.canvas, {
    aspect: 1.3,
    x: { label: T.axisEpoch, min: 0, max: EPOCHS },
    y: {
      label: T.axisAbsWLog,
      type: 'logarithmic',
      linearLabel: T.axisAbsWLinear,
      zeroNote: T.zeroWNote,
    },
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
      // Full batch, 200 epochs each (fewer at large n), two compute jobs (about 0.15 s each at n = 2000).
      const E = epochsFor(data.x.length);
      const runs = [];
      for (const loo of [true, false]) {
        const r = await model.longRun(
          `why-loo-${loo}`,
          s,
          { leaveOneOut: loo, batchSize: undefined },
          {},
          E,
          {
            isCurrent,
            onProgress: (e) => (f1.caption.textContent = T.progress(runs.length * E + e, 2 * E)),
          },
        );
        if (!r || !isCurrent()) return;
        runs.push(r);
      }
      f1.caption.textContent = E < EPOCHS ? T.whyLooFewer(E, data.x.length) : T.lossPerEpoch;
      loss.setLimits('x', { min: 0, max: E });
      ws.setLimits('x', { min: 0, max: E });
      const [a, b] = runs;
      const epochs = Float64Array.from(a.losses, (_, k) => k + 1);
      const abs = (r) => Float64Array.from(r.ws, Math.abs);
      loss.update({ loo: { x: epochs, y: a.losses }, all: { x: epochs, y: b.losses } });
      ws.update({ loo: { x: epochs, y: abs(a) }, all: { x: epochs, y: abs(b) } });
      const pa = nw.predict(model.fine, data.x, data.y, { kernel, w: a.w });
      const pb = nw.predict(model.fine, data.x, data.y, { kernel, w: b.w });
      fit.setLabel('loo', T.whyLooLabel(T.leaveOneOut, a.w, model.mse(pa, model.fineTruth)));
      fit.setLabel('all', T.whyLooLabel(T.ownKey, b.w, model.mse(pb, model.fineTruth)));
      fit.update(
        data,
        { x: model.fine, y: model.fineTruth },
        {
          loo: { x: model.fine, y: pa },
          all: { x: model.fine, y: pb },
        },
      );
    },
    destroy() {
      turn.cancel();
      loss.destroy();
      ws.destroy();
      fit.destroy();
    },
  };
}
