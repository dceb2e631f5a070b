// The whole UI state in one serialisable object. Controls write to it with set(); sections read it
// in update(). Listeners receive the state and the list of keys that changed. The settings, their
// types, ranges and URL form are the table of settings.js; the session keys are not written to the
// URL. The hash format is documented in the top-level README.
import {
  DEFAULTS,
  MAX_HASH,
  SETTINGS,
  SETTING_BY_KEY,
  URL_KEYS,
  clampSetting,
  formatSetting,
  parseSetting,
} from './settings.js';

/** Changing one of these (without giving points) discards the learner's edited points. */
const GENERATOR_KEYS = SETTINGS.filter((s) => s.generator).map((s) => s.key);

/** Encodes a hash value, leaving the characters the points format uses readable. */
const encode = (v) => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3B/gi, ';');

export class State {
  /**
   * @param {object} initial  settings (clamped; unusable ones take their defaults)
   * @param {{kernels?: string[], figures?: string[], lang?: string}} [opts]  valid kernel names and
   *   embed figure ids; lang: the default language (the browser's)
   */
  constructor(initial = {}, opts = {}) {
    this.opts = opts;
    this.defaultValues = Object.freeze({ ...DEFAULTS, lang: opts.lang ?? DEFAULTS.lang });
    this.values = { ...this.defaultValues };
    for (const k of Object.keys(initial)) {
      const v = clampSetting(k, initial[k], opts);
      if (v !== undefined) this.values[k] = v;
    }
    this.values = Object.freeze(this.values);
    this.listeners = new Set();
  }

  get() {
    return this.values;
  }

  /** A fresh copy of the default settings (for "Reset"); keeps the language and embed mode. */
  defaults() {
    return { ...this.defaultValues, lang: this.values.lang, embed: this.values.embed };
  }

  /**
   * Merges a patch (each value clamped by settings.js; an unusable one is ignored); notifies
   * listeners with the keys whose value actually changed, and returns them.
   */
  set(patch) {
    const changed = [];
    const next = { ...this.values };
    if (GENERATOR_KEYS.some((k) => k in patch) && !('points' in patch))
      patch = { ...patch, points: null };
    for (const [k, v] of Object.entries(patch)) {
      const s = clampSetting(k, v, this.opts);
      if (s === undefined) continue;
      // Points are replaced as a whole: a new object always counts as a change.
      if (s !== next[k] && !(s === null && next[k] === null)) {
        next[k] = s;
        changed.push(k);
      }
    }
    if (changed.length) {
      this.values = Object.freeze(next);
      for (const fn of this.listeners) fn(this.values, changed);
    }
    return changed;
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The non-default settings as a URL hash fragment ("" when everything is default). */
  toHash(values = this.values) {
    const parts = [];
    for (const k of URL_KEYS) {
      const v = values[k];
      if (v === this.defaultValues[k] || v === null) continue;
      const text = formatSetting(k, v);
      parts.push(`${k}=${SETTING_BY_KEY[k].type === 'points' ? text : encode(text)}`);
    }
    return parts.length ? '#' + parts.join('&') : '';
  }

  /**
   * Reads a URL hash strictly: {values, problems}. `values` holds every URL setting (defaults for
   * the missing ones); `problems` lists what was ignored: {key, value} (value: the raw text, for
   * the notice) or {key, unknown: true} or {tooLong: true}. Session keys in the URL are ignored.
   */
  parseHash(hash) {
    const opts = { kernels: this.opts.kernels, figures: this.opts.figures ?? [] };
    const values = {};
    for (const k of URL_KEYS) values[k] = this.defaultValues[k];
    const problems = [];
    const text = String(hash ?? '').replace(/^#/, '');
    if (text.length > MAX_HASH) return { values, problems: [{ tooLong: true }] };
    if (!text) return { values, problems };
    for (const part of text.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      let key;
      let raw;
      try {
        key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
        raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      } catch {
        problems.push({ key: part.slice(0, 40), value: '' });
        continue;
      }
      const s = SETTING_BY_KEY[key];
      if (s && !s.url) continue; // a session key
      if (!s) {
        problems.push({ key: key.slice(0, 40), unknown: true });
        continue;
      }
      const v = parseSetting(key, raw, opts);
      if (v === undefined)
        problems.push({ key, value: raw.length > 40 ? raw.slice(0, 40) + '…' : raw });
      else values[key] = v;
    }
    return { values, problems };
  }
}
