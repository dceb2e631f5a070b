// 21. The chapter's exercises, both editions (issue 13): each with its statement, a "try it" link
// that sets the page to the state that answers it and scrolls to the section, and an answer shown
// on demand (<details>). The table below is the one list of exercises: the markup, the links and
// the browser test read it. Statements and answers are strings of the language modules
// (art.exercises.<id>.q / .a), translated like the rest of the page.
import { translateDom } from '../i18n/index.js';
import { el } from '../views/dom.js';
import { keepInView } from '../views/keep-in-view.js';

/**
 * id, edition (1: first, 2: second), its number there, the section that answers it and the
 * settings the link sets (on top of the defaults; the language and embed mode are kept).
 */
export const EXERCISES = Object.freeze([
  { id: 'ed1_1', edition: 1, number: 1, section: 'section-consistency', patch: { n: 1000 } },
  { id: 'ed1_2', edition: 1, number: 2, section: 'section-training', patch: {} },
  { id: 'ed1_3', edition: 1, number: 3, section: 'section-bandwidth-choice', patch: { h: 0.3 } },
  { id: 'ed1_4', edition: 1, number: 4, section: 'section-relevance', patch: { q1: 1.5, q2: 4 } },
  { id: 'ed2_1', edition: 2, number: 1, section: 'section-classify', patch: { classes: 2 } },
  { id: 'ed2_2', edition: 2, number: 2, section: 'section-why-loo', patch: {} },
  { id: 'ed2_3', edition: 2, number: 3, section: 'section-sphere', patch: { h: 0.5 } },
  { id: 'ed2_4', edition: 2, number: 4, section: 'section-curse', patch: {} },
]);

export function create(root, { state }) {
  const list = root.querySelector('.exercises');
  list.replaceChildren(); // a section created again (a language switch) starts from an empty list
  for (const ex of EXERCISES) {
    const item = el('article', 'exercise');
    item.dataset.exercise = ex.id;
    const title = el('h3', '');
    title.dataset.i18n = `art.exercises.edition${ex.edition}`;
    const number = el('span', 'exercise-number', ` ${ex.number}`);
    const head = el('div', 'exercise-head');
    head.append(title, number);
    const q = el('p', 'exercise-statement');
    q.dataset.i18nHtml = `art.exercises.${ex.id}.q`;
    const values = { ...state.defaultValues, ...ex.patch };
    const link = el('a', 'try-it');
    link.href = `${state.toHash(values) || '#'}`;
    link.dataset.i18n = `art.exercises.${ex.id}.try`;
    link.dataset.target = ex.section;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      // The defaults and the exercise's settings; the language and embed mode stay as they are.
      const s = state.get();
      state.set({ ...state.defaultValues, ...ex.patch, lang: s.lang, embed: s.embed });
      keepInView(document.getElementById(ex.section));
    });
    const answer = el('details', 'exercise-answer');
    const summary = el('summary', '');
    summary.dataset.i18n = 'art.exercises.answer';
    const body = el('p', '');
    body.dataset.i18nHtml = `art.exercises.${ex.id}.a`;
    answer.append(summary, body);
    const tryRow = el('p', 'exercise-try');
    tryRow.append(link);
    item.append(head, q, tryRow, answer);
    list.append(item);
  }
  translateDom(list);
  return {
    deps: [],
    update() {},
    destroy() {
      list.replaceChildren();
    },
  };
}
