// The built module from Node: shapes, goldens shared with the native tests (bit-identical data),
// agreement with plain-JS reference implementations, and errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const NadarayaWatson = require(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));

let nw;
test.before(async () => {
  nw = await NadarayaWatson.load();
});

/** Relative closeness |a - b| <= tol max(1, |b|), element-wise, reporting the index. */
function assertNear(actual, expected, tol, what = '') {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= tol * Math.max(1, Math.abs(expected[i])),
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

/** The formula written out: sum_j exp(-((q - x_j)/h)^2 / 2) y_j / sum_j exp(...). */
function plainPredict(queries, keys, values, h) {
  return Array.from(queries, (q) => {
    let num = 0;
    let den = 0;
    for (let j = 0; j < keys.length; j++) {
      const e = Math.exp(-(((q - keys[j]) / h) ** 2) / 2);
      num += e * values[j];
      den += e;
    }
    return num / den;
  });
}

test('load() returns one API object with the documented members', async () => {
  assert.equal(await NadarayaWatson.load(), nw);
  assert.equal(typeof NadarayaWatson.version, 'string');
  assert.deepEqual(
    [...nw.kernels],
    ['gaussian', 'boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine', 'constant'],
  );
  for (const name of [
    'generateData',
    'trueFunction',
    'predict',
    'attentionWeights',
    'trainParametric',
    'looLoss',
    'looCurve',
    'selectBandwidth',
    'trainingLoss',
    'testInputs',
    'averagePooling',
  ]) {
    assert.equal(typeof nw[name], 'function', name);
  }
});

test('load({wasmModule}): another copy instantiates the compiled module it is given', async () => {
  assert.ok(nw.wasmModule instanceof WebAssembly.Module);
  // A second copy of the script (a worker's, in the page), handed this one's module.
  const file = require.resolve(path.join(__dirname, '..', '..', 'dist', 'nadaraya-watson.js'));
  const fresh = () => {
    delete require.cache[file];
    const copy = require(file);
    delete require.cache[file];
    require(file); // the cache holds a copy again, as before
    return copy;
  };
  const other = await fresh().load({ wasmModule: nw.wasmModule });
  assert.notEqual(other, nw);
  assert.equal(other.wasmModule, nw.wasmModule);
  const d = nw.generateData({ n: 200, seed: 5, noise: 0.5 });
  const q = nw.testInputs();
  assert.deepEqual(
    other.predict(q, d.x, d.y, { bandwidth: 0.3 }),
    nw.predict(q, d.x, d.y, { bandwidth: 0.3 }),
  );
  assert.deepEqual(other.selectBandwidth(d.x, d.y), nw.selectBandwidth(d.x, d.y));
  // A module of another build (here an empty one) is dropped for the embedded bytes.
  const empty = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  const third = await fresh().load({ wasmModule: empty });
  assert.notEqual(third.wasmModule, empty);
  assert.ok(third.wasmModule instanceof WebAssembly.Module);
  assert.deepEqual(
    third.predict(q, d.x, d.y, { bandwidth: 0.3 }),
    nw.predict(q, d.x, d.y, { bandwidth: 0.3 }),
  );
  // Bad options: a TypeError naming them; the copy still loads afterwards.
  const copy = fresh();
  const bad = [
    [5, /options must be an object \(got 5\)/],
    [null, /options must be an object \(got null\)/],
    [[nw.wasmModule], /options must be an object \(got an array\)/],
    [{ wasmModule: 'module' }, /wasmModule must be a WebAssembly.Module \(got "module"\)/],
    [
      { wasmModule: new Uint8Array(8) },
      /wasmModule must be a WebAssembly.Module \(got a Uint8Array/,
    ],
    [
      {
        get wasmModule() {
          throw new Error('no');
        },
      },
      /options.wasmModule cannot be read/,
    ],
  ];
  for (const [options, message] of bad)
    await assert.rejects(
      copy.load(options),
      (e) => e instanceof TypeError && message.test(e.message),
    );
  assert.ok((await copy.load()).wasmModule instanceof WebAssembly.Module);
});

test('generateData: the native golden values, bit for bit (seed 0)', () => {
  const { x, y } = nw.generateData({ n: 50, noise: 0.5, seed: 0, xMax: 5 });
  assert.ok(x instanceof Float64Array && y instanceof Float64Array);
  assert.equal(x.length, 50);
  // Same bits as tests/core/dataset.cpp's hex literals (shortest round-trip decimals).
  assert.deepEqual(
    [...x.slice(0, 4)],
    [0.19157748800980812, 0.2889917790746055, 0.3361594550671271, 0.5150999469751816],
  );
  assert.deepEqual(
    [...y.slice(0, 4)],
    [1.2063728311278044, 1.5995446080154867, 1.40226660351557, 2.030367897786153],
  );
  assert.deepEqual(
    nw.generateData(),
    nw.generateData({ seed: 0 }),
    'defaults are n=50, noise=0.5, seed=0, xMax=5',
  );
  for (let i = 1; i < x.length; i++) assert.ok(x[i - 1] <= x[i], 'sorted');
});

test('trueFunction and testInputs', () => {
  const f = nw.trueFunction([0, 1, 2.5]);
  assertNear(f, [0, 2 * Math.sin(1) + 1, 2 * Math.sin(2.5) + 2.5 ** 0.8], 1e-14);
  const q = nw.testInputs();
  assert.equal(q.length, 50);
  assert.equal(q[0], 0);
  assertNear([q[49]], [4.9], 1e-15);
});

test('predict agrees with a plain loop of the formula to 1e-12; plain arrays work', () => {
  const { x, y } = nw.generateData({ seed: 4 });
  const q = nw.testInputs();
  for (const h of [0.1, 0.5, 1]) {
    assertNear(nw.predict(q, x, y, { bandwidth: h }), plainPredict(q, x, y, h), 1e-12, `h=${h}`);
  }
  const plain = nw.predict([0.5, 1.5], Array.from(x), Array.from(y), { bandwidth: 0.5 });
  assert.ok(plain instanceof Float64Array);
  assertNear(plain, plainPredict([0.5, 1.5], x, y, 0.5), 1e-12);
  assertNear(
    nw.predict([1], x, y, { w: 2 }),
    nw.predict([1], x, y, { bandwidth: 0.5 }),
    1e-15,
    'w = 1/h',
  );
});

test('attentionWeights: m x n row-major, rows sum to 1, pooling the values gives predict', () => {
  const { x, y } = nw.generateData({ seed: 1 });
  const q = nw.testInputs();
  for (const kernel of nw.kernels) {
    const a = nw.attentionWeights(q, x, { kernel, bandwidth: 0.3 });
    assert.equal(a.rows, 50);
    assert.equal(a.cols, 50);
    assert.equal(a.data.length, 2500);
    const f = nw.predict(q, x, y, { kernel, bandwidth: 0.3 });
    for (let i = 0; i < a.rows; i++) {
      let sum = 0;
      let pooled = 0;
      for (let j = 0; j < a.cols; j++) {
        sum += a.data[i * a.cols + j];
        pooled += a.data[i * a.cols + j] * y[j];
      }
      assert.ok(Math.abs(sum - 1) < 1e-14, `${kernel} row ${i} sums to ${sum}`);
      assert.ok(Math.abs(pooled - f[i]) < 1e-12, `${kernel} row ${i}`);
    }
  }
});

test('no NaN at tiny bandwidths; empty compact support gives the nearest key', () => {
  const f = nw.predict([-5, 100], [1, 2, 3], [10, 20, 30], { bandwidth: 1e-3 });
  assert.deepEqual([...f], [10, 30]);
  for (const kernel of ['boxcar', 'epanechnikov', 'triangular', 'tricube', 'cosine']) {
    const g = nw.predict([3, 10, -3], [0, 1, 2, 4], [5, 6, 7, 8], { kernel, bandwidth: 0.5 });
    assert.deepEqual([...g], [7, 8, 5], kernel);
    const a = nw.attentionWeights([3], [0, 1, 2, 4], { kernel, bandwidth: 0.5 });
    assert.deepEqual([...a.data], [0, 0, 1, 0], `${kernel}: tie goes to the lower index`);
  }
  for (const h of [1e-300, 1e-10, 1e10, 1e300]) {
    for (const kernel of nw.kernels) {
      const r = nw.predict([1, -1e300, 1e300], [1, 1, 2], [1, 2, 3], { kernel, bandwidth: h });
      assert.ok(r.every(Number.isFinite), `${kernel} h=${h}`);
    }
  }
});

// The chapter's training, independently in JS with forward-mode automatic differentiation
// (dual numbers): leave-one-out keys, softmax(-((q - k) w)^2 / 2), loss = sum of squared errors.
function chapterTraining(x, y, w0, lr, epochs) {
  const dual = (v, d = 0) => ({ v, d });
  const add = (a, b) => dual(a.v + b.v, a.d + b.d);
  const sub = (a, b) => dual(a.v - b.v, a.d - b.d);
  const mul = (a, b) => dual(a.v * b.v, a.d * b.v + a.v * b.d);
  const div = (a, b) => dual(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v));
  const exp = (a) => dual(Math.exp(a.v), Math.exp(a.v) * a.d);
  let w = w0;
  const losses = [];
  const ws = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const wd = dual(w, 1);
    let loss = dual(0);
    for (let i = 0; i < x.length; i++) {
      const scores = [];
      const vals = [];
      for (let j = 0; j < x.length; j++) {
        if (j === i) continue;
        const u = mul(dual(x[i] - x[j]), wd);
        scores.push(mul(dual(-0.5), mul(u, u)));
        vals.push(y[j]);
      }
      const m = Math.max(...scores.map((s) => s.v));
      let num = dual(0);
      let den = dual(0);
      scores.forEach((s, j) => {
        const e = exp(sub(s, dual(m)));
        num = add(num, mul(e, dual(vals[j])));
        den = add(den, e);
      });
      const err = sub(div(num, den), dual(y[i]));
      loss = add(loss, mul(err, err));
    }
    losses.push(loss.v);
    w -= lr * loss.d;
    ws.push(w);
  }
  return { losses, ws };
}

test('trainParametric: the chapter run agrees with independent autograd to 1e-9; pinned losses', () => {
  for (const seed of [0, 1, 2]) {
    const { x, y } = nw.generateData({ seed });
    const r = nw.trainParametric(x, y, { seed });
    assert.equal(r.losses.length, 5);
    assert.equal(r.ws.length, 5);
    assert.equal(r.steps, 5);
    assert.equal(r.epochs, 5);
    const ref = chapterTraining(x, y, r.w0, 0.5, 5);
    assertNear(r.losses, ref.losses, 1e-9, `losses seed ${seed}`);
    assertNear(r.ws, ref.ws, 1e-9, `ws seed ${seed}`);
    assert.ok(r.w0 >= 0 && r.w0 < 1);
  }
  const { x, y } = nw.generateData({ seed: 0 });
  const r = nw.trainParametric(x, y);
  // The same numbers as the native pinned sequence (tests/core/parametric.cpp).
  assertNear(
    r.losses,
    [
      40.83960208999205, 29.193719648028463, 29.12268025203788, 29.049488719367062,
      28.97401911090169,
    ],
    1e-12,
  );
  assertNear([r.w], [17.013307967542634], 1e-12);
  const fixed = nw.trainParametric(x, y, { w0: 2, epochs: 3 });
  assert.equal(fixed.w0, 2);
});

test('trainParametric: without leave-one-out w runs away; minibatches and convergence', () => {
  const { x, y } = nw.generateData({ seed: 0 });
  const free = nw.trainParametric(x, y, { leaveOneOut: false, epochs: 40 });
  for (let k = 1; k < free.ws.length; k++) assert.ok(free.ws[k] > free.ws[k - 1]);
  const mb = nw.trainParametric(x, y, { batchSize: 16, epochs: 3, seed: 9 });
  assert.equal(mb.losses.length, 12);
  assert.equal(mb.steps, 12);
  const best = nw.selectBandwidth(x, y);
  const conv = nw.trainParametric(x, y, {
    w0: 1 / (1.1 * best.bandwidth),
    learningRate: 0.05,
    untilConverged: true,
    tolerance: 1e-15,
    maxEpochs: 100000,
  });
  assert.ok(conv.converged);
  assertNear([1 / Math.abs(conv.w)], [best.bandwidth], 1e-6, 'converged 1/|w| = LOO-CV h');
});

test('looLoss, trainingLoss, looCurve and selectBandwidth are consistent', () => {
  const { x, y } = nw.generateData({ seed: 2 });
  const h = [0.1, 0.3, 1];
  const curve = nw.looCurve(x, y, { bandwidths: h });
  assert.ok(curve instanceof Float64Array);
  h.forEach((b, i) => assert.equal(curve[i], nw.looLoss(x, y, { bandwidth: b })));
  const tl = nw.trainingLoss(x, y, { w: 1 / 0.3 });
  assertNear([tl.loss], [curve[1]], 1e-14);
  const eps = 1e-6;
  const fd =
    (nw.trainingLoss(x, y, { w: 1 / 0.3 + eps }).loss -
      nw.trainingLoss(x, y, { w: 1 / 0.3 - eps }).loss) /
    (2 * eps);
  assertNear([tl.gradient], [fd], 1e-5);
  const cv = nw.selectBandwidth(x, y, { method: 'loo-cv' });
  assert.ok(cv.looLoss <= Math.min(...curve));
  const s = nw.selectBandwidth(x, y, { method: 'silverman' });
  assert.ok(s.bandwidth > 0 && s.looLoss >= cv.looLoss);
  assert.equal(nw.averagePooling([1, 2, 6]), 3);
});

test('invalid input throws TypeError/RangeError naming the argument; the module keeps working', () => {
  const { x, y } = nw.generateData({ n: 10 });
  const cases = [
    [() => nw.predict([1], x, y.slice(1)), RangeError, /keys and values must have the same length/],
    [() => nw.predict([NaN], x, y), TypeError, /queries\[0\] must be a finite number/],
    [() => nw.predict('abc', x, y), TypeError, /queries must be a Float64Array or an array/],
    [() => nw.predict([1], [], []), RangeError, /keys must have at least 1 element/],
    [() => nw.predict([1], x, y, { bandwidth: 0 }), RangeError, /bandwidth must be > 0/],
    [
      () => nw.predict([1], x, y, { bandwidth: -Infinity }),
      TypeError,
      /bandwidth must be a finite number/,
    ],
    [() => nw.predict([1], x, y, { kernel: 'epanechikov' }), TypeError, /kernel must be one of/],
    [() => nw.predict([1], x, y, 5), TypeError, /options must be an object/],
    [() => nw.generateData({ n: 0 }), RangeError, /n must be >= 1/],
    [() => nw.generateData({ n: 2.5 }), RangeError, /n must be an integer/],
    [() => nw.generateData({ seed: -1 }), RangeError, /seed must be >= 0/],
    [() => nw.generateData({ noise: '1' }), TypeError, /noise must be a finite number/],
    [
      () => nw.trainParametric(x, y, { kernel: 'boxcar' }),
      TypeError,
      /kernel must be one of gaussian/,
    ],
    [() => nw.trainParametric(x, y, { epochs: 0 }), RangeError, /epochs must be >= 1/],
    [() => nw.trainParametric(x, y, { batchSize: 0 }), RangeError, /batchSize must be >= 1/],
    [() => nw.trainParametric([1], [1]), RangeError, /at least 2 elements/],
    [() => nw.looLoss(x, y, { w: NaN }), TypeError, /w must be a finite number/],
    [() => nw.looCurve(x, y, { bandwidths: [0.1, -1] }), RangeError, /bandwidths\[1\] must be > 0/],
    [() => nw.selectBandwidth(x, y, { method: 'nelder-mead' }), TypeError, /method must be/],
    [() => nw.trueFunction([-1]), RangeError, /x\[0\] must be >= 0/],
    [
      () => nw.attentionWeights(new Float64Array(50000), new Float64Array(50000)),
      RangeError,
      /more than the limit/,
    ],
  ];
  for (const [fn, type, pattern] of cases) {
    assert.throws(fn, (e) => e instanceof type && pattern.test(e.message), String(fn));
  }
  assertNear(nw.predict([1], x, y), plainPredict([1], x, y, 1), 1e-12, 'still works');
});

test('attentionHeatmap: binned rows sum to 1 and unbinned equals attentionWeights with sorted columns', () => {
  const { x } = nw.generateData({ n: 1000, seed: 5 });
  const q = nw.testInputs();
  const b = nw.attentionHeatmap(q, x, { bandwidth: 0.3, maxRows: 200, maxColumns: 100 });
  assert.equal(b.rows, 50);
  assert.equal(b.cols, 100);
  assert.equal(b.data.length, 5000);
  assert.equal(b.colStart[100], 1000);
  for (let r = 0; r < b.rows; r++) {
    let s = 0;
    for (let c = 0; c < b.cols; c++) s += b.data[r * b.cols + c];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  const full = nw.attentionWeights(q, x, { bandwidth: 0.3 });
  const small = nw.attentionHeatmap(q, x, { bandwidth: 0.3, maxColumns: 1000 });
  assertNear(small.data, full.data, 1e-15, 'x is sorted, so columns coincide');
  assert.throws(() => nw.attentionHeatmap(q, x, { maxRows: 0 }), RangeError);
});

test('h = Infinity is average pooling: looLoss, looCurve, predict, and a LOO-CV candidate', async () => {
  const nw = await NadarayaWatson.load();
  const x = [0, 1, 2, 3];
  const y = [1, 2, 4, 8];
  // LOO at h = Infinity: each point predicted by the mean of the other three.
  let ref = 0;
  for (let i = 0; i < 4; i++) {
    const mean = (y.reduce((a, b) => a + b, 0) - y[i]) / 3;
    ref += (mean - y[i]) ** 2;
  }
  assert.ok(Math.abs(nw.looLoss(x, y, { bandwidth: Infinity }) - ref) < 1e-12);
  assert.equal(nw.looLoss(x, y, { w: 0 }), nw.looLoss(x, y, { bandwidth: Infinity }));
  assert.equal(nw.looCurve(x, y, { bandwidths: [1, Infinity] })[1], nw.looLoss(x, y, { w: 0 }));
  assert.deepEqual(Array.from(nw.predict([0, 5], x, y, { bandwidth: Infinity })), [3.75, 3.75]);
  // The audit's data set: the LOO curve falls all the way to its limit.
  const d = nw.generateData({ n: 10, seed: 4, noise: 1 });
  const r = nw.selectBandwidth(d.x, d.y, {});
  assert.equal(r.bandwidth, Infinity);
  assert.ok(r.looLoss <= nw.looLoss(d.x, d.y, { bandwidth: 100 }));
});

test('tasks give the one-shot results, step by step, and free their memory', async () => {
  const nw = await NadarayaWatson.load();
  const { x, y } = nw.generateData({ n: 300, seed: 2 });
  const before = nw.memoryUsage().heapInUse;
  for (const kernel of ['gaussian', 'boxcar', 'epanechnikov']) {
    const t = nw.tasks.selectBandwidth(x, y, { kernel });
    let steps = 0;
    while (!t.step()) {
      steps++;
      const p = t.progress();
      assert.ok(p.done <= p.total);
    }
    assert.deepEqual(
      { ...t.result(), exact: undefined },
      { ...nw.selectBandwidth(x, y, { kernel }), exact: undefined },
    );
    assert.equal(t.result().exact, kernel === 'boxcar');
    assert.ok(steps > 0);
  }
  const opts = { epochs: 4, batchSize: 32, seed: 5, learningRate: 0.3 };
  const tr = nw.tasks.trainParametric(x, y, opts);
  // A step is a bounded slice of one batch's rows: whole epochs go up by at most one per step.
  let epochs = 0;
  while (!tr.step()) {
    const e = tr.progress().epochs;
    assert.ok(e === epochs || e === epochs + 1);
    assert.equal(tr.partial().epochs, e);
    epochs = e;
  }
  assert.equal(tr.result().epochs, 4);
  const one = nw.trainParametric(x, y, opts);
  assert.equal(tr.result().w, one.w);
  assert.deepEqual(Array.from(tr.result().losses), Array.from(one.losses));
  const lc = nw.tasks.lossCurve(x, y, { bandwidths: [0.1, 0.3, Infinity] }).run();
  assert.deepEqual(
    Array.from(lc.losses),
    Array.from(nw.looCurve(x, y, { bandwidths: [0.1, 0.3, Infinity] })),
  );
  // A cancelled task releases its WebAssembly memory.
  const c = nw.tasks.selectBandwidth(x, y, {});
  c.step();
  c.dispose();
  assert.throws(() => c.step(), /disposed/);
  assert.equal(nw.memoryUsage().heapInUse, before);
  assert.throws(() => nw.tasks.lossCurve(x, y, {}), /either ws or bandwidths/);
  assert.throws(() => nw.tasks.trainParametric(x, y, { kernel: 'boxcar' }), TypeError);
});

test('trainParametric: maxUpdates is a work budget (budgetReached); an overflowing rate stops (diverged)', async () => {
  const nw = await NadarayaWatson.load();
  const { x, y } = nw.generateData({ n: 100, seed: 1 });
  const r = nw.trainParametric(x, y, { epochs: 50, batchSize: 1, maxUpdates: 250 });
  assert.equal(r.steps, 250);
  assert.equal(r.budgetReached, true);
  assert.equal(r.epochs, 2);
  assert.equal(nw.trainParametric(x, y, { epochs: 2 }).budgetReached, false);
  // The audit's example: learningRate 1e308 gave w = Infinity.
  const d = nw.trainParametric([0, 1, 2], [1, 2, 3], { learningRate: 1e308 });
  assert.equal(d.diverged, true);
  assert.ok(Number.isFinite(d.w));
  assert.throws(() => nw.trainParametric(x, y, { epochs: 20000, batchSize: 1 }), /give maxUpdates/);
  assert.equal(
    nw.trainParametric(x, y, { epochs: 20000, batchSize: 1, maxUpdates: 1000 }).steps,
    1000,
  );
});

test('consistencyStudy fixedOnly: the full study fixed column bit for bit, the rest NaN, errors named', () => {
  // The page keeps a study's data-driven columns and asks fixedOnly when only h changes.
  const queries = nw.testInputs();
  for (const kernel of nw.kernels) {
    for (const bandwidth of [0.04, 0.6, Infinity]) {
      const opts = { sizes: [5, 40, 2], repeats: [2, 1, 3], seed: 23, kernel, bandwidth, queries };
      const full = nw.tasks.consistencyStudy(opts).run();
      const task = nw.tasks.consistencyStudy({ ...opts, fixedOnly: true });
      let steps = 0;
      while (!task.step()) steps++;
      assert.equal(steps + 1, 6, `${kernel} h = ${bandwidth}: one step a data set`);
      const only = task.result();
      assert.deepEqual(only.n, full.n);
      assert.deepEqual(only.fixed, full.fixed, `${kernel} h = ${bandwidth}`);
      for (const key of ['cv', 'silverman', 'rate', 'cvBandwidth']) {
        assert.equal(only[key].length, 3);
        assert.ok(only[key].every(Number.isNaN), `${kernel} ${key}`);
        // (a LOO-CV h may be +Infinity: average pooling)
        assert.ok(!full[key].some(Number.isNaN), `${kernel} ${key} of the full study`);
      }
    }
  }
  const base = { sizes: [10], repeats: [1], queries };
  assert.throws(
    () => nw.tasks.consistencyStudy({ ...base, fixedOnly: 1 }),
    /tasks.consistencyStudy: fixedOnly must be true or false \(got 1\)/,
  );
  assert.deepEqual(
    nw.tasks.consistencyStudy({ ...base, fixedOnly: false }).run(),
    nw.tasks.consistencyStudy(base).run(),
  );
});

test('rateLine: the studies own reference lines, the formula written out, errors named', () => {
  // The consistency study's rate is rateLine(n, cv) (the page joins the study's sizes, one job
  // each, with it), the dimension study's rateLine(n, mse, 4 / (4 + d)): the same bits.
  const sizes = [10, 20, 50, 100];
  const study = nw.tasks
    .consistencyStudy({ sizes, repeats: [3, 2, 2, 1], seed: 11, queries: nw.testInputs() })
    .run();
  assert.deepEqual(nw.rateLine(study.n, study.cv), study.rate);
  for (const row of nw.dimensionStudy({ sizes: [20, 40, 80], dims: [1, 3], repeats: 1, seed: 2 }))
    assert.deepEqual(nw.rateLine(row.n, row.mse, 4 / (4 + row.dims)), row.rate);
  // g n^-p through the geometric mean of the points.
  const n = [3, 30, 300];
  const err = [0.5, 0.2, 0.01];
  for (const p of [0.8, 0.5, 0, -1]) {
    const logG = n.reduce((s, v, i) => s + Math.log(err[i] * v ** p), 0) / n.length;
    assertNear(
      nw.rateLine(n, err, p),
      n.map((v) => Math.exp(logG) * v ** -p),
      1e-14,
      `p = ${p}`,
    );
  }
  assert.throws(() => nw.rateLine([1, 2], [1]), /rateLine: n and error must have the same length/);
  assert.throws(() => nw.rateLine([1, 0], [1, 1]), /rateLine: n\[1\] must be > 0/);
  assert.throws(() => nw.rateLine([1], [-1]), /rateLine: error\[0\] must be > 0/);
  assert.throws(() => nw.rateLine([1], [1], Infinity), TypeError);
  assert.throws(() => nw.rateLine([], []), RangeError);
});
