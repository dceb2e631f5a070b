// The page's language: one strings module per language (en.js, zh.js, same keys). `T` is a live
// binding to the current one; translateDom() writes the static strings of index.html.
import en from './en.js';
import zh from './zh.js';

export const LANGUAGES = Object.freeze({ en, zh });

/** The current language's strings (reassigned by setLanguage; ES module bindings follow). */
export let T = en;

/** 'zh' for a browser that prefers any Chinese, else 'en'. */
export function browserLanguage() {
  const list =
    (typeof navigator !== 'undefined' && (navigator.languages || [navigator.language])) || [];
  const first = list.find((l) => /^(en|zh)\b/i.test(String(l)));
  return first && /^zh/i.test(first) ? 'zh' : 'en';
}

export function setLanguage(code) {
  T = LANGUAGES[code] || en;
  return T;
}

/** Value at a dotted path ("ui.share") of the current strings; undefined when missing. */
export function lookup(path, strings = T) {
  let v = strings;
  for (const part of path.split('.')) v = v == null ? undefined : v[part];
  return v;
}

/** The kernel's display name in the current language. */
export const kernelName = (k) => T.kernelNames[k] ?? k;

/**
 * Writes the static strings of the page in the current language:
 *   data-i18n="path"        textContent
 *   data-i18n-html="path"   innerHTML of a snippet authored in the strings module (never URL input)
 *   data-i18n-attr="attr:path;attr:path"
 * A missing key keeps the English text (the key test in the browser suite catches it).
 */
export function translateDom(root = document) {
  const get = (path) => {
    const v = lookup(path);
    return typeof v === 'string' ? v : lookup(path, en);
  };
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = get(e.dataset.i18n) ?? '';
  for (const e of root.querySelectorAll('[data-i18n-html]'))
    e.innerHTML = get(e.dataset.i18nHtml) ?? '';
  for (const e of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of e.dataset.i18nAttr.split(';')) {
      const [attr, path] = pair.split(':');
      if (attr && path) e.setAttribute(attr.trim(), get(path.trim()) ?? '');
    }
  }
  // The page's language and title (not for a part of it: setting <html lang> restyles the page).
  if (root !== document) return;
  document.documentElement.lang = T.meta.htmlLang;
  document.title = T.meta.title;
}
