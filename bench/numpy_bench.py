"""numpy timings for bench/node-bench.cjs: one JSON line per (size, operation).

With --vector N M D1,D2,...: vector queries and keys instead, one JSON line {"d", "score", "ms"}
per dimension and score: predictions of M queries over N keys, fully vectorised (an M x N x d
difference array for distance scores, matrix products for dot scores), stable softmax.

loop_ms: a Python loop over queries, numpy over the keys (the seed document's style);
vec_ms:  fully vectorised numpy broadcasting over a queries x keys matrix (skipped when the
         matrix would exceed 2e7 cells). Large sizes are timed on a subset of rows and scaled.
"""
import json
import sys
import time

import numpy as np

quick = "--quick" in sys.argv
SIZES = [(50, 50, 0.5), (10000, 2000, 0.5), (200000, 2000, 0.01), (1000000, 10000, 0.001)]


def timed(fn, budget=0.3):
    fn()
    reps, start = 0, time.perf_counter()
    while True:
        fn()
        reps += 1
        elapsed = time.perf_counter() - start
        if elapsed > budget or reps >= 200:
            return elapsed / reps * 1e3


def loop_predict(q, x, y, h):
    out = np.empty(len(q))
    for i, qi in enumerate(q):
        s = -0.5 * ((qi - x) / h) ** 2
        e = np.exp(s - s.max())
        out[i] = e @ y / e.sum()
    return out


def vec_predict(q, x, y, h):
    s = -0.5 * ((q[:, None] - x[None, :]) / h) ** 2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e @ y / e.sum(axis=1)


def loop_loo(x, y, h, rows):
    loss = 0.0
    for i in range(rows):
        s = -0.5 * ((x[i] - x) / h) ** 2
        s[i] = -np.inf
        e = np.exp(s - s.max())
        loss += (e @ y / e.sum() - y[i]) ** 2
    return loss


def softmax_pool(s, y):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e @ y / e.sum(axis=1)


def distance(q, x, y, h):
    diff = (q[:, None, :] - x[None, :, :]) / h
    return softmax_pool(-0.5 * (diff * diff).sum(axis=2), y)


def dot(q, x, y, wq, wk):
    return softmax_pool((q @ wq.T) @ (x @ wk.T).T / np.sqrt(wq.shape[0]), y)


def vector_main(n, m, dims):
    rng = np.random.default_rng(1)
    for d in dims:
        x = rng.uniform(0, 5, (n, d))
        y = rng.normal(0, 1, n)
        q = rng.uniform(0, 5, (m, d))
        wq = rng.normal(0, 1, (d, d)) / np.sqrt(d)
        wk = rng.normal(0, 1, (d, d)) / np.sqrt(d)
        for score, fn in (("distance", lambda: distance(q, x, y, 0.5)), ("dot", lambda: dot(q, x, y, wq, wk))):
            print(json.dumps({"d": d, "score": score, "ms": timed(fn)}), flush=True)


if "--vector" in sys.argv:
    k = sys.argv.index("--vector")
    vector_main(int(sys.argv[k + 1]), int(sys.argv[k + 2]), [int(v) for v in sys.argv[k + 3].split(",")])
    sys.exit(0)

rng = np.random.default_rng(1)
for n, m, h in SIZES:
    if quick and n > 10000:
        continue
    x = np.sort(rng.uniform(0, 5, n))
    y = 2 * np.sin(x) + x ** 0.8 + rng.normal(0, 0.5, n)
    q = np.arange(m) * 5.0 / m
    rows = max(1, min(m, int(2e7 // n)))
    loop = timed(lambda: loop_predict(q[:rows], x, y, h)) * m / rows
    vec = timed(lambda: vec_predict(q[:rows], x, y, h)) * m / rows if rows * n <= 2e7 else None
    print(json.dumps({"n": n, "op": "predict", "loop_ms": loop, "vec_ms": vec}), flush=True)
    loo_rows = max(1, min(n, int(2e7 // n)))
    loo = timed(lambda: loop_loo(x, y, h, loo_rows)) * n / loo_rows
    print(json.dumps({"n": n, "op": "looLoss", "loop_ms": loo, "vec_ms": None}), flush=True)
