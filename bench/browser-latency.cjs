'use strict';
// Browser benchmark of the tutorial page (issues 4 and 6), run by hand after a build:
//
//   node bench/browser-latency.cjs [--samples 50] [--loads 5] [--sizes 50,2000,100000]
//
// Prints, for two sets of Chromium flags (the tests' defaults, and the same with
// --disable-gpu-vsync --disable-frame-rate-limit, which stop headless Chromium from pacing frames):
//   1. slider-to-paint latency, p50 / p95 / max, at each n: the bandwidth slider moved through
//      `samples` values (log10 h from -1.5 to 0.5) with the heatmap section in view, back to back
//      like a drag. One sample = from dispatching the `input` event to the first painted frame
//      that shows the new fit (the inspector's prediction changed: the visible figures were
//      redrawn), detected by requestAnimationFrame followed by a MessageChannel message (which
//      runs after that frame's paint). Also the page's own `redraw` User Timing (main-thread work
//      of the visible figures per frame).
//   2. time from navigation to the controls being bound (User Timing mark "controls"), to the
//      first figure drawn ("first figure") and to the first complete page (<html
//      data-ready="true">), served over http, fresh tab, nothing cached (the server sends
//      no-store): median and range of `loads`. Then (default flags only) the same for a returning
//      learner: a server whose responses may be cached (REVISIT_CACHE), the same browser profile,
//      two loads to fill its caches (the HTTP cache, then V8's code cache of the scripts, which
//      Chromium writes at a script's second load), then `loads` timed ones. A first visit is
//      the target's measure; this one says what caching headers give a host's returning readers.
//   3. total bytes of a first visit: every response body, raw and gzip (zlib level 9); also with
//      each URL counted once (what a host with an HTTP cache sends).
//      With them (Linux: /proc), the CPU time the browser spent on each first load, every thread of
//      every browser process from navigation to ready, by kind of thread: the main threads (the
//      page's, the browser's and the GPU process's), the page's workers, and the thread pool
//      (V8's background compilers of JS and WebAssembly, its garbage collector, script streaming;
//      bench/wasm-tier-up.cjs says which WebAssembly functions it compiles, with what memory).
//      On a machine with c cores, a load that takes t ms of CPU cannot be ready before t / c ms.
//      And the page faults of those threads (/proc minflt: pages touched for the first time), with,
//      in the first line, what one costs on this machine (freshPageMicros): hosts differ widely.
//      And (default flags) this host's floor under those times, loaded in the same rounds as the
//      tutorial's timed loads (floorPages): an empty page's first painted frame, and a page that
//      only loads the module (its load() resolved), beside the tutorial's own module loaded.
//   4. (default flags only; --landing 0 skips it) a learner following a link to one section
//      (index.html#section-...): from navigation to that section's figures being complete (the
//      page's User Timing mark "drawn <id>", jobs included), median of `landing` loads per section.
//   5. last, issue 11's page targets (bench/targets.cjs, the one table of them) beside this run's
//      values (the default flags'), each met or missed.
// n is set through the URL hash (#n=...); the page clamps it to its maximum, and the table shows
// the n the page actually used.

const fs = require('node:fs');
const zlib = require('node:zlib');
const os = require('node:os');
const path = require('node:path');
const h = require('../tests/browser/harness.cjs');
const { printTargets } = require('./targets.cjs');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SAMPLES = Number(opt('samples', 50));
const WARMUP = 10;
const LOADS = Number(opt('loads', 5));
const SIZES = opt('sizes', '50,2000,100000').split(',').map(Number);
const LANDING = Number(opt('landing', 3));
/** The returning learner's server: responses cacheable for an hour (part 2). */
const REVISIT_CACHE = 'max-age=3600';
/** Loads that fill the returning learner's caches before the timed ones. */
const REVISIT_WARM = 2;
const FLAG_SETS = [
  { label: 'default flags (--disable-gpu)', args: [] },
  {
    label: '+ --disable-gpu-vsync --disable-frame-rate-limit',
    args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'],
  },
];

/** q-quantile (nearest rank) of numbers. */
function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/**
 * CPU time (ms, user + system) of every thread of the browser's processes so far, by
 * "pid:tid" -> {kind, ms}; null where /proc cannot tell (not Linux).
 */
function browserCpu() {
  if (!fs.existsSync('/proc/self/task')) return null;
  const tick = 1000 / 100; // USER_HZ: 100 on Linux
  const out = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!/chrom|headless/i.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const kind = /^DedicatedWorker/.test(name)
          ? 'workers'
          : /^ThreadPool/.test(name)
            ? 'thread pool'
            : /chrom|headless/i.test(name)
              ? 'main threads'
              : 'other';
        // minflt (field 10 of stat): pages the thread touched for the first time, or that came back.
        out.set(`${pid}:${tid}`, {
          kind,
          ms: (Number(f[11]) + Number(f[12])) * tick,
          faults: Number(f[7]),
        });
      }
    } catch {
      // a process or thread that ended meanwhile
    }
  }
  return out;
}

/**
 * CPU ms per kind of thread between two browserCpu() snapshots, and their total; `faults` the same
 * for the page faults (by kind and `total`).
 */
function cpuBetween(a, b) {
  if (!a || !b) return null;
  const by = { total: 0, faults: { total: 0 } };
  for (const [key, v] of b) {
    const faults = v.faults - (a.get(key)?.faults ?? 0);
    if (faults > 0) {
      by.faults[v.kind] = (by.faults[v.kind] ?? 0) + faults;
      by.faults.total += faults;
    }
    const d = v.ms - (a.get(key)?.ms ?? 0);
    if (d <= 0) continue;
    by[v.kind] = (by[v.kind] ?? 0) + d;
    by.total += d;
  }
  return by;
}

/**
 * Microseconds this machine takes to hand a process a fresh 4 KB page (the first write to memory
 * just allocated: a page fault and the page's zeroing), median of 5 rounds of 64 MB; null where
 * it cannot tell. Hosts differ by 50x here (0.2-13 us measured), and a first load of the page
 * touches some 200 MB: part of why the same build loads in 1 s on one machine and 2 s on another.
 */
function freshPageMicros() {
  const PAGE = 4096;
  const bytes = 64 << 20;
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    const a = new Uint8Array(bytes); // zeroed lazily by the system: no page is touched yet
    for (let i = 0; i < bytes; i += PAGE) a[i] = 1;
    rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / (bytes / PAGE));
  }
  return quantile(rounds, 0.5);
}

const ms = (v) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(1));
/** The range of some loads' times, as the lines print it: "min-max" (ms). */
const span = (v) => `${ms(Math.min(...v))}-${ms(Math.max(...v))}`;
/** One measure (controls, first, ready, ...) of every timed load. */
const column = (times, key) => times.map((x) => x[key]);
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;

/** Init script: records performance.now() when <html data-ready> first becomes "true". */
function readyClock() {
  const mark = () => {
    if (document.documentElement.dataset.ready === 'true' && !window.__nwReadyAt) {
      Object.defineProperty(window, '__nwReadyAt', { value: performance.now(), enumerable: false });
    }
  };
  new MutationObserver(mark).observe(document, {
    attributes: true,
    subtree: true,
    attributeFilter: ['data-ready'],
  });
}

/**
 * In the page: moves the bandwidth slider through `values`; for each, the time from the input
 * event to the paint of the frame that shows the new prediction. Returns {latencies, redraws}.
 */
async function sliderRun(values) {
  const el = document.querySelector('#control-bandwidth');
  const out = document.querySelector('#inspector');
  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      }),
    );
  const latencies = [];
  performance.clearMeasures('redraw');
  for (const v of values) {
    const before = out.dataset.prediction;
    const t0 = performance.now();
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    let t1 = await afterPaint();
    // If the figures update asynchronously (a worker), wait for the frame that shows them.
    while (out.dataset.prediction === before && t1 - t0 < 5000) t1 = await afterPaint();
    latencies.push(t1 - t0);
  }
  const redraws = performance.getEntriesByName('redraw').map((e) => e.duration);
  return { latencies, redraws };
}

async function sliderLatency(browser, server, n) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  try {
    await page.goto(`${server.url}index.html#n=${n}`);
    await h.waitReady(page, { timeout: 180_000 });
    await page.locator('#section-heatmap').scrollIntoViewIfNeeded();
    await h.waitReady(page, { timeout: 180_000 });
    const used = await page.evaluate(() => window.__nwPage.data().x.length);
    const values = (k, offset) =>
      Array.from({ length: k }, (_, i) => (-1.5 + (2 * ((i * 37 + offset) % k)) / k).toFixed(2));
    await page.evaluate(sliderRun, values(WARMUP, 3));
    await h.waitReady(page, { timeout: 180_000 });
    const r = await page.evaluate(sliderRun, values(SAMPLES, 0));
    h.assertClean(page, `n = ${n}`);
    return { asked: n, used, ...r };
  } finally {
    await page.close();
  }
}

/**
 * Two pages that say what this host's browser takes before the tutorial does anything of its own,
 * written into a temporary directory beside a copy of the module: floor-empty.html (one paragraph;
 * marks "floor" once its first frame is painted: an animation frame, then a task) and
 * floor-module.html (only nadaraya-watson.js, loaded as index.html loads it; marks "floor" when
 * NadarayaWatson.load() resolves, as main.js's "load module" measure ends). Returns the directory.
 */
function floorPages() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-floor-'));
  fs.copyFileSync(
    path.join(h.DIST_DIR, 'nadaraya-watson.js'),
    path.join(dir, 'nadaraya-watson.js'),
  );
  const page = (title, scripts) =>
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `${scripts}<script src="floor.js" defer></script></head><body><p>${title}</p></body></html>\n`;
  fs.writeFileSync(path.join(dir, 'floor-empty.html'), page('floor: empty', ''));
  fs.writeFileSync(
    path.join(dir, 'floor-module.html'),
    page('floor: module', '<script src="nadaraya-watson.js" data-load="eager" defer></script>'),
  );
  fs.writeFileSync(
    path.join(dir, 'floor.js'),
    "const mark = () => performance.mark('floor');\n" +
      'if (window.NadarayaWatson) window.NadarayaWatson.load().then(mark);\n' +
      'else requestAnimationFrame(() => setTimeout(mark));\n',
  );
  return dir;
}

/** Loads a floor page (floorPages) in a new tab; ms from navigation to its "floor" mark. */
async function floorLoad(browser, server, name) {
  const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
  try {
    await page.goto(`${server.url}${name}`);
    const at = await page.waitForFunction(
      () => performance.getEntriesByName('floor', 'mark')[0]?.startTime,
      null,
      { timeout: 60_000 },
    );
    h.assertClean(page, name);
    return await at.jsonValue();
  } finally {
    await page.close();
  }
}

/**
 * Loads index.html `warm` + LOADS times, each in a new tab: the first `warm` are not timed (load
 * 0 records the response bodies: reading them through the driver slows the page).
 */
async function firstLoads(browser, server, { warm = 1, floor = null } = {}) {
  const times = [];
  let bytes = null;
  for (let i = 0; i < warm + LOADS; i += 1) {
    const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
    await page.addInitScript(readyClock);
    const bodies = [];
    if (i === 0)
      page.on('response', (res) => {
        bodies.push(
          res.body().then(
            (b) => ({ url: res.url(), raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }),
            () => ({ url: res.url(), raw: 0, gzip: 0 }),
          ),
        );
      });
    try {
      const cpu0 = i >= warm ? browserCpu() : null;
      await page.goto(`${server.url}index.html`);
      await h.waitReady(page, { timeout: 180_000 });
      const cpu = cpuBetween(cpu0, browserCpu());
      const nav = await page.evaluate(() => {
        const e = performance.getEntriesByType('navigation')[0];
        const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
        return {
          ready: window.__nwReadyAt,
          dcl: e.domContentLoadedEventEnd,
          load: e.loadEventEnd,
          controls: mark('controls'),
          first: mark('first figure'),
          module: ((e) => e && e.startTime + e.duration)(
            performance.getEntriesByName('load module', 'measure')[0],
          ),
        };
      });
      if (i >= warm) times.push({ ...nav, cpu });
      if (!bytes) bytes = await Promise.all(bodies);
      h.assertClean(page, 'first load');
    } finally {
      await page.close();
    }
    // The floor pages in the same round, so that they share the host's stretch of speed.
    if (floor && i >= warm) {
      const t = times[times.length - 1];
      t.floorEmpty = await floorLoad(browser, floor, 'floor-empty.html');
      t.floorModule = await floorLoad(browser, floor, 'floor-module.html');
    }
  }
  return { times, bytes };
}

/** Part 4: for each section, loads index.html#<id> `LANDING` times; the median time to "drawn <id>". */
async function landings(browser, server) {
  const probe = await h.openPage(browser, { allowedOrigins: [server.origin] });
  await probe.goto(`${server.url}index.html`);
  await h.waitReady(probe, { timeout: 180_000 });
  // The sections the page marks (those with figures), in the order they were drawn.
  const ids = await probe.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((e) => e.name.startsWith('drawn '))
      .map((e) => e.name.slice('drawn '.length)),
  );
  await probe.close();
  const rows = [];
  for (const id of ids) {
    const times = [];
    for (let i = 0; i < LANDING; i += 1) {
      const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
      try {
        await page.goto(`${server.url}index.html#${id}`);
        const handle = await page.waitForFunction(
          (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime,
          `drawn ${id}`,
          { timeout: 60_000 },
        );
        times.push(await handle.jsonValue());
        await h.waitReady(page, { timeout: 180_000 });
        h.assertClean(page, `landing on #${id}`);
      } finally {
        await page.close();
      }
    }
    rows.push({ id, times });
  }
  return rows;
}

function printSlider(rows) {
  console.log(
    '  n asked   n used   p50 ms   p95 ms   max ms   redraw p50 / p95 ms (main-thread work per frame)',
  );
  for (const r of rows) {
    const l = r.latencies;
    console.log(
      `  ${String(r.asked).padStart(7)}  ${String(r.used).padStart(7)}  ${ms(quantile(l, 0.5)).padStart(7)}  ${ms(quantile(l, 0.95)).padStart(7)}  ` +
        `${ms(Math.max(...l)).padStart(7)}   ${ms(quantile(r.redraws, 0.5))} / ${ms(quantile(r.redraws, 0.95))}`,
    );
  }
  for (const r of rows.filter((x) => x.used !== x.asked)) {
    console.log(
      `  note: the page did not take n = ${r.asked} from the URL (it used n = ${r.used}): not measurable yet`,
    );
  }
}

async function main() {
  const server = await h.startServer();
  console.log(
    `browser benchmark: ${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), ` +
      `load average ${os
        .loadavg()
        .map((v) => v.toFixed(2))
        .join(
          ' ',
        )}; a fresh 4 KB page costs ${freshPageMicros().toFixed(2)} us to touch (Node, 64 MB)`,
  );
  console.log(
    `dist: ${h.DIST_DIR}; ${SAMPLES} slider values (+${WARMUP} warm-up) per n; ${LOADS} first loads; viewport 1280x900`,
  );
  // This run's measurements of issue 11's page targets (bench/targets.cjs), printed at the end:
  // the default flags' (the tests' own); the second set's redraw p95 in a note.
  const targets = new Map();
  try {
    for (const flags of FLAG_SETS) {
      const browser = await h.launchBrowser({ args: flags.args });
      try {
        console.log(`\n== ${flags.label}`);
        console.log('slider -> painted frame with the new fit (heatmap section in view):');
        const rows = [];
        for (const n of SIZES) rows.push(await sliderLatency(browser, server, n));
        printSlider(rows);
        const at2000 = rows.find((r) => r.used === 2000);
        if (at2000) {
          const p95 = quantile(at2000.redraws, 0.95);
          if (flags === FLAG_SETS[0]) targets.set('redraw-p95', { value: p95 });
          else if (targets.has('redraw-p95')) {
            targets.get('redraw-p95').note = `${ms(p95)} ms without frame pacing`;
          }
        }
        const floorDir = flags === FLAG_SETS[0] ? floorPages() : null;
        const floor = floorDir ? await h.startServer({ root: floorDir }) : null;
        let loads;
        try {
          loads = await firstLoads(browser, server, { floor });
        } finally {
          await floor?.close();
          if (floorDir) fs.rmSync(floorDir, { recursive: true, force: true });
        }
        const { times, bytes } = loads;
        if (flags === FLAG_SETS[0] && times.length) {
          for (const [id, key] of [
            ['controls', 'controls'],
            ['first-figure', 'first'],
            ['ready', 'ready'],
          ]) {
            const v = column(times, key);
            targets.set(id, { value: quantile(v, 0.5), note: `${span(v)} over ${v.length} loads` });
          }
        }
        const median = (key) => ms(quantile(column(times, key), 0.5));
        const range = (key) => span(column(times, key));
        console.log(
          `navigation -> controls bound: median ${median('controls')} ms (${range('controls')}); ` +
            `-> first figure drawn: median ${median('first')} ms (${range('first')})`,
        );
        console.log(
          `navigation -> data-ready="true" (served, fresh tab): median ${median('ready')} ms ` +
            `(${range('ready')}); ` +
            `DOMContentLoaded median ${median('dcl')} ms, load median ${median('load')} ms`,
        );
        if (floorDir) {
          console.log(
            `this host's floor (the same rounds): an empty page painted at median ${median('floorEmpty')} ms ` +
              `(${range('floorEmpty')}); a page that only loads the module has it at ${median('floorModule')} ms ` +
              `(${range('floorModule')}), the tutorial at ${median('module')} ms (${range('module')})`,
          );
        }
        const cpus = times.map((x) => x.cpu).filter(Boolean);
        if (cpus.length) {
          const kinds = ['main threads', 'workers', 'thread pool', 'other'];
          const med = (k) =>
            quantile(
              cpus.map((c) => c[k] ?? 0),
              0.5,
            ).toFixed(0);
          console.log(
            `CPU of a first load (every browser thread, navigation -> ready; /proc, 10 ms ticks): ` +
              `median ${med('total')} ms on ${os.cpus().length} CPUs = ${kinds.map((k) => `${k} ${med(k)}`).join(', ')}`,
          );
          const faults = (k) =>
            quantile(
              cpus.map((c) => c.faults[k] ?? 0),
              0.5,
            ).toFixed(0);
          console.log(
            `page faults of a first load (/proc minflt): median ${faults('total')} = ` +
              kinds.map((k) => `${k} ${faults(k)}`).join(', '),
          );
        }
        if (flags === FLAG_SETS[0]) {
          const cached = await h.startServer({ cacheControl: REVISIT_CACHE });
          try {
            const again = (await firstLoads(browser, cached, { warm: REVISIT_WARM })).times;
            const stat = (key) => {
              const v = column(again, key);
              return `median ${ms(quantile(v, 0.5))} ms (${span(v)})`;
            };
            console.log(
              `a returning learner (Cache-Control: ${REVISIT_CACHE}; loads ${REVISIT_WARM + 1}-` +
                `${REVISIT_WARM + LOADS} in one profile): controls bound ${stat('controls')}; ` +
                `first figure ${stat('first')}; data-ready ${stat('ready')}`,
            );
          } finally {
            await cached.close();
          }
        }
        if (flags === FLAG_SETS[0] && LANDING > 0) {
          console.log(
            `landing on a section (index.html#id): navigation -> its figures complete, median of ${LANDING} loads:`,
          );
          const rows = await landings(browser, server);
          for (const r of rows) {
            const v = r.times;
            console.log(
              `  ${r.id.padEnd(30)} ${ms(quantile(v, 0.5)).padStart(8)} ms  (${span(v)})`,
            );
          }
          const worst = rows.reduce((a, b) =>
            quantile(b.times, 0.5) > quantile(a.times, 0.5) ? b : a,
          );
          console.log(`  slowest: ${worst.id}, median ${ms(quantile(worst.times, 0.5))} ms`);
        }
        if (flags === FLAG_SETS[0]) {
          console.log('first visit, response bodies:');
          for (const b of bytes) {
            const name = b.url.startsWith(server.url)
              ? b.url.slice(server.url.length)
              : b.url.slice(0, 60);
            console.log(
              `  ${name.padEnd(24)} ${kb(b.raw).padStart(10)} raw  ${kb(b.gzip).padStart(10)} gzip`,
            );
          }
          const raw = bytes.reduce((s, b) => s + b.raw, 0);
          const gz = bytes.reduce((s, b) => s + b.gzip, 0);
          console.log(
            `  ${'total'.padEnd(24)} ${kb(raw).padStart(10)} raw  ${kb(gz).padStart(10)} gzip  (${bytes.length} responses)`,
          );
          // The test server sends no-store; a host with an HTTP cache serves a URL fetched twice
          // (the page's module and the worker's importScripts) once.
          const unique = [...new Map(bytes.map((b) => [b.url, b])).values()];
          if (unique.length < bytes.length) {
            const uraw = unique.reduce((s, b) => s + b.raw, 0);
            const ugz = unique.reduce((s, b) => s + b.gzip, 0);
            console.log(
              `  ${'total, each URL once'.padEnd(24)} ${kb(uraw).padStart(10)} raw  ${kb(ugz).padStart(10)} gzip  (${unique.length} URLs)`,
            );
          }
        }
      } finally {
        await browser.close();
      }
    }
    printTargets('browser', targets);
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
