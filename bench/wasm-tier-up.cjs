'use strict';
// What V8's optimising compiler (TurboFan, WebAssembly's top tier) does during a first load of the
// tutorial page, run by hand after a build:
//
//   node bench/wasm-tier-up.cjs [--loads 3] [--top 10] [--dist dist]
//
// The page's module starts in V8's baseline compiler (Liftoff); a function that runs long enough
// is compiled again by TurboFan on the thread pool, which shares the machine's cores with the page
// and its workers while the page loads. browser-latency.cjs counts that pool's CPU time and page
// faults; this says which functions cause them. Each load runs in a fresh browser (a browser can
// keep a compiled module across its tabs), with V8's --trace-wasm-compilation-times, from
// navigation to <html data-ready="true">. Prints, per load and as medians: the functions compiled
// by TurboFan and their share of the module's code, the compile time V8 reports (wall time on a
// thread that shares the cores, so it grows with the load on them), and the compiler's memory
// (its zone bytes: memory the compiles allocate, which the allocator may have to fault in); then
// the functions that cost the most memory: by index in the module, and by name when the module
// has a name section (a build configured with -DNW_WASM_FUNCTION_NAMES=ON, which links with
// --profiling-funcs: the same functions in another order, whose loads compiled the same 111 KB
// with the same memory as the shipped module's):
//   cmake --preset wasm -B build/wasm-names -DNW_WASM_FUNCTION_NAMES=ON
//   cmake --build build/wasm-names -j2 && mkdir -p /tmp/named && cp -r dist/. /tmp/named/
//   cp build/wasm-names/nadaraya-watson.js /tmp/named/
//   node bench/wasm-tier-up.cjs --dist /tmp/named
// Chromium writes V8's trace to its stdout, which Playwright shows only through its debug log
// (DEBUG=pw:browser, on stderr): this script runs itself in a child process to read it.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const LOADS = Number(opt('loads', 3));
const TOP = Number(opt('top', 10));
const DIST = path.resolve(opt('dist', path.join(__dirname, '..', 'dist')));
/** Lines the child writes around each load (stderr, in order with the browser's output). */
const START = 'wasm-tier-up: load start';
const END = 'wasm-tier-up: load end';
/** After ready, this long for the browser's last lines to arrive. */
const DRAIN_MS = 500;

/**
 * The sizes of the function bodies of a WebAssembly binary (its code section), the number of
 * functions it imports (they come first in the index space) and the names of its name section
 * (index -> name; empty without one).
 */
function readModule(bytes) {
  let at = 8; // magic and version
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const text = (length) => Buffer.from(bytes.subarray(at, (at += length))).toString('utf8');
  const out = { sizes: [], imports: 0, names: new Map() };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      // imports: module name, field name, kind (0: a function, then its type index), description
      for (let k = leb(); k > 0; k--) {
        text(leb());
        text(leb());
        const kind = bytes[at++];
        if (kind === 0) {
          out.imports++;
          leb();
        } else if (kind === 1) {
          at++; // table: element type, then limits
          if (bytes[at++] & 1) leb();
          leb();
        } else if (kind === 2) {
          if (bytes[at++] & 1) leb(); // memory limits
          leb();
        } else if (kind === 3) {
          at += 2; // global: value type, mutability
        } else {
          at++; // tag: attribute, then its type index
          leb();
        }
      }
    } else if (id === 10) {
      for (let k = leb(); k > 0; k--) {
        const s = leb();
        out.sizes.push(s);
        at += s;
      }
    } else if (id === 0 && text(leb()) === 'name') {
      while (at < end) {
        const sub = bytes[at++];
        const subEnd = leb() + at;
        if (sub === 1) for (let k = leb(); k > 0; k--) out.names.set(leb(), text(leb()));
        at = subEnd;
      }
    }
    at = end;
  }
  return out;
}

/** The module embedded in dist/nadaraya-watson.js. */
function embeddedModule() {
  const text = fs.readFileSync(path.join(DIST, 'nadaraya-watson.js'), 'utf8');
  const m = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(text);
  if (!m) throw new Error('dist/nadaraya-watson.js embeds no module: run bash scripts/build.sh');
  return new Uint8Array(Buffer.from(m[1], 'base64'));
}

async function child() {
  const h = require('../tests/browser/harness.cjs');
  const server = await h.startServer({ root: DIST });
  try {
    for (let i = 0; i < LOADS; i++) {
      const browser = await h.launchBrowser({
        args: ['--js-flags=--trace-wasm-compilation-times'],
      });
      try {
        const page = await h.openPage(browser, { allowedOrigins: [server.origin] });
        process.stderr.write(`${START}\n`);
        await page.goto(`${server.url}index.html`);
        await h.waitReady(page, { timeout: 180000 });
        await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
        process.stderr.write(`${END}\n`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];

async function parent() {
  const { sizes, names } = readModule(embeddedModule());
  const codeBytes = sizes.reduce((s, b) => s + b, 0);
  const out = await new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [__filename, '--child', ...args], {
      env: { ...process.env, DEBUG: 'pw:browser' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let text = '';
    c.stderr.on('data', (d) => (text += d));
    c.on('error', reject);
    c.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`child: ${code}\n${text.slice(-2000)}`)),
    );
  });
  // "Compiled function 0x...#<index> using TurboFan, took <us> μs and <max> / <total> max/total
  // bytes; bodysize <b> codesize <c> ..." (index: imports first, then the module's own functions)
  // Liftoff's lines have "took <us> μs and <bytes> bytes; bodysize ...".
  const re =
    /#(\d+) using (TurboFan|Liftoff), took (\d+) \S+ and (?:\d+ \/ )?(\d+) (?:max\/total )?bytes; bodysize (\d+)/;
  const loads = [];
  let cur = null;
  for (const line of out.split('\n')) {
    if (line.includes(START)) cur = { turbofan: [], liftoff: 0 };
    else if (line.includes(END)) {
      if (cur) loads.push(cur);
      cur = null;
    } else if (cur) {
      const m = re.exec(line);
      if (m && m[2] === 'Liftoff') cur.liftoff++;
      else if (m) cur.turbofan.push({ index: +m[1], us: +m[3], zone: +m[4], body: +m[5] });
    }
  }
  if (!loads.length) throw new Error('no load was traced');
  console.log(
    `wasm tier-up, first loads of ${DIST} in a fresh browser each: ${new Date().toISOString()}; module: ${sizes.length} functions, ${(codeBytes / 1024).toFixed(0)} KB of code${names.size ? ', with names' : ''}`,
  );
  const rows = loads.map((l) => ({
    fns: l.turbofan.length,
    body: l.turbofan.reduce((s, f) => s + f.body, 0),
    ms: l.turbofan.reduce((s, f) => s + f.us, 0) / 1000,
    zone: l.turbofan.reduce((s, f) => s + f.zone, 0),
    liftoff: l.liftoff,
  }));
  const line = (r) =>
    `TurboFan ${r.fns} functions, ${(r.body / 1024).toFixed(0)} KB of code (${((100 * r.body) / codeBytes).toFixed(0)}%), ${r.ms.toFixed(0)} ms reported, compiler memory ${(r.zone / 2 ** 20).toFixed(1)} MB (${Math.round(r.zone / 4096)} pages of 4 KB); Liftoff ${r.liftoff} functions (lazily)`;
  rows.forEach((r, i) => console.log(`  load ${i + 1}: ${line(r)}`));
  const med = {};
  for (const k of Object.keys(rows[0])) med[k] = median(rows.map((r) => r[k]));
  console.log(`  median: ${line(med)}`);
  const last = loads[loads.length - 1].turbofan;
  console.log(
    `functions by compiler memory (load ${loads.length}): index, body bytes, memory, reported time${names.size ? ', name' : ''}`,
  );
  for (const f of [...last].sort((a, b) => b.zone - a.zone).slice(0, TOP)) {
    const name = names.get(f.index);
    console.log(
      `  #${String(f.index).padEnd(5)} ${String(f.body).padStart(6)} B  ${(f.zone / 2 ** 20).toFixed(1).padStart(5)} MB  ${(f.us / 1000).toFixed(0).padStart(5)} ms${name ? `  ${name.length > 100 ? `${name.slice(0, 97)}...` : name}` : ''}`,
    );
  }
}

(args.includes('--child') ? child() : parent()).catch((e) => {
  console.error(e);
  process.exit(1);
});
