'use strict';
// Every documented setting at its edges, in the page a learner opens (issue 10):
//   - the full page, served: each URL setting's minimum, maximum and special values of the
//     settings table (web/js/state/settings.js), e.g. w0 = 0, h = 0.01, n = 5, noise = 0,
//     batch = 1, lr at both ends, three identical points: one value at a time, each as a link
//     followed by the loaded page (a hash change: the others go back to their defaults; a full
//     load each took 4-30 s on the 2-core test machine), then all minimums, all maximums and all
//     special values at once, each in a full load;
//   - every embed figure (web/js/sections/registry.js FIGURE_IDS), served: all minimums at once,
//     all maximums at once, and the special values at once, each in a full load;
//   - from file:// (main-thread computing): the combined hashes in the full page and embedded;
//   - w0 = 0 (average pooling, h = infinity) in the full page and in #embed=bandwidth-choice;
//   - #epochs=1000&batch=1&n=100000: a click on a control is handled within 1 s while the work
//     runs, and the page gets ready within a bounded time.
// Each load must reach <html data-ready="true"> with no console error, page error or failed
// request, no error notice, no URL notice (every value is valid), the value in the page's state,
// and every chart shown drawing data (harness.assertChartsInked: not only axes).
// n = 100,000 appears only in the responsiveness check (and in large.test.cjs): each load at that
// n takes tens of seconds, so the combined maximums use n = 2000, the largest n drawn unthinned.
// Randomness (the 2000 edited points, the page's own) comes from tests/seed.cjs.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./harness.cjs');
const { prng, testSeed } = require('../seed.cjs');

const READY_MS = 60_000;
/** The heavy hash and its bounds. */
const HEAVY = '#epochs=1000&batch=1&n=100000';
const CLICK_MS = 1000;
const HEAVY_READY_MS = 90_000;
/** The largest n of the combined maximums (see the header). */
const N_COMBINED_MAX = 2000;
const THREE_IDENTICAL = { x: [2.5, 2.5, 2.5], y: [1, 1, 1] };

let server;
let browser;
let SETTINGS;
let FIGURE_IDS;
let loads = 0;

before(async () => {
  ({ server, browser } = await h.openSuite());
  const web = (rel) => import(pathToFileURL(path.join(h.REPO_ROOT, 'web/js', rel)).href);
  ({ SETTINGS } = await web('state/settings.js'));
  ({ FIGURE_IDS } = await web('sections/registry.js'));
}, h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

const isNumeric = (s) => ['int', 'number', 'nullable-number', 'nullable-int'].includes(s.type);
const urlSettings = () => SETTINGS.filter((s) => s.url && s.key !== 'embed');

/** `count` edited points from the test seed, sorted by x, at full precision. */
function seededPoints(count) {
  const rand = prng(testSeed() ^ count);
  const x = Array.from({ length: count }, () => 5 * rand()).sort((a, b) => a - b);
  return { x, y: x.map((v) => 2 * Math.sin(v) + v ** 0.8 + (rand() - 0.5)) };
}

/** A setting's value as hash text ("x,y;x,y;..." for points). */
function hashText(key, value) {
  if (key === 'points') return value.x.map((x, i) => `${x},${value.y[i]}`).join(';');
  return encodeURIComponent(String(value));
}

const toHash = (values) =>
  '#' +
  Object.entries(values)
    .map(([k, v]) => `${k}=${hashText(k, v)}`)
    .join('&');

/** The values to load for one setting: its min, max and special values that are not the default. */
function edgeValues(s) {
  let values;
  if (isNumeric(s)) values = [s.min, s.max, ...s.special];
  else if (s.type === 'points')
    values = [THREE_IDENTICAL, ...s.special.map((count) => seededPoints(count))];
  else values = s.special;
  const seen = new Set();
  return values.filter((v) => {
    const id = JSON.stringify(v);
    if (v === null || v === s.default || seen.has(id)) return false;
    // n = 100,000: the responsiveness check (see the header).
    if (s.key === 'n' && v === s.max) return false;
    seen.add(id);
    return true;
  });
}

/** All minimums, all maximums, and all special values at once (for the embed figures). */
function combinedHashes() {
  const min = {};
  const max = {};
  for (const s of urlSettings().filter(isNumeric)) {
    if (s.min !== s.default) min[s.key] = s.min;
    if (s.max !== s.default) max[s.key] = s.key === 'n' ? N_COMBINED_MAX : s.max;
  }
  const special = {
    batch: 1,
    w0: 0,
    kernel: 'constant',
    loo: false,
    points: THREE_IDENTICAL,
    lang: 'zh',
  };
  return { minimums: min, maximums: max, specials: special };
}

/** What the page's state must hold for `values` (points: a fresh object, compared by value). */
async function assertState(page, values, what, frame = page) {
  const state = await frame.evaluate(() => window.__nwPage.state());
  for (const [k, v] of Object.entries(values)) {
    assert.deepEqual(state[k], v, `${what}: state.${k}`);
  }
}

/**
 * Loads `url` as a new document in `page` and checks everything a load must give. `values`: the
 * settings the hash sets. `embedded`: only the charts shown count.
 */
async function checkLoad(page, url, values, what, { embedded = false } = {}) {
  for (const list of Object.values(page.problems)) list.length = 0;
  loads += 1;
  // A query makes each load a new document (a hash change alone would not reload the page).
  const [base, hash = ''] = url.split('#');
  await page.goto(`${base}?edge=${loads}${hash ? `#${hash}` : ''}`);
  await h.waitReady(page, { timeout: READY_MS });
  h.assertClean(page, what);
  const notices = await page.$$eval('#notice, .section-error, #url-notice', (els) =>
    els
      .filter((e) => !e.hidden && e.textContent.trim())
      .map((e) => `${e.id || e.className}: ${e.textContent.trim().slice(0, 200)}`),
  );
  assert.deepEqual(notices, [], `${what}: notices`);
  await assertState(page, values, what);
  await h.assertChartsInked(page, { what, visibleOnly: embedded });
}

/**
 * Follows a link inside the loaded page (sets location.hash), waits until the state holds
 * `values` and the page is drawn, and checks it as checkLoad does.
 */
async function checkHash(page, hash, values, what) {
  for (const list of Object.values(page.problems)) list.length = 0;
  await page.evaluate((value) => {
    location.hash = value;
  }, hash);
  await h.settle(
    page,
    (want) => {
      const s = window.__nwPage.state();
      return Object.entries(want).every(([k, v]) => JSON.stringify(s[k]) === JSON.stringify(v));
    },
    values,
    { timeout: READY_MS },
  );
  h.assertClean(page, what);
  const notices = await page.$$eval('#notice, .section-error, #url-notice', (els) =>
    els
      .filter((e) => !e.hidden && e.textContent.trim())
      .map((e) => `${e.id || e.className}: ${e.textContent.trim().slice(0, 200)}`),
  );
  assert.deepEqual(notices, [], `${what}: notices`);
  await h.assertChartsInked(page, { what });
}

test(
  'edges (served, full page): every setting at its minimum, maximum and special values',
  { timeout: 600_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page, { timeout: READY_MS });
      for (const s of urlSettings()) {
        for (const value of edgeValues(s)) {
          const hash = toHash({ [s.key]: value });
          const label = `${s.key} = ${s.key === 'points' ? `${value.x.length} points${value === THREE_IDENTICAL ? ' (identical)' : ''}` : JSON.stringify(value)}`;
          await t.test(label, async () => {
            const t0 = Date.now();
            try {
              await checkHash(page, hash, { [s.key]: value }, `full page ${label}`);
            } finally {
              t.diagnostic(`${label}: ${Date.now() - t0} ms`);
            }
          });
        }
      }
      for (const [name, values] of Object.entries(combinedHashes())) {
        await t.test(`full load, ${name} at once`, () =>
          checkLoad(page, `${server.url}index.html${toHash(values)}`, values, `full page, ${name}`),
        );
      }
    } finally {
      await page.close();
    }
  },
);

test(
  'edges (served, embedded): every figure with all minimums, all maximums, all specials',
  { timeout: 600_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      assert.ok(FIGURE_IDS.length >= 15, `${FIGURE_IDS.length} figure ids`);
      for (const id of FIGURE_IDS) {
        for (const [name, values] of Object.entries(combinedHashes())) {
          await t.test(`embed=${id}, ${name}`, async () => {
            const url = `${server.url}index.html${toHash({ ...values, embed: id })}`;
            await checkLoad(page, url, { ...values, embed: id }, `embed=${id} (${name})`, {
              embedded: true,
            });
          });
        }
      }
    } finally {
      await page.close();
    }
  },
);

test(
  'edges (file://): the combined hashes in the full page and in two figures',
  { timeout: 600_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      for (const [name, values] of Object.entries(combinedHashes())) {
        await t.test(`full page, ${name}`, () =>
          checkLoad(page, h.fileUrl('index.html') + toHash(values), values, `file:// ${name}`),
        );
      }
      for (const id of ['training', 'consistency']) {
        const values = { ...combinedHashes().maximums, embed: id };
        await t.test(`embed=${id}, maximums`, () =>
          checkLoad(page, h.fileUrl('index.html') + toHash(values), values, `file:// embed=${id}`, {
            embedded: true,
          }),
        );
      }
    } finally {
      await page.close();
    }
  },
);

test(
  'edges: w0 = 0 (average pooling) in the full page and in #embed=bandwidth-choice, served and file://',
  { timeout: 300_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      for (const [mode, base] of [
        ['served', () => `${server.url}index.html`],
        ['file', () => h.fileUrl('index.html')],
      ]) {
        await t.test(`${mode}: #w0=0`, () =>
          checkLoad(page, `${base()}#w0=0`, { w0: 0 }, `${mode} #w0=0`),
        );
        await t.test(`${mode}: #w0=0&embed=bandwidth-choice`, () =>
          checkLoad(
            page,
            `${base()}#w0=0&embed=bandwidth-choice`,
            { w0: 0, embed: 'bandwidth-choice' },
            `${mode} #w0=0&embed=bandwidth-choice`,
            {
              embedded: true,
            },
          ),
        );
      }
    } finally {
      await page.close();
    }
  },
);

/** Rejects when `promise` takes longer than `ms` (an evaluate in a page whose main thread hangs). */
function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`${what}: no answer within ${ms} ms (the page's main thread is blocked)`),
          ),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

test(
  `edges (served): ${HEAVY} stays responsive and gets ready within ${HEAVY_READY_MS / 1000} s`,
  { timeout: HEAVY_READY_MS + 60_000 },
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
    });
    try {
      // The page's own input delay: from the pointer event's creation (event.timeStamp) to the
      // control's change handler having run (the state follows synchronously in it).
      await page.addInitScript(() => {
        window.__inputDelays = [];
        let down = 0;
        document.addEventListener('pointerdown', (e) => (down = e.timeStamp), true);
        document.addEventListener(
          'change',
          () => window.__inputDelays.push(performance.now() - down),
          false,
        );
      });
      const t0 = Date.now();
      await page.goto(`${server.url}index.html?edge=heavy${HEAVY}`);
      // The page is up (controls bound) and busy with the work.
      await page.waitForFunction(
        () => window.__nwPage && document.querySelector('#control-loo'),
        null,
        { timeout: READY_MS },
      );
      const busy = await within(
        page.evaluate(() => document.documentElement.dataset.ready),
        10 * CLICK_MS,
        'data-ready',
      );
      t.diagnostic(`page up after ${Date.now() - t0} ms; data-ready="${busy}"`);
      await within(
        assertState(page, { epochs: 1000, batch: 1, n: 100000 }, HEAVY),
        10 * CLICK_MS,
        'the state',
      );

      // A click on a control while the work runs: handled (the state follows) within CLICK_MS.
      // The learner is looking at the control (scrolled to it first, as a person would), so what is
      // timed is the page answering the click, not the scroll bringing other sections into view.
      await within(
        page.locator('#control-loo').scrollIntoViewIfNeeded({ timeout: 10 * CLICK_MS }),
        10 * CLICK_MS,
        'scroll',
      );
      await page.waitForTimeout(1000);
      const latencies = [];
      for (let i = 0; i < 3; i += 1) {
        const c0 = Date.now();
        let handled = true;
        try {
          const want = !(await within(
            page.evaluate(() => window.__nwPage.state().loo),
            5 * CLICK_MS,
            'state.loo',
          ));
          // force: dispatched at once. Without it Playwright first waits for the box to stop moving,
          // which times the layout of the sections redrawing above, not the page's answer to input.
          await page.click('#control-loo', { timeout: 5 * CLICK_MS, force: true });
          await page.waitForFunction((w) => window.__nwPage.state().loo === w, want, {
            timeout: 5 * CLICK_MS,
            polling: 20,
          });
        } catch (err) {
          handled = false;
          t.diagnostic(`click ${i + 1}: ${err.message.split('\n')[0]}`);
        }
        latencies.push(handled ? Date.now() - c0 : Infinity);
        if (!handled) break; // a blocked page: fail now rather than wait for every bound
        await page.waitForTimeout(300);
      }
      // Playwright's round trips to a busy renderer (each waits for the running task) dominate the
      // wall time: it gets a looser bound; the page's own input delay gets CLICK_MS / 4.
      const delays = await within(
        page.evaluate(() => window.__inputDelays.map(Math.round)),
        10 * CLICK_MS,
        'input delays',
      );
      t.diagnostic(
        `click wall times: ${latencies.join(', ')} ms; input delays in the page: ${delays.join(', ')} ms`,
      );
      assert.ok(!crashed, 'the page crashed');
      assert.ok(
        Math.max(...latencies) <= 3 * CLICK_MS,
        `clicks on #control-loo took ${latencies.join(', ')} ms (bound ${3 * CLICK_MS} ms) while the page worked`,
      );
      assert.equal(delays.length, 3, `three change events (got ${delays.length})`);
      assert.ok(
        Math.max(...delays) <= CLICK_MS / 4,
        `input delays ${delays.join(', ')} ms (bound ${CLICK_MS / 4} ms)`,
      );

      await h.waitReady(page, { timeout: Math.max(1000, HEAVY_READY_MS - (Date.now() - t0)) });
      t.diagnostic(`ready after ${Date.now() - t0} ms`);
      assert.ok(!crashed, 'the page crashed');
      h.assertClean(page, HEAVY);
      await h.assertChartsInked(page, { what: HEAVY });
    } finally {
      await page.close().catch(() => {});
    }
  },
);
