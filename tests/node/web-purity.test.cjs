'use strict';
// The page asks and draws; the core computes (issue 10). A static check of web/js: no random
// numbers, no seed hashing, no optimiser or line search, no kernel formula, no error metric.
// Each pattern is something that once lived in web/ and moved into the core.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const WEB = path.join(__dirname, '..', '..', 'web', 'js');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
  });
}

const FORBIDDEN = [
  [/Math\.random\s*\(/, 'an unseeded random number (the core has the RNG)'],
  [/%\s*2147483647/, 'a seed hash (the core derives seeds with splitmix64)'],
  [/golden/i, 'a golden-section search (the core has Brent)'],
  [/learningRate\s*\*|lr\s*\*\s*grad/, 'an SGD update (the core trains)'],
  [/Math\.exp\(\s*-\s*\(?.*\*\*\s*2/, 'a Gaussian kernel formula (core/kernels)'],
  [/\*\*\s*0\.8/, 'the true function or the n^(-4/5) rate (the core computes both)'],
  [/Math\.sin\(/, 'the true function (core/dataset)'],
  [
    /function\s+mse\b|=>\s*\(?\s*[a-z]\s*-\s*[a-z]\[i\]\s*\)\s*\*\*\s*2/,
    'a squared-error metric (nw.meanSquaredError)',
  ],
];

test('web/js holds no model numerics (RNG, seed hashes, optimisers, kernels, metrics)', () => {
  const found = [];
  for (const f of files(WEB)) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name what moved
      for (const [re, what] of FORBIDDEN)
        if (re.test(line)) found.push(`${path.relative(WEB, f)}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test("the version is written once: package.json, read by CMake, is the built API's (script and module)", async () => {
  const root = path.join(__dirname, '..', '..');
  const cmake = fs.readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8');
  assert.match(cmake, /string\(JSON \w+ GET "\$\{\w+\}" version\)/, 'CMake reads package.json');
  assert.doesNotMatch(
    cmake,
    /project\([^)]*VERSION\s+[0-9]/,
    'no version number in CMakeLists.txt',
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const api = require(path.join(root, 'dist', 'nadaraya-watson.js')).version;
  const esm = await import(pathToFileURL(path.join(root, 'dist', 'nadaraya-watson.mjs')).href);
  assert.equal(api, pkg);
  assert.equal(esm.default.version, pkg);
  assert.equal(esm.version, pkg);
});
