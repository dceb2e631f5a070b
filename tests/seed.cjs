'use strict';
// The seed of every randomized test, and the small PRNG they draw from. A test file takes its seed
// from testSeed(), which prints it once, with the file's name:
//
//   tests/browser/hardening.test.cjs: NW_TEST_SEED=12345 (replay with this environment variable)
//
// and a failure is replayed with `NW_TEST_SEED=12345 node --test tests/browser/hardening.test.cjs`.
// Where the seed comes from:
//   NW_TEST_SEED=<integer 0 .. 2^32 - 1>   that seed (replay, or a chosen one)
//   CI=true (or 1), no NW_TEST_SEED        DEFAULT_CI_SEED: a CI run never depends on luck
//   otherwise                              a fresh one per test file and run (local runs explore)
// The browser tests also seed the page's own randomness with it (harness.cjs: "New data" draws
// its seed from crypto.getRandomValues).

const crypto = require('node:crypto');
const path = require('node:path');

/** The seed of a CI run that names none (7: the hostile hashes' seed before seeding was shared). */
const DEFAULT_CI_SEED = 7;
const REPO_ROOT = path.resolve(__dirname, '..');

/** True when the environment says this is a CI run. */
function isCi(env = process.env) {
  return /^(true|1)$/i.test(String(env.CI ?? '').trim());
}

/**
 * The seed for this process: {seed, source} with source 'NW_TEST_SEED', 'CI default' or 'drawn'.
 * Throws on an NW_TEST_SEED that is not an integer in 0 .. 2^32 - 1 (a typo must not pass as a
 * replay of something else).
 */
function resolveSeed(env = process.env) {
  const given = env.NW_TEST_SEED;
  if (given !== undefined && given.trim() !== '') {
    const text = given.trim();
    const seed = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
      throw new RangeError(
        `NW_TEST_SEED must be an integer 0 .. 4294967295 (got ${JSON.stringify(given)})`,
      );
    }
    return { seed, source: 'NW_TEST_SEED' };
  }
  if (isCi(env)) return { seed: DEFAULT_CI_SEED, source: 'CI default' };
  return { seed: crypto.randomInt(0, 2 ** 31), source: 'drawn' };
}

let resolved = null;

/** The file that runs this process (node --test runs each test file in its own process). */
function testFileName() {
  const main = process.argv[1] ? path.resolve(process.argv[1]) : '';
  const rel = main ? path.relative(REPO_ROOT, main) : '';
  return rel && !rel.startsWith('..')
    ? rel.split(path.sep).join('/')
    : main || '(unknown test file)';
}

/**
 * This test file's seed (the same for every call in the process); printed on first use as
 * "<file>: NW_TEST_SEED=<seed> (replay with this environment variable)".
 */
function testSeed() {
  if (!resolved) {
    resolved = resolveSeed();
    const note = resolved.source === 'drawn' ? '' : `, ${resolved.source}`;
    console.log(
      `${testFileName()}: NW_TEST_SEED=${resolved.seed} (replay with this environment variable${note})`,
    );
  }
  return resolved.seed;
}

/**
 * mulberry32: a small, fast 32-bit PRNG, the same sequence for the same seed everywhere.
 * @returns {() => number} uniform in [0, 1); also has .uint32(), .int(n) in [0, n), .pick(list)
 */
function prng(seed) {
  let a = seed >>> 0;
  const uint32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const rand = () => uint32() / 4294967296;
  rand.uint32 = uint32;
  rand.int = (n) => Math.floor(rand() * n);
  rand.pick = (list) => list[Math.floor(rand() * list.length)];
  return rand;
}

/** A seed derived from `seed` and a label or index (for independent streams of one file). */
function deriveSeed(seed, label) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of String(label)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return prng(h).uint32();
}

module.exports = { DEFAULT_CI_SEED, isCi, resolveSeed, testSeed, testFileName, prng, deriveSeed };
