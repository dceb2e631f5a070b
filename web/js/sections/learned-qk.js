// 21. Learned queries and keys (issue 13): scaled dot-product attention trained by SGD. The page's
// inputs on the unit circle (as in section 18), scores s_j = (Wq q) . (Wk x_j) / sqrt(2) with Wq
// and Wk 2 x 2 matrices started at random (nw.trainAttention, model 'dot', its seeded start), and
// trained on the leave-one-out loss. The seeded run is computed once per data set, in the worker,
// with its history (the params after every epoch); the page shows epoch `qk` of it: the attention
// matrix over the test queries, Wq and Wk as small tables, and the loss so far, with the test
// error against the Gaussian kernel on the circle with its LOO-CV bandwidth. The epoch slider picks
// the epoch; Play moves it (EpochPlayback) so the learner watches the run. Every number is the
// API's.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { T } from '../i18n/index.js';
import { COLORS } from '../views/colors.js';
import { el, figure } from '../views/dom.js';
import { fmt } from '../views/format.js';
import { HEATMAP_CELLS, Heatmap } from '../views/heatmap.js';
import { LineChart } from '../views/line-chart.js';
import { EpochPlayback } from '../state/playback.js';
import { SETTING_BY_KEY } from '../state/settings.js';

/**
 * The run: rank 2, this learning rate, at most so many points (dense training: n^2 per epoch),
 * played at so many epochs per second (200 epochs in 10 s; a frame every 50 ms, which also keeps
 * the URL from being written until the playback stops: it waits for 250 ms of stillness).
 */
export const RUN = Object.freeze({ rank: 2, learningRate: 0.005, maxN: 200, rate: 20 });
/** The run is trained once to the slider's end; each epoch shown is read from its history. */
const EPOCHS = SETTING_BY_KEY.qk.max;
/** Inputs are put on the circle at angle 2 pi x / PERIOD (as in section 18). */
const PERIOD = 5;

/** A small matrix (rows x cols, row-major) as a table of numbers. */
function matrixTable(values, rows, cols, caption) {
  const table = el('table', 'matrix');
  const cap = el('caption', '', caption);
  table.append(cap);
  for (let a = 0; a < rows; a++) {
    const tr = el('tr');
    for (let b = 0; b < cols; b++) tr.append(el('td', '', fmt(values[a * cols + b], 3)));
    table.append(tr);
  }
  return table;
}

export function create(root, { nw, model, compute, state }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="qk-readout"]');
  const mats = root.querySelector('.matrices');
  const turn = latest();
  const fHeat = figure(grid, 'qk-attention', '', 'heatmap-fig');
  const heat = new Heatmap(fHeat.canvas, { aspect: 1.05 });
  const fLoss = figure(grid, 'qk-loss', T.qkLossCaption);
  const loss = new LineChart(fLoss.canvas, {
    aspect: 1.05,
    x: { label: T.axisEpoch, type: 'linear', min: 0 },
    y: { label: T.axisLooLoss, min: 0 },
    series: [
      { id: 'loss', label: T.qkLoss, color: COLORS.param, width: 2 },
      {
        id: 'now',
        label: T.qkNow,
        color: COLORS.mark,
        kind: 'marker',
        pointStyle: 'circle',
        width: 8, // whole at epoch 200, the x axis' end (every marker: views/chartjs.js)
      },
    ],
  });
  const queries = nw.unitCircle(model.queries, { period: PERIOD });

  // The seeded run of the current data: {data, seed, keys, y, n, promise, done}; done (once
  // computed) = {fit (with its history), cv (the Gaussian's LOO-CV choice), gauss (its test MSE)}.
  let run = null;
  const isRunOf = (r, s) => r !== null && r.data === model.data(s) && r.seed === s.seed;
  function runOf(s) {
    if (isRunOf(run, s)) return run;
    const d = model.data(s);
    const n = Math.min(d.x.length, RUN.maxN);
    const y = d.y.subarray(0, n);
    const keys = nw.unitCircle(d.x.subarray(0, n), { period: PERIOD });
    const r = { data: d, seed: s.seed, keys, y, n, done: null };
    const opts = { dims: 2, model: 'dot', rank: RUN.rank, learningRate: RUN.learningRate };
    const isCurrent = () => run === r; // other data cancel it, another epoch does not
    r.promise = Promise.all([
      compute.call(
        'trainAttention',
        [keys, y, { ...opts, seed: s.seed, epochs: EPOCHS, history: true }],
        { isCurrent },
      ),
      compute.call('selectBandwidth', [keys, y, { dims: 2 }], { isCurrent }),
    ]).then(([fit, cv]) => {
      if (!fit || !cv) return null;
      const test = nw.predict(queries, keys, y, { dims: 2, bandwidth: cv.bandwidth });
      r.done = { fit, cv, gauss: model.mse(test, model.truth) };
      return r.done;
    });
    // A failed run is computed again by the next update (the error shows on the section).
    r.promise.catch(() => {
      if (run === r) run = null;
    });
    run = r;
    return r;
  }

  const player = new EpochPlayback(state, {
    key: 'qk',
    playing: 'qkPlaying',
    max: EPOCHS,
    rate: RUN.rate,
    ready: (s) => runOf(s).done !== null, // starts the run of new data if none is under way
  });
  const buttons = {
    play: root.querySelector('#btn-qk-play'),
    pause: root.querySelector('#btn-qk-pause'),
  };
  // Listeners on the page's static buttons go when the section is destroyed (language change).
  const listening = new AbortController();
  for (const [k, b] of Object.entries(buttons))
    b?.addEventListener('click', () => player[k](), { signal: listening.signal });

  /** Draws epoch s.qk of the computed run r (its params: the start, or row k - 1 of history). */
  function draw(s, r) {
    const { fit, cv, gauss } = r.done;
    const count = fit.params.length;
    // A run that stopped early (diverged) shows its last finite params from there on.
    const k = Math.min(s.qk, fit.losses.length);
    const p = k === 0 ? fit.init : fit.history.subarray((k - 1) * count, k * count);
    const r2 = 2 * RUN.rank;
    const Wq = p.subarray(0, r2);
    const Wk = p.subarray(r2);
    const o = { dims: 2, score: 'dot', queryProjection: Wq, keyProjection: Wk };
    heat.update(nw.attentionHeatmap(queries, r.keys, { ...o, ...HEATMAP_CELLS }), {});
    const mse = model.mse(nw.predict(queries, r.keys, r.y, o), model.truth);
    // The loss at the shown projections (losses[j] is the j-th update's, before it).
    const now = nw.trainingLoss(r.keys, r.y, { dims: 2, model: 'dot', params: p }).loss;
    const curve = Float64Array.from([...fit.losses.subarray(0, k), now]);
    const steps = Float64Array.from(curve, (_, j) => j);
    // Axes over the whole run (0 to its last epoch, loss from 0): played back, the curve grows
    // into a still frame.
    loss.setLimits('x', { min: 0, max: EPOCHS });
    loss.update({ loss: { x: steps, y: curve }, now: { x: [s.qk], y: [now] } });
    mats.replaceChildren(
      matrixTable(Wq, RUN.rank, 2, T.qkWq),
      matrixTable(Wk, RUN.rank, 2, T.qkWk),
    );
    fHeat.caption.textContent = T.qkHeatCaption(s.qk);
    if (readout) {
      readout.textContent = T.qkReadout(s.qk, now, mse, cv.bandwidth, gauss, r.n);
      Object.assign(readout.dataset, {
        epochs: String(s.qk),
        n: String(r.n),
        loss: String(now),
        mse: String(mse),
        h: String(cv.bandwidth),
        gaussian: String(gauss),
        params: Array.from(p).join(','),
      });
    }
  }

  return {
    deps: [...DATA_KEYS, 'qk', 'qkPlaying'],
    async update(s) {
      const isCurrent = turn.begin();
      for (const [k, b] of Object.entries(buttons))
        b?.setAttribute('aria-pressed', String(s.qkPlaying === (k === 'play')));
      const r = runOf(s);
      if (!r.done && !(await r.promise)) return;
      if (isCurrent()) draw(s, r);
    },
    destroy() {
      listening.abort();
      player.destroy();
      turn.cancel();
      heat.destroy();
      loss.destroy();
    },
  };
}
