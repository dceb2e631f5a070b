#include "gauss_transform.h"

#include <algorithm>
#include <cmath>

namespace nw {

GaussTransform::GaussTransform(const SortedPairs& p, double w) : aw_(std::fabs(w)) {
  const double* x = p.x();
  const double* y = p.y();
  const Eigen::Index n = p.size();
  Eigen::Index s = 0;
  while (s < n) {
    // One box: the keys whose u = x |w| lies within [u_first, u_first + 1).
    const double start = x[s];
    const double limit = start + 1.0 / aw_;
    Box box{};
    box.centre = start + 0.5 / aw_;
    for (; s < n && x[s] < limit; ++s) {
      const double a = (x[s] - box.centre) * aw_;
      double term = std::exp(-0.5 * a * a);
      for (int k = 0; k < kOrder + 3; ++k) {
        box.m0[k] += term;
        box.m1[k] += term * y[s];
        term *= a;
      }
    }
    boxes_.push_back(box);
    centres_.push_back(box.centre);
  }
}

GaussSums GaussTransform::sums(double q, double radius, bool with_squares) const {
  GaussSums out;
  const double reach = radius + 0.5 / aw_;  // a box's keys lie within half a box of its centre
  const auto first = std::lower_bound(centres_.begin(), centres_.end(), q - reach) - centres_.begin();
  const auto last = std::upper_bound(centres_.begin(), centres_.end(), q + reach) - centres_.begin();
  for (auto b = first; b < last; ++b) {
    const Box& box = boxes_[b];
    const double t = (q - box.centre) * aw_;
    const double g = std::exp(-0.5 * t * t);
    // Terms needed for this box: stop once a key's truncation error bound
    // exp(-t^2/2 + |t|/2) (|t|/2)^(p+1) / (p+1)! falls below 1e-19 (relative to a weight of 1;
    // the caller guarantees the row has a key of weight >= exp(-2)). Far boxes need few terms.
    const double half_t = 0.5 * std::fabs(t);
    double bound = g * std::exp(half_t);
    int order = 0;
    while (order < kOrder && bound > 1e-19) {
      ++order;
      bound *= half_t / order;
    }
    // Horner for sum_k t^k / k! M_k = M_0 + t (M_1 + t/2 (M_2 + t/3 (...))).
    double h0 = box.m0[order], h1 = box.m1[order];
    for (int k = order; k >= 1; --k) {
      const double tk = t / k;
      h0 = box.m0[k - 1] + tk * h0;
      h1 = box.m1[k - 1] + tk * h1;
    }
    out.s0 += g * h0;
    out.s1 += g * h1;
    if (with_squares) {
      // sum e (t - a)^2 = exp(-t^2/2) sum_k t^k/k! (t^2 M_k - 2 t M_{k+1} + M_{k+2}); / w^2 later.
      double q0 = 0.0, q1 = 0.0;
      for (int k = order; k >= 0; --k) {
        const double c0 = t * t * box.m0[k] - 2.0 * t * box.m0[k + 1] + box.m0[k + 2];
        const double c1 = t * t * box.m1[k] - 2.0 * t * box.m1[k + 1] + box.m1[k + 2];
        q0 = c0 + (t / (k + 1)) * q0;
        q1 = c1 + (t / (k + 1)) * q1;
      }
      const double inv_w2 = 1.0 / (aw_ * aw_);
      out.s2 += g * q0 * inv_w2;
      out.s3 += g * q1 * inv_w2;
    }
  }
  return out;
}

}  // namespace nw
