// Choosing the bandwidth h: leave-one-out cross-validation and Silverman's rule of thumb.
//
// The leave-one-out (LOO) loss of h is the training loss of the parametric model at w = 1/h, so
// the LOO-CV bandwidth and the h = 1/|w| that leave-one-out SGD converges to minimise the same
// function.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "kernels.h"
#include "nadaraya_watson.h"

namespace nw {

// LOO loss for each bandwidth (each h > 0). Returns bandwidths.size() values.
Eigen::VectorXd loo_curve(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                          const ConstVec& bandwidths);

struct BandwidthRange {
  double lo = 0.0;  // the smallest positive gap between sorted keys, halved
  double hi = 0.0;  // twice the key range (max - min)
};

// The search interval of select_bandwidth_loo_cv, derived from the data. Needs two distinct keys;
// if all keys are equal it returns [1, 1] (every bandwidth then gives the same weights).
BandwidthRange bandwidth_search_range(const ConstVec& keys);

struct BandwidthChoice {
  double bandwidth = 1.0;
  double loo_loss = 0.0;
};

// The global minimiser of the LOO loss over bandwidth_search_range: a scan of `grid_points`
// log-spaced bandwidths (0 = automatic: 200 for the smooth Gaussian curve, 800 for the jagged,
// piecewise curves of compact kernels, thinned by sqrt(2000 / n) beyond n = 2000), then Brent refinement (in log h) of the best
// few local minima of the scan; the best refined point is returned. n >= 2.
BandwidthChoice select_bandwidth_loo_cv(const ConstVec& keys, const ConstVec& values,
                                        Kernel kernel, int grid_points = 0);

// Silverman's rule: h = 0.9 min(sd, IQR / 1.34) n^(-1/5), sd with the n - 1 denominator, the
// quartiles by linear interpolation between order statistics (numpy's default). If IQR = 0 the
// sd is used; if both are 0 (all keys equal) h = 1. n >= 2.
double silverman_bandwidth(const ConstVec& keys);

}  // namespace nw
