#include "bandwidth.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace nw {

namespace {

double loo_at_log_h(const ConstVec& keys, const ConstVec& values, Kernel kernel, double log_h) {
  return loo_loss(keys, values, kernel, scale_from_bandwidth(std::exp(log_h)));
}

// Brent's method (parabolic interpolation with golden-section fallback) for a minimum of g on
// [a, b], to an absolute tolerance `tol` in the argument. Returns (argument, value).
template <class F>
std::pair<double, double> brent_minimize(F g, double a, double b, double tol) {
  const double golden = 0.3819660112501051;  // (3 - sqrt(5)) / 2
  double x = a + golden * (b - a), w = x, v = x;
  double fx = g(x), fw = fx, fv = fx;
  double d = 0.0, e = 0.0;
  for (int iter = 0; iter < 100; ++iter) {
    const double m = 0.5 * (a + b);
    const double tol1 = tol + 1e-12 * std::fabs(x), tol2 = 2.0 * tol1;
    if (std::fabs(x - m) <= tol2 - 0.5 * (b - a)) break;
    bool parabolic = false;
    if (std::fabs(e) > tol1) {
      // Fit a parabola through (v, fv), (w, fw), (x, fx).
      double r = (x - w) * (fx - fv);
      double q = (x - v) * (fx - fw);
      double p = (x - v) * q - (x - w) * r;
      q = 2.0 * (q - r);
      if (q > 0.0) p = -p;
      q = std::fabs(q);
      if (std::fabs(p) < std::fabs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const double u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        parabolic = true;
      }
    }
    if (!parabolic) {
      e = (x < m ? b : a) - x;
      d = golden * e;
    }
    const double u = std::fabs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const double fu = g(u);
    if (fu <= fx) {
      (u < x ? b : a) = x;
      v = w, fv = fw;
      w = x, fw = fx;
      x = u, fx = fu;
    } else {
      (u < x ? a : b) = u;
      if (fu <= fw || w == x) {
        v = w, fv = fw;
        w = u, fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u, fv = fu;
      }
    }
  }
  return {x, fx};
}

double quantile_sorted(const std::vector<double>& s, double p) {
  // Linear interpolation between order statistics at position p (n - 1).
  const double pos = p * static_cast<double>(s.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, s.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return s[lo] + frac * (s[hi] - s[lo]);
}

}  // namespace

Eigen::VectorXd loo_curve(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                          const ConstVec& bandwidths) {
  Eigen::VectorXd out(bandwidths.size());
  for (Eigen::Index k = 0; k < bandwidths.size(); ++k) {
    if (!(bandwidths[k] > 0.0)) throw std::invalid_argument("loo_curve: bandwidths must be > 0");
    out[k] = loo_loss(keys, values, kernel, scale_from_bandwidth(bandwidths[k]));
  }
  return out;
}

BandwidthRange bandwidth_search_range(const ConstVec& keys) {
  std::vector<double> s(keys.data(), keys.data() + keys.size());
  std::sort(s.begin(), s.end());
  double min_gap = std::numeric_limits<double>::infinity();
  for (size_t i = 1; i < s.size(); ++i) {
    const double gap = s[i] - s[i - 1];
    if (gap > 0.0 && gap < min_gap) min_gap = gap;
  }
  const double range = s.empty() ? 0.0 : s.back() - s.front();  // may overflow to +inf
  if (!(range > 0.0) || !std::isfinite(min_gap)) return {1.0, 1.0};
  // Keys spread over most of the double range: keep the ends finite so log h stays finite.
  const double max = std::numeric_limits<double>::max();
  const double hi = 2.0 * range < max ? 2.0 * range : max;
  const double lo = 0.5 * min_gap > 0.0 ? 0.5 * min_gap : min_gap;
  return {lo, hi};
}

BandwidthChoice select_bandwidth_loo_cv(const ConstVec& keys, const ConstVec& values,
                                        Kernel kernel, int grid_points) {
  if (keys.size() < 2 || keys.size() != values.size())
    throw std::invalid_argument("select_bandwidth_loo_cv: needs >= 2 keys with values");
  const BandwidthRange range = bandwidth_search_range(keys);
  if (range.lo == range.hi) return {range.lo, loo_loss(keys, values, kernel, 1.0 / range.lo)};
  const bool smooth = kernel == Kernel::kGaussian;
  if (grid_points <= 0) {
    // Every evaluation costs O(n x window); large data sets also give smoother curves, so the
    // scan thins out beyond n = 2000 (200 points there, 89 at n = 10^4, never below 60).
    const double n = static_cast<double>(keys.size());
    const double base = smooth ? 200.0 : 800.0;
    grid_points = static_cast<int>(n <= 2000 ? base : std::max(60.0, base * std::sqrt(2000.0 / n)));
  }
  grid_points = std::max(grid_points, 8);
  const double a = std::log(range.lo), b = std::log(range.hi);
  const double step = (b - a) / (grid_points - 1);
  std::vector<double> g(grid_points);
  for (int k = 0; k < grid_points; ++k) g[k] = loo_at_log_h(keys, values, kernel, a + k * step);

  // Local minima of the scan (plateaus count once), best first.
  std::vector<int> minima;
  for (int k = 0; k < grid_points; ++k) {
    const bool left_ok = k == 0 || g[k] < g[k - 1];
    const bool right_ok = k == grid_points - 1 || g[k] <= g[k + 1];
    if (left_ok && right_ok) minima.push_back(k);
  }
  std::sort(minima.begin(), minima.end(), [&](int i, int j) { return g[i] < g[j]; });
  const size_t refine = smooth ? 4 : 8;
  if (minima.size() > refine) minima.resize(refine);

  auto objective = [&](double log_h) { return loo_at_log_h(keys, values, kernel, log_h); };
  BandwidthChoice best{std::exp(a + minima.front() * step), g[minima.front()]};
  for (int k : minima) {
    const double lo = a + std::max(k - 1, 0) * step;
    const double hi = a + std::min(k + 1, grid_points - 1) * step;
    const auto [log_h, value] = brent_minimize(objective, lo, hi, 1e-9);
    if (value < best.loo_loss) best = {std::exp(log_h), value};
  }
  return best;
}

double silverman_bandwidth(const ConstVec& keys) {
  const Eigen::Index n = keys.size();
  if (n < 2) throw std::invalid_argument("silverman_bandwidth: needs >= 2 keys");
  const double mean = keys.mean();
  const double sd = std::sqrt((keys.array() - mean).square().sum() / static_cast<double>(n - 1));
  std::vector<double> s(keys.data(), keys.data() + n);
  std::sort(s.begin(), s.end());
  const double iqr = quantile_sorted(s, 0.75) - quantile_sorted(s, 0.25);
  double spread = iqr > 0.0 ? std::min(sd, iqr / 1.34) : sd;
  if (!(spread > 0.0)) return 1.0;
  return 0.9 * spread * std::pow(static_cast<double>(n), -0.2);
}

}  // namespace nw
