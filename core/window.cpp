#include "window.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace nw {

SortedPairs::SortedPairs(const Eigen::Ref<const Eigen::VectorXd>& keys, const double* values)
    : n_(keys.size()) {
  const double* k = keys.data();
  if (std::is_sorted(k, k + n_)) {
    x_ = k;
    y_ = values;
    return;
  }
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), Eigen::Index{0});
  // Stable: equal keys keep the caller's order, so ties resolve the same on every platform.
  std::stable_sort(order_.begin(), order_.end(),
                   [k](Eigen::Index a, Eigen::Index b) { return k[a] < k[b]; });
  position_.resize(n_);
  x_store_.resize(n_);
  for (Eigen::Index s = 0; s < n_; ++s) {
    position_[order_[s]] = s;
    x_store_[s] = k[order_[s]];
  }
  x_ = x_store_.data();
  if (values) {
    y_store_.resize(n_);
    for (Eigen::Index s = 0; s < n_; ++s) y_store_[s] = values[order_[s]];
    y_ = y_store_.data();
  }
}

namespace {
// |q - x| for comparisons: the distance, and its half when the distance overflows to inf (the
// half is exact there), so distances beyond the double range still compare correctly.
struct Gap {
  double d = std::numeric_limits<double>::infinity();
  double half = std::numeric_limits<double>::infinity();
};
Gap gap(double q, double x) {
  const double d = std::fabs(q - x);
  return {d, d < std::numeric_limits<double>::infinity() ? 0.0 : std::fabs(0.5 * q - 0.5 * x)};
}
bool shorter(const Gap& a, const Gap& b) { return a.d < b.d || (a.d == b.d && a.half < b.half); }
bool same(const Gap& a, const Gap& b) { return a.d == b.d && a.half == b.half; }
}  // namespace

namespace {
// A forward search for the first position in [from, n) where `past(x[s])` holds (past is monotone
// along the sorted keys), given that it fails at every position before `from`: a few steps, then
// a binary search of the rest.
template <class Past>
Eigen::Index search_from(const double* x, Eigen::Index n, Eigen::Index from, Past past) {
  constexpr Eigen::Index kSteps = 8;
  const Eigen::Index stop = std::min(n, from + kSteps);
  for (Eigen::Index s = from; s < stop; ++s)
    if (past(x[s])) return s;
  return std::partition_point(x + stop, x + n, [&](double v) { return !past(v); }) - x;
}
}  // namespace

Eigen::Index lower_bound_from(const double* x, Eigen::Index n, double target, Eigen::Index from) {
  // The hint is usable when every key before it is below the target.
  if (from < 0 || from > n || (from > 0 && !(x[from - 1] < target)))
    return std::lower_bound(x, x + n, target) - x;
  return search_from(x, n, from, [target](double v) { return !(v < target); });
}

Eigen::Index upper_bound_from(const double* x, Eigen::Index n, double target, Eigen::Index from) {
  if (from < 0 || from > n || (from > 0 && !(x[from - 1] <= target)))
    return std::upper_bound(x, x + n, target) - x;
  return search_from(x, n, from, [target](double v) { return target < v; });
}

Eigen::Index nearest_position(const SortedPairs& p, double q, Eigen::Index skip, double* distance,
                              SearchHint* hint) {
  const double* x = p.x();
  const Eigen::Index n = p.size();
  const Eigen::Index at =
      hint ? (hint->at = lower_bound_from(x, n, q, hint->at)) : std::lower_bound(x, x + n, q) - x;
  // The nearest key is the first non-skipped key on one side or the other.
  Eigen::Index left = at - 1, right = at;
  if (left == skip) --left;
  if (right == skip) ++right;
  Gap best;
  Eigen::Index best_pos = -1;
  auto consider = [&](Eigen::Index s, const Gap& g) {
    if (best_pos < 0 || shorter(g, best) ||
        (same(g, best) && p.original(s) < p.original(best_pos))) {
      best = g;
      best_pos = s;
    }
  };
  if (left < 0 && right >= n) {
    if (distance) *distance = best.d;
    return -1;
  }
  // Distances grow monotonically away from q, so every key at the minimal distance is in the
  // runs that start at `left` and `right`; scan both runs for the lowest caller index.
  const Gap g_left = left >= 0 ? gap(q, x[left]) : Gap{};
  const Gap g_right = right < n ? gap(q, x[right]) : Gap{};
  const Gap g_min = shorter(g_right, g_left) ? g_right : g_left;
  for (Eigen::Index s = left; s >= 0; --s) {
    if (s == skip) continue;
    const Gap g = gap(q, x[s]);
    if (!same(g, g_min)) break;
    consider(s, g);
  }
  for (Eigen::Index s = right; s < n; ++s) {
    if (s == skip) continue;
    const Gap g = gap(q, x[s]);
    if (!same(g, g_min)) break;
    consider(s, g);
  }
  if (distance) *distance = best.d;
  return best_pos;
}

WindowRule::WindowRule(Kernel kernel, double w, Eigen::Index n) {
  const double inf = std::numeric_limits<double>::infinity();
  if (kernel == Kernel::kConstant || w == 0.0) {
    fixed_ = inf;
    return;
  }
  const double aw = std::fabs(w);
  if (kernel_is_compact(kernel)) {
    fixed_ = (1.0 / aw) * (1.0 + 1e-12);
    return;
  }
  // Gaussian. ln(1e17 n): dropped keys weigh less than 1e-17 / n of the nearest key each.
  const double log_ratio = std::log(1e17 * static_cast<double>(std::max<Eigen::Index>(n, 1)));
  gaussian_ = true;
  spread_ = 2.0 * log_ratio / (aw * aw);
}

double window_radius(Kernel kernel, double w, double nearest_distance, Eigen::Index n) {
  return WindowRule(kernel, w, n).radius(nearest_distance);
}

}  // namespace nw
