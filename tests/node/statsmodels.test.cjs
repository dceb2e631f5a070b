// statsmodels' KernelReg as an independent reference (issue 12): local-constant and local-linear
// predictions equal its reg_type='lc' / 'll' fits to 1e-9 relative, on the chapter's data and on
// random data; aicCurve equals its aic_hurvich (local constant) at several bandwidths; and
// selectBandwidth({method: 'aic'}) finds an AIC_c no worse than its bw='aic' choice (a local
// Nelder-Mead search). statsmodels runs in Debian's python3 (scripts/setup.sh installs
// python3-statsmodels); without it the test fails under CI=true and is skipped otherwise.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { testSeed, prng } = require('../seed.cjs');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
const SCRIPT = path.join(__dirname, '..', 'reference', 'statsmodels_reference.py');
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SEED = testSeed();

/** Runs the reference script on `cases`; null when statsmodels is missing. */
function statsmodels(cases) {
  const file = path.join(os.tmpdir(), `nw-statsmodels-test-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(cases));
  try {
    const r = spawnSync(PYTHON, [SCRIPT, file], { encoding: 'utf8', timeout: 600_000 });
    if (r.status === 3 || (r.error && r.error.code === 'ENOENT')) return null;
    assert.equal(r.status, 0, `the reference script failed: ${r.stderr}`);
    // Non-finite numbers come as the strings "Infinity", "-Infinity", "NaN".
    return JSON.parse(r.stdout, (k, v) =>
      v === 'Infinity' || v === '-Infinity' || v === 'NaN' ? Number(v) : v,
    );
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** |a - b| <= tol max(|b|, 1e-300), naming what differs. */
function assertRel(a, b, tol, what) {
  assert.ok(
    Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300),
    `${what}: ${a} vs statsmodels ${b}`,
  );
}

test('local constant and local linear equal statsmodels KernelReg; AIC_c no worse than bw=aic', async (t) => {
  const nw = await NadarayaWatson.load();
  const chapter = nw.generateData({ n: 50, seed: SEED });
  const rand = prng(SEED + 1);
  const random = { x: [], y: [] };
  for (let i = 0; i < 200; i++) {
    const x = 6 * rand() - 1;
    random.x.push(x);
    random.y.push(Math.cos(2 * x) + x * x * 0.1 + 0.4 * (rand() - 0.5));
  }
  const q = Array.from(nw.testInputs());
  const fits = [];
  for (const d of [chapter, random])
    for (const h of [0.15, 0.5, 2]) fits.push({ x: Array.from(d.x), y: Array.from(d.y), q, h });
  const hs = [0.1, 0.3, 0.7, 1.5];
  const aic = [chapter, random].map((d) => ({ x: Array.from(d.x), y: Array.from(d.y), hs }));
  const ref = statsmodels({ fits, aic });
  if (!ref) {
    assert.ok(!process.env.CI, 'statsmodels is missing (bash scripts/setup.sh installs it)');
    t.skip('statsmodels is not installed');
    return;
  }
  let worst = 0;
  fits.forEach((c, k) => {
    for (const [reg, estimator] of [
      ['lc', 'local-constant'],
      ['ll', 'local-linear'],
    ]) {
      const ours = nw.predict(c.q, c.x, c.y, { bandwidth: c.h, estimator });
      ours.forEach((v, i) => {
        const want = ref.fits[k][reg][i];
        worst = Math.max(worst, Math.abs(v - want) / Math.max(Math.abs(want), 1e-300));
        assertRel(v, want, 1e-9, `case ${k} (h = ${c.h}) ${reg} at q = ${c.q[i]}`);
      });
    }
  });
  t.diagnostic(
    `predictions: largest relative difference from statsmodels ${worst.toExponential(2)}`,
  );
  aic.forEach((c, k) => {
    const curve = nw.aicCurve(c.x, c.y, { bandwidths: c.hs });
    curve.forEach((v, i) =>
      assertRel(v, ref.aic[k].at[i], 1e-9, `case ${k} AIC_c at h = ${c.hs[i]}`),
    );
    const ours = nw.selectBandwidth(c.x, c.y, { method: 'aic' });
    const theirs = ref.aic[k];
    assert.ok(Number.isFinite(ours.aic), `case ${k}: our AIC_c choice is finite (${ours.aic})`);
    // Its Nelder-Mead is unconstrained and can return a negative h; the Gaussian kernel only sees
    // (u / h)^2, so that is the bandwidth |h|.
    const hTheirs = Math.abs(theirs.bandwidth);
    if (hTheirs !== theirs.bandwidth)
      t.diagnostic(`case ${k}: statsmodels returned h = ${theirs.bandwidth}`);
    const [atTheirs] = nw.aicCurve(c.x, c.y, { bandwidths: [hTheirs] });
    // At |h| ~ 1e-4 the fit interpolates: tr H + 2 is n up to rounding, and 1 - (tr H + 2)/n is
    // ill-conditioned (ours +Infinity or ~1e16, theirs ~ -1e16). Only the choice is compared there.
    if (!(Math.abs(atTheirs) < 1e6)) {
      // statsmodels evaluates the formula where tr H + 2 >= n too, where its denominator is
      // negative and the "criterion" goes to minus infinity: its Nelder-Mead can end there, at an
      // h that interpolates the data. The library defines AIC_c as +Infinity there.
      assert.ok(
        theirs.aic < ours.aic,
        `case ${k}: statsmodels' value there is below any valid one`,
      );
      t.diagnostic(
        `case ${k}: statsmodels bw='aic' ended at h = ${hTheirs}, where tr H + 2 is about n (its value ${theirs.aic}, ours there ${atTheirs}); ours h = ${ours.bandwidth} (${ours.aic})`,
      );
      return;
    }
    assertRel(atTheirs, theirs.aic, 1e-9, `case ${k} AIC_c at statsmodels' h`);
    assert.ok(
      ours.aic <= atTheirs + 1e-12 * Math.abs(atTheirs),
      `case ${k}: our AIC_c ${ours.aic} (h = ${ours.bandwidth}) is worse than statsmodels' ${atTheirs} (h = ${hTheirs})`,
    );
    t.diagnostic(
      `case ${k}: AIC_c h = ${ours.bandwidth} (${ours.aic}); statsmodels bw='aic' h = ${hTheirs} (${atTheirs})`,
    );
  });
});
