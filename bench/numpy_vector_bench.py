"""numpy timings for bench/vector-bench.cjs: vector queries and keys (issue 13).

For each (d, score): predictions of m queries over n keys, fully vectorised broadcasting (an
m x n x d difference array for distance scores, a matrix product for dot scores), stable softmax.
Prints one JSON line per case: {"d", "score", "ms"}. Arguments: n m d1,d2,...
"""
import json
import sys
import time

import numpy as np


def timed(fn, budget=0.5):
    fn()
    reps, start = 0, time.perf_counter()
    while True:
        fn()
        reps += 1
        elapsed = time.perf_counter() - start
        if elapsed > budget or reps >= 100:
            return elapsed / reps * 1e3


def softmax_pool(s, y):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e @ y / e.sum(axis=1)


def distance(q, x, y, h):
    diff = (q[:, None, :] - x[None, :, :]) / h
    return softmax_pool(-0.5 * (diff * diff).sum(axis=2), y)


def dot(q, x, y, wq, wk):
    return softmax_pool((q @ wq.T) @ (x @ wk.T).T / np.sqrt(wq.shape[0]), y)


n, m = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(1)
for d in [int(v) for v in sys.argv[3].split(",")]:
    x = rng.uniform(0, 5, (n, d))
    y = rng.normal(0, 1, n)
    q = rng.uniform(0, 5, (m, d))
    wq = rng.normal(0, 1, (d, d)) / np.sqrt(d)
    wk = rng.normal(0, 1, (d, d)) / np.sqrt(d)
    for score, fn in (("distance", lambda: distance(q, x, y, 0.5)), ("dot", lambda: dot(q, x, y, wq, wk))):
        print(json.dumps({"d": d, "score": score, "ms": timed(fn)}), flush=True)
