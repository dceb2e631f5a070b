// Builds the static site into dist/: bundles web/js/page/main.js (with Chart.js and both language
// modules) into one classic script dist/app.js and web/js/compute/worker.js (the compute worker) into
// dist/worker.js, writes index.html with the English text filled in
// and every formula typeset, concatenates the CSS of web/css/, and copies the WebAssembly module built by CMake
// (build/wasm/nadaraya-watson.js) beside them, with its ES module build nadaraya-watson.mjs and the
// type declarations of both (the npm package ships these four files: package.json "files").
// Usage: node web/build.mjs [--dev]
//   --dev  no minification, inline source map (for debugging only)
// NW_MODULE=<path> overrides where the module is copied from (e.g. a second build directory).
//
// Formulas are typeset here, once, with KaTeX's MathML output: Chromium, Firefox and Safari render
// MathML Core natively, so the page needs no KaTeX CSS, fonts or script at run time, and MathML
// has no inline style attributes (the page's CSP forbids them). TeX is found in
//   index.html:           <div class="tex-display">TeX</div>   (display formulas; more classes may follow)
//   js/i18n/<lang>.js:    \( TeX \)                            (inline, in the article snippets)
import { build } from 'esbuild';
import katex from 'katex';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SECTIONS, SECTION_BY_ID } from './js/sections/registry.js';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const dist = process.env.NW_DIST_DIR ? resolve(process.env.NW_DIST_DIR) : join(root, 'dist');
const dev = process.argv.includes('--dev');

const candidates = process.env.NW_MODULE
  ? [resolve(process.env.NW_MODULE)]
  : [join(root, 'build/wasm/nadaraya-watson.js'), join(root, 'build/wasm/wasm/nadaraya-watson.js')];
const module = candidates.find((p) => existsSync(p));
if (!module) {
  console.error(
    `web/build.mjs: the WebAssembly module is missing (looked for ${candidates.join(', ')}).\n` +
      'Build it first: cmake --preset wasm && cmake --build --preset wasm',
  );
  process.exit(1);
}

/** Script capitals (\\mathcal) as Unicode: MathML Core ignores mathvariant="script". */
const SCRIPT = { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ' };
const script = (c) => SCRIPT[c] ?? String.fromCodePoint(0x1d49c + c.charCodeAt(0) - 65);

/** TeX -> MathML markup; fails the build on a TeX error or on anything the CSP would block. */
function tex(source, displayMode) {
  const out = katex
    .renderToString(source.trim(), {
      output: 'mathml',
      displayMode,
      throwOnError: true,
      strict: 'error',
    })
    .replace(/<mi mathvariant="script">([A-Z])<\/mi>/g, (_, c) => `<mi>${script(c)}</mi>`);
  if (/\sstyle=/.test(out)) throw new Error(`KaTeX produced a style attribute for: ${source}`);
  return out;
}

/** Replaces every \( ... \) in a strings module's source with MathML (inside String.raw templates). */
function typesetModule(source, file) {
  return source.replace(/\\\(([\s\S]+?)\\\)/g, (_, t) => {
    const out = tex(t, false);
    if (out.includes('`') || out.includes('${'))
      throw new Error(`${file}: MathML for ${t} cannot go in a template literal`);
    return out;
  });
}

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The strings module of a language, with its formulas typeset (loaded through a data: URL). */
async function loadStrings(lang) {
  const file = join(web, 'js/i18n', `${lang}.js`);
  let source = typesetModule(readFileSync(file, 'utf8'), file);
  // Its one import (the number formatter) is resolved to an absolute file URL.
  source = source.replace(
    /from '\.\.\/views\/format\.js'/,
    `from '${pathToFileURL(join(web, 'js/views/format.js')).href}'`,
  );
  return (await import('data:text/javascript;base64,' + Buffer.from(source).toString('base64')))
    .default;
}

/**
 * index.html with the English strings filled in (so the page reads before the script runs, and
 * without it) and the display formulas typeset. Elements to fill are written empty in the source.
 */
function renderHtml(source, strings) {
  const get = (path) => {
    let v = strings;
    for (const p of path.split('.')) v = v?.[p];
    if (typeof v !== 'string') throw new Error(`index.html: no string "${path}" in en.js`);
    return v;
  };
  return source
    .replace(
      /<div class="(tex-display(?: [\w-]+)*)">([\s\S]*?)<\/div>/g,
      (_, cls, t) => `<div class="${cls}">${tex(t, true)}</div>`,
    )
    .replace(
      /(<([a-z0-9]+)\b[^>]*\sdata-i18n="([^"]+)"[^>]*>)(<\/\2>)/g,
      (_, open, tag, key, close) => open + escapeHtml(get(key)) + close,
    )
    .replace(
      /(<([a-z0-9]+)\b[^>]*\sdata-i18n-html="([^"]+)"[^>]*>)(<\/\2>)/g,
      (_, open, tag, key, close) => open + get(key) + close,
    )
    .replace(
      /<[a-z0-9]+\b[^>]*\sdata-i18n-attr="([^"]+)"[^>]*?(\/?)>/g,
      (tagText, spec, selfClose) => {
        const attrs = spec
          .split(';')
          .map((pair) => pair.split(':'))
          .map(([attr, key]) => ` ${attr.trim()}="${escapeHtml(get(key.trim()))}"`)
          .join('');
        const end = selfClose ? tagText.length - 2 : tagText.length - 1;
        return tagText.slice(0, end).trimEnd() + attrs + (selfClose ? ' />' : '>');
      },
    );
}

/**
 * Expands each <section data-section="id"> of index.html from the section registry: the part
 * heading it opens, its id and class, its number and heading. Every registry section must appear
 * once, and no other.
 */
function expandSections(source) {
  const seen = new Set();
  const out = source.replace(
    /^( *)<section data-section="(section-[\w-]+)">/gm,
    (_, indent, id) => {
      const s = SECTION_BY_ID[id];
      if (!s) throw new Error(`index.html: section "${id}" is not in js/sections/registry.js`);
      if (seen.has(id)) throw new Error(`index.html: section "${id}" appears twice`);
      seen.add(id);
      const part = s.part ? `${indent}<h2 class="part" data-i18n="${s.part}"></h2>\n\n` : '';
      return (
        `${part}${indent}<section id="${id}" class="section${s.wide ? ' wide' : ''}">\n` +
        `${indent}  <h2><span class="num">${s.number}</span> <span data-i18n="${s.titleKey}"></span></h2>`
      );
    },
  );
  const missing = SECTIONS.filter((s) => !seen.has(s.id)).map((s) => s.id);
  if (missing.length)
    throw new Error(`index.html: no <section data-section> for ${missing.join(', ')}`);
  return out;
}

/** esbuild plugin: typesets the \( ... \) formulas of the strings modules at bundle time. */
const katexPlugin = {
  name: 'katex-strings',
  setup(b) {
    b.onLoad({ filter: /[\\/]i18n[\\/][a-z]+\.js$/ }, (args) => {
      if (args.path.endsWith('index.js')) return undefined;
      return { contents: typesetModule(readFileSync(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

/**
 * The stylesheet, one file per component in web/css/, concatenated in this order into
 * dist/style.css (later files may refine earlier ones: theme and elements first, print last).
 */
const CSS_PARTS = [
  'theme.css',
  'base.css',
  'header.css',
  'forms.css',
  'settings-bar.css',
  'notices.css',
  'article.css',
  'figures.css',
  'parts.css',
  'dialogs.css',
  'embed.css',
  'print.css',
];
for (const f of readdirSync(join(web, 'css'))) {
  if (f.endsWith('.css') && !CSS_PARTS.includes(f))
    throw new Error(`web/css/${f} is not in CSS_PARTS of web/build.mjs`);
}

/**
 * The ES module build of the API (the npm package's "import" entry, for bundlers and Node): the
 * classic script's text, unchanged, run inside a function whose parameters hide the names its
 * CommonJS, AMD and Node branches look for. `module` is a local object into which api.js puts the
 * API; `require` is never called (the .wasm is embedded, nothing is read from disk) and, bound
 * here, keeps bundlers from trying to bundle Node's fs and path; Emscripten's Node branch reads
 * `__dirname` once. An ES module defines no globals: self.NadarayaWatson, which api.js sets for
 * classic scripts, is put back as it was (absent, or a classic script's).
 */
function esModule(classic) {
  return `// The ES module build of the Nadaraya-Watson API, generated by web/build.mjs from
// nadaraya-watson.js (the classic script), which runs unchanged in the function below.
const scope = typeof self !== 'undefined' ? self : undefined;
const before = scope && Object.getOwnPropertyDescriptor(scope, 'NadarayaWatson');
const NadarayaWatson = (function (module, exports, define, require, __dirname, __filename) {
${classic}
return module.exports;
})({ exports: {} }, undefined, undefined, undefined, '', undefined);
if (before) Object.defineProperty(scope, 'NadarayaWatson', before);
else if (scope) delete scope.NadarayaWatson;
export default NadarayaWatson;
export const { load, version } = NadarayaWatson;
`;
}

/**
 * The declarations of the ES module build (nadaraya-watson.d.mts): those of the classic script,
 * with its CommonJS `export =` turned into the default export and the named exports of esModule().
 */
function esTypes(dts) {
  const tail = /export = NadarayaWatson;\s*export as namespace NadarayaWatson;\s*$/;
  if (!tail.test(dts))
    throw new Error(
      'wasm/nadaraya-watson.d.ts must end with `export = NadarayaWatson;` and ' +
        '`export as namespace NadarayaWatson;` (web/build.mjs derives the .d.mts from it)',
    );
  return (
    '// Type declarations of dist/nadaraya-watson.mjs, generated by web/build.mjs from\n' +
    '// wasm/nadaraya-watson.d.ts (those of the classic script).\n' +
    dts
      .replace(/^\/\/ Type declarations of .*\n/, '')
      .replace(
        tail,
        'export default NadarayaWatson;\n' +
          'export declare const load: typeof NadarayaWatson.load;\n' +
          'export declare const version: string;\n',
      )
  );
}

mkdirSync(dist, { recursive: true });
// V8's compile hint (Chromium 136 and later; a comment elsewhere): compile every function of the
// bundle while the script streams in, on a background thread, instead of each on the main thread
// when first called. Loading the page calls most of the page's and the worker's code; served loads
// of the page, 15 each interleaved, took the first figure from 389 to 351 ms (median).
const compileHint = '//# allFunctionsCalledOnLoad';
const common = {
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'eof',
  logLevel: 'warning',
  charset: 'utf8',
  banner: { js: compileHint },
};
await Promise.all([
  build({
    ...common,
    entryPoints: [join(web, 'js/page/main.js')],
    outfile: join(dist, 'app.js'),
    plugins: [katexPlugin],
  }),
  // The compute worker (js/compute.js starts it when the page is served over http(s)).
  build({
    ...common,
    entryPoints: [join(web, 'js/compute/worker.js')],
    outfile: join(dist, 'worker.js'),
  }),
]);
const en = await loadStrings('en');
writeFileSync(
  join(dist, 'index.html'),
  renderHtml(expandSections(readFileSync(join(web, 'index.html'), 'utf8')), en),
);
writeFileSync(
  join(dist, 'style.css'),
  CSS_PARTS.map(
    (f) => `/* ---- css/${f} ---- */\n` + readFileSync(join(web, 'css', f), 'utf8'),
  ).join('\n'),
);
copyFileSync(module, join(dist, 'nadaraya-watson.js'));
writeFileSync(join(dist, 'nadaraya-watson.mjs'), esModule(readFileSync(module, 'utf8')));
const dts = readFileSync(join(root, 'wasm/nadaraya-watson.d.ts'), 'utf8');
writeFileSync(join(dist, 'nadaraya-watson.d.ts'), dts);
writeFileSync(join(dist, 'nadaraya-watson.d.mts'), esTypes(dts));
console.log(
  `web/build.mjs: wrote dist/ (app.js, worker.js, index.html, style.css, nadaraya-watson.js from ${relative(root, module)}, nadaraya-watson.mjs, nadaraya-watson.d.ts, nadaraya-watson.d.mts)`,
);
