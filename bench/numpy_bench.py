"""numpy timings for bench/node-bench.cjs: one JSON line per (size, operation).

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
