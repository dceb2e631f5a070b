// 1. The training data: n noisy samples of f(x) = 2 sin(x) + x^0.8, and f itself. The learner edits
// the points on the chart (see views/point-editor.js); edits go to state.points and everything that
// depends on the data refits.
import { DATA_KEYS } from '../compute/model.js';
import { POINT_LIMITS } from '../state/state.js';
import { T } from '../i18n/index.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { PointEditor } from '../views/point-editor.js';
import { PredictionChart } from '../views/prediction-chart.js';

const MIN_POINTS = 3;

export function create(root, { nw, model, state }) {
  const fig = figure(root.querySelector('.figures'), 'data', T.dataCaption(50, false));
  const chart = new PredictionChart(fig.canvas, { predictions: [], aspect: 2.1 });
  fig.setLabel(T.editChartLabel);
  const status = root.querySelector('.edit-status');
  const help = root.querySelector('.edit-help');
  if (help) help.textContent = T.editHelp;
  const say = (text) => status && (status.textContent = text);
  let count = 0;

  const editor = new PointEditor(chart.chart, {
    minPoints: MIN_POINTS,
    onEdit(points, note) {
      if (note.type === 'refused') return say(T.editMinimum(note.min));
      if (note.type === 'add') say(T.editAdded(note.x, note.y, note.count));
      if (note.type === 'remove') say(T.editRemoved(note.count));
      // A moved point: the status line (read by screen readers) follows its new coordinates.
      if (note.type === 'move') say(T.editSelected(note.index, editor.x.length, note.x, note.y));
      if (points) state.set({ points });
    },
    onSelect(i) {
      say(i === null ? T.editNone(editor.x.length) : T.editSelected(i, editor.x.length, editor.x[i], editor.y[i]));
    },
  });

  // Listeners on the page's static controls go when the section is destroyed (language change).
  const listening = new AbortController();
  const { signal } = listening;
  const removeBtn = root.querySelector('#btn-remove-mode');
  removeBtn?.setAttribute('aria-pressed', 'false');
  removeBtn?.addEventListener('click', () => {
    const on = removeBtn.getAttribute('aria-pressed') !== 'true';
    removeBtn.setAttribute('aria-pressed', String(on));
    editor.setRemoveMode(on);
  }, { signal });
  const addX = root.querySelector('#control-add-x');
  const addY = root.querySelector('#control-add-y');
  root.querySelector('#btn-add-point')?.addEventListener('click', () => {
    const x = Math.min(5, Math.max(0, Number(addX?.value)));
    if (!Number.isFinite(x)) return;
    const yText = addY?.value.trim() ?? '';
    const y = yText === '' ? nw.trueFunction([x])[0] : Number(yText);
    if (!Number.isFinite(y)) return;
    editor.add(x, y);
  }, { signal });

  const editButtons = [removeBtn, root.querySelector('#btn-add-point'), addX, addY];
  let wasLarge = false;
  const outCount = root.querySelectorAll('[data-out="count"]');
  const noise = root.querySelector('[data-out="noise"]');
  return {
    deps: DATA_KEYS,
    update(s) {
      const pts = model.rawPoints(s);
      // An edited set holds at most POINT_LIMITS.max points (it goes into the URL): above that the
      // chart is for looking only, and says so.
      const editable = pts.x.length <= POINT_LIMITS.max;
      editor.setEnabled(editable);
      for (const b of editButtons) if (b) b.disabled = !editable;
      if (!editable) say(T.editLargeOff(POINT_LIMITS.max, pts.x.length));
      else if (wasLarge) say('');
      wasLarge = !editable;
      editor.setPoints(editable ? pts.x : [], editable ? pts.y : []);
      chart.update(pts, { x: model.fine, y: model.fineTruth }, {});
      count = pts.x.length;
      fig.caption.textContent = T.dataCaption(count, Boolean(s.points));
      outCount.forEach((e) => (e.textContent = String(count)));
      if (noise) noise.textContent = String(s.noise);
      document.documentElement.dataset.pointCount = String(count);
      const d = model.data(s);
      fig.csv.set('data', { file: () => `data-seed${s.seed}.csv`, text: () => csvFromColumns(['x', 'y'], [d.x, d.y]) });
    },
    destroy() {
      listening.abort();
      editor.destroy();
      chart.destroy();
    },
  };
}
