"""statsmodels KernelReg timings for bench/node-bench.cjs, on the module's own data.

    python3 bench/statsmodels_bench.py DATA.json   (written by node-bench.cjs)

What a Python user would run for the same estimator: local-constant (Nadaraya-Watson) regression
with a Gaussian kernel, KernelReg(y, x, 'c', reg_type='lc'), whose kernel exp(-u^2/2) with
u = (q - x)/bw is ours. Prints one JSON line per operation:
  cv_ls:  the least-squares leave-one-out bandwidth (bw='cv_ls') of each data set, with the time
          and the bandwidth found (a local optimiser from the normal-reference start);
  aic:    the same with bw='aic' (AIC_c of Hurvich, Simonoff and Tsai 1998);
  fit:    predictions at the given queries with a given bandwidth;
  fit_ll: the same with the local-linear estimator (reg_type='ll'), every prediction.
Installed by `bash scripts/setup.sh` (Debian's python3-statsmodels); without statsmodels
it prints nothing and node-bench.cjs shows "-".
"""
import json
import sys
import time

import numpy as np

try:
    from statsmodels.nonparametric.kernel_regression import KernelReg
except ImportError:
    sys.exit(0)

with open(sys.argv[1], encoding="utf-8") as f:
    spec = json.load(f)

for d in spec["cv"]:
    x, y = np.array(d["x"]), np.array(d["y"])
    start = time.perf_counter()
    model = KernelReg(y, x, "c", reg_type="lc", bw="cv_ls")
    ms = (time.perf_counter() - start) * 1e3
    print(json.dumps({"n": len(x), "op": "cv_ls", "ms": ms, "bandwidth": float(model.bw[0])}))
    start = time.perf_counter()
    model = KernelReg(y, x, "c", reg_type="lc", bw="aic")
    ms = (time.perf_counter() - start) * 1e3
    print(json.dumps({"n": len(x), "op": "aic", "ms": ms, "bandwidth": float(model.bw[0])}))

fit = spec["fit"]
x, y, q = np.array(fit["x"]), np.array(fit["y"]), np.array(fit["q"])
model = KernelReg(y, x, "c", reg_type="lc", bw=[fit["h"]])
start = time.perf_counter()
pred, _ = model.fit(q)
ms = (time.perf_counter() - start) * 1e3
print(json.dumps({"n": len(x), "m": len(q), "op": "fit", "ms": ms, "first": float(pred[0])}))

model = KernelReg(y, x, "c", reg_type="ll", bw=[fit["h"]])
start = time.perf_counter()
pred, _ = model.fit(q)
ms = (time.perf_counter() - start) * 1e3
print(json.dumps({"n": len(x), "m": len(q), "op": "fit_ll", "ms": ms, "f": pred.tolist()}))
