'use strict';
// The page as a course uses it (issue 5): links that carry every setting (and survive garbage),
// back/forward, one figure embedded in a sandboxed iframe that reports its height, English and
// Chinese (no missing key, every visible string translated), axe-core with no violation in either
// language, phones and wide screens in light and dark, and CSV exports equal to the API's numbers.
// Served under a sub-path and, for the key checks, from file://.
// Screenshots: test-results/screenshots/course-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./harness.cjs');

const TIMEOUT = { timeout: 240_000 };
const WEB = path.join(h.REPO_ROOT, 'web');
const AXE = path.join(h.REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
/** The settings written to the URL, in order: the settings table's URL_KEYS (web/js/state/settings.js). */
let URL_KEYS;
const DEFAULTS = {
  seed: 0,
  n: 50,
  noise: 0.5,
  kernel: 'gaussian',
  h: 1,
  lr: 0.5,
  epochs: 5,
  batch: 0,
  w0: null,
  loo: true,
  points: null,
  level: '0.95',
  classes: 3,
  q1: 2.5,
  q2: 2.5,
  qk: 200,
  est: 'lc',
  embed: null,
};

let server;
let browser;
let strings; // {en, zh} from web/js/i18n
let figures; // embed figure table of web/js/sections/registry.js
let sections; // the section registry (headings written into the page shell by web/build.mjs)

before(async () => {
  ({ server, browser } = await h.openSuite());
  strings = {
    en: (await import(pathToFileURL(path.join(WEB, 'js/i18n/en.js')).href)).default,
    zh: (await import(pathToFileURL(path.join(WEB, 'js/i18n/zh.js')).href)).default,
  };
  ({ FIGURES: figures, SECTIONS: sections } = await import(
    pathToFileURL(path.join(WEB, 'js/sections/registry.js')).href
  ));
  ({ URL_KEYS } = await import(pathToFileURL(path.join(WEB, 'js/state/settings.js')).href));
}, h.SUITE_TIMEOUT);

after(() => h.closeSuite({ server, browser }), h.SUITE_TIMEOUT);

const served = (hash = '') => `${server.url}index.html${hash}`;
const fileUrl = (hash = '') => h.fileUrl('index.html') + hash;

/** Opens a URL in a new tab (optionally with a viewport and colour scheme) and waits until drawn. */
async function open(
  url,
  { viewport, colorScheme = 'light', reducedMotion = 'no-preference' } = {},
) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme, reducedMotion });
  await page.goto(url);
  await h.waitReady(page);
  return page;
}

/** The URL settings of the page's state. */
async function urlState(page) {
  const s = await page.evaluate(() => window.__nwPage.state());
  return Object.fromEntries(URL_KEYS.map((k) => [k, s[k]]));
}

/** Waits until the page's URL hash satisfies `pred`. */
async function waitHash(page, pred, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hash = await page.evaluate(() => location.hash);
    if (pred(hash)) return hash;
    if (Date.now() > deadline) throw new Error(`URL hash never ${what} (last: ${hash})`);
    await page.waitForTimeout(50);
  }
}

/** Makes every section render (off-screen sections skip rendering: content-visibility). */
const renderAll = (page) =>
  page.evaluate(() => document.documentElement.classList.add('render-all'));

// ---------------------------------------------------------------------------------------------
// Strings

/** Every key path of a strings module with the type of its value (functions: with arity). */
function shape(obj, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v && typeof v === 'object') Object.assign(out, shape(v, key + '.'));
    else out[key] = typeof v === 'function' ? `function/${v.length}` : typeof v;
  }
  return out;
}

test('i18n: English and Chinese have the same keys, and every key the page uses exists', () => {
  const en = shape(strings.en);
  const zh = shape(strings.zh);
  const missingZh = Object.keys(en).filter((k) => !(k in zh));
  const missingEn = Object.keys(zh).filter((k) => !(k in en));
  assert.deepEqual(missingZh, [], 'keys missing in zh.js');
  assert.deepEqual(missingEn, [], 'keys missing in en.js');
  const typeDiffs = Object.keys(en)
    .filter((k) => en[k] !== zh[k])
    .map((k) => `${k}: ${en[k]} vs ${zh[k]}`);
  assert.deepEqual(typeDiffs, [], 'keys whose type or arity differs');
  const empty = Object.entries(shape(strings.zh)).filter(
    ([k, t]) => t === 'string' && !String(k.split('.').reduce((o, p) => o[p], strings.zh)).trim(),
  );
  assert.deepEqual(empty, [], 'empty Chinese strings');

  // Keys named in index.html (data-i18n, data-i18n-html, data-i18n-attr).
  const html = fs
    .readFileSync(path.join(WEB, 'index.html'), 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '');
  const used = new Set();
  for (const m of html.matchAll(/data-i18n(?:-html)?="([^"]+)"/g)) used.add(m[1]);
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g))
    for (const p of m[1].split(';')) used.add(p.split(':')[1]);
  for (const sec of sections)
    for (const key of [sec.titleKey, sec.part].filter(Boolean)) used.add(key);
  // Keys the scripts read as T.<name> / T.ui.<name> / T.<group>.<name>.
  const walk = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walk(path.join(WEB, 'js')).filter(
    (f) => f.endsWith('.js') && !f.includes(`${path.sep}i18n${path.sep}`),
  )) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bT\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)/g)) {
      const key = m[1];
      const top = key.split('.')[0];
      // T.ui.x is a key; T.x.y where T.x is a function is a call on its result: keep T.x only.
      used.add(strings.en[top] && typeof strings.en[top] === 'object' ? key : top);
    }
  }
  const has = (obj, key) =>
    key.split('.').reduce((o, p) => (o == null ? undefined : o[p]), obj) !== undefined;
  for (const lang of ['en', 'zh']) {
    const missing = [...used].filter((k) => !has(strings[lang], k));
    assert.deepEqual(missing, [], `keys used by the page but missing in ${lang}.js`);
  }
});

// ---------------------------------------------------------------------------------------------
// URL state

const SETTINGS = {
  seed: 7,
  n: 80,
  noise: 0.3,
  kernel: 'epanechnikov',
  h: 0.35,
  lr: 0.2,
  epochs: 12,
  batch: 10,
  w0: 2.5,
  loo: false,
  points: null,
  level: '0.9',
  classes: 2,
  q1: 1.25,
  q2: 4,
  qk: 50,
  est: 'll',
  lang: 'zh',
  embed: null,
};
const SETTINGS_HASH =
  '#seed=7&n=80&noise=0.3&kernel=epanechnikov&h=0.35&lr=0.2&epochs=12&batch=10&w0=2.5&loo=false&level=0.9&classes=2&q1=1.25&q2=4&qk=50&est=ll&lang=zh';

for (const [mode, url] of [
  ['served', served],
  ['file', fileUrl],
]) {
  test(
    `url (${mode}): every setting is read from the hash, and a reload restores edits`,
    TIMEOUT,
    async () => {
      const page = await open(url(SETTINGS_HASH));
      try {
        assert.deepEqual(await urlState(page), SETTINGS);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
        assert.equal(
          await page.locator('#url-notice').isVisible(),
          false,
          'no notice for a valid link',
        );
        assert.equal(await page.inputValue('#control-kernel'), 'epanechnikov');
        assert.equal(Number(await page.inputValue('#control-bandwidth-number')), 0.35);
        assert.equal(await page.inputValue('#control-level'), '0.9');
        assert.equal(await page.inputValue('#control-classes'), '2');
        assert.equal(await page.inputValue('#control-est'), 'll');

        // Change settings through the controls and edit a point with the keyboard.
        await page.fill('#control-bandwidth-number', '0.61');
        await page.selectOption('#control-kernel', 'tricube');
        await page.focus('canvas[data-chart="data"]');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowUp');
        await h.waitReady(page);
        const before = await urlState(page);
        assert.equal(before.h, 0.61);
        assert.equal(before.kernel, 'tricube');
        assert.ok(before.points && before.points.x.length === 80, 'the edit made points');
        await waitHash(
          page,
          (hash) => hash.includes('points=') && hash.includes('h=0.61'),
          'held the edit',
        );

        await page.reload();
        await h.waitReady(page);
        assert.deepEqual(await urlState(page), before, 'state after reload');
        h.assertClean(page);
      } finally {
        await page.close();
      }
    },
  );

  test(
    `url (${mode}): a garbage hash gives the defaults and a notice, never an error`,
    TIMEOUT,
    async () => {
      const hostile =
        '#seed=abc&n=1e9&noise=-1&kernel=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&h=NaN&lr=0&epochs=2.5' +
        '&batch=-3&w0=Infinity&loo=maybe&points=1,2;x,y&level=0.5&classes=7&q1=-1&q2=5.5&qk=abc&est=local-linear&lang=xx&embed=%3Cscript%3E&foo=%3Cb%3Ebar%3C%2Fb%3E';
      const page = await open(url(hostile));
      try {
        assert.deepEqual(await urlState(page), { ...DEFAULTS, lang: 'en' });
        const notice = page.locator('#url-notice');
        assert.ok(await notice.isVisible(), 'notice shown');
        const text = await notice.textContent();
        assert.match(text, /defaults/);
        assert.match(text, /<img src=x onerror=alert\(1\)>/, 'the value is shown as text');
        assert.equal(
          await page.locator('#url-notice img, #url-notice b, img[src="x"]').count(),
          0,
          'no markup from the URL',
        );
        await page.click('.url-notice-close');
        assert.equal(await notice.isVisible(), false, 'the notice can be dismissed');
        h.assertClean(page);
      } finally {
        await page.close();
      }
    },
  );
}

test('url: back and forward step through settled changes', TIMEOUT, async () => {
  const page = await open(served('#seed=11&h=0.5'));
  try {
    await page.fill('#control-seed', '12');
    await waitHash(page, (hash) => hash.includes('seed=12'), 'took seed 12');
    await page.fill('#control-bandwidth-number', '0.25');
    await waitHash(page, (hash) => hash.includes('h=0.25'), 'took h 0.25');
    await h.waitReady(page);
    const chart = 'canvas[data-chart="data"]';
    const at12 = await h.canvasFingerprint(page, chart);

    await page.goBack();
    await page.waitForFunction(() => window.__nwPage.state().h === 0.5);
    assert.equal((await urlState(page)).seed, 12);
    await page.goBack();
    await page.waitForFunction(() => window.__nwPage.state().seed === 11);
    await h.waitReady(page);
    assert.notEqual(
      await h.canvasFingerprint(page, chart),
      at12,
      'the data chart shows seed 11 again',
    );
    await page.goForward();
    await page.waitForFunction(() => window.__nwPage.state().seed === 12);
    await page.goForward();
    await page.waitForFunction(() => window.__nwPage.state().h === 0.25);
    await h.waitReady(page);
    assert.equal(await h.canvasFingerprint(page, chart), at12);
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

test(
  'share: the button copies the link, or shows it selected when the clipboard is refused',
  TIMEOUT,
  async () => {
    const page = await open(served('#seed=3&h=0.42'));
    try {
      // No clipboard (e.g. a sandboxed frame or an insecure context): the fallback field.
      await page.evaluate(() =>
        Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }),
      );
      await page.click('#btn-share');
      const field = page.locator('.share-url');
      assert.ok(await field.isVisible(), 'fallback field shown');
      const value = await field.inputValue();
      assert.ok(value.startsWith(server.url) && value.endsWith('#seed=3&h=0.42'), value);
      assert.equal(await page.evaluate(() => document.activeElement.className), 'share-url');
      h.assertClean(page);
    } finally {
      await page.close();
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Embed mode

/** In a frame or page: the data-chart ids of the visible charts, and whether article text shows. */
function visibleParts() {
  const visible = (e) => e.checkVisibility() && e.getBoundingClientRect().width > 0;
  return {
    charts: [...document.querySelectorAll('canvas[data-chart]')]
      .filter(visible)
      .map((c) => c.dataset.chart),
    header: visible(document.querySelector('.masthead')),
    paragraphs: [...document.querySelectorAll('main p[data-i18n-html], main h2')].filter(visible)
      .length,
    ready: document.documentElement.dataset.ready,
  };
}

/** A host page (about:blank, no CSP) with a sandboxed iframe that sizes itself by the messages. */
function hostPage(src) {
  return `<!doctype html><meta charset="utf-8"><title>host</title>
<iframe id="f" sandbox="allow-scripts" src="${src}" width="800" height="200" style="border:0"></iframe>
<script>
  window.messages = [];
  addEventListener('message', (e) => {
    window.messages.push(e.data);
    if (e.data && e.data.type === 'nadaraya-watson:resize') document.getElementById('f').height = e.data.height;
  });
</script>`;
}

test(
  'embed: each figure id alone in a sandboxed iframe, which posts its height',
  TIMEOUT,
  async (t) => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      for (const [id, f] of Object.entries(figures)) {
        await page.setContent(hostPage(served(`#embed=${id}&h=0.5`)));
        const frame = await (await page.waitForSelector('#f')).contentFrame();
        await h.waitReady(page, { frame, timeout: 120_000 });
        const parts = await frame.evaluate(visibleParts);
        const sectionCharts = await frame.evaluate(
          (sec) =>
            [...document.querySelectorAll(`#${sec} canvas[data-chart]`)].map(
              (c) => c.dataset.chart,
            ),
          f.section,
        );
        const expected = f.charts ?? sectionCharts;
        assert.deepEqual(parts.charts.sort(), [...expected].sort(), `${id}: visible charts`);
        assert.ok(expected.length > 0, `${id}: has charts`);
        assert.equal(parts.header, false, `${id}: no header`);
        assert.equal(parts.paragraphs, 0, `${id}: no article text`);
        const msg = await page.waitForFunction(
          () => window.messages.filter((m) => m && m.type === 'nadaraya-watson:resize').pop(),
          null,
          { timeout: 10_000 },
        );
        const { height } = await msg.jsonValue();
        const bodyHeight = await frame.evaluate(() =>
          Math.ceil(document.body.getBoundingClientRect().height),
        );
        assert.ok(
          height > 150 && Math.abs(height - bodyHeight) <= 2,
          `${id}: height ${height} vs body ${bodyHeight}`,
        );
        assert.equal(
          await frame.evaluate(() => window.__nwPage.state().h),
          0.5,
          `${id}: settings from the hash`,
        );
        const others = await page.evaluate(
          () => window.messages.filter((m) => !m || m.type !== 'nadaraya-watson:resize').length,
        );
        assert.equal(others, 0, `${id}: only resize messages`);
        t.diagnostic(`${id}: ${parts.charts.join(', ')}; height ${height}`);
        if (id === 'heatmap' || id === 'training')
          await h.saveScreenshot(page, `course-embed-${id}`);
      }
      h.assertClean(page, 'embedded figures');
    } finally {
      await page.close();
    }
  },
);

test(
  'embed: inside a sandbox that blocks downloads, export offers a link, a preview and the text',
  TIMEOUT,
  async () => {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.setContent(hostPage(served('#embed=heatmap&h=0.5')));
      const frame = await (await page.waitForSelector('#f')).contentFrame();
      await h.waitReady(page, { frame, timeout: 60_000 });
      const fig = frame.locator('figure[data-figure="heatmap"]');
      await fig.locator('summary').click();
      await fig.getByRole('button', { name: /^Image \(PNG\)$/ }).click();
      const dialog = frame.locator('#export-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.match(
        await dialog.locator('.export-preview').getAttribute('src'),
        /^data:image\/png;base64,/,
      );
      assert.match(await dialog.locator('.export-link').getAttribute('href'), /^blob:/);
      assert.equal(await dialog.locator('.export-link').getAttribute('download'), 'heatmap.png');
      await dialog.locator('.export-close').click();
      await fig.getByRole('button', { name: /^Attention matrix \(CSV\)$/ }).click();
      await dialog.waitFor({ state: 'visible' });
      const csv = await dialog.locator('.export-text').inputValue();
      assert.match(csv, /^query\\key,/);
      assert.equal(csv.trim().split('\n').length, 51, 'header and 50 query rows');
      assert.equal(await dialog.locator('.export-preview').isVisible(), false);
      h.assertClean(page, 'export in a sandboxed frame');
    } finally {
      await page.close();
    }
  },
);

test(
  'embed: the heatmap figure (no jobs) starts no worker; an embed id that is no figure gets the whole page and its workers',
  TIMEOUT,
  async () => {
    // An embedded figure starts workers with its first job (compute.js); the whole page starts
    // them while its module loads (main.js asks the hash's parser whether it is embedded).
    for (const [hash, embedded] of [
      ['#embed=heatmap', true],
      ['#h=0.5&embed=heatmap', true],
      ['#embed=no-such-figure', false],
    ]) {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      try {
        const workers = [];
        page.on('request', (r) => {
          if (r.url().endsWith('/worker.js')) workers.push(r.url());
        });
        await page.goto(served(hash));
        await h.waitReady(page);
        const state = await page.evaluate(() => window.__nwPage.state().embed);
        assert.equal(state, embedded ? 'heatmap' : null, `${hash}: embed`);
        assert.equal(workers.length, embedded ? 0 : 2, `${hash}: worker scripts requested`);
        if (!embedded)
          assert.equal(await page.locator('#url-notice').isVisible(), true, `${hash}: notice`);
        h.assertClean(page, hash);
      } finally {
        await page.close();
      }
    }
  },
);

test(
  'embed: a figure in a hidden cross-origin frame (no animation frames) gets ready, and follows a new hash',
  TIMEOUT,
  async (t) => {
    // A course page may hold a figure in a collapsed part: the browser gives that frame no
    // animation frames. Its ready flag and its state changes must not wait for one.
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    try {
      await page.setContent(`<!doctype html><meta charset="utf-8"><title>host</title>
<iframe id="f" sandbox="allow-scripts" src="${served('#embed=heatmap&h=0.5')}" width="800" height="600" style="display:none"></iframe>`);
      const frame = await (await page.waitForSelector('#f', { state: 'attached' })).contentFrame();
      // Polled by time: Playwright's default polling waits for animation frames, which this frame
      // does not get.
      const ready = (what) =>
        frame.waitForFunction(
          (w) =>
            document.documentElement.dataset.ready === 'true' && window.__nwPage?.state().h === w,
          what,
          { timeout: 30_000, polling: 50 },
        );
      await ready(0.5);
      const frames = await frame.evaluate(
        () =>
          new Promise((resolve) => {
            requestAnimationFrame(() => resolve(true));
            setTimeout(() => resolve(false), 1000);
          }),
      );
      t.diagnostic(`the hidden frame got an animation frame within 1 s: ${frames}`);
      await frame.evaluate(() => (location.hash = '#embed=heatmap&h=0.8'));
      await ready(0.8);
      const prediction = await frame.evaluate(() =>
        Number(document.querySelector('#inspector').dataset.prediction),
      );
      const data = await frame.evaluate(() => window.__nwPage.data());
      const nw = await require(path.join(h.DIST_DIR, 'nadaraya-watson.js')).load();
      const expected = nw.predict([2.5], data.x, data.y, { kernel: 'gaussian', bandwidth: 0.8 })[0];
      assert.ok(
        Math.abs(prediction - expected) <= 1e-12 * Math.abs(expected),
        `prediction ${prediction} vs ${expected}`,
      );
      // Shown, it draws its charts at their boxes' size.
      await page.$eval('#f', (f) => (f.style.display = 'block'));
      // (The frame learns that it is shown a little later, from the host's process: until then its
      // canvases have no boxes.)
      await frame.waitForFunction(
        () => {
          const shown = [
            ...document.querySelectorAll('figure:not([hidden]) canvas[data-chart]'),
          ].filter((c) => c.getClientRects().length);
          return (
            shown.length > 0 &&
            shown.every(
              (c) => c.width > 100 && Math.abs(c.width - c.parentElement.clientWidth) <= 1,
            )
          );
        },
        null,
        { timeout: 10_000, polling: 50 },
      );
      await h.assertChartsInked(page, { frame, visibleOnly: true, what: 'shown after hidden' });
      h.assertClean(page, 'a figure in a hidden frame');
    } finally {
      await page.close();
    }
  },
);

test('embed (file://): the figure alone, from a double-clicked file', TIMEOUT, async () => {
  const page = await open(fileUrl('#embed=inspector&lang=zh'));
  try {
    const parts = await page.evaluate(visibleParts);
    assert.deepEqual(parts.charts, ['heatmap-prediction']);
    assert.equal(parts.header, false);
    assert.ok(await page.locator('#inspector').isVisible(), 'the inspector readout stays');
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

test('embed: the dialog gives an iframe snippet with the current settings', TIMEOUT, async () => {
  const page = await open(served('#seed=9&h=0.3'));
  try {
    const fig = page.locator('figure[data-figure="heatmap"]');
    await fig.locator('summary').click();
    await fig.locator('button[data-embed-figure="heatmap"]').click();
    const area = page.locator('#embed-dialog .embed-snippet');
    assert.ok(await area.isVisible());
    const snippet = await area.inputValue();
    assert.match(snippet, /^<iframe src="[^"]+index\.html#seed=9&h=0\.3&embed=heatmap"/);
    // allow-same-origin: WebKit refuses the page's CSP 'self' in an opaque-origin frame (README).
    assert.match(snippet, / sandbox="allow-scripts allow-same-origin allow-downloads" /);
    await page.keyboard.press('Escape');
    assert.equal(await area.isVisible(), false, 'Esc closes the dialog');
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Languages

/** Text of every translatable block in the page (labels, article, captions, summaries, ...). */
function textBlocks() {
  // The TeX source of the formulas (MathML annotations) is not text a reader sees.
  const textOf = (e) => {
    const c = e.cloneNode(true);
    c.querySelectorAll('annotation').forEach((a) => a.remove());
    return c.textContent.replace(/\s+/g, ' ').trim();
  };
  const sel = [
    '[data-i18n]',
    '[data-i18n-html]',
    'figcaption',
    '.chart-summary',
    '.readout',
    '.hint',
    '.train-status',
    '.inspector-title',
    '.score-label',
    '.fig-tools summary',
    '#control-kernel option',
  ].join(',');
  const out = [...document.querySelectorAll(sel)].map((e, i) => ({
    i,
    key: e.dataset.i18n || e.dataset.i18nHtml || e.id || e.className || e.tagName,
    text: textOf(e),
  }));
  for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) {
      if (e.hasAttribute(a))
        out.push({ i: out.length, key: `${a}@${e.id || e.tagName}`, text: e.getAttribute(a) });
    }
  }
  return out;
}

/** Text without formulas, numbers and names that stay the same in both languages. */
const WORDS =
  /\b(?!(?:Nadaraya|Watson|Epanechnikov|Epanechikov|Silverman|Chart|KaTeX|WebAssembly|Eigen|Transformer|softmax|selectBandwidth|MSE|PNG|CSV|LOO|SGD|nadaraya|watson|js|exp|cos|English)\b)[A-Za-z]{3,}\b/;

test('i18n: switching to Chinese changes every visible string, and back', TIMEOUT, async () => {
  const page = await open(served('#lang=en'));
  try {
    await renderAll(page);
    const en = await page.evaluate(textBlocks);
    await page.selectOption('#control-lang', 'zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await h.waitReady(page);
    await waitHash(page, (hash) => hash.includes('lang=zh'), 'took lang=zh');
    const zh = await page.evaluate(textBlocks);
    assert.equal(zh.length, en.length, 'same blocks in both languages');
    const unchanged = en
      .filter((b, i) => WORDS.test(b.text) && zh[i].text === b.text)
      .map((b) => `${b.key}: ${b.text}`);
    assert.deepEqual(unchanged, [], 'strings that did not change');
    const english = zh
      .filter((b) => /\b(the|and|of|with|from|to|is|are)\b/.test(b.text.replace(/<[^>]*>/g, '')))
      .map((b) => `${b.key}: ${b.text}`);
    assert.deepEqual(english, [], 'English words left in the Chinese page');
    await h.saveScreenshot(page, 'course-zh-1280');

    await page.selectOption('#control-lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await h.waitReady(page);
    const back = await page.evaluate(textBlocks);
    assert.deepEqual(
      back.map((b) => b.key),
      en.map((b) => b.key),
    );
    h.assertClean(page);
  } finally {
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Accessibility

const axeSource = () => fs.readFileSync(AXE, 'utf8');

for (const lang of ['en', 'zh']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`a11y (${lang}, ${colorScheme}): axe-core finds no violation`, TIMEOUT, async (t) => {
      const page = await open(served(`#lang=${lang}`), { colorScheme });
      try {
        await renderAll(page);
        // Evaluated through the debugger protocol: the page's CSP (no inline script) allows it,
        // where page.addScriptTag would insert an inline <script> that the CSP blocks.
        await page.evaluate(axeSource());
        const result = await page.evaluate(() =>
          window.axe.run(document, {
            resultTypes: ['violations'],
            rules: { 'color-contrast': { enabled: true } },
          }),
        );
        const lines = result.violations.flatMap((v) =>
          v.nodes
            .slice(0, 5)
            .map(
              (n) =>
                `${v.id} (${v.impact}): ${n.target.join(' ')} - ${n.failureSummary.split('\n')[1] ?? ''}`,
            ),
        );
        t.diagnostic(`axe ${result.violations.length} violations; ${lines.length} nodes listed`);
        assert.deepEqual(lines, [], 'axe violations');
      } finally {
        await page.close();
      }
    });
  }
}

test(
  'a11y: every control has a name and is reachable by Tab, with a visible focus ring',
  TIMEOUT,
  async () => {
    const page = await open(served());
    try {
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, button, textarea, summary, canvas[tabindex]')]
          .filter((e) => e.checkVisibility())
          .filter((e) => {
            const name =
              e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent;
            const by = e.getAttribute('aria-labelledby');
            return (
              !(name && name.trim()) && !(by && document.getElementById(by)?.textContent.trim())
            );
          })
          .map((e) => e.id || e.outerHTML.slice(0, 60)),
      );
      assert.deepEqual(unnamed, []);
      // Tab from the top: the focus ring (outline) shows on the first controls.
      const seen = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        seen.push(
          await page.evaluate(() => {
            const e = document.activeElement;
            const s = getComputedStyle(e);
            return {
              id: e.id || e.tagName,
              outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
            };
          }),
        );
      }
      assert.ok(
        seen.some((s) => s.id === 'control-lang'),
        'language switch reachable',
      );
      assert.ok(
        seen.some((s) => s.id === 'btn-new-data'),
        'New data reachable',
      );
      assert.deepEqual(
        seen.filter((s) => !s.outline).map((s) => s.id),
        [],
        'focus without a visible ring',
      );
    } finally {
      await page.close();
    }
  },
);

test(
  'a11y: charts have text summaries (prediction error, strongest attention)',
  TIMEOUT,
  async () => {
    const page = await open(served('#h=0.5'));
    try {
      const summary = (chart) =>
        page.evaluate((c) => {
          const canvas = document.querySelector(`canvas[data-chart="${c}"]`);
          return (
            document.getElementById(canvas.getAttribute('aria-describedby'))?.textContent ?? ''
          );
        }, chart);
      assert.match(
        await summary('heatmap'),
        /strongest attention for x = 2\.5 goes to the key at [\d.]+ \(weight [\d.]+\)/,
      );
      assert.match(await summary('heatmap-prediction'), /Prediction error \(test MSE\) [\d.]+\./);
      assert.match(await summary('data'), /Training data: 50 points/);
    } finally {
      await page.close();
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Screens, themes, print

for (const width of [375, 1440]) {
  for (const colorScheme of ['light', 'dark']) {
    test(
      `screen ${width} px, ${colorScheme}: no horizontal scroll; screenshot`,
      TIMEOUT,
      async (t) => {
        const page = await open(served(), {
          viewport: { width, height: 900 },
          colorScheme,
          reducedMotion: 'reduce',
        });
        try {
          await renderAll(page);
          await h.waitReady(page);
          const { scroll, inner, bg } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            bg: getComputedStyle(document.body).backgroundColor,
          }));
          assert.ok(scroll <= inner, `page is ${scroll} px wide in a ${inner} px window`);
          const [r, g, b] = bg.match(/\d+/g).map(Number);
          const light = (r + g + b) / 3 > 128;
          assert.equal(light, colorScheme === 'light', `background ${bg}`);
          await h.assertChartsInked(page, { what: `${width} px, ${colorScheme}` });
          t.diagnostic(
            `screenshot: ${await h.saveScreenshot(page, `course-${width}-${colorScheme}`)}`,
          );
          h.assertClean(page);
        } finally {
          await page.close();
        }
      },
    );
  }
}

test('print: the figures print, the controls do not', TIMEOUT, async () => {
  const page = await open(served());
  try {
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => ({
      controls: getComputedStyle(document.getElementById('controls')).display,
      tools: [...document.querySelectorAll('.fig-tools')].every(
        (e) => getComputedStyle(e).display === 'none',
      ),
      visibility: getComputedStyle(document.getElementById('section-consistency'))
        .contentVisibility,
      charts: [...document.querySelectorAll('canvas[data-chart]')].filter(
        (c) => c.getBoundingClientRect().width > 0,
      ).length,
      total: document.querySelectorAll('canvas[data-chart]').length,
    }));
    assert.equal(r.controls, 'none');
    assert.ok(r.tools);
    assert.equal(r.visibility, 'visible');
    assert.equal(r.charts, r.total, 'every chart is laid out for print');
  } finally {
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Export

/** Parses a CSV of numbers (first row: header). */
function parseCsv(text) {
  const [head, ...rows] = text.trim().split('\n');
  return { header: head.split(','), rows: rows.map((r) => r.split(',').map(Number)) };
}

/** Opens a figure's menu, clicks `label` and returns the downloaded file's name and content. */
async function download(page, figureId, label) {
  const fig = page.locator(`figure[data-figure="${figureId}"]`);
  await fig.locator('summary').click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    fig.getByRole('button', { name: label }).click(),
  ]);
  const file = await dl.path();
  await fig.locator('summary').click(); // close the menu
  return { name: dl.suggestedFilename(), content: fs.readFileSync(file) };
}

for (const [mode, url] of [
  ['served', served],
  ['file', fileUrl],
]) {
  test(
    `export (${mode}): CSV of data, predictions and attention equal the API; PNG`,
    TIMEOUT,
    async () => {
      const page = await open(url('#seed=5&kernel=epanechnikov&h=0.37'));
      try {
        const expected = await page.evaluate(() => {
          const p = window.__nwPage;
          const { x, y } = p.data();
          const q = p.queries();
          const opts = { kernel: 'epanechnikov', bandwidth: 0.37 };
          const gen = p.nw.generateData({ n: 50, noise: 0.5, seed: 5 });
          return {
            x,
            y,
            gx: Array.from(gen.x),
            gy: Array.from(gen.y),
            q,
            pred: Array.from(p.nw.predict(q, x, y, opts)),
            att: Array.from(p.nw.attentionWeights(q, x, opts).data),
          };
        });
        assert.deepEqual(expected.x, expected.gx, 'the page shows generateData');

        const data = await download(page, 'data', /^Data \(CSV\)$/);
        assert.equal(data.name, 'data-seed5.csv');
        const d = parseCsv(data.content.toString('utf8'));
        assert.deepEqual(d.header, ['x', 'y']);
        assert.deepEqual(
          d.rows.map((r) => r[0]),
          expected.gx,
        );
        assert.deepEqual(
          d.rows.map((r) => r[1]),
          expected.gy,
        );

        const pred = await download(page, 'heatmap-prediction', /^Predictions \(CSV\)$/);
        const p = parseCsv(pred.content.toString('utf8'));
        assert.deepEqual(p.header, ['query', 'prediction']);
        assert.deepEqual(
          p.rows.map((r) => r[0]),
          expected.q,
        );
        assert.deepEqual(
          p.rows.map((r) => r[1]),
          expected.pred,
        );

        const att = await download(page, 'heatmap', /^Attention matrix \(CSV\)$/);
        const a = parseCsv(att.content.toString('utf8'));
        assert.equal(a.header[0], 'query\\key');
        assert.deepEqual(a.header.slice(1).map(Number), expected.x);
        assert.equal(a.rows.length, 50);
        assert.deepEqual(
          a.rows.map((r) => r[0]),
          expected.q,
        );
        assert.deepEqual(
          a.rows.flatMap((r) => r.slice(1)),
          expected.att,
        );

        const png = await download(page, 'heatmap', /^Image \(PNG\)$/);
        assert.equal(png.name, 'heatmap.png');
        assert.deepEqual(
          [...png.content.subarray(0, 8)],
          [137, 80, 78, 71, 13, 10, 26, 10],
          'PNG signature',
        );
        assert.ok(png.content.length > 5000, `PNG of ${png.content.length} bytes`);
        h.assertClean(page);
      } finally {
        await page.close();
      }
    },
  );
}
