'use strict';
// Hostile inputs for the browser hardening tests (issue 7): URL hashes a link could carry, and an
// init script that records what such inputs must never cause in the page.
//
// Every payload that could run as markup or script carries the marker "nwxss", so the guard can
// tell URL content from the page's own markup wherever it turns up.

const MARK = 'nwxss';

const { prng, testSeed } = require('../seed.cjs');

/** The state keys of the URL (web/README.md, issue 5) and names that are not keys. */
const KEYS = [
  'seed',
  'n',
  'noise',
  'kernel',
  'h',
  'lr',
  'epochs',
  'batch',
  'w0',
  'loo',
  'points',
  'lang',
  'embed',
];
const NOT_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'query',
  'step',
  'playing',
  'qkPlaying',
  'x',
  '',
];

const SCRIPTS = [
  `<img src=x onerror=alert('${MARK}')>`,
  `<script>alert('${MARK}')</script>`,
  `"><svg onload=alert('${MARK}')>`,
  `javascript:alert('${MARK}')`,
  `'-alert('${MARK}')-'`,
  `<iframe src="javascript:alert('${MARK}')"></iframe>`,
  `<a href="javascript:alert('${MARK}')">${MARK}</a>`,
  `{{constructor.constructor('alert("${MARK}")')()}}`,
  `\${alert('${MARK}')}`,
  `data:text/html,<script>alert('${MARK}')</script>`,
];

const NUMBERS = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e308',
  '-1e308',
  '5e-324',
  '-0',
  '0',
  '-1',
  '-5',
  '0x10',
  '0b11',
  '1_000',
  '1e',
  '.',
  '-',
  '+',
  '1.2.3',
  '９',
  '1e-400',
  '9007199254740993',
  '99999999999999999999999999',
  '2147483648',
  '4294967296',
  ' 3 ',
  '3abc',
  '',
];

/** A random string of awkward characters (control, quotes, brackets, %, unicode, surrogates). */
function garbage(rand, length) {
  const pool = [
    '%',
    '%%',
    '%zz',
    '%00',
    '%E0%A4%A',
    '&',
    '=',
    '#',
    '?',
    '/',
    '\\',
    '"',
    "'",
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    ';',
    ' ',
    '\t',
    '\n',
    '\u0000',
    '\u202e',
    '\ud800',
    '\udfff',
    '\ufeff',
    '😀',
    '注意力',
    'a',
    'Z',
    '0',
    '9',
    '.',
    '-',
    'e',
    '+',
  ];
  let s = '';
  for (let i = 0; i < length; i += 1) s += pool[Math.floor(rand() * pool.length)];
  return s;
}

/** A JSON-ish value for `points`: wrong shapes, wrong types, lengths, nesting. */
function pointsValue(rand) {
  const n = Math.floor(rand() * 8);
  const nums = () =>
    Array.from({ length: n }, () =>
      rand() < 0.2 ? NUMBERS[Math.floor(rand() * NUMBERS.length)] : rand() * 10 - 2,
    );
  const choices = [
    () => JSON.stringify({ x: nums(), y: nums() }),
    () => JSON.stringify({ x: nums().map(String), y: nums() }),
    () => JSON.stringify({ x: nums() }),
    () => JSON.stringify([nums(), nums()]),
    () => JSON.stringify({ x: { length: 1e9 }, y: { length: 1e9 } }),
    () => JSON.stringify({ x: [null, true, {}, []], y: [1, 2, 3, 4] }),
    () =>
      JSON.stringify({ __proto__: { polluted: MARK }, x: [1, 2, 3], y: [1, 2, 3] }).replace(
        '"x"',
        '"__proto__":{"polluted":1},"x"',
      ),
    () => '['.repeat(1 + Math.floor(rand() * 5000)),
    () => '{"x":[1,2,3],"y":[1,2,' + 'NaN]}',
    () => SCRIPTS[Math.floor(rand() * SCRIPTS.length)],
    () => garbage(rand, 1 + Math.floor(rand() * 40)),
  ];
  return choices[Math.floor(rand() * choices.length)]();
}

/** encodeURIComponent, or the raw text where it cannot encode (lone surrogates). */
function encode(s) {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One random hash: a few key=value pairs, raw or encoded, or plain garbage. */
function randomHash(rand) {
  if (rand() < 0.1) return '#' + garbage(rand, 1 + Math.floor(rand() * 200));
  const parts = [];
  const count = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < count; i += 1) {
    const key =
      rand() < 0.8
        ? KEYS[Math.floor(rand() * KEYS.length)]
        : rand() < 0.5
          ? NOT_KEYS[Math.floor(rand() * NOT_KEYS.length)]
          : garbage(rand, 4);
    let value;
    const r = rand();
    if (key === 'points') value = pointsValue(rand);
    else if (r < 0.35) value = NUMBERS[Math.floor(rand() * NUMBERS.length)];
    else if (r < 0.55) value = SCRIPTS[Math.floor(rand() * SCRIPTS.length)];
    else if (r < 0.75) value = String((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 10));
    else value = garbage(rand, 1 + Math.floor(rand() * 30));
    parts.push(rand() < 0.6 ? `${encode(key)}=${encode(value)}` : `${key}=${value}`);
  }
  return '#' + parts.join(rand() < 0.9 ? '&' : ';');
}

/** Hand-written hashes, one per known way to break a parser or reach a sink. */
function craftedHashes() {
  const list = [
    '#',
    '#&',
    '#&&&=&=',
    '#=',
    '#==',
    '#h',
    '#h=',
    '#h==1',
    '#%',
    '#%%',
    '#%zz',
    '#%00',
    '#%E0%A4%A',
    '#h=NaN',
    '#h=-1',
    '#h=0',
    '#h=1e309',
    '#h=1e-320',
    '#h=Infinity',
    '#h=0x10',
    '#h=1,2',
    '#n=1e999',
    '#n=-5',
    '#n=0',
    '#n=2.5',
    '#n=1e6',
    '#n=100001',
    '#seed=-1',
    '#seed=1e300',
    '#seed=NaN',
    '#noise=NaN',
    '#noise=-3',
    '#noise=1e308',
    '#lr=0',
    '#lr=-1',
    '#lr=1e-400',
    '#epochs=1e9',
    '#epochs=-1',
    '#batch=-1',
    '#batch=1e12',
    '#w0=abc',
    '#w0=1e309',
    '#loo=maybe',
    '#loo=',
    '#kernel=constant',
    '#kernel=Gaussian',
    '#kernel=__proto__',
    '#kernel=toString',
    '#lang=xx',
    '#lang=__proto__',
    '#embed=__proto__',
    '#embed=../../etc/passwd',
    '#embed=data',
    '#embed=',
    '#__proto__[h]=1',
    '#__proto__=1',
    '#constructor=1',
    '#h=1&h=2&h=3',
    '#h=1#h=2',
    '#query=999',
    '#step=5&playing=true',
    '#qk=3&qkPlaying=true',
    `#h=${'9'.repeat(5000)}`,
    `#kernel=${'x'.repeat(100000)}`,
    `#${'a'.repeat(200000)}`,
    `#${'&'.repeat(50000)}`,
    `#${'h=1&'.repeat(20000)}`,
    '#points=',
    '#points=null',
    '#points=[]',
    '#points={}',
    '#points={"x":[1],"y":[1]}',
    '#points={"x":[1,2,3],"y":[1,2]}',
    '#points={"x":["1","2","3"],"y":[1,2,3]}',
    '#points={"x":[1e309,2,3],"y":[1,2,3]}',
    '#points={"x":[-1e300,0,1e300],"y":[1,2,3]}',
    '#points={"x":[2,2,2],"y":[1,2,3]}',
    `#points=${'['.repeat(100000)}`,
  ];
  for (const s of SCRIPTS) {
    for (const key of ['kernel', 'lang', 'embed', 'h', 'points', 'seed'])
      list.push(`#${key}=${encodeURIComponent(s)}`);
    list.push(`#${s}`, `#${encodeURIComponent(s)}`, `#${encodeURIComponent(s)}=1`);
  }
  return list;
}

/**
 * `count` hashes: every crafted one, then random ones from `seed` (default: the test file's seed,
 * printed by tests/seed.cjs; NW_TEST_SEED replays a run).
 */
function hostileHashes(count = 500, seed = testSeed()) {
  const rand = prng(seed);
  const list = craftedHashes().slice(0, count);
  while (list.length < count) list.push(randomHash(rand));
  return list;
}

/**
 * Init script (page.addInitScript; runs in every frame before the page's scripts). Records into
 * the non-enumerable window.__nwGuard:
 *   dialogs  alert/confirm/prompt/print calls (overridden: nothing may open a dialog)
 *   csp      securitypolicyviolation events
 *   html     markup carrying the marker handed to an HTML sink (innerHTML, outerHTML,
 *            insertAdjacentHTML, document.write, createContextualFragment, DOMParser)
 *   attrs    attributes carrying the marker, or event-handler / javascript: attributes, set by script
 *   memories the WebAssembly.Memory of every module instantiated in this frame
 */
function guardScript(mark) {
  const log = { dialogs: [], csp: [], html: [], attrs: [], memories: [] };
  Object.defineProperty(window, '__nwGuard', { value: log, enumerable: false });
  const hostile = (v) => String(v).toLowerCase().includes(mark);
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => {
      log.dialogs.push(`${name}(${args.map(String).join(', ')})`);
    };
  }
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      log.csp.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        at: `${e.sourceFile}:${e.lineNumber}`,
      });
    },
    true,
  );
  const note = (where, v) => {
    if (hostile(v)) log.html.push(`${where}: ${String(v).slice(0, 160)}`);
  };
  const wrapSetter = (proto, prop) => {
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    if (!d || !d.set) return;
    Object.defineProperty(proto, prop, {
      ...d,
      set(v) {
        note(prop, v);
        d.set.call(this, v);
      },
    });
  };
  const wrapMethod = (proto, name, arg) => {
    const f = proto[name];
    if (typeof f !== 'function') return;
    proto[name] = function (...args) {
      note(name, args[arg]);
      return f.apply(this, args);
    };
  };
  wrapSetter(Element.prototype, 'innerHTML');
  wrapSetter(Element.prototype, 'outerHTML');
  wrapSetter(ShadowRoot.prototype, 'innerHTML');
  wrapMethod(Element.prototype, 'insertAdjacentHTML', 1);
  wrapMethod(Document.prototype, 'write', 0);
  wrapMethod(Document.prototype, 'writeln', 0);
  wrapMethod(Range.prototype, 'createContextualFragment', 0);
  wrapMethod(DOMParser.prototype, 'parseFromString', 0);
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const n = String(name).toLowerCase();
    const v = String(value).trim().toLowerCase();
    if (
      hostile(value) ||
      n.startsWith('on') ||
      ((n === 'href' || n === 'src') && v.startsWith('javascript:'))
    ) {
      log.attrs.push(`${this.tagName}[${name}=${String(value).slice(0, 120)}]`);
    }
    return setAttribute.call(this, name, value);
  };
  // The module's memory: remember the instance of every compiled module.
  const remember = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    if (instance) {
      for (const v of Object.values(instance.exports))
        if (v instanceof WebAssembly.Memory) log.memories.push(v);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[name];
    if (typeof f === 'function')
      WebAssembly[name] = (...args) => f.apply(WebAssembly, args).then(remember);
  }
}

/**
 * In the page: what hostile input may never leave behind. Returns a list of findings (empty when
 * clean): dialogs, HTML sinks reached, attributes set, elements or attributes carrying the
 * marker, javascript: links, event-handler attributes.
 */
function findInjections(mark) {
  const g = window.__nwGuard;
  const out = [];
  if (!g) return ['the guard script did not run'];
  out.push(...g.dialogs.map((d) => `dialog: ${d}`));
  out.push(...g.html.map((d) => `HTML sink: ${d}`));
  out.push(...g.attrs.map((d) => `attribute set: ${d}`));
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.trim().toLowerCase();
      if (n.startsWith('on')) out.push(`event-handler attribute: <${el.tagName} ${a.name}>`);
      if ((n === 'href' || n === 'src' || n === 'action') && v.startsWith('javascript:'))
        out.push(`javascript: URL in <${el.tagName} ${a.name}>`);
      if (v.includes(mark))
        out.push(`marker in <${el.tagName} ${a.name}="${a.value.slice(0, 80)}">`);
    }
    if (
      ['IMG', 'SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) &&
      (el.getAttribute('src') || '').trim() === 'x'
    ) {
      out.push(`<${el.tagName} src="x">`);
    }
  }
  if ('polluted' in Object.prototype || 'polluted' in {}) out.push('Object.prototype was polluted');
  return out;
}

module.exports = {
  MARK,
  prng,
  hostileHashes,
  craftedHashes,
  randomHash,
  guardScript,
  findInjections,
};
