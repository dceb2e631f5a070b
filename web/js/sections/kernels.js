// Kernels compared: every kernel's prediction and attention at the bandwidth h of the controls.
import { DATA_KEYS } from '../compute/model.js';
import { latest } from '../compute/slices.js';
import { kernelName } from '../i18n/index.js';
import { fmt } from '../views/colors.js';
import { KernelCards } from '../views/kernel-cards.js';

export function create(root, { nw, model }) {
  const cards = new KernelCards(
    root.querySelector('.figures'),
    nw.kernels.map((k) => ({ id: `kernels-${k}`, title: kernelName(k), kernel: k })),
    true,
  );
  const outH = root.querySelectorAll('[data-out="h"]');
  const turn = latest();
  return {
    deps: [...DATA_KEYS, 'h'],
    update(s) {
      outH.forEach((e) => (e.textContent = fmt(s.h)));
      return cards.update(
        nw,
        model,
        model.data(s),
        (c) => ({ kernel: c.kernel, bandwidth: s.h }),
        turn.begin(),
      );
    },
    destroy() {
      turn.cancel();
      cards.destroy();
    },
  };
}
