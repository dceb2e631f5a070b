// 5. Parametric training, played back epoch by epoch: the loss before each SGD update, and the loss
// landscape L(w) with the path SGD takes on it. Play / pause / step / reset drive state.step (see
// playback.js); every figure of the trained model follows it.
import { Playback } from '../playback.js';
import { TRAIN_KEYS } from '../model.js';
import { latest } from '../slices.js';
import { T } from '../strings.js';
import { COLORS, SERIES, fmt } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';
import { W_RANGE } from '../landscape.js';

/** x positions of the k-th batch loss in epochs: 1, 2, ... for full batch, fractions otherwise. */
export function epochAxis(run) {
  return Float64Array.from(run.losses, (_, k) => (k + 1) / run.stepsPerEpoch);
}

export function create(root, { model, state }) {
  const grid = root.querySelector('.figures');
  const f1 = figure(grid, 'training-loss', 'Training loss per epoch');
  const lossChart = new LineChart(f1.canvas, {
    aspect: 1.3,
    x: { label: 'epoch', min: 0 },
    y: { label: 'loss (sum of squared errors)', min: 0 },
    series: [{ id: 'loss', label: 'Training loss', color: COLORS.param, width: 2.2 }],
  });
  lossChart.chart.data.datasets[0].pointRadius = 3;
  const f2 = figure(grid, 'landscape', 'Loss landscape');
  const land = new LineChart(f2.canvas, {
    aspect: 1.3,
    x: { label: '|w| (log scale)', type: 'logarithmic', min: W_RANGE[0], max: W_RANGE[1] },
    y: { label: 'loss L(w) (log scale)', type: 'logarithmic' },
    series: [
      { id: 'curve', label: 'L(w)', color: COLORS.accent, width: 2 },
      { id: 'path', label: 'SGD path', color: COLORS.param, width: 1.2, dash: [3, 2] },
      { id: 'now', label: 'current w', color: COLORS.param, kind: 'marker', pointStyle: 'circle', width: 6 },
      { id: 'min', label: 'minimum', color: SERIES[1], kind: 'marker', pointStyle: 'star', width: 10 },
    ],
  });
  Object.assign(land.chart.data.datasets[1], { pointRadius: 2.5, pointStyle: 'circle' });

  const player = new Playback(state, model);
  const buttons = {
    play: root.querySelector('#btn-play'),
    pause: root.querySelector('#btn-pause'),
    step: root.querySelector('#btn-step'),
    reset: root.querySelector('#btn-train-reset'),
  };
  for (const [k, b] of Object.entries(buttons)) b?.addEventListener('click', () => player[k]());
  const status = root.querySelector('.train-status');
  const out = root.querySelector('[data-out="training"]');
  const html = document.documentElement;
  const lossTurn = latest();
  const landTurn = latest();

  async function drawLoss(s) {
    const isCurrent = lossTurn.begin();
    const run = await model.training(s, {
      isCurrent,
      onProgress: (e, total) => status && (status.textContent = T.progress(e, total)),
    });
    if (!run || !isCurrent()) return null;
    lossChart.setLimits('x', { min: 0, max: Math.max(1, s.epochs) });
    lossChart.update({ loss: { x: epochAxis(run), y: run.losses } });
    const last = run.losses[run.losses.length - 1];
    if (status) status.textContent = T.trainStatus(run.epochs, s.epochs, run.w, last);
    html.dataset.epoch = String(run.epochs);
    html.dataset.lossLength = String(run.losses.length);
    html.dataset.trainW = String(run.w);
    if (out) {
      out.textContent =
        `${model.trainKernel(s)} kernel, w0 = ${fmt(run.w0)}, after ${run.epochs} epochs (${run.steps} updates): ` +
        `w = ${fmt(run.w)}, so h = 1/|w| = ${fmt(1 / Math.abs(run.w))}.` +
        (run.stepsPerEpoch > 1 ? ' Each epoch shuffles the minibatches with its own seed (the data seed and the epoch number).' : '');
    }
    return run;
  }

  async function drawLandscape(s, run) {
    const isCurrent = landTurn.begin();
    const L = await model.landscape(s, {
      isCurrent,
      onProgress: (d, total) => (f2.caption.textContent = T.progress(d, total)),
    });
    if (!L || !run || !isCurrent()) return;
    // The path: w before each update and the loss there (exact for full batch, where the k-th loss
    // is L at that w; read off the curve for minibatches, whose losses cover one batch only).
    const full = run.stepsPerEpoch === 1;
    const px = [];
    const py = [];
    let w = run.w0;
    for (let k = 0; k < run.steps; k++) {
      px.push(Math.abs(w));
      py.push(full ? run.losses[k] : L.at(w));
      w = run.ws[k];
    }
    const nowLoss = L.loss(run.w);
    px.push(Math.abs(run.w));
    py.push(nowLoss);
    land.update({
      curve: { x: L.ws, y: L.losses },
      path: { x: px, y: py },
      now: { x: [Math.abs(run.w)], y: [nowLoss] },
      min: L.min ? { x: [L.min.w], y: [L.min.loss] } : null,
    });
    const off = Math.abs(run.w) > W_RANGE[1] ? ` (|w| = ${fmt(Math.abs(run.w))} is off the chart)` : '';
    f2.caption.textContent = `${s.loo ? 'Leave-one-out' : 'Own key included'}: ` + (L.min ? T.landscapeMin(L.min.w, L.min.loss) : T.landscapeNoMin) + off;
  }

  return {
    deps: [...TRAIN_KEYS, 'playing'],
    async update(s) {
      for (const [k, b] of Object.entries(buttons)) {
        if (k === 'play' || k === 'pause') b?.setAttribute('aria-pressed', String(s.playing === (k === 'play')));
      }
      html.dataset.playing = String(s.playing);
      const run = await drawLoss(s);
      await drawLandscape(s, run);
    },
    destroy() {
      player.destroy();
      lossTurn.cancel();
      landTurn.cancel();
      lossChart.destroy();
      land.destroy();
    },
  };
}
