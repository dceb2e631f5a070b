// Sorted keys and the windows of keys that can matter for a query.
//
// With keys sorted ascending, the keys that carry any weight for a query q lie in one contiguous
// run around q: for a compact kernel the keys with |q - x| <= h; for the Gaussian the keys whose
// weight relative to the row's maximum is at least 1e-17 / n (all others together change the
// row's sums by less than 1e-17 relative, below double precision). Found by binary search, so a
// row costs O(log n + window) instead of O(n).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels.h"

namespace nw {

// Keys sorted ascending with their values, and the caller's index of every sorted position.
// When the caller's keys are already sorted nothing is copied (order is empty = identity).
class SortedPairs {
 public:
  // values may be null (attention needs keys only).
  SortedPairs(const Eigen::Ref<const Eigen::VectorXd>& keys, const double* values);

  Eigen::Index size() const { return n_; }
  const double* x() const { return x_; }
  const double* y() const { return y_; }
  // The caller's index of sorted position s.
  Eigen::Index original(Eigen::Index s) const { return order_.empty() ? s : order_[s]; }
  // True when the caller's keys were sorted already (sorted position = caller's index).
  bool identity() const { return order_.empty(); }
  // The sorted position of the caller's index i.
  Eigen::Index position(Eigen::Index i) const { return order_.empty() ? i : position_[i]; }

 private:
  Eigen::Index n_ = 0;
  const double* x_ = nullptr;
  const double* y_ = nullptr;
  std::vector<double> x_store_, y_store_;
  std::vector<Eigen::Index> order_, position_;
};

struct Window {
  Eigen::Index lo = 0, hi = 0;  // sorted positions [lo, hi)
};

// (q - x) w without a spurious overflow: a query and a key on opposite sides of 0 can be more
// than 1.8e308 apart, where q - x is inf although (q - x) w may be small; the difference is then
// formed from the halves (exact for such magnitudes) as ((q/2 - x/2) w) 2. Otherwise it is
// exactly (q - x) * w.
inline double scaled_difference(double q, double x, double w) {
  const double d = q - x;
  if (d - d == 0.0) return d * w;  // d finite
  return ((0.5 * q - 0.5 * x) * w) * 2.0;
}

// Where the previous row's searches ended (sorted positions): rows at ascending queries (a LOO
// pass over the sorted keys, a prediction grid) then find their positions by a few forward steps
// instead of binary searches over all n keys. Any hint gives the same answers, only slower.
struct SearchHint {
  Eigen::Index at = 0, lo = 0, hi = 0;
};

// The first position s with x[s] >= target (lower) or x[s] > target (upper), as
// std::lower_bound / std::upper_bound, searched from `from` when that lies at or before the answer.
Eigen::Index lower_bound_from(const double* x, Eigen::Index n, double target, Eigen::Index from);
Eigen::Index upper_bound_from(const double* x, Eigen::Index n, double target, Eigen::Index from);

// The key nearest to q (sorted position, never `skip`), ties (equal distances) to the lowest
// caller index; -1 if there is no key other than skip. Distances beyond the double range are
// compared by their halves, so the nearest key is found at any spread. *distance receives
// |q - x| of that key (+inf if it exceeds the double range).
Eigen::Index nearest_position(const SortedPairs& p, double q, Eigen::Index skip, double* distance,
                              SearchHint* hint = nullptr);

// Keys with |q - x| <= radius (radius may be +inf: all keys). Inline: the WebAssembly build
// returns a struct through memory, two 4-byte stores that the caller read back as one 8-byte load,
// which x86 cannot forward from the stores (a row's stall of about 15 ns in a profile).
inline Window keys_within(const SortedPairs& p, double q, double radius,
                          SearchHint* hint = nullptr) {
  const double* x = p.x();
  const Eigen::Index n = p.size();
  if (!(radius < std::numeric_limits<double>::infinity())) return {0, n};
  // A radius that covers every key (small data, wide h) needs no search.
  if (n > 0 && x[0] >= q - radius && x[n - 1] <= q + radius) return {0, n};
  if (hint) {
    hint->lo = lower_bound_from(x, n, q - radius, hint->lo);
    hint->hi = upper_bound_from(x, n, q + radius, std::max(hint->hi, hint->lo));
    return {hint->lo, hint->hi};
  }
  const Eigen::Index lo = std::lower_bound(x, x + n, q - radius) - x;
  const Eigen::Index hi = std::upper_bound(x + lo, x + n, q + radius) - x;
  return {lo, hi};
}

// The radius beyond which a key's weight is below 1e-17 / n of the row's maximum:
//   compact kernels: the support, |q - x| <= 1/|w| (with a relative margin of 1e-12);
//   Gaussian: (d w)^2 / 2 - (d_min w)^2 / 2 > ln(1e17 n), i.e. d^2 > d_min^2 + 2 ln(1e17 n) / w^2;
//   constant kernel, or w = 0: infinity.
double window_radius(Kernel kernel, double w, double nearest_distance, Eigen::Index n);

// window_radius with what depends on (kernel, w, n) alone worked out once, for a call's rows:
// WindowRule(kernel, w, n).radius(d) == window_radius(kernel, w, d, n).
class WindowRule {
 public:
  WindowRule(Kernel kernel, double w, Eigen::Index n);
  double radius(double nearest_distance) const {
    if (!gaussian_) return fixed_;
    return std::sqrt(nearest_distance * nearest_distance + spread_) * (1.0 + 1e-12);
  }

 private:
  bool gaussian_ = false;
  double fixed_ = 0.0;   // the radius of every row (compact kernels, constant kernel, w = 0)
  double spread_ = 0.0;  // Gaussian: 2 ln(1e17 n) / w^2
};

}  // namespace nw
