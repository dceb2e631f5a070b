// Widths compared: the Gaussian kernel at h = 0.1, 0.2, 0.5 and 1 (the newer edition's figure).
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { KernelCards } from '../views/kernel-cards.js';

const WIDTHS = [0.1, 0.2, 0.5, 1];

export function create(root, { nw, model }) {
  const cards = new KernelCards(
    root.querySelector('.figures'),
    WIDTHS.map((h) => ({ id: `widths-${h}`, title: `h = ${h}`, h })),
    false,
  );
  const turn = latest();
  return {
    deps: DATA_KEYS,
    update(s) {
      return cards.update(
        nw,
        model,
        model.data(s),
        (c) => ({ kernel: 'gaussian', bandwidth: c.h }),
        turn.begin(),
      );
    },
    destroy() {
      turn.cancel();
      cards.destroy();
    },
  };
}
