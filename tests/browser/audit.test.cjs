'use strict';
// Findings of the page audit (issue 15) and the settings fixes of issue 10, each checked in the
// browser: an out-of-range point is refused and the editor never diverges from the state; dragging
// off the data chart logs no error; a link with thousands of unknown keys gives a short notice;
// w0 = 0 (h = 1/|w| = infinity) draws without an error; the settings table of
// web/js/state/settings.js is what the page's controls use.
// Screenshots: test-results/screenshots/audit-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./harness.cjs');

const TIMEOUT = { timeout: 180_000 };
const WEB = path.join(h.REPO_ROOT, 'web');

let server;
let browser;
let settings; // web/js/state/settings.js

before(async () => {
  ({ server, browser } = await h.openSuite());
  settings = await import(pathToFileURL(path.join(WEB, 'js/state/settings.js')).href);
}, h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

async function open(hash = '', { viewport } = {}) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${server.url}index.html${hash}`);
  await h.waitReady(page);
  return page;
}

/** The points the page computes with (sorted) and the ones the data chart's editor holds. */
const counts = (page) =>
  page.evaluate(() => ({
    state: window.__nwPage.state().points?.x.length ?? null,
    data: window.__nwPage.data().x.length,
    status: document.querySelector('#section-data .edit-status').textContent,
    hash: location.hash,
  }));

async function addByForm(page, x, y) {
  await page.fill('#control-add-x', String(x));
  await page.fill('#control-add-y', String(y));
  await page.click('#btn-add-point');
}

test(
  'audit 5: an out-of-range point is refused with a message, and later edits still go through',
  TIMEOUT,
  async () => {
    const page = await open();
    try {
      const { yAbs } = settings.POINT_LIMITS;
      await addByForm(page, 2, 1e9);
      await page.waitForTimeout(300);
      let c = await counts(page);
      assert.equal(c.data, 50, 'the out-of-range point is not in the data');
      assert.equal(c.state, null, 'the state keeps the generated data');
      assert.match(c.status, new RegExp(`${yAbs}`), `the status says why (got "${c.status}")`);
      assert.doesNotMatch(c.status, /51/, 'the editor does not count the refused point');

      // A valid point afterwards is added, written to the state and to the hash.
      await addByForm(page, 2, 1);
      await h.settle(page, () => window.__nwPage.data().x.length === 51);
      await page.waitForFunction(() => location.hash.includes('points='), null, { timeout: 5000 });
      c = await counts(page);
      assert.equal(c.state, 51);
      assert.match(c.status, /51/);

      // x outside the plotted range: refused too (no silent clamping to the edge).
      await addByForm(page, 7, 0);
      await page.waitForTimeout(300);
      c = await counts(page);
      assert.equal(c.data, 51, 'x = 7 is refused');
      await h.saveScreenshot(page, 'audit-refused-point', { selector: '#section-data' });
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'audit 6: dragging off the data chart and back logs no error (Chart.js hover on unsorted data)',
  TIMEOUT,
  async () => {
    const page = await open('#seed=3');
    try {
      const centre = await h.pointOn(page, 'canvas[data-chart="data"]', 0.5, 0.5);
      const [cx, cy] = [centre.x, centre.y];
      // Press at the centre (adds a point), drag far down-right off the chart, release.
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 1; i <= 20; i += 1) await page.mouse.move(cx + i * 40, cy + i * 40);
      await page.mouse.up();
      await page.waitForTimeout(200);
      // Press at the centre again and drag straight up off it.
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 1; i <= 20; i += 1) await page.mouse.move(cx, cy - i * 30);
      await page.mouse.up();
      // Hover over the chart (Chart.js's nearest-point search over every point).
      const left = cx - centre.width / 2;
      for (let i = 0; i <= 10; i += 1) await page.mouse.move(left + (centre.width * i) / 10, cy);
      await h.settle(page, () => window.__nwPage.data().x.length === 52);
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'audit 7: a link with 13,000 unknown keys gives a short notice, in English and Chinese',
  TIMEOUT,
  async () => {
    const keys = Array.from({ length: 13000 }, (_, i) => `zz${i}`).join('&');
    const hash = `#h=0.5&${keys}`;
    assert.ok(
      hash.length > 90_000 && hash.length < settings.MAX_HASH,
      `hash of ${hash.length} characters`,
    );
    for (const lang of ['en', 'zh']) {
      const page = await open(`${hash}&lang=${lang}`);
      try {
        const notice = await page.evaluate(() => {
          const box = document.getElementById('url-notice');
          return {
            hidden: box.hidden,
            height: box.getBoundingClientRect().height,
            text: box.textContent,
          };
        });
        assert.equal(notice.hidden, false, 'the notice is shown');
        assert.ok(notice.height < 200, `notice ${notice.height} px tall`);
        assert.ok(notice.text.length < 600, `notice of ${notice.text.length} characters`);
        assert.match(notice.text, lang === 'en' ? /and 12,995 more/ : /另有 12,995 项/);
        assert.equal(
          await page.evaluate(() => window.__nwPage.state().h),
          0.5,
          'the valid setting is used',
        );
        await h.saveScreenshot(page, `audit-long-notice-${lang}`, { selector: '#url-notice' });
        h.assertClean(page);
      } finally {
        await page.close();
      }
    }
    // Embed mode inside a frame: the height reported to the host stays that of the figure.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page);
      const height = await page.evaluate(
        (src) =>
          new Promise((resolve) => {
            let last = 0;
            addEventListener('message', (e) => {
              if (e.data && e.data.type === 'nadaraya-watson:resize') last = e.data.height;
            });
            const f = document.createElement('iframe');
            f.setAttribute('sandbox', 'allow-scripts');
            f.width = '800';
            f.height = '600';
            f.src = src;
            document.body.append(f);
            setTimeout(() => resolve(last), 8000);
          }),
        `${server.url}index.html#embed=heatmap&${keys}`,
      );
      assert.ok(height > 100 && height < 2000, `embedded figure reports ${height} px`);
    } finally {
      await page.close();
    }
  },
);

test(
  'issue 10: w0 = 0 (h = 1/|w| = infinity, average pooling) draws every figure without an error',
  TIMEOUT,
  async () => {
    const page = await open('#w0=0');
    try {
      await page.evaluate(() => document.documentElement.classList.add('render-all'));
      await h.waitReady(page);
      await page.locator('#section-bandwidth-choice').scrollIntoViewIfNeeded();
      await h.waitReady(page);
      const text = await page.evaluate(
        () => document.querySelector('#section-bandwidth-choice .readout').textContent,
      );
      assert.match(text, /∞/, `the readout shows h = ∞ (got "${text}")`);
      assert.equal(
        await page.evaluate(() => document.querySelectorAll('.section-error').length),
        0,
      );
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'issue 10: the controls take their ranges from the settings table; lr has a log slider',
  TIMEOUT,
  async () => {
    const page = await open();
    try {
      for (const s of settings.SETTINGS.filter((x) => x.control && x.min !== null)) {
        const attrs = await page.evaluate((id) => {
          const e = document.getElementById(id);
          if (e?.tagName === 'SELECT')
            return { type: 'select', options: [...e.options].map((o) => Number(o.value)) };
          return e && { type: e.type, min: Number(e.min), max: Number(e.max) };
        }, s.control);
        assert.ok(attrs, `#${s.control} exists`);
        // A select of an integer setting (the number of classes) offers exactly min .. max.
        if (attrs.type === 'select') {
          const range = Array.from({ length: s.max - s.min + 1 }, (_, k) => s.min + k);
          assert.deepEqual(attrs.options, range, `${s.key}: #${s.control} options`);
          continue;
        }
        const [lo, hi] =
          attrs.type === 'range' && s.scale === 'log'
            ? [Math.log10(s.min), Math.log10(s.max)]
            : [s.min, s.max];
        assert.ok(
          Math.abs(attrs.min - lo) < 1e-9 && Math.abs(attrs.max - hi) < 1e-9,
          `${s.key}: #${s.control} ${attrs.min}..${attrs.max}`,
        );
      }
      // The learning-rate slider: log10 scale, and the number field follows it.
      await page.locator('#control-lr-slider').scrollIntoViewIfNeeded();
      await page.evaluate(() => {
        const e = document.getElementById('control-lr-slider');
        e.value = '-1';
        e.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await h.settle(page, () => window.__nwPage.state().lr === 0.1);
      assert.equal(await page.inputValue('#control-lr'), '0.1');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

test(
  'issue 10: on a phone the settings open from a figure far down the page',
  TIMEOUT,
  async () => {
    const page = await open('', { viewport: { width: 375, height: 740 } });
    try {
      await page.locator('#section-why-loo .figures').scrollIntoViewIfNeeded();
      const toggle = page.locator('#btn-settings');
      assert.ok(await toggle.isVisible(), 'the Settings button stays in view');
      await toggle.click();
      const slider = page.locator('#control-bandwidth');
      assert.ok(await slider.isVisible(), 'the bandwidth slider is reachable');
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth),
        375,
        'no horizontal scroll',
      );
      await page.keyboard.press('Escape');
      assert.equal(await slider.isVisible(), false, 'Escape closes the settings');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);
