// Builds the static site into dist/: bundles web/js/main.js (with Chart.js)
// into one classic script dist/app.js, copies the HTML and CSS, and copies the WebAssembly module
// built by CMake (build/wasm/nadaraya-watson.js) beside them. Usage: node web/build.mjs [--dev]
//   --dev  no minification, inline source map (for debugging only)
// NW_MODULE=<path> overrides where the module is copied from (e.g. a second build directory).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const dist = join(root, 'dist');
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

mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(web, 'js/main.js')],
  outfile: join(dist, 'app.js'),
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(join(web, file), join(dist, file));
copyFileSync(module, join(dist, 'nadaraya-watson.js'));
console.log(`web/build.mjs: wrote dist/ (app.js, index.html, style.css, nadaraya-watson.js from ${relative(root, module)})`);
