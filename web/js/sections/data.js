// 1. The training data: n noisy samples of f(x) = 2 sin(x) + x^0.8, and f itself. The learner edits
// the points on the chart (see views/point-editor.js); edits go to state.points and everything that
// depends on the data refits.
import { DATA_KEYS } from '../compute/model.js';
import { POINT_LIMITS } from '../state/settings.js';
import { T } from '../i18n/index.js';
import { csvFromColumns, figure } from '../views/dom.js';
import { PointEditor } from '../views/point-editor.js';
import { PredictionChart } from '../views/prediction-chart.js';

/** True when the editor holds exactly the points `p` (same order). */
function samePoints(p, editor) {
  if (p.x.length !== editor.x.length) return false;
  for (let i = 0; i < p.x.length; i++)
    if (p.x[i] !== editor.x[i] || p.y[i] !== editor.y[i]) return false;
  return true;
}

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
    onEdit(points, note) {
      if (note.type === 'refused') {
        const p = note.problem;
        if (p) return say(T.editOutOfRange(p.key, p.value, p.min, p.max));
        return say(note.max ? T.editMaximum(note.max) : T.editMinimum(note.min));
      }
      if (note.type === 'add') say(T.editAdded(note.x, note.y, note.count));
      if (note.type === 'remove') say(T.editRemoved(note.count));
      // A moved point: the status line (read by screen readers) follows its new coordinates.
      if (note.type === 'move') say(T.editSelected(note.index, editor.x.length, note.x, note.y));
      if (!points) return;
      state.set({ points });
      // The state is the truth: should it refuse an edit, the editor shows what the state holds.
      const now = model.rawPoints(state.get());
      if (!samePoints(now, editor)) editor.setPoints(now.x, now.y);
    },
    onSelect(i) {
      say(
        i === null
          ? T.editNone(editor.x.length)
          : T.editSelected(i, editor.x.length, editor.x[i], editor.y[i]),
      );
    },
  });

  // Listeners on the page's static controls go when the section is destroyed (language change).
  const listening = new AbortController();
  const { signal } = listening;
  const removeBtn = root.querySelector('#btn-remove-mode');
  removeBtn?.setAttribute('aria-pressed', 'false');
  removeBtn?.addEventListener(
    'click',
    () => {
      const on = removeBtn.getAttribute('aria-pressed') !== 'true';
      removeBtn.setAttribute('aria-pressed', String(on));
      editor.setRemoveMode(on);
    },
    { signal },
  );
  const addX = root.querySelector('#control-add-x');
  const addY = root.querySelector('#control-add-y');
  if (addX) [addX.min, addX.max] = POINT_LIMITS.x.map(String);
  // The typed point goes through the editor's (the state's) check: out of range, it is refused
  // with a note.
  root.querySelector('#btn-add-point')?.addEventListener(
    'click',
    () => {
      const xText = addX?.value.trim() ?? '';
      const x = xText === '' ? NaN : Number(xText);
      const yText = addY?.value.trim() ?? '';
      const y =
        yText === '' && Number.isFinite(x) && x >= 0
          ? nw.trueFunction([x])[0]
          : yText === ''
            ? NaN
            : Number(yText);
      editor.add(x, y);
    },
    { signal },
  );

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
      fig.csv.set('data', {
        file: () => `data-seed${s.seed}.csv`,
        text: () => csvFromColumns(['x', 'y'], [d.x, d.y]),
      });
    },
    destroy() {
      listening.abort();
      editor.destroy();
      chart.destroy();
    },
  };
}
