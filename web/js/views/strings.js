// The strings the views write themselves (chart summaries for screen readers, notes, legend and
// axis labels): the current language's strings module, handed over by the page (page/main.js) when
// it builds the figures. Views import nothing from i18n/, which imports the number formatter
// (views/format.js) from here: no import cycle between the two folders.

/** The current language's strings (a live binding: reassigned by setViewStrings). */
export let T = {};

export function setViewStrings(strings) {
  T = strings;
}
