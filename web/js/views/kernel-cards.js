// A grid of cards, each a prediction chart above its attention heatmap; shared by "kernels
// compared" and "widths compared".
import { T } from './strings.js';
import { csvFromColumns, csvFromMatrix, el, figure } from './dom.js';
import { HEATMAP_CELLS, Heatmap } from './heatmap.js';
import { PredictionChart } from './prediction-chart.js';
import { nextTask } from '../compute/slices.js';

/** Above this many training points a card's work (~70 ms at 100,000) is one task of its own. */
const YIELD_ABOVE = 20000;

export class KernelCards {
  /**
   * @param {{id: string, title: string}[]} cards
   * @param {boolean} sharedScale  one colour scale for all heatmaps (comparable shades), or each its own
   */
  constructor(parent, cards, sharedScale) {
    this.sharedScale = sharedScale;
    // Every card's figures first, then the charts: each chart reads its box's size (boxSizing),
    // and a read after new elements lays them out first. So the first chart's read lays out every
    // card, and the other reads find little to do (under 1 ms each, where they took up to 17 ms).
    const figures = cards.map((c) => {
      const card = el('div', 'card');
      card.append(el('h3', '', c.title));
      parent.append(card);
      const p = figure(card, `${c.id}-prediction`, T.cardPrediction(c.title));
      const hf = figure(card, `${c.id}-heatmap`, T.cardAttention(c.title), 'heatmap-fig');
      return { ...c, p, hf };
    });
    this.cards = figures.map((c) => ({
      ...c,
      pred: new PredictionChart(c.p.canvas, { aspect: 1.3, legend: false }),
      heat: new Heatmap(c.hf.canvas, { aspect: 1.1 }),
    }));
  }

  /**
   * opts(card) gives the predict / attentionWeights options of each card. With a shared colour
   * scale a wide kernel looks pale and a narrow one dark, as their weights are.
   */
  async update(nw, model, data, opts, isCurrent = () => true) {
    // At large n each card's computing and drawing is a task of its own, so that input (a click on
    // a control) never waits for all the cards; a newer update stops an older one in between.
    const big = data.x.length > YIELD_ABOVE;
    const pause = async () => {
      if (big) await nextTask();
      return isCurrent();
    };
    const att = [];
    for (const c of this.cards) {
      att.push(nw.attentionHeatmap(model.queries, data.x, { ...opts(c), ...HEATMAP_CELLS }));
      if (!(await pause())) return;
    }
    const max = !this.sharedScale
      ? undefined
      : Math.max(...att.map((a) => a.data.reduce((m, v) => (v > m ? v : m), 0)));
    for (const [i, c] of this.cards.entries()) {
      if (i > 0 && !(await pause())) return;
      const pred = nw.predict(model.queries, data.x, data.y, opts(c));
      c.pred.update(
        data,
        { x: model.fine, y: model.fineTruth },
        { pred: { x: model.queries, y: pred } },
      );
      const err = model.mse(pred, model.truth);
      c.p.caption.textContent = T.mse(err);
      c.pred.setSummaryNote(T.summaryError(err));
      c.heat.update(att[i], { queries: model.queries, keys: data.x }, { max });
      const o = opts(c);
      const tag = `${o.kernel}-h${o.bandwidth}`;
      const q = model.queries;
      c.p.csv.set('predictions', {
        file: () => `predictions-${tag}.csv`,
        text: () => csvFromColumns(['query', 'prediction'], [q, pred]),
      });
      c.hf.csv.set('attention', {
        file: () => `attention-${tag}.csv`,
        text: () => csvFromMatrix(nw.attentionWeights(q, data.x, o), q, data.x),
      });
    }
  }

  destroy() {
    for (const c of this.cards) {
      c.pred.destroy();
      c.heat.destroy();
    }
  }
}
