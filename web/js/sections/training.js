// 5. Parametric training, played back epoch by epoch: the loss before each SGD update, and the loss
// landscape L(w) with the path SGD takes on it. Play / pause / step / reset drive state.step (see
// playback.js); every figure of the trained model follows it.
import { Playback } from '../state/playback.js';
import { TRAIN_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T, kernelName } from '../i18n/index.js';
import { COLORS, SERIES } from '../views/colors.js';
import { figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';
import { W_RANGE } from '../compute/landscape.js';

/** x positions of the k-th batch loss in epochs: 1, 2, ... for full batch, fractions otherwise. */
export function epochAxis(run) {
  return Float64Array.from(run.losses, (_, k) => (k + 1) / run.stepsPerEpoch);
}

export function create(root, { model, state }) {
  const grid = root.querySelector('.figures');
  const f1 = figure(grid, 'training-loss', T.lossPerEpoch);
  const lossChart = new LineChart(f1.canvas, {
    aspect: 1.3,
    x: { label: T.axisEpoch, min: 0 },
    y: { label: T.axisLossSum, min: 0 },
    series: [{ id: 'loss', label: T.trainingLoss, color: COLORS.param, width: 2.2 }],
  });
  lossChart.chart.data.datasets[0].pointRadius = 3;
  const f2 = figure(grid, 'landscape', T.landscapeCaption);
  const land = new LineChart(f2.canvas, {
    aspect: 1.3,
    x: { label: T.axisAbsW, type: 'logarithmic', min: W_RANGE[0], max: W_RANGE[1] },
    y: {
      label: T.axisLossW,
      type: 'logarithmic',
      linearLabel: T.axisLossWLinear,
      zeroNote: T.zeroLossNote,
    },
    series: [
      { id: 'curve', label: T.curveL, color: COLORS.accent, width: 2 },
      { id: 'path', label: T.sgdPath, color: COLORS.param, width: 1.2, dash: [3, 2] },
      {
        id: 'now',
        label: T.currentW,
        color: COLORS.param,
        kind: 'marker',
        pointStyle: 'circle',
        width: 6,
      },
      {
        id: 'min',
        label: T.minimum,
        color: SERIES[1],
        kind: 'marker',
        pointStyle: 'star',
        width: 10,
      },
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
  // Listeners on the page's static buttons go when the section is destroyed (language change).
  const listening = new AbortController();
  for (const [k, b] of Object.entries(buttons))
    b?.addEventListener('click', () => player[k](), { signal: listening.signal });
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
    // A run the work budget cut short within its first epochs is shown over the part it ran.
    lossChart.setLimits('x', {
      min: 0,
      max: run.budgetReached ? run.steps / run.stepsPerEpoch : Math.max(1, s.epochs),
    });
    lossChart.update({ loss: { x: epochAxis(run), y: run.losses } });
    const last = run.losses[run.losses.length - 1];
    if (status) {
      // The run stops short of the epochs asked for when the page's work budget or an overflow ends it.
      const cut = run.budgetReached ? T.budgetCut(run.epochs, s.epochs, run.steps) : '';
      status.textContent =
        T.trainStatus(run.epochs, s.epochs, run.w, last) + cut + (run.diverged ? T.diverged : '');
    }
    html.dataset.budgetCut = String(run.budgetReached);
    html.dataset.epoch = String(run.epochs);
    html.dataset.lossLength = String(run.losses.length);
    html.dataset.trainW = String(run.w);
    if (out) {
      out.textContent = T.trainingReadout(
        kernelName(model.trainKernel(s)),
        run.w0,
        run.epochs,
        run.steps,
        run.w,
        run.stepsPerEpoch > 1,
      );
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
    // Exact up to 20,000 points; beyond, read off the curve (an exact LOO loss costs ~0.1 s there).
    const onCurve = L.x.length > 20000 ? L.at(run.w) : NaN;
    const nowLoss = Number.isFinite(onCurve) ? onCurve : L.loss(run.w);
    px.push(Math.abs(run.w));
    py.push(nowLoss);
    land.update({
      curve: { x: L.ws, y: L.losses },
      path: { x: px, y: py },
      now: { x: [Math.abs(run.w)], y: [nowLoss] },
      min: L.min ? { x: [L.min.w], y: [L.min.loss] } : null,
    });
    const off = Math.abs(run.w) > W_RANGE[1] ? T.offChart(Math.abs(run.w)) : '';
    f2.caption.textContent =
      `${s.loo ? T.landscapeLoo : T.landscapeOwn}: ` +
      (L.min ? T.landscapeMin(L.min.w, L.min.loss) : T.landscapeNoMin) +
      off;
  }

  return {
    deps: [...TRAIN_KEYS, 'playing'],
    async update(s) {
      for (const [k, b] of Object.entries(buttons)) {
        if (k === 'play' || k === 'pause')
          b?.setAttribute('aria-pressed', String(s.playing === (k === 'play')));
      }
      html.dataset.playing = String(s.playing);
      const run = await drawLoss(s);
      await drawLandscape(s, run);
    },
    destroy() {
      listening.abort();
      player.destroy();
      lossTurn.cancel();
      landTurn.cancel();
      lossChart.destroy();
      land.destroy();
    },
  };
}
