"""statsmodels KernelReg on the cases of tests/node/statsmodels.test.cjs (an independent reference).

    python3 tests/reference/statsmodels_reference.py CASES.json

Reads {"fits": [{x, y, q, h}], "aic": [{x, y, hs}]} and prints one JSON object:
  fits: for each case, the local-constant and local-linear predictions at q with bandwidth h
        (KernelReg(y, x, 'c', reg_type=..., bw=[h]).fit(q); its Gaussian kernel exp(-u^2/2),
        u = (q - x)/h, is the library's);
  aic:  for each case, statsmodels' AIC_c (aic_hurvich, local constant) at each h of hs, and its
        own bw='aic' choice (a Nelder-Mead search from the normal-reference bandwidth, which can
        return a negative h: the criterion is given at |h|).
Exits with status 3 when statsmodels is not installed (the test reports it).
"""
import json
import sys

import numpy as np

try:
    from statsmodels.nonparametric.kernel_regression import KernelReg
except ImportError:
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)

out = {"fits": [], "aic": []}
for c in cases["fits"]:
    x, y, q = np.array(c["x"]), np.array(c["y"]), np.array(c["q"])
    fit = {}
    for reg in ("lc", "ll"):
        model = KernelReg(y, x, "c", reg_type=reg, bw=[c["h"]])
        fit[reg] = model.fit(q)[0].tolist()
    out["fits"].append(fit)
for c in cases["aic"]:
    x, y = np.array(c["x"]), np.array(c["y"])
    model = KernelReg(y, x, "c", reg_type="lc", bw=[1.0])
    at = [float(model.aic_hurvich(np.array([h]))[0]) for h in c["hs"]]
    chosen = KernelReg(y, x, "c", reg_type="lc", bw="aic")
    # Its Nelder-Mead is unconstrained: h may come out negative. The Gaussian kernel depends on
    # (u / h)^2 only, so -h is the bandwidth |h|; both are reported.
    h_sm = float(chosen.bw[0])
    aic = float(model.aic_hurvich(np.array([abs(h_sm)]))[0])
    out["aic"].append({"at": at, "bandwidth": h_sm, "aic": aic})


def finite_or_name(v):
    """JSON has no infinities: non-finite numbers are written as "Infinity", "-Infinity", "NaN"."""
    if isinstance(v, list):
        return [finite_or_name(e) for e in v]
    if isinstance(v, dict):
        return {k: finite_or_name(e) for k, e in v.items()}
    if isinstance(v, float) and not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


print(json.dumps(finite_or_name(out)))
