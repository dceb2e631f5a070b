// Wiring: creates every tutorial section once, and on each state change updates the sections whose
// inputs changed. Sets <html data-ready="true"> when everything is drawn (browser tests wait on it).
import { Model } from './model.js';
import { clearSectionError, showError, showSectionError } from './notice.js';
import * as average from './sections/average.js';
import * as bandwidthChoice from './sections/bandwidth-choice.js';
import * as bandwidths from './sections/bandwidths.js';
import * as compareHeatmaps from './sections/compare-heatmaps.js';
import * as consistency from './sections/consistency.js';
import * as data from './sections/data.js';
import * as heatmap from './sections/heatmap.js';
import * as kernelGallery from './sections/kernel-gallery.js';
import * as kernels from './sections/kernels.js';
import * as parametric from './sections/parametric.js';
import * as training from './sections/training.js';
import * as whyLoo from './sections/why-loo.js';
import * as widths from './sections/widths.js';

/**
 * Section id in index.html -> module. A module exports create(root, {nw, model}) returning
 * {deps: state keys it reads, update(state): void | Promise, destroy()}.
 */
const SECTIONS = [
  ['section-data', data],
  ['section-average', average],
  ['section-bandwidths', bandwidths],
  ['section-heatmap', heatmap],
  ['section-training', training],
  ['section-parametric', parametric],
  ['section-compare-heatmaps', compareHeatmaps],
  ['section-kernel-gallery', kernelGallery],
  ['section-kernels', kernels],
  ['section-widths', widths],
  ['section-bandwidth-choice', bandwidthChoice],
  ['section-why-loo', whyLoo],
  ['section-consistency', consistency],
];

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

export class App {
  constructor(nw, state) {
    this.state = state;
    this.model = new Model(nw);
    this.generation = 0;
    const ctx = { nw, model: this.model };
    this.sections = [];
    for (const [id, mod] of SECTIONS) {
      const root = document.getElementById(id);
      if (!root) {
        showError(new Error(`the page has no element #${id}`), 'layout');
        continue;
      }
      try {
        this.sections.push({ id, root, ...mod.create(root, ctx) });
      } catch (e) {
        showSectionError(root, e);
        showError(e, id);
      }
    }
    this.unsubscribe = state.subscribe((s, changed) => this.refresh(s, changed));
  }

  /** Updates the sections that depend on `changed` (all when null); resolves when drawn. */
  async refresh(s = this.state.get(), changed = null) {
    const gen = ++this.generation;
    document.documentElement.dataset.ready = 'false';
    const pending = [];
    for (const sec of this.sections) {
      if (changed && !sec.deps.some((k) => changed.includes(k))) continue;
      try {
        const r = sec.update(s);
        clearSectionError(sec.root);
        if (r && typeof r.then === 'function') {
          pending.push(r.catch((e) => this.fail(sec, e)));
        }
      } catch (e) {
        this.fail(sec, e);
      }
    }
    await Promise.all(pending);
    await nextFrame();
    await nextFrame();
    if (gen === this.generation) document.documentElement.dataset.ready = 'true';
  }

  fail(sec, e) {
    showSectionError(sec.root, e);
    showError(e, sec.id);
  }

  destroy() {
    this.unsubscribe();
    this.generation++;
    for (const sec of this.sections) sec.destroy();
  }
}
