'use strict';
// The npm package outside the repository (issue 14). `npm pack` at the root, the tarball
// installed offline into an empty temporary folder, and there: require() and import in Node, an
// esbuild bundle of a two-line page in headless Chromium (and the classic script from file://),
// and TypeScript against the shipped declarations. Every consumer computes the same numbers and
// they are checked against the chapter's golden values (tests/node/api.test.cjs,
// tests/core/dataset.cpp, tests/core/parametric.cpp).

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('../browser/harness.cjs');

const REPO = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * What every consumer reports (its source is written into each consumer's file): the version and
 * the chapter's numbers, computed by the installed package.
 */
async function sample(NadarayaWatson) {
  const nw = await NadarayaWatson.load();
  const { x, y } = nw.generateData({ seed: 0 });
  const run = nw.trainParametric(x, y);
  return {
    version: NadarayaWatson.version,
    x: Array.from(x),
    y: Array.from(y),
    threePoints: nw.predict([0.5], [0, 1, 2], [1, 3, 5], { bandwidth: 1 })[0],
    losses: Array.from(run.losses),
    w: run.w,
    fitted: Array.from(nw.predict([1, 2.5, 4], x, y, { w: run.w })),
    members: Object.keys(nw).sort(),
    tasks: Object.keys(nw.tasks).sort(),
    limits: Object.keys(nw.limits).sort(),
  };
}

/** The formula written out: sum_j exp(-((q - x_j) w)^2 / 2) y_j / sum_j exp(...). */
function plainPredict(queries, keys, values, w) {
  return queries.map((q) => {
    let num = 0;
    let den = 0;
    for (let j = 0; j < keys.length; j++) {
      const e = Math.exp(-(((q - keys[j]) * w) ** 2) / 2);
      num += e * values[j];
      den += e;
    }
    return num / den;
  });
}

/** The checks of one consumer's report against the goldens. */
function assertChapter(r, who) {
  assert.equal(r.version, PKG.version, `${who}: NadarayaWatson.version is package.json's`);
  // The data of seed 0, bit for bit (tests/core/dataset.cpp's hex literals).
  assert.deepEqual(
    r.x.slice(0, 4),
    [0.19157748800980812, 0.2889917790746055, 0.3361594550671271, 0.5150999469751816],
    `${who}: generateData x`,
  );
  assert.deepEqual(
    r.y.slice(0, 4),
    [1.2063728311278044, 1.5995446080154867, 1.40226660351557, 2.030367897786153],
    `${who}: generateData y`,
  );
  // Three points by hand (tests/core/nadaraya_watson.cpp): scores -1/8, -1/8, -9/8.
  const a = Math.exp(-0.125);
  const c = Math.exp(-1.125);
  const hand = (a * 1 + a * 3 + c * 5) / (2 * a + c);
  assert.ok(Math.abs(r.threePoints - hand) <= 1e-15 * hand, `${who}: ${r.threePoints} vs ${hand}`);
  // The chapter's training run (tests/core/parametric.cpp's pinned sequence).
  const losses = [
    40.83960208999205, 29.193719648028463, 29.12268025203788, 29.049488719367062, 28.97401911090169,
  ];
  r.losses.forEach((l, k) =>
    assert.ok(Math.abs(l - losses[k]) <= 1e-12 * losses[k], `${who}: loss ${k}: ${l}`),
  );
  assert.ok(Math.abs(r.w - 17.013307967542634) <= 1e-12 * 17.013307967542634, `${who}: w ${r.w}`);
  const plain = plainPredict([1, 2.5, 4], r.x, r.y, r.w);
  r.fitted.forEach((f, i) =>
    assert.ok(Math.abs(f - plain[i]) <= 1e-12 * Math.max(1, Math.abs(plain[i])), `${who}: f[${i}]`),
  );
}

/** Runs a command; on failure the error carries its output (long lines cut: minified code). */
function run(file, args, options) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: 'pipe', ...options });
  } catch (err) {
    const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.split('\n');
    for (const key of ['stdout', 'stderr', 'output']) delete err[key]; // shown below, cut
    throw new Error(
      [`${path.basename(file)} ${args.join(' ')} failed (exit ${err.status})`, ...output]
        .map((line) => (line.length > 300 ? `${line.slice(0, 300)} ...` : line))
        .join('\n'),
      { cause: err },
    );
  }
}

/** Runs a consumer's Node script; its last line of output is a JSON report. */
function node(cwd, file) {
  const out = run(process.execPath, [file], { cwd }).trim().split('\n');
  return JSON.parse(out[out.length - 1]);
}

let work;
let consumer;
let packed;
let fromRequire;

test.before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-package-'));
  // npm prints its lifecycle banners (prepack) on stderr, the JSON on stdout.
  packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO }))[0];
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  // Offline, from the file, with an empty cache of its own: nothing can come from a registry.
  run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--cache',
      path.join(work, 'npm-cache'),
      path.join(work, packed.filename),
    ],
    { cwd: consumer },
  );
  // The package through require(): the report the other consumers are compared with.
  fs.writeFileSync(
    path.join(consumer, 'check.cjs'),
    `const NadarayaWatson = require('${PKG.name}');\n` +
      `const sample = ${sample};\n` +
      `sample(NadarayaWatson).then((r) => console.log(JSON.stringify({ ...r, ` +
      `resolved: require.resolve('${PKG.name}') })));\n`,
  );
  fromRequire = node(consumer, 'check.cjs');
});

test.after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('npm pack: only the API, its ES module build and their types, no dependency', (t) => {
  const expected = ['LICENSE', 'README.md', 'package.json', ...PKG.files].sort();
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
  t.diagnostic(
    `${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.entryCount} files`,
  );
  const installed = path.join(consumer, 'node_modules', PKG.name);
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.private, undefined);
  // The license the manifest names travels with the code (npm adds LICENSE to every tarball).
  assert.equal(manifest.license, 'MIT');
  assert.match(
    fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8'),
    /^MIT License\n\nCopyright \(c\) \d{4} the nadaraya-watson-attention authors\n/,
  );
  assert.equal(manifest.dependencies, undefined, 'no runtime dependency');
  assert.equal(manifest.peerDependencies, undefined);
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare'])
    assert.equal(manifest.scripts?.[s], undefined, `no ${s} script runs on the user's machine`);
  // The install brought the package and nothing else.
  assert.deepEqual(
    fs.readdirSync(path.join(consumer, 'node_modules')).filter((f) => !f.startsWith('.')),
    [PKG.name],
  );
});

test("Node: require() gives the classic script, the chapter's numbers", () => {
  assert.equal(
    fromRequire.resolved,
    path.join(fs.realpathSync(consumer), 'node_modules', PKG.name, 'dist', 'nadaraya-watson.js'),
  );
  assertChapter(fromRequire, 'require');
});

test('Node: import gives the ES module build (default and named exports), no global', () => {
  fs.writeFileSync(
    path.join(consumer, 'check.mjs'),
    `import NadarayaWatson, { load, version } from '${PKG.name}';\n` +
      `const sample = ${sample};\n` +
      `const r = await sample(NadarayaWatson);\n` +
      `console.log(JSON.stringify({ ...r, resolved: import.meta.resolve('${PKG.name}'), ` +
      `named: load === NadarayaWatson.load && version === NadarayaWatson.version, ` +
      `globals: [typeof NadarayaWatson, typeof globalThis.NadarayaWatson, ` +
      `typeof globalThis.createNadarayaWatsonModule] }));\n`,
  );
  const r = node(consumer, 'check.mjs');
  assert.match(
    r.resolved,
    /\/node_modules\/nadaraya-watson-attention\/dist\/nadaraya-watson\.mjs$/,
  );
  assert.equal(r.named, true);
  assert.deepEqual(r.globals, ['object', 'undefined', 'undefined']);
  assertChapter(r, 'import');
  const { resolved: _a, named: _b, globals: _c, ...same } = r;
  const { resolved: _d, ...expected } = fromRequire;
  assert.deepEqual(same, expected, 'import and require compute the same numbers');
});

test('Chromium: an esbuild bundle that imports the package, and the classic script from file://', async (t) => {
  const { build } = require(path.join(REPO, 'node_modules', 'esbuild'));
  const page = path.join(consumer, 'page.js');
  fs.writeFileSync(
    page,
    `import NadarayaWatson from '${PKG.name}';\n` +
      `window.report = (${sample})(NadarayaWatson);\n`,
  );
  const out = path.join(consumer, 'out');
  const html = (script) =>
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>package</title>${script}</html>`;
  const bundles = {};
  for (const format of ['esm', 'iife']) {
    const outfile = path.join(out, `page.${format}.js`);
    const result = await build({
      entryPoints: [page],
      absWorkingDir: consumer,
      bundle: true,
      format,
      platform: 'browser',
      target: 'es2020',
      outfile,
      logLevel: 'silent',
    });
    assert.deepEqual(result.warnings, [], `esbuild ${format}: no warning`);
    bundles[format] = fs.statSync(outfile).size;
  }
  t.diagnostic(`bundles: esm ${bundles.esm} bytes, iife ${bundles.iife} bytes`);
  // An ES module bundle is served (module scripts do not load from file://); the classic bundle
  // and the package's classic script also open by double-click.
  fs.writeFileSync(
    path.join(out, 'esm.html'),
    html('<script type="module" src="page.esm.js"></script>'),
  );
  fs.writeFileSync(path.join(out, 'iife.html'), html('<script src="page.iife.js"></script>'));
  fs.writeFileSync(
    path.join(consumer, 'classic.html'),
    html(
      `<script src="node_modules/${PKG.name}/dist/nadaraya-watson.js"></script>` +
        `<script>window.report = (${sample})(NadarayaWatson);</script>`,
    ),
  );

  const server = await h.startServer({ root: out, prefix: '/' });
  const browser = await h.launchBrowser();
  try {
    const pages = [
      ['esbuild ESM bundle, served', server.url + 'esm.html', 'undefined'],
      ['esbuild IIFE bundle, file://', h.fileUrl('iife.html', out), 'undefined'],
      ['classic script, file://', h.fileUrl('classic.html', consumer), 'object'],
    ];
    for (const [who, url, global] of pages) {
      const tab = await h.openPage(browser, { allowedOrigins: [server.origin] });
      await tab.goto(url);
      await tab.waitForFunction(() => globalThis.report !== undefined);
      const r = await tab.evaluate(async () => ({
        ...(await globalThis.report),
        global: typeof globalThis.NadarayaWatson,
      }));
      assert.equal(r.global, global, `${who}: window.NadarayaWatson`);
      assertChapter(r, who);
      const { global: _g, ...same } = r;
      const { resolved: _r, ...expected } = fromRequire;
      assert.deepEqual(same, expected, `${who}: the same numbers as in Node`);
      h.assertClean(tab, who);
      await tab.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test('TypeScript: the shipped declarations type-check and match the API (import, require, bundler)', () => {
  // The members the API has at run time, as unions of string literal types: a member missing
  // from the declarations, or declared and absent at run time, is a type error naming them all.
  const union = (keys) => keys.map((k) => JSON.stringify(k)).join(' | ') || 'never';
  const checks =
    `type Same<Declared, Runtime> = [Exclude<Runtime, Declared>, Exclude<Declared, Runtime>] extends [never, never]\n` +
    `  ? true\n` +
    `  : { undeclared: Exclude<Runtime, Declared>; notAtRunTime: Exclude<Declared, Runtime> };\n` +
    `const members: Same<keyof NadarayaWatson.Api, ${union(fromRequire.members)}> = true;\n` +
    `const tasks: Same<keyof NadarayaWatson.Tasks, ${union(fromRequire.tasks)}> = true;\n` +
    `const limits: Same<keyof NadarayaWatson.Limits, ${union(fromRequire.limits)}> = true;\n` +
    `void [members, tasks, limits];\n`;
  const body = (load) =>
    `const api: NadarayaWatson.Api = await ${load}();\n` +
    `const f: Float64Array = api.predict([0.5], [0, 1, 2], [1, 3, 5], { kernel: 'gaussian', bandwidth: 1 });\n` +
    `const wrongKernel = () =>\n` +
    `  // @ts-expect-error: not a kernel name (the declarations are not \`any\`)\n` +
    `  api.predict([0.5], [0], [1], { kernel: 'gauss' });\n` +
    `void wrongKernel;\n` +
    `const version: string = NadarayaWatson.version;\n` +
    `console.log(JSON.stringify({ f: f[0], version }));\n`;
  const sources = {
    'esm.mts': `import NadarayaWatson, { load } from '${PKG.name}';\n${checks}${body('load')}`,
    'cjs.cts':
      `import NadarayaWatson = require('${PKG.name}');\n${checks}` +
      `async function main(): Promise<void> {\n${body('NadarayaWatson.load')}}\nvoid main();\n`,
    'bundler.ts': `import NadarayaWatson from '${PKG.name}';\n${checks}${body('NadarayaWatson.load')}`,
  };
  const configs = {
    node16: { files: ['esm.mts', 'cjs.cts'], module: 'node16', moduleResolution: 'node16' },
    bundler: { files: ['bundler.ts'], module: 'esnext', moduleResolution: 'bundler' },
  };
  const ts = path.join(consumer, 'ts');
  fs.mkdirSync(ts);
  for (const [file, text] of Object.entries(sources)) fs.writeFileSync(path.join(ts, file), text);
  for (const [name, { files, ...options }] of Object.entries(configs)) {
    fs.writeFileSync(
      path.join(ts, `tsconfig.${name}.json`),
      JSON.stringify({
        files,
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          skipLibCheck: false,
          types: [],
          outDir: `out-${name}`,
        },
      }),
    );
    run(process.execPath, [TSC, '-p', `tsconfig.${name}.json`], { cwd: ts });
    const listed = run(process.execPath, [TSC, '-p', `tsconfig.${name}.json`, '--listFilesOnly'], {
      cwd: ts,
    });
    const shipped = listed
      .split('\n')
      .filter((f) => f.includes(`/node_modules/${PKG.name}/`))
      .map((f) => path.basename(f))
      .sort();
    assert.deepEqual(
      shipped,
      name === 'node16'
        ? ['nadaraya-watson.d.mts', 'nadaraya-watson.d.ts']
        : ['nadaraya-watson.d.mts'],
      `${name}: the declarations TypeScript resolved`,
    );
  }
  // The compiled programs run against the package.
  for (const file of ['out-node16/esm.mjs', 'out-node16/cjs.cjs']) {
    const r = node(ts, file);
    assert.equal(r.version, PKG.version, file);
    assert.equal(r.f, fromRequire.threePoints, file);
  }
});
