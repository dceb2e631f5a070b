// How sure is the estimate? Pointwise standard errors of the Nadaraya-Watson fit and a normal band.
//
// The fit is a linear smoother, f(q) = sum_j a_j(q) y_j with the attention weights a_j(q). If the
// values are y_j = m(x_j) + noise with independent noise of variance sigma^2 (keys fixed), then
//   Var f(q) = sigma^2 sum_j a_j(q)^2,   se(q) = sigma sqrt(sum_j a_j(q)^2),
// and the band is f(q) -/+ z se(q) with z the standard normal quantile of (1 + level) / 2.
// sigma^2 is estimated by Rice's first-difference estimator on the pairs sorted by key,
//   sigma^2 = sum_i (y_(i+1) - y_(i))^2 / (2 (n - 1))
// (Rice 1984; Wasserman, All of Nonparametric Statistics, 2006, ch. 5): it does not depend on h,
// so the band's width changes with h only through sum_j a_j^2 (wide for a narrow h, which averages
// few values; narrow for a wide h). The band covers E f(q), the smoothed curve, not the true m(q):
// the smoothing bias (large for a wide h) is outside it.
#pragma once

#include "nadaraya_watson.h"

namespace nw {

// The standard normal quantile Phi^-1(p) for 0 < p < 1 (Wichura's algorithm AS241, about 1e-16
// relative; log through det_log, so the same bits natively and in WebAssembly).
double normal_quantile(double p);

// Rice's estimate of the noise standard deviation sigma (the square root of the variance above)
// from n >= 2 pairs (keys sorted, ties in input order). Finite for any finite values (the
// differences are scaled before squaring).
double rice_sigma(const ConstVec& keys, const ConstVec& values);

struct ConfidenceBand {
  Eigen::VectorXd fit, se, lower, upper;  // m each; fit = predict(...)
  double sigma = 0.0;                     // rice_sigma(keys, values)
  double z = 0.0;                         // normal_quantile((1 + level) / 2)
};

// n >= 2 keys and values; 0 < level < 1.
// estimator: the fit's (local linear: its equivalent-kernel weights a_j(q)).
ConfidenceBand confidence_band(const ConstVec& queries, const ConstVec& keys,
                               const ConstVec& values, Kernel kernel, double w, double level,
                               Estimator estimator = Estimator::kLocalConstant);

}  // namespace nw
