// Vector queries and keys (issue 13), side by side in one run: predict with m queries over n keys
// in d dimensions, for Gaussian distance scores (radial, u = (q - x)/h) and for scaled dot-product
// scores ((Wq q).(Wk x)/sqrt(r), r = d), in WASM (the dense vectorised row of core/attention_nd),
// in plain JS written as a course author would (stable softmax, Math.exp) and in numpy (fully
// vectorised broadcasting, bench/numpy_vector_bench.py, when python3 with numpy is there).
// "ns/pair/dim" is time / (m n d). At d = 1 distance scores take the one-dimensional API's
// windowed and expanded sums (not every pair is computed).
//
//   node bench/vector-bench.cjs [--n 1000] [--m 1000] [--dims 1,2,4,8]
'use strict';
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const N = Number(opt('n', 1000));
const M = Number(opt('m', 1000));
const DIMS = opt('dims', '1,2,4,8').split(',').map(Number);

/** Milliseconds per call: 200 ms of warm-up, then the median of 7 batches. */
function timeMs(fn, budget = 350) {
  const t0 = performance.now();
  while (performance.now() - t0 < 200) fn();
  const perCall = [];
  for (let b = 0; b < 7; b++) {
    let reps = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      reps++;
      elapsed = performance.now() - start;
    } while (elapsed < budget / 7);
    perCall.push(elapsed / reps);
  }
  return perCall.sort((a, b) => a - b)[3];
}

/** Plain JS: scores of one row into s (length n), then the stable softmax pool of y. */
function pool(s, y) {
  let max = -Infinity;
  for (let j = 0; j < s.length; j++) if (s[j] > max) max = s[j];
  let num = 0;
  let den = 0;
  for (let j = 0; j < s.length; j++) {
    const e = Math.exp(s[j] - max);
    num += e * y[j];
    den += e;
  }
  return num / den;
}
function plainDistance(q, x, y, d, h) {
  const n = y.length;
  const m = q.length / d;
  const s = new Float64Array(n);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let a = 0; a < d; a++) {
        const u = (q[i * d + a] - x[j * d + a]) / h;
        t += u * u;
      }
      s[j] = -0.5 * t;
    }
    out[i] = pool(s, y);
  }
  return out;
}
function project(v, w, d) {
  const rows = v.length / d;
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < d; a++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += w[a * d + c] * v[i * d + c];
      out[i * d + a] = t;
    }
  return out;
}
function plainDot(q, x, y, d, wq, wk) {
  const n = y.length;
  const m = q.length / d;
  const pq = project(q, wq, d);
  const px = project(x, wk, d);
  const scale = 1 / Math.sqrt(d);
  const s = new Float64Array(n);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let a = 0; a < d; a++) t += pq[i * d + a] * px[j * d + a];
      s[j] = t * scale;
    }
    out[i] = pool(s, y);
  }
  return out;
}

function numpyTimes() {
  try {
    const fs = require('node:fs');
    const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's, with numpy
    const out = execFileSync(
      python,
      [path.join(__dirname, 'numpy_vector_bench.py'), String(N), String(M), DIMS.join(',')],
      { encoding: 'utf8' },
    );
    const map = new Map();
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line);
      map.set(`${r.d}/${r.score}`, r.ms);
    }
    return map;
  } catch (e) {
    console.log(`(numpy timings skipped: ${String(e.message).split('\n')[0]})`);
    return null;
  }
}

async function main() {
  const nw = await require(path.join(__dirname, '..', 'dist', 'nadaraya-watson.js')).load();
  const numpy = numpyTimes();
  console.log(`vector attention: n = ${N} keys, m = ${M} queries; ns per pair per dimension`);
  const header = [
    'd',
    'scores',
    'WASM ms',
    'WASM ns/pair/dim',
    'plain JS ms',
    'x plain JS',
    'numpy ms',
    'x numpy',
  ];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
  let seed = 1;
  const uniform = (k, scale) =>
    Float64Array.from({ length: k }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (scale * seed) / 2147483648;
    });
  for (const d of DIMS) {
    const x = uniform(N * d, 5);
    const q = uniform(M * d, 5);
    const y = uniform(N, 2);
    const wq = uniform(d * d, 1).map((v) => (v - 0.5) / Math.sqrt(d));
    const wk = uniform(d * d, 1).map((v) => (v - 0.5) / Math.sqrt(d));
    const cases = [
      {
        score: 'distance',
        wasm: () => nw.predict(q, x, y, { dims: d, bandwidth: 0.5 }),
        js: () => plainDistance(q, x, y, d, 0.5),
      },
      {
        score: 'dot',
        wasm: () =>
          nw.predict(q, x, y, { dims: d, score: 'dot', queryProjection: wq, keyProjection: wk }),
        js: () => plainDot(q, x, y, d, wq, wk),
      },
    ];
    for (const c of cases) {
      // The same numbers (a check, not a timing): WASM against plain JS.
      const a = c.wasm();
      const b = c.js();
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      if (!(worst < 1e-9))
        throw new Error(`d = ${d} ${c.score}: WASM and plain JS differ by ${worst}`);
      const wasmMs = timeMs(c.wasm);
      const jsMs = timeMs(c.js);
      const np = numpy?.get(`${d}/${c.score}`);
      const f = (v, k = 3) => (v === undefined ? '' : Number(v.toPrecision(k)).toString());
      console.log(
        `| ${d} | ${c.score} | ${f(wasmMs)} | ${f((wasmMs * 1e6) / (N * M * d))} | ${f(jsMs)} | ${f(jsMs / wasmMs)} | ${f(np)} | ${f(np && np / wasmMs)} |`,
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
