// 19. Two inputs, one irrelevant: learning where to look. Data in the plane: y depends on x1 only
// (generateData dims 2, relevant [0]); x2 is a distractor. The isotropic Gaussian kernel (one h for
// both inputs, chosen by LOO-CV in two dimensions) weighs a disc around the query, and half of what
// it averages is noise in x2. The diagonal model (one scale per input, trained by SGD on the
// leave-one-out loss: nw.trainAttention) learns a small scale for x2: its weights spread along x2
// (a width 1/|w2| that grows) and stay narrow along x1. Three charts: the attention of the query
// (draggable, arrow keys) under each model, and the training loss. The readout: both models' widths,
// their predictions at the query against the truth, and their test error on a fixed test set.
// Every number comes from the API (the training and the search as compute jobs).
import { T } from '../i18n/index.js';
import { X_RANGE } from '../state/settings.js';
import { COLORS } from '../views/colors.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { LineChart } from '../views/line-chart.js';
import { PlaneAttention } from '../views/plane-attention.js';
import { latest } from '../compute/slices.js';

/** At most this many training points in the plane (the 2-D training is dense: n^2 per epoch). */
export const MAX_N = 400;
/** The diagonal model's run: from w = (1, 1), this learning rate, so many full-batch epochs. */
export const TRAINING = Object.freeze({ init: [1, 1], learningRate: 0.01, epochs: 150 });
/** A fixed noiseless test set in the plane (its own seed: the same for every page state). */
const TEST = Object.freeze({ n: 500, seed: 20231, noise: 0 });
/** The inputs y depends on (x1). */
const RELEVANT = [0];

export function create(root, { nw, state, compute }) {
  const grid = root.querySelector('.figures');
  const readout = root.querySelector('[data-out="relevance-readout"]');
  const turn = latest();
  const phone = matchMedia('(max-width: 640px)').matches;
  const onMove = (q1, q2) => state.set({ q1, q2 });
  const fIso = figure(grid, 'relevance-isotropic', '');
  fIso.setLabel(T.planeLabel);
  const iso = new PlaneAttention(fIso.canvas, { range: X_RANGE, onMove, aspect: 1.05 });
  const fDiag = figure(grid, 'relevance-diagonal', '');
  fDiag.setLabel(T.planeLabel);
  const diag = new PlaneAttention(fDiag.canvas, { range: X_RANGE, onMove, aspect: 1.05 });
  const fLoss = figure(grid, 'relevance-loss', T.relevanceLossCaption);
  const loss = new LineChart(fLoss.canvas, {
    aspect: phone ? 1.3 : 1.05,
    x: { label: T.axisEpoch, type: 'linear', min: 1, max: TRAINING.epochs },
    y: { label: T.axisLooLoss },
    series: [{ id: 'loss', label: T.relevanceLoss, color: COLORS.param, width: 2 }],
  });
  const test = nw.generateData({ ...TEST, dims: 2, relevant: RELEVANT });
  // The cached fits: refitted only when the data change (not when the query moves).
  let fit = null;

  return {
    deps: ['seed', 'n', 'noise', 'q1', 'q2'],
    async update(s) {
      const isCurrent = turn.begin();
      const n = Math.min(s.n, MAX_N);
      const key = `${s.seed}|${n}|${s.noise}`;
      if (!fit || fit.key !== key) {
        const data = nw.generateData({
          n,
          seed: s.seed,
          noise: s.noise,
          dims: 2,
          relevant: RELEVANT,
        });
        const [cv, run] = await Promise.all([
          compute.call('selectBandwidth', [data.x, data.y, { dims: 2 }], { isCurrent }),
          compute.call(
            'trainAttention',
            [data.x, data.y, { dims: 2, model: 'diagonal', seed: s.seed, ...TRAINING }],
            { isCurrent },
          ),
        ]);
        if (!cv || !run || !isCurrent()) return;
        const w = run.params;
        const isoOpts = { dims: 2, bandwidth: cv.bandwidth };
        const diagOpts = { dims: 2, projection: [w[0], 0, 0, w[1]] };
        const err = (o) => nw.meanSquaredError(nw.predict(test.x, data.x, data.y, o), test.y);
        fit = {
          key,
          data,
          cv,
          run,
          isoOpts,
          diagOpts,
          isoMse: err(isoOpts),
          diagMse: err(diagOpts),
        };
      }
      const { data, cv, run, isoOpts, diagOpts } = fit;
      const q = [s.q1, s.q2];
      const rowOf = (o) => nw.attentionWeights(q, data.x, o).data;
      const at = (o) => nw.predict(q, data.x, data.y, o)[0];
      const truth = nw.trueFunction(q, { dims: 2, relevant: RELEVANT })[0];
      const isoAt = at(isoOpts);
      const diagAt = at(diagOpts);
      iso.update(data.x, rowOf(isoOpts), q);
      diag.update(data.x, rowOf(diagOpts), q);
      const [w1, w2] = run.params;
      fIso.caption.textContent = T.relevanceIsoCaption(cv.bandwidth);
      fDiag.caption.textContent = T.relevanceDiagCaption(1 / Math.abs(w1), 1 / Math.abs(w2));
      iso.setSummaryNote(T.summaryRelevance(q, isoAt, truth));
      diag.setSummaryNote(T.summaryRelevance(q, diagAt, truth));
      const steps = Float64Array.from(run.losses, (_, k) => k + 1);
      loss.update({ loss: { x: steps, y: run.losses } });
      fLoss.csv.set('predictions', {
        file: () => `relevance-training-seed${s.seed}.csv`,
        text: () => csvFromColumns(['epoch', 'loo_loss'], [steps, run.losses]),
      });
      const csvData = {
        file: () => `relevance-data-seed${s.seed}.csv`,
        text: () => {
          const m = data.y.length;
          const x1 = Float64Array.from({ length: m }, (_, j) => data.x[2 * j]);
          const x2 = Float64Array.from({ length: m }, (_, j) => data.x[2 * j + 1]);
          return csvFromColumns(['x1', 'x2', 'y'], [x1, x2, data.y]);
        },
      };
      fIso.csv.set('data', csvData);
      fDiag.csv.set('data', csvData);
      if (readout) {
        readout.textContent = T.relevanceReadout({
          n: data.y.length,
          capped: s.n > MAX_N,
          h: cv.bandwidth,
          w1,
          w2,
          q,
          truth,
          isoAt,
          diagAt,
          isoMse: fit.isoMse,
          diagMse: fit.diagMse,
        });
        Object.assign(readout.dataset, {
          n: String(data.y.length),
          h: String(cv.bandwidth),
          w1: String(w1),
          w2: String(w2),
          q1: String(q[0]),
          q2: String(q[1]),
          truth: String(truth),
          isoAt: String(isoAt),
          diagAt: String(diagAt),
          isoMse: String(fit.isoMse),
          diagMse: String(fit.diagMse),
        });
      }
    },
    destroy() {
      turn.cancel();
      iso.destroy();
      diag.destroy();
      loss.destroy();
    },
  };
}
