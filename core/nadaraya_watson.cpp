#include "nadaraya_watson.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "compact_sums.h"
#include "gauss_transform.h"
#include "simd_exp.h"
#include "window.h"

namespace nw {

namespace {

void check_pairs(const ConstVec& keys, const ConstVec& values, const char* where) {
  if (keys.size() < 1) throw std::invalid_argument(std::string(where) + ": no keys");
  if (keys.size() != values.size())
    throw std::invalid_argument(std::string(where) + ": keys and values differ in length");
}

// One attention row over sorted keys: the visited window, the unnormalised weights
// e[s - lo] = K((q - x_s) w) * c for s in [lo, hi) (a common factor c > 0; e = 0 at skip), and
// their sum. sum == 0 means the support is empty and `nearest` holds the fallback key.
struct Row {
  Window window;
  double sum = 0.0;
  Eigen::Index nearest = -1;
};

// Where a row's weight lies: the key nearest to the query (never the skipped one), its distance,
// the window radius and the keys within it (every key for the dense evaluation).
struct Neighbourhood {
  Eigen::Index nearest = -1;
  double d_min = 0.0;
  double radius = 0.0;
  Window window;
};

class RowEvaluator {
 public:
  // rows_expected: how many rows the caller will ask for (it decides whether the wide-row
  // expansion, O(n) to set up, can pay for itself).
  RowEvaluator(const SortedPairs& p, Kernel kernel, double w, Evaluation evaluation,
               Eigen::Index rows_expected, Estimator estimator = Estimator::kLocalConstant)
      : p_(p),
        estimator_(estimator),
        kernel_(kernel),
        w_(w),
        dense_(evaluation == Evaluation::kDense),
        rows_expected_(rows_expected),
        rule_(kernel, w, p.size()),
        e_(p.size()) {}

  const double* weights() const { return e_.data(); }

  // Computed once per row and shared by every path below (finite w != 0, kernel not constant).
  Neighbourhood locate(double q, Eigen::Index skip) {
    const Eigen::Index n = p_.size();
    Neighbourhood nb;
    nb.nearest = nearest_position(p_, q, skip, &nb.d_min, &hint_);
    nb.radius = rule_.radius(nb.d_min);
    nb.window = dense_ ? Window{0, n} : keys_within(p_, q, nb.radius, &hint_);
    return nb;
  }

  // Prediction f(q) and, if asked, df/dw of one row (skip: the leave-one-out key or -1).
  // self_weight: for a row at a key (its nearest key at distance 0, no skip), the weight that key
  // gets in its own fit, the hat matrix's diagonal entry (LossEvaluator::smoother_fit): local
  // constant K(0) / sum_j K(u_j) with K(0) = 1 for every kernel; local linear see fit_linear.
  struct Fit {
    double f = 0.0;
    double dfdw = 0.0;
    double self_weight = 0.0;
  };
  Fit fit(double q, Eigen::Index skip, bool with_gradient) {
    if (estimator_ == Estimator::kLocalLinear) return fit_linear(q, skip);
    return fit_constant(q, skip, with_gradient);
  }

  // Local linear (Estimator::kLocalLinear): the intercept at q of the kernel-weighted least-squares
  // line through (x_j, y_j), with the weights e_j of the local-constant row. Two passes about the
  // weighted means xbar, ybar (no S0 S2 - S1^2 cancellation): V = sum e (x - xbar)^2,
  // C = sum e (x - xbar)(y - ybar), f = ybar + (C / V)(q - xbar) (line_of). Where the row has
  // fewer than two distinct keys with weight (or its moments leave the double range) the line is
  // not determined: the local-constant fit. Wide Gaussian rows take the box expansion's moments
  // when they are well conditioned (wide_linear_fit), rows of equal weights the global line's
  // (pooled_linear); compact kernels' rows at many queries are swept by the callers
  // (linear_from_sums). Self weight at a key row: 1/S0 + (q - xbar)^2 / V.
  Fit fit_linear(double q, Eigen::Index skip) {
    Fit out;
    const bool scaled = kernel_ != Kernel::kConstant && w_ != 0.0 && std::isfinite(w_);
    const Neighbourhood nb = scaled ? locate(q, skip) : Neighbourhood{};
    if (scaled && kernel_ == Kernel::kGaussian && !dense_ && wide_linear_fit(q, skip, nb, &out))
      return out;
    if (!scaled && !std::isfinite(w_)) return fit_constant(q, skip, false);  // h = 0: one-hot
    if (!scaled && !dense_ && pooled_linear(q, skip, &out)) return out;
    const Row row = scaled ? evaluate(q, skip, nb) : evaluate(q, skip);
    const Line line = row.sum > 0.0 ? line_of(row, q) : Line{};
    if (!line.ok) return fit_constant(q, skip, false);
    out.f = line.f;
    out.self_weight = 1.0 / row.sum + line.qx * line.qx / line.v;
    return out;
  }

  // The weighted line of a row with weights weights()[0 .. window): ok = false when it is not
  // determined (fewer than two distinct keys with weight, or moments beyond the double range).
  // The keys enter as x - r with r = q (r = 0 where such differences overflow), so that keys far
  // from 0 and close together (|x| >> h) keep their digits in xbar; C is formed with y - ybar, so
  // that a common offset of the values does not cancel in it. dbar = xbar - r, qx = q - xbar.
  struct Line {
    bool ok = false;
    double r = 0.0, dbar = 0.0, qx = 0.0, v = 0.0, f = 0.0;
  };
  // Without values (attention rows) f is not formed.
  Line line_of(const Row& row, double q) const {
    const Eigen::Index lo = row.window.lo, len = row.window.hi - row.window.lo;
    const double* e = e_.data();
    const double* x = p_.x() + lo;
    const double* y = p_.y() ? p_.y() + lo : nullptr;
    Line out;
    Eigen::Index first = -1;
    bool distinct = false;
    for (Eigen::Index j = 0; j < len && !distinct; ++j) {
      if (e[j] == 0.0) continue;
      if (first < 0)
        first = j;
      else if (x[j] != x[first])
        distinct = true;
    }
    if (!distinct) return out;
    double r = std::isfinite(q) ? q : 0.0, sd = 0.0, sy = 0.0;
    for (int attempt = 0; attempt < 2; ++attempt) {
      sd = 0.0, sy = 0.0;
      for (Eigen::Index j = 0; j < len; ++j) {
        if (e[j] == 0.0) continue;
        sd += e[j] * (x[j] - r);
        if (y) sy += e[j] * y[j];
      }
      if (std::isfinite(sd) || r == 0.0) break;
      r = 0.0;  // keys and query more than the double range apart: about 0
    }
    const double dbar = sd / row.sum, ybar = sy / row.sum;
    double v = 0.0, c = 0.0;
    for (Eigen::Index j = 0; j < len; ++j) {
      if (e[j] == 0.0) continue;
      const double dx = (x[j] - r) - dbar;
      v += e[j] * dx * dx;
      if (y) c += e[j] * dx * (y[j] - ybar);
    }
    if (y && !std::isfinite(c)) {
      // y - ybar overflowed (values near +-1.8e308): C = sum e (x - xbar) y as well.
      c = 0.0;
      for (Eigen::Index j = 0; j < len; ++j)
        if (e[j] != 0.0) c += e[j] * ((x[j] - r) - dbar) * y[j];
    }
    const double qx = (q - r) - dbar;
    const double f = y ? ybar + (c / v) * qx : 0.0;
    if (!(v > 0.0) || !std::isfinite(f) || !std::isfinite(dbar) || !std::isfinite(qx)) return out;
    out.ok = true;
    out.r = r;
    out.dbar = dbar;
    out.qx = qx;
    out.v = v;
    out.f = f;
    return out;
  }

  // The local-linear attention row: the equivalent-kernel weights
  // a_j = e_j / S0 + (q - xbar) e_j (x_j - xbar) / V over the window, written to a[lo .. hi) (they
  // sum to 1 and may be negative); false when the line is not determined (then the local-constant
  // row e_j / S0 applies).
  bool linear_row(const Row& row, double q, double* a) const {
    const Line line = line_of(row, q);
    if (!line.ok) return false;
    const Eigen::Index lo = row.window.lo, len = row.window.hi - row.window.lo;
    const double* e = e_.data();
    const double* x = p_.x() + lo;
    const double inv = 1.0 / row.sum, slope = line.qx / line.v;
    for (Eigen::Index j = 0; j < len; ++j)
      a[j] = e[j] * inv + slope * e[j] * ((x[j] - line.r) - line.dbar);
    return true;
  }

  // One local-linear attention row for query q (no skip): its weights over the window into
  // a[0 .. window length) (last_window()); false for an empty support (one-hot on
  // last_nearest()). Rows whose line is not determined are local constant.
  bool linear_attention(double q, double* a) {
    const Row row = evaluate(q, -1);
    last_ = row;
    if (!(row.sum > 0.0)) return false;
    if (!linear_row(row, q, a)) {
      const double inv = 1.0 / row.sum;
      for (Eigen::Index j = 0; j < row.window.hi - row.window.lo; ++j) a[j] = e_[j] * inv;
    }
    return true;
  }
  Window last_window() const { return last_.window; }
  Eigen::Index last_nearest() const { return last_.nearest; }

  Fit fit_constant(double q, Eigen::Index skip, bool with_gradient) {
    Fit out;
    const bool scaled = kernel_ != Kernel::kConstant && w_ != 0.0 && std::isfinite(w_);
    const Neighbourhood nb = scaled ? locate(q, skip) : Neighbourhood{};
    if (scaled && kernel_ == Kernel::kGaussian) {
      if (!dense_ && wide_fit(q, skip, nb, with_gradient, &out)) return out;
      if (!with_gradient && pooled_fit(q, skip, nb, &out)) return out;
    }
    if (!scaled && std::isfinite(w_) && pooled(skip, &out.f)) {  // df/dw = 0 at w = 0
      out.self_weight = 1.0 / static_cast<double>(skip >= 0 ? p_.size() - 1 : p_.size());
      return out;
    }
    const Row row = scaled ? evaluate(q, skip, nb) : evaluate(q, skip);
    if (!(row.sum > 0.0)) {
      out.f = p_.y()[row.nearest];  // one-hot row: locally independent of w
      out.self_weight = 1.0;
      return out;
    }
    const Eigen::Index lo = row.window.lo, len = row.window.hi - row.window.lo;
    const double* e = e_.data();
    const double* x = p_.x() + lo;
    const double* y = p_.y() + lo;
    out.self_weight = 1.0 / row.sum;
    double acc = 0.0;
    for (Eigen::Index j = 0; j < len; ++j) acc += e[j] * y[j];
    if (!std::isfinite(acc)) {
      // Values near +-1.8e308: sum_j e_j y_j can overflow although f, a convex combination of
      // the values, cannot. e_j <= 1 and n < 2^32, so the sum of y_j 2^-32 stays finite; the
      // scaling is exact except for values below 2^-990, negligible beside such a sum.
      acc = 0.0;
      for (Eigen::Index j = 0; j < len; ++j) acc += e[j] * (y[j] * 0x1p-32);
      out.f = acc / row.sum * 0x1p32;
    } else {
      out.f = acc / row.sum;
    }
    if (!with_gradient || w_ == 0.0 || !std::isfinite(w_) || !kernel_is_trainable(kernel_))
      return out;
    // df/dw = sum_j (y_j - f) de_j/dw / sum_j e_j with de_j/dw = K'(u_j) d_j (times c).
    double dnum = 0.0;
    if (kernel_ == Kernel::kGaussian) {
      // K'(u) = -u K(u): de_j/dw = -w d_j^2 e_j (keys without weight skipped: their d_j^2 may
      // be inf).
      for (Eigen::Index j = 0; j < len; ++j) {
        if (e[j] == 0.0) continue;
        const double d = q - x[j];
        dnum += (y[j] - out.f) * e[j] * d * d;
      }
      dnum *= -w_;
    } else {
      // Compact kernels: e_j = K(u_j) exactly (c = 1).
      for (Eigen::Index j = 0; j < len; ++j) {
        if (lo + j == skip || e[j] == 0.0) continue;
        const double d = q - x[j];
        dnum += (y[j] - out.f) * kernel_derivative(kernel_, d * w_) * d;
      }
    }
    out.dfdw = dnum / row.sum;
    return out;
  }

  // The row's weights go to weights(), or, given row_out (n entries by sorted position), to
  // row_out[window.lo .. window.hi) (attention rows written in place).
  Row evaluate(double q, Eigen::Index skip, double* row_out = nullptr) {
    const Eigen::Index n = p_.size();
    Row row;
    if (kernel_ == Kernel::kConstant || w_ == 0.0) {
      // h = infinity (or the constant kernel): every key weighs the same.
      row.window = {0, n};
      double* e = row_out ? row_out : e_.data();
      for (Eigen::Index s = 0; s < n; ++s) e[s] = s == skip ? 0.0 : 1.0;
      row.sum = static_cast<double>(skip >= 0 ? n - 1 : n);
      return row;
    }
    if (!std::isfinite(w_)) return fallback(row, nearest_position(p_, q, skip, nullptr));  // h = 0
    return evaluate(q, skip, locate(q, skip), row_out);
  }

  // The same for finite w != 0 and a non-constant kernel, with the row's neighbourhood known.
  Row evaluate(double q, Eigen::Index skip, const Neighbourhood& nb, double* row_out = nullptr) {
    Row row;
    const Eigen::Index nearest = nb.nearest;
    const double d_min = nb.d_min;
    row.window = nb.window;
    const Eigen::Index lo = row.window.lo, len = row.window.hi - row.window.lo;
    const double* x = p_.x() + lo;
    double* e = row_out ? row_out + lo : e_.data();
    if (kernel_ == Kernel::kGaussian) {
      // Scores relative to the row maximum (the nearest key's): t = -(u^2 - u_min^2) / 2 <= 0.
      const double u_min = nearest_u(q, nearest, d_min);
      const double s_max = -0.5 * u_min * u_min;
      if (!(s_max > -std::numeric_limits<double>::infinity())) return fallback(row, nearest);
      if (len > 0 && std::isfinite(q - x[0]) && std::isfinite(x[len - 1] - q)) {
        gaussian_weights(q, x, static_cast<std::size_t>(len), w_, s_max, e);
      } else {  // a window wider than the double range: differences formed from halves
        for (Eigen::Index j = 0; j < len; ++j) {
          const double u = scaled_difference(q, x[j], w_);
          e[j] = -0.5 * u * u - s_max;
        }
        exp_array(e, e, static_cast<std::size_t>(len));
      }
    } else {
      with_compact_kernel(kernel_, [&](auto tag) {
        for (Eigen::Index j = 0; j < len; ++j)
          e[j] = kernel_value(tag.kernel, scaled_difference(q, x[j], w_));
      });
    }
    if (skip >= lo && skip < row.window.hi) e[skip - lo] = 0.0;
    // The row's sum in four running parts: a single running sum waits for each add before the
    // next (attentionWeights 50 x 50 in WASM took 3% longer so, interleaved runs).
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    Eigen::Index j = 0;
    for (; j + 4 <= len; j += 4) {
      s0 += e[j];
      s1 += e[j + 1];
      s2 += e[j + 2];
      s3 += e[j + 3];
    }
    for (; j < len; ++j) s0 += e[j];
    const double sum = (s0 + s1) + (s2 + s3);
    if (!(sum > 0.0)) return fallback(row, nearest);
    row.sum = sum;
    return row;
  }

 private:
  // Wide Gaussian rows through the box expansion (gauss_transform.h) when the window holds many
  // keys and some key lies within 2h (1h for leave-one-out rows, whose own weight 1 is subtracted
  // from the sums) of the query, which keeps the rounding error at a few ulp of the row's sums.
  bool wide_ready(Eigen::Index skip, const Neighbourhood& nb) {
    if (p_.size() < kMinWindow || p_.y() == nullptr) return false;
    if (nb.nearest < 0 || !(nb.d_min * std::fabs(w_) <= (skip >= 0 ? 1.0 : 2.0))) return false;
    const Eigen::Index window = nb.window.hi - nb.window.lo;
    if (window < kMinWindow) return false;
    const double boxes = expansion_boxes();
    if (!(boxes <= static_cast<double>(p_.size()) / 16.0)) return false;
    if (!expansion_pays(window, boxes)) return false;
    if (!transform_) {
      transform_ = std::make_unique<GaussTransform>(p_, w_);
      // The local expansions are built with the radius of the widest row that comes here
      // (nearest key 2h away), so that each serves every row of its box.
      local_radius_ = rule_.radius(2.0 / std::fabs(w_));
    }
    return true;
  }

  // Whether the call's rows cost less through the box expansion than summed directly, in units of
  // one direct pair: rows x window directly; through the expansion about 7 per key (its moments),
  // 125 per pair of a target box and a box within its reach (each of its local expansions: 25 x 25
  // terms; a box is a target once a row falls in it) and 28 per row. Fitted to native timings of
  // predict over m = 10-200 queries, n = 100-2,000 keys and h = 0.1-2 (each path forced, best of
  // three runs): it picks the faster path, or one within the runs' noise (up to 18%), in each case,
  // where a rule of rows x window >= 20 n took the expansion at 50 queries over 200 keys with
  // h = 0.5 (66 us against 36 us directly) and at 200 over 2,000 keys with h = 0.1 (592 against
  // 520 us).
  bool expansion_pays(Eigen::Index window, double boxes) const {
    const double rows = static_cast<double>(rows_expected_);
    return rows * static_cast<double>(window) > expansion_units(boxes);
  }

  // The box expansion's cost for the call's rows, in direct pairs (expansion_pays).
  double expansion_units(double boxes) const {
    const double rows = static_cast<double>(rows_expected_);
    const double reach =
        std::min(boxes, 2.0 * (rule_.radius(2.0 / std::fabs(w_)) * std::fabs(w_) + 1.0) + 1.0);
    const double targets = std::min(boxes, rows);
    return 7.0 * static_cast<double>(p_.size()) + 125.0 * targets * reach + 28.0 * rows;
  }

  // Boxes are h wide: with clustered keys a wide window can still mean many boxes; the expansion
  // keeps their moments (~0.5 KB each) well below the data's own size (at most n / 16 boxes).
  double expansion_boxes() const {
    return (p_.x()[p_.size() - 1] - p_.x()[0]) * std::fabs(w_) + 1.0;
  }

 public:
  // What the box expansion would cost for the call's rows in direct pairs, or +infinity where the
  // call's rows cannot take it (few keys, clustered keys, no values, not the Gaussian).
  double expansion_cost() const {
    if (kernel_ != Kernel::kGaussian || dense_ || p_.size() < kMinWindow || p_.y() == nullptr ||
        !(w_ != 0.0 && std::isfinite(w_)))
      return std::numeric_limits<double>::infinity();
    const double boxes = expansion_boxes();
    if (!(boxes <= static_cast<double>(p_.size()) / 16.0))
      return std::numeric_limits<double>::infinity();
    return expansion_units(boxes);
  }
  const WindowRule& rule() const { return rule_; }

 private:
  static constexpr Eigen::Index kMinWindow = 64;  // fewer keys in a row: summed directly

  // Local linear through the box expansion's moments (d = q - x): S0 = s0, S1 = -d1, S2 = s2,
  // T0 = s1, T1 = -d1y. With m = S1/S0 = xbar - q: V = S2 - S0 m^2, C = T1 - m T0, f = ybar - m
  // C/V. The subtraction in V loses about log10(S2 / V) digits: rows with V < S2 / 1000 (queries
  // far from their keys' mean relative to the keys' spread) take the direct two passes instead.
  bool wide_linear_fit(double q, Eigen::Index skip, const Neighbourhood& nb, Fit* out) {
    if (!wide_ready(skip, nb)) return false;
    GaussSums s = transform_->sums(q, nb.radius, true);
    if (skip >= 0) {  // the query's own key: weight 1, d = 0
      s.s0 -= 1.0;
      s.s1 -= p_.y()[skip];
    }
    const double m = -s.d1 / s.s0;
    const double v = s.s2 - s.s0 * m * m;
    if (!(v > 1e-3 * s.s2)) return false;
    const double c = -s.d1y - m * s.s1;
    const double f = s.s1 / s.s0 - m * (c / v);
    if (!std::isfinite(f)) return false;
    out->f = f;
    out->self_weight = 1.0 / s.s0 + m * m / v;
    return true;
  }

  bool wide_fit(double q, Eigen::Index skip, const Neighbourhood& nb, bool with_gradient,
                Fit* out) {
    if (!wide_ready(skip, nb)) return false;
    const double radius = nb.radius;
    // Without the gradient, through the local expansion of q's box.
    GaussSums s;
    if (with_gradient || !transform_->local_sums(q, local_radius_, &s))
      s = transform_->sums(q, radius, with_gradient);
    if (skip >= 0) {  // remove the query's own key: weight exp(0) = 1, d = 0
      s.s0 -= 1.0;
      s.s1 -= p_.y()[skip];
    }
    const double f = s.s1 / s.s0;
    // df/dw = -w sum_j e_j (y_j - f) d_j^2 / sum_j e_j.
    const double dfdw = with_gradient ? -w_ * (s.s3 - f * s.s2) / s.s0 : 0.0;
    // Moments beyond the double range (values near 1e308): the direct sums handle those.
    if (!std::isfinite(f) || !std::isfinite(dfdw)) return false;
    out->f = f;
    out->self_weight = 1.0 / s.s0;
    out->dfdw = dfdw;
    return true;
  }

  // A Gaussian row's prediction in one fused pass over its window (no weights stored).
  // Returns false for an empty support (the caller's general path handles the fallback).
  bool pooled_fit(double q, Eigen::Index skip, const Neighbourhood& nb, Fit* out) {
    if (nb.nearest < 0) return false;
    const Window win = nb.window;
    // The fused pass forms q - x directly: leave windows spanning more than the double range
    // (and sums that overflow) to the general path.
    if (win.hi <= win.lo || !std::isfinite(q - p_.x()[win.lo]) ||
        !std::isfinite(p_.x()[win.hi - 1] - q))
      return false;
    const double u_min = nb.d_min * w_;
    const double s_max = -0.5 * u_min * u_min;
    if (!(s_max > -std::numeric_limits<double>::infinity())) return false;
    double den = 0.0, num = 0.0;
    // The window minus the skipped key, as two runs.
    const Eigen::Index cut = skip >= win.lo && skip < win.hi ? skip : win.hi;
    gaussian_pool(q, p_.x() + win.lo, p_.y() + win.lo, static_cast<std::size_t>(cut - win.lo), w_,
                  s_max, &den, &num);
    if (cut < win.hi)
      gaussian_pool(q, p_.x() + cut + 1, p_.y() + cut + 1,
                    static_cast<std::size_t>(win.hi - cut - 1), w_, s_max, &den, &num);
    if (!(den > 0.0) || !std::isfinite(num)) return false;
    out->f = num / den;
    // A row at a key (nearest at distance 0: s_max = 0) has its own weight 1 / den; other rows
    // have no self weight (Fit), and predictions should not pay an exp for one.
    out->self_weight = s_max == 0.0 ? 1.0 / den : 0.0;
    return true;
  }

  // Average pooling (w = 0, or the constant kernel): f = (sum_j y_j - y_skip) / (n or n - 1), in
  // O(1) per row from one compensated (Neumaier) sum of the values. False when that sum overflows
  // (values near 1.8e308: the general path scales them).
  bool pooled(Eigen::Index skip, double* f) {
    const Eigen::Index n = p_.size();
    if (!p_.y() || (skip >= 0 && n < 2)) return false;
    if (!total_known_) {
      double sum = 0.0, compensation = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double y = p_.y()[j], t = sum + y;
        compensation += std::fabs(sum) >= std::fabs(y) ? (sum - t) + y : (y - t) + sum;
        sum = t;
      }
      total_ = sum + compensation;
      total_known_ = true;
    }
    const double sum = skip >= 0 ? total_ - p_.y()[skip] : total_;
    if (!std::isfinite(sum) || !std::isfinite(total_)) return false;
    *f = sum / static_cast<double>(skip >= 0 ? n - 1 : n);
    return true;
  }

  // Local linear with equal weights (w = 0, or the constant kernel): the ordinary least-squares
  // line of all pairs but skip, in O(1) per row from the centred sums of all n pairs, found once:
  // xbar, ybar, Sxx = sum (x - xbar)^2, Sxy = sum (x - xbar)(y - ybar). Without skip
  //   f = ybar + (Sxy / Sxx)(q - xbar),   self weight 1/n + (q - xbar)^2 / Sxx;
  // without pair i (dx = x_i - xbar, dy = y_i - ybar, k = n / (n - 1)) the means move by
  // -dx / (n - 1) and -dy / (n - 1), Sxx' = Sxx - k dx^2 and Sxy' = Sxy - k dx dy (Welford's
  // downdate). False (the caller sums the row directly) where the remaining keys are all equal
  // (the local-constant fallback), where Sxx' < Sxx / 1000 (one key holds nearly all the spread:
  // the downdate would cancel) and where the sums leave the double range.
  bool pooled_linear(double q, Eigen::Index skip, Fit* out) {
    const Eigen::Index n = p_.size();
    const double* x = p_.x();
    const double* y = p_.y();
    if (!y || n < (skip >= 0 ? 3 : 2)) return false;
    if (!line_known_) {
      line_known_ = true;
      const double count = static_cast<double>(n);
      double sx = 0.0, sy = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) sx += x[j], sy += y[j];
      double xbar = sx / count, ybar = sy / count;
      // A second pass corrects the means for the rounding of the first.
      double cx = 0.0, cy = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) cx += x[j] - xbar, cy += y[j] - ybar;
      xbar += cx / count, ybar += cy / count;
      double sxx = 0.0, sxy = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double dx = x[j] - xbar;
        sxx += dx * dx;
        sxy += dx * (y[j] - ybar);
      }
      if (!std::isfinite(xbar) || !std::isfinite(ybar) || !std::isfinite(sxx) ||
          !std::isfinite(sxy) || !(sxx > 0.0))
        return false;
      line_ = {xbar, ybar, sxx, sxy, true};
    }
    if (!line_.ok) return false;
    // The remaining keys (sorted) span [lowest, highest]: a line needs two distinct ones.
    const double lowest = skip == 0 ? x[1] : x[0];
    const double highest = skip == n - 1 ? x[n - 2] : x[n - 1];
    if (!(lowest < highest)) return false;
    double m = static_cast<double>(n), xbar = line_.xbar, ybar = line_.ybar;
    double sxx = line_.sxx, sxy = line_.sxy;
    if (skip >= 0) {
      const double dx = x[skip] - xbar, dy = y[skip] - ybar, k = m / (m - 1.0);
      sxx -= k * dx * dx;
      sxy -= k * dx * dy;
      if (!(sxx > 1e-3 * line_.sxx)) return false;
      xbar -= dx / (m - 1.0);
      ybar -= dy / (m - 1.0);
      m -= 1.0;
    }
    const double qx = q - xbar;
    const double f = ybar + (sxy / sxx) * qx;
    if (!std::isfinite(f) || !std::isfinite(qx)) return false;
    out->f = f;
    out->self_weight = 1.0 / m + qx * qx / sxx;
    out->dfdw = 0.0;
    return true;
  }

  // u = (q - x) w of the nearest key (its distance d_min may have overflowed to inf).
  double nearest_u(double q, Eigen::Index nearest, double d_min) const {
    return nearest >= 0 ? std::fabs(scaled_difference(q, p_.x()[nearest], w_)) : d_min * w_;
  }

  static Row fallback(Row row, Eigen::Index nearest) {
    row.window = {0, 0};
    row.sum = 0.0;
    row.nearest = nearest;
    return row;
  }

  const SortedPairs& p_;
  Estimator estimator_;
  Kernel kernel_;
  double w_;
  bool dense_;
  Eigen::Index rows_expected_;
  WindowRule rule_;
  SearchHint hint_;  // the previous row's positions: ascending rows search a few steps
  std::vector<double> e_;
  std::unique_ptr<GaussTransform> transform_;  // built on the first wide row
  double local_radius_ = 0.0;                  // the radius of its local expansions
  Row last_;                                   // the last linear_attention row
  bool total_known_ = false;
  double total_ = 0.0;  // sum of the values (average pooling)
  struct GlobalLine {
    double xbar = 0.0, ybar = 0.0, sxx = 0.0, sxy = 0.0;
    bool ok = false;
  };
  bool line_known_ = false;
  GlobalLine line_;  // pooled_linear's sums
};

// Whether fast sum updating (compact_sums.h) pays for rows at the given queries: a compact kernel
// whose windows hold many keys. The windows of up to 16 sample queries are measured by binary
// search; below kMinSweepWindow keys per row the direct windowed sum is as fast.
constexpr Eigen::Index kMinSweepWindow = 32;

// Pairs per row (pairs within h over n) up to which a compact kernel's leave-one-out rows take the
// paired pass (each pair weighed once for both rows) instead of the sweep (O(1) amortised per row,
// with a larger constant: moments, rebases, the polynomial's shift). Two thirds of where the two
// cost the same natively at n = 10^5 (the sweep 6-18 ms per loss whatever h, the pairs 2 ms plus
// 3.3-4.4 ns per pair, the cosine 8 ns): 27 pairs per row for the tricube and the Epanechnikov
// kernel, 20 for the triangular, 17 for the boxcar, 16 for the cosine.
double compact_pairs_per_row(Kernel kernel) {
  switch (kernel) {
    case Kernel::kTricube:
    case Kernel::kEpanechnikov:
      return 18.0;
    case Kernel::kTriangular:
      return 13.0;
    case Kernel::kBoxcar:
      return 11.0;
    default:
      return 10.0;
  }
}
template <typename QueryAt>
bool sweep_pays(const SortedPairs& p, Kernel kernel, double w, Eigen::Index m, QueryAt query_at) {
  if (p.size() < kMinSweepWindow || m < 1 || !CompactSweep::applicable(p, kernel, w)) return false;
  const Eigen::Index samples = std::min<Eigen::Index>(m, 16);
  const double radius = 1.0 / std::fabs(w);
  Eigen::Index keys = 0;
  for (Eigen::Index k = 0; k < samples; ++k) {
    const Window win = keys_within(p, query_at(k * m / samples), radius);
    keys += win.hi - win.lo;
  }
  return keys >= kMinSweepWindow * samples;
}

// A swept row is used when its weights are not so small on average that the expansion's absolute
// rounding could matter beside them (compact_sums.h); other rows are evaluated directly.
bool reliable(const WindowSums& s) {
  return s.count > 0 && s.s0 >= static_cast<double>(s.count) * (1.0 / 16.0) &&
         std::isfinite(s.s1 / s.s0);
}

// A local-linear row from swept sums (CompactSweep with_linear), in units of u = (q - x)|w| and
// with the values about the sweep's offset y0 (in s1 and uy):
//   m = u1 / s0 = (q - xbar)|w|,   V = u2 - m u1 = sum K (u - m)^2,
//   C = uy - m s1 = sum K (u - m) y,   f = y0 + s1 / s0 - m C / V,   self weight 1/s0 + m^2/V
// (the two-pass formulas of RowEvaluator::fit_linear, scaled by |w|). The sums are exact but for
// a few roundings of term2 (the magnitude of the terms that formed u2; compact_sums.h), which
// reach f multiplied by about (1 + |f - ybar| / spread) / V relative to the values' spread: the
// row is used where term2 (1 + |f - ybar| / spread) < V / 1024 (about 1e-13 relative), V > 1e-3 u2
// (V loses at most 3 digits to the subtraction, as in the Gaussian's wide_linear_fit) and the
// local-constant row is reliable. Otherwise false: the caller evaluates the row directly, which
// also finds the rows with fewer than two distinct keys (V = 0: the local-constant fallback).
constexpr double kLinearMargin = 1024.0;
bool linear_from_sums(const WindowSums& s, const CompactSweep& sweep, double* f,
                      double* self_weight) {
  if (s.count < 2 || !(s.s0 >= static_cast<double>(s.count) * (1.0 / 16.0))) return false;
  const double inv_s0 = 1.0 / s.s0;
  const double m = s.u1 * inv_s0;
  const double v = s.u2 - m * s.u1;
  if (!(v > 1e-3 * s.u2)) return false;
  const double inv_v = 1.0 / v;
  const double swing = m * ((s.uy - m * s.s1) * inv_v);  // f - ybar
  const double spread = sweep.value_spread();
  if (!(s.term2 * (spread + std::fabs(swing)) < v * kLinearMargin * spread) &&
      !(spread == 0.0 && s.term2 < v * kLinearMargin))
    return false;
  const double fit = sweep.value_offset() + (s.s1 * inv_s0 - swing);
  if (!std::isfinite(fit)) return false;
  *f = fit;
  if (self_weight) *self_weight = inv_s0 + m * m * inv_v;
  return true;
}

}  // namespace

const std::array<const char*, kEstimatorCount>& estimator_names() {
  static const std::array<const char*, kEstimatorCount> names = {"local-constant", "local-linear"};
  return names;
}

double scale_from_bandwidth(double h) { return 1.0 / h; }

void predict_into(const ConstVec& queries, const ConstVec& keys, const ConstVec& values,
                  Kernel kernel, double w, Evaluation evaluation, double* out,
                  Estimator estimator) {
  check_pairs(keys, values, "predict");
  const SortedPairs p(keys, values.data());
  const Eigen::Index m = queries.size();
  RowEvaluator rows(p, kernel, w, evaluation, m, estimator);
  if (evaluation == Evaluation::kWindowed &&
      sweep_pays(p, kernel, w, m, [&](Eigen::Index i) { return queries[i]; })) {
    // Fast sum updating over the queries in ascending order (a stable order of equal queries).
    std::vector<Eigen::Index> order(m);
    for (Eigen::Index i = 0; i < m; ++i) order[i] = i;
    if (!std::is_sorted(queries.data(), queries.data() + m))
      std::stable_sort(order.begin(), order.end(),
                       [&](Eigen::Index a, Eigen::Index b) { return queries[a] < queries[b]; });
    const bool linear = estimator == Estimator::kLocalLinear;
    CompactSweep sweep(p, kernel, w, false, linear);
    for (const Eigen::Index i : order) {
      const WindowSums s = sweep.at(queries[i], -1);
      double f;
      if (linear ? linear_from_sums(s, sweep, &f, nullptr) : reliable(s))
        out[i] = linear ? f : s.s1 / s.s0;
      else
        out[i] = rows.fit(queries[i], -1, false).f;
    }
    return;
  }
  for (Eigen::Index i = 0; i < m; ++i) out[i] = rows.fit(queries[i], -1, false).f;
}

Eigen::VectorXd predict(const ConstVec& queries, const ConstVec& keys, const ConstVec& values,
                        Kernel kernel, double w, Evaluation evaluation, Estimator estimator) {
  Eigen::VectorXd out(queries.size());
  predict_into(queries, keys, values, kernel, w, evaluation, out.data(), estimator);
  return out;
}

void attention_weights_into(const ConstVec& queries, const ConstVec& keys, Kernel kernel, double w,
                            Evaluation evaluation, double* out, Estimator estimator) {
  if (keys.size() < 1) throw std::invalid_argument("attention_weights: no keys");
  const SortedPairs p(keys, nullptr);
  const Eigen::Index m = queries.size(), n = keys.size();
  RowEvaluator rows(p, kernel, w, evaluation, m, estimator);
  if (estimator == Estimator::kLocalLinear) {
    std::vector<double> row_weights(static_cast<size_t>(n));
    for (Eigen::Index i = 0; i < m; ++i) {
      double* a = out + i * n;
      std::fill(a, a + n, 0.0);
      if (!rows.linear_attention(queries[i], row_weights.data())) {
        a[p.original(rows.last_nearest())] = 1.0;
        continue;
      }
      const Window win = rows.last_window();
      for (Eigen::Index s = win.lo; s < win.hi; ++s)
        a[p.original(s)] = row_weights[static_cast<size_t>(s - win.lo)];
    }
    return;
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    double* a = out + i * n;
    // Keys already sorted: the window is one contiguous run of the row, its weights written there.
    const Row r = rows.evaluate(queries[i], -1, p.identity() ? a : nullptr);
    if (!(r.sum > 0.0)) {
      std::fill(a, a + n, 0.0);
      a[p.original(r.nearest)] = 1.0;
      continue;
    }
    const double inv = 1.0 / r.sum;
    const double* e = rows.weights();
    if (p.identity()) {
      std::fill(a, a + r.window.lo, 0.0);
      for (Eigen::Index s = r.window.lo; s < r.window.hi; ++s) a[s] *= inv;
      std::fill(a + r.window.hi, a + n, 0.0);
    } else {  // back to the caller's key order
      std::fill(a, a + n, 0.0);
      for (Eigen::Index s = r.window.lo; s < r.window.hi; ++s)
        a[p.original(s)] = e[s - r.window.lo] * inv;
    }
  }
}

void attention_square_sums(const ConstVec& queries, const ConstVec& keys, Kernel kernel, double w,
                           double* out, Estimator estimator) {
  if (keys.size() < 1) throw std::invalid_argument("attention_square_sums: no keys");
  const SortedPairs p(keys, nullptr);
  const Eigen::Index m = queries.size();
  RowEvaluator rows(p, kernel, w, Evaluation::kWindowed, m, estimator);
  if (estimator == Estimator::kLocalLinear) {
    std::vector<double> a(static_cast<size_t>(keys.size()));
    for (Eigen::Index i = 0; i < m; ++i) {
      if (!rows.linear_attention(queries[i], a.data())) {
        out[i] = 1.0;
        continue;
      }
      const Window win = rows.last_window();
      double acc = 0.0;
      for (Eigen::Index j = 0; j < win.hi - win.lo; ++j)
        acc += a[static_cast<size_t>(j)] * a[static_cast<size_t>(j)];
      out[i] = acc;
    }
    return;
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    const Row r = rows.evaluate(queries[i], -1);
    if (!(r.sum > 0.0)) {
      out[i] = 1.0;
      continue;
    }
    // sum_j (e_j / s)^2, the weights divided first (no overflow of e_j^2 for large sums).
    const double inv = 1.0 / r.sum;
    const double* e = rows.weights();
    double acc = 0.0;
    for (Eigen::Index j = 0; j < r.window.hi - r.window.lo; ++j) {
      const double a = e[j] * inv;
      acc += a * a;
    }
    out[i] = acc;
  }
}

RowMatrixXd attention_weights(const ConstVec& queries, const ConstVec& keys, Kernel kernel,
                              double w, Evaluation evaluation, Estimator estimator) {
  RowMatrixXd a(queries.size(), keys.size());
  attention_weights_into(queries, keys, kernel, w, evaluation, a.data(), estimator);
  return a;
}

namespace {
// Block boundaries of `count` items split into `blocks` nearly equal contiguous blocks.
std::vector<Eigen::Index> block_starts(Eigen::Index count, Eigen::Index blocks) {
  std::vector<Eigen::Index> start(blocks + 1);
  for (Eigen::Index b = 0; b <= blocks; ++b) start[b] = b * count / blocks;
  return start;
}
}  // namespace

BinnedAttention attention_binned(const ConstVec& queries, const ConstVec& keys, Kernel kernel,
                                 double w, Eigen::Index max_rows, Eigen::Index max_cols,
                                 Estimator estimator) {
  if (keys.size() < 1) throw std::invalid_argument("attention_binned: no keys");
  if (max_rows < 1 || max_cols < 1)
    throw std::invalid_argument("attention_binned: bins must be >= 1");
  const Eigen::Index m = queries.size(), n = keys.size();
  const Eigen::Index rows = std::min(m, max_rows), cols = std::min(n, max_cols);
  const SortedPairs p(keys, nullptr);
  RowEvaluator eval(p, kernel, w, Evaluation::kWindowed, m, estimator);
  BinnedAttention out;
  out.row_start = block_starts(m, rows);
  out.col_start = block_starts(n, cols);
  out.cells = RowMatrixXd::Zero(rows, cols);
  out.sorted_keys = Eigen::Map<const Eigen::VectorXd>(p.x(), n);
  // Column block of every sorted key position.
  std::vector<Eigen::Index> col_of(n);
  for (Eigen::Index c = 0; c < cols; ++c)
    for (Eigen::Index s = out.col_start[c]; s < out.col_start[c + 1]; ++s) col_of[s] = c;
  // Wide Gaussian rows: the column blocks' weight sums through their Taylor moments
  // (gauss_transform.h), when every block spans at most h and the row has a key within 2h.
  if (estimator == Estimator::kLocalLinear) {
    // Local linear: each row's equivalent-kernel weights, directly.
    std::vector<double> a(static_cast<size_t>(n));
    for (Eigen::Index r = 0; r < rows; ++r) {
      double* cell = out.cells.row(r).data();
      const Eigen::Index q_lo = out.row_start[r], q_hi = out.row_start[r + 1];
      const double per_query = 1.0 / static_cast<double>(q_hi - q_lo);
      for (Eigen::Index i = q_lo; i < q_hi; ++i) {
        if (!eval.linear_attention(queries[i], a.data())) {
          cell[col_of[eval.last_nearest()]] += per_query;
          continue;
        }
        const Window win = eval.last_window();
        for (Eigen::Index s = win.lo; s < win.hi; ++s)
          cell[col_of[s]] += a[static_cast<size_t>(s - win.lo)] * per_query;
      }
    }
    return out;
  }
  std::unique_ptr<GaussTransform> blocks;
  if (kernel == Kernel::kGaussian && w != 0.0 && std::isfinite(w) && n / cols >= 64) {
    blocks = std::make_unique<GaussTransform>(p, w, out.col_start);
    if (!blocks->expandable()) blocks.reset();
  }
  std::vector<double> block_sum(cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    double* cell = out.cells.row(r).data();
    const Eigen::Index q_lo = out.row_start[r], q_hi = out.row_start[r + 1];
    const double per_query = 1.0 / static_cast<double>(q_hi - q_lo);
    for (Eigen::Index i = q_lo; i < q_hi; ++i) {
      Row row;
      if (blocks) {  // Gaussian, finite w != 0: the neighbourhood is needed either way
        const Neighbourhood nb = eval.locate(queries[i], -1);
        if (nb.d_min * std::fabs(w) <= 2.0) {
          std::fill(block_sum.begin(), block_sum.end(), 0.0);
          const double total = blocks->box_weights(queries[i], nb.radius, block_sum.data());
          for (Eigen::Index c = 0; c < cols; ++c) cell[c] += block_sum[c] * (per_query / total);
          continue;
        }
        row = eval.evaluate(queries[i], -1, nb);
      } else {
        row = eval.evaluate(queries[i], -1);
      }
      if (row.sum > 0.0) {
        const double scale = per_query / row.sum;
        const double* e = eval.weights() - row.window.lo;
        Eigen::Index s = row.window.lo;
        for (Eigen::Index c = col_of[s]; s < row.window.hi; ++c) {
          const Eigen::Index end = std::min<Eigen::Index>(out.col_start[c + 1], row.window.hi);
          double sum = 0.0;
          for (; s < end; ++s) sum += e[s];
          cell[c] += sum * scale;
        }
      } else {
        cell[col_of[row.nearest]] += per_query;
      }
    }
  }
  return out;
}

double average_pooling(const ConstVec& values) {
  if (values.size() < 1) throw std::invalid_argument("average_pooling: no values");
  const double mean = values.mean();
  if (std::isfinite(mean)) return mean;
  // The sum overflowed (values near +-1.8e308): with n < 2^32 the sum of the values times 2^-32
  // cannot, and the mean lies within the values' range. Exact scaling both ways.
  return (values.array() * 0x1p-32).mean() * 0x1p32;
}

struct LossEvaluator::Impl {
  Impl(const ConstVec& k, const ConstVec& v, Kernel kernel, Evaluation evaluation,
       Estimator estimator)
      : keys(k),
        values(v),
        pairs(keys, values.data()),
        kernel(kernel),
        evaluation(evaluation),
        estimator(estimator) {}
  Eigen::VectorXd keys, values;
  SortedPairs pairs;
  Kernel kernel;
  Evaluation evaluation;
  Estimator estimator;
  double w = 0.0;
  std::unique_ptr<RowEvaluator> rows;
  // Fast sum updating for the current w: every row's f and df/dw by sorted position, computed in
  // one sweep on the first accumulate() (for its leave_one_out / with_gradient).
  bool swept = false;
  bool filled = false, filled_loo = false, filled_gradient = false;
  std::vector<double> f, dfdw;
  std::vector<double> self_weight;  // of the rows without leave-one-out (Fit::self_weight)
  // The h -> 0 fallback of every sorted position's leave-one-out row (its nearest other key),
  // which does not depend on w: found once, used by every sweep whose row is empty.
  std::vector<Eigen::Index> nearest_other;
  Eigen::Index swept_rows = 0;  // rows of the last fill() taken from the sweep's sums

  void fill(bool loo, bool with_gradient) {
    const Eigen::Index n = pairs.size();
    const bool gradient = with_gradient && kernel_is_trainable(kernel);
    f.resize(n);
    self_weight.resize(loo ? 0 : n);
    if (with_gradient)
      dfdw.assign(n, 0.0);
    else
      dfdw.clear();  // not read without the gradient
    const bool linear = estimator == Estimator::kLocalLinear;
    CompactSweep sweep(pairs, kernel, w, gradient, linear);
    swept_rows = 0;
    for (Eigen::Index s = 0; s < n; ++s) {
      const double q = pairs.x()[s];
      const Eigen::Index skip = loo ? s : -1;
      const WindowSums sums = sweep.at(q, skip);
      double fit, weight;
      if (sums.count == 0 && loo) {
        if (nearest_other.empty()) {
          nearest_other.resize(n);
          for (Eigen::Index t = 0; t < n; ++t)
            nearest_other[t] = nearest_position(pairs, pairs.x()[t], t, nullptr);
        }
        f[s] = pairs.y()[nearest_other[s]];  // one-hot row: locally independent of w
      } else if (linear && linear_from_sums(sums, sweep, &fit, &weight)) {
        f[s] = fit;  // no gradient: the local-linear estimator has none
        if (!loo) self_weight[s] = weight;
        ++swept_rows;
      } else if (!linear && reliable(sums)) {
        ++swept_rows;
        f[s] = sums.s1 / sums.s0;
        if (!loo) self_weight[s] = 1.0 / sums.s0;
        // df/dw = sum_j (y_j - f) K'(d_j w) d_j / s0 = (g1 - f g0) / (w s0), G(u) = u K'(u).
        if (gradient) dfdw[s] = (sums.g1 - f[s] * sums.g0) / (w * sums.s0);
      } else {
        const RowEvaluator::Fit fit = rows->fit(q, skip, with_gradient);
        f[s] = fit.f;
        if (!loo) self_weight[s] = fit.self_weight;
        if (with_gradient) dfdw[s] = fit.dfdw;
      }
    }
    filled = true, filled_loo = loo, filled_gradient = with_gradient;
  }

  // Gaussian local-constant rows at the keys without the gradient, all at once (set_scale chooses
  // it where it costs less than the box expansion): each pair of keys within `radius` of each
  // other is weighed once for both of its rows (gaussian_pool_pairs: half the exps of summing row
  // by row), and the rows find their windows by one forward scan, not binary searches. The radius
  // is that of a row whose nearest other key lies h away (WindowRule): a row with a nearer one has
  // a smaller window of its own, and the keys between the two weigh under 1e-17 / n of its largest
  // each. Rows whose nearest other key is farther, and rows whose sums leave the double range,
  // are evaluated on their own (RowEvaluator, weights relative to the nearest key's).
  static constexpr double kPairedNear = 1.0;  // in units of h
  bool paired = false;
  std::vector<double> pair_den, pair_num;
  Eigen::Index paired_rows = 0;  // rows of the last fill_paired() taken from the pair sums

  double paired_radius() const { return rows->rule().radius(kPairedNear / std::fabs(w)); }

  // The windows of the paired pass by one forward scan: fn(s, hi) for every sorted position s in
  // order, with the keys s < t < hi those after s within `radius` of it (x_t - x_s <= radius).
  template <class Fn>
  void for_each_window(double radius, Fn fn) const {
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    Eigen::Index hi = 0;
    for (Eigen::Index s = 0; s < n; ++s) {
      if (hi < s + 1) hi = s + 1;
      while (hi < n && x[hi] - x[s] <= radius) ++hi;
      fn(s, hi);
    }
  }

  // Pairs of keys (s < t) within `radius`: what the paired pass weighs.
  double pairs_within(double radius) const {
    double count = 0.0;
    for_each_window(
        radius, [&](Eigen::Index s, Eigen::Index hi) { count += static_cast<double>(hi - s - 1); });
    return count;
  }

  // The rows of a paired pass from its pair sums (pair_den, pair_num: the other keys' weights):
  // f = num / den, with the row's own key (weight K(0) = 1) added where !loo and 1 / den its
  // hat-matrix diagonal. from_sums(s, den, num) says where the sums give the row (each family's
  // own range and nearness tests); other(s, den, &f) takes a row the sums do not give without a
  // search where it can (counted in paired_rows if count_other); the rest are RowEvaluator's.
  template <class FromSums, class Other>
  void finish_paired(bool loo, FromSums from_sums, Other other, bool count_other) {
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    const double* y = pairs.y();
    f.resize(n);
    self_weight.resize(loo ? 0 : n);
    dfdw.clear();
    paired_rows = 0;
    for (Eigen::Index s = 0; s < n; ++s) {
      double den = pair_den[s], num = pair_num[s];
      if (!loo) {
        den += 1.0;  // its own key: K(0) = 1
        num += y[s];
      }
      if (from_sums(s, den, num)) {
        f[s] = num / den;
        if (!loo) self_weight[s] = 1.0 / den;
        ++paired_rows;
      } else if (other(s, den, &f[s])) {
        if (count_other) ++paired_rows;
      } else {
        const RowEvaluator::Fit fit = rows->fit(x[s], loo ? s : -1, false);
        f[s] = fit.f;
        if (!loo) self_weight[s] = fit.self_weight;
      }
    }
    filled = true, filled_loo = loo, filled_gradient = false;
  }

  void fill_paired(bool loo) {
    if (kernel != Kernel::kGaussian) return fill_compact_pairs(loo);
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    const double* y = pairs.y();
    const double aw = std::fabs(w);
    pair_den.assign(n, 0.0);
    pair_num.assign(n, 0.0);
    for_each_window(paired_radius(), [&](Eigen::Index s, Eigen::Index hi) {
      gaussian_pool_pairs(x[s], y[s], x + s + 1, y + s + 1, static_cast<std::size_t>(hi - s - 1), w,
                          &pair_den[s], &pair_num[s], pair_den.data() + s + 1,
                          pair_num.data() + s + 1);
    });
    // A leave-one-out row is taken from its sums where its nearest other key lies within h, else
    // from its neighbours' window (far_row: not counted, its sums are its own).
    const double inf = std::numeric_limits<double>::infinity();
    const auto near = [&](Eigen::Index s) {
      if (!loo) return true;
      const double left = s > 0 ? x[s] - x[s - 1] : inf;
      const double right = s + 1 < n ? x[s + 1] - x[s] : inf;
      return std::min(left, right) * aw <= kPairedNear;
    };
    finish_paired(
        loo,
        [&](Eigen::Index s, double den, double num) {
          return near(s) && den > 0.0 && std::isfinite(den) && std::isfinite(num);
        },
        [&](Eigen::Index s, double, double* out) { return !near(s) && far_row(s, out); }, false);
  }

  // The paired pass of a compact kernel (chosen over the sweep where windows hold few keys): each
  // pair of keys within the kernel's radius weighed once for both of its rows, K(|x_s - x_t| |w|),
  // the very terms of RowEvaluator's direct rows (compact weights are absolute, K(u) in [0, 1]),
  // summed in another order. A row with no weight (no other key within h) and a row whose sums
  // leave the double range are RowEvaluator's (the nearest key's value; scaled sums).
  void fill_compact_pairs(bool loo) {
    with_compact_kernel(kernel, [&](auto tag) { fill_compact_pairs(loo, tag); });
  }
  template <Kernel K>
  void fill_compact_pairs(bool loo, KernelTag<K>) {
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    const double* y = pairs.y();
    pair_den.assign(n, 0.0);
    pair_num.assign(n, 0.0);
    for_each_window(paired_radius(), [&](Eigen::Index s, Eigen::Index hi) {
      double den = 0.0, num = 0.0;
      const double ys = y[s];
      for (Eigen::Index t = s + 1; t < hi; ++t) {
        const double k = kernel_value(K, scaled_difference(x[s], x[t], w));
        den += k;
        num += k * y[t];
        pair_den[t] += k;
        pair_num[t] += k * ys;
      }
      pair_den[s] += den;
      pair_num[s] += num;
    });
    // An empty leave-one-out row takes its nearest neighbour's value (counted: no search).
    finish_paired(
        loo, [](Eigen::Index, double den, double num) { return den > 0.0 && std::isfinite(num); },
        [&](Eigen::Index s, double den, double* out) {
          return !(den > 0.0) && loo && nearest_neighbour(s, out);
        },
        true);
  }

  // A leave-one-out row with no weight (no other key within h): the value of its nearest other
  // key, as RowEvaluator's fallback (nearest_position), where that key is one sorted neighbour,
  // strictly nearer than the other and without an equal key beside it (which could have a lower
  // caller index). False otherwise: the general path decides.
  bool nearest_neighbour(Eigen::Index s, double* out) const {
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    const double inf = std::numeric_limits<double>::infinity();
    const double left = s > 0 ? x[s] - x[s - 1] : inf;
    const double right = s + 1 < n ? x[s + 1] - x[s] : inf;
    if (left < right && !(s >= 2 && x[s - 2] == x[s - 1])) {
      *out = pairs.y()[s - 1];
      return true;
    }
    if (right < left && !(s + 2 < n && x[s + 2] == x[s + 1])) {
      *out = pairs.y()[s + 1];
      return true;
    }
    return false;
  }

  // A leave-one-out row of the paired pass whose nearest other key (a neighbour in sorted order)
  // lies beyond h: RowEvaluator's direct row (weights relative to the nearest key's, the window of
  // that distance), with its window found from the row's own position by a short scan instead of
  // binary searches: the same window and sums as RowEvaluator's, so the same bits. False where
  // that row needs the general path (its sums leave the double range).
  bool far_row(Eigen::Index s, double* out) const {
    const Eigen::Index n = pairs.size();
    const double* x = pairs.x();
    const double* y = pairs.y();
    const double q = x[s];
    const double inf = std::numeric_limits<double>::infinity();
    const double d = std::min(s > 0 ? q - x[s - 1] : inf, s + 1 < n ? x[s + 1] - q : inf);
    const double u_min = d * w;
    const double s_max = -0.5 * u_min * u_min;
    if (!std::isfinite(d) || !(s_max > -inf)) return false;
    const double radius = rows->rule().radius(d);
    Eigen::Index lo = s, hi = s + 1;
    // keys_within's window: the keys with q - radius <= x <= q + radius.
    while (lo > 0 && x[lo - 1] >= q - radius) --lo;
    while (hi < n && x[hi] <= q + radius) ++hi;
    if (!std::isfinite(q - x[lo]) || !std::isfinite(x[hi - 1] - q)) return false;
    double den = 0.0, num = 0.0;
    gaussian_pool(q, x + lo, y + lo, static_cast<std::size_t>(s - lo), w, s_max, &den, &num);
    gaussian_pool(q, x + s + 1, y + s + 1, static_cast<std::size_t>(hi - s - 1), w, s_max, &den,
                  &num);
    if (!(den > 0.0) || !std::isfinite(num)) return false;
    *out = num / den;
    return true;
  }
};

LossEvaluator::LossEvaluator(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                             Evaluation evaluation, Estimator estimator) {
  check_pairs(keys, values, "training_loss");
  impl_ = std::make_unique<Impl>(keys, values, kernel, evaluation, estimator);
}

LossEvaluator::~LossEvaluator() = default;

Eigen::Index LossEvaluator::size() const { return impl_->keys.size(); }

Eigen::Index LossEvaluator::swept_rows() const { return impl_->swept ? impl_->swept_rows : 0; }

Eigen::Index LossEvaluator::paired_rows() const {
  return impl_->paired && impl_->filled ? impl_->paired_rows : 0;
}

void LossEvaluator::set_scale(double w, Eigen::Index rows_expected) {
  Impl& m = *impl_;
  m.w = w;
  // Every loss row may use the wide-row expansion (the same choice for every slice of a batch).
  m.rows = std::make_unique<RowEvaluator>(m.pairs, m.kernel, w, m.evaluation, m.pairs.size(),
                                          m.estimator);
  // Sweep when the rows to come are a good part of all rows: rows at the sorted keys cost O(1)
  // amortised in the sweep (no binary searches) whatever the width of their windows.
  const Eigen::Index n = m.pairs.size();
  m.filled = false;
  m.swept_rows = 0;
  m.swept = m.evaluation == Evaluation::kWindowed && 4 * rows_expected >= n &&
            n >= kMinSweepWindow && CompactSweep::applicable(m.pairs, m.kernel, w);
  if (m.swept && m.estimator == Estimator::kLocalConstant &&
      m.pairs_within(m.paired_radius()) <=
          compact_pairs_per_row(m.kernel) * static_cast<double>(n)) {
    m.swept = false;
    m.paired = true;
    return;
  }
  // The Gaussian's paired pass (Impl::fill_paired) for the same calls, where its pairs cost less
  // than the box expansion would (a paired pair costs about kPairCost direct ones).
  constexpr double kPairCost = 1.5;
  m.paired = !m.swept && m.evaluation == Evaluation::kWindowed && 4 * rows_expected >= n &&
             n >= 2 && m.kernel == Kernel::kGaussian && m.estimator == Estimator::kLocalConstant &&
             w != 0.0 && std::isfinite(w) &&
             kPairCost * m.pairs_within(m.paired_radius()) < m.rows->expansion_cost();
}

void LossEvaluator::accumulate(const int* rows, Eigen::Index first, Eigen::Index count,
                               bool leave_one_out, bool with_gradient, LossAndGradient* acc) {
  const Eigen::Index n = size();
  if (leave_one_out && n < 2)
    throw std::invalid_argument("training_loss: leave-one-out needs at least 2 points");
  if (!impl_->rows) throw std::logic_error("LossEvaluator: set_scale before accumulate");
  if (with_gradient && impl_->estimator == Estimator::kLocalLinear)
    throw std::invalid_argument("training_loss: the local-linear estimator has no gradient");
  Impl& m = *impl_;
  const SortedPairs& p = m.pairs;
  RowEvaluator& eval = *m.rows;
  // Rows from a whole pass at this scale: the compact kernels' sweep, the Gaussian's paired pass.
  const bool from_pass = m.swept || (m.paired && !with_gradient);
  if (from_pass && count > 0 &&
      (!m.filled || m.filled_loo != leave_one_out || m.filled_gradient != with_gradient)) {
    if (m.swept)
      m.fill(leave_one_out, with_gradient);
    else
      m.fill_paired(leave_one_out);
  }
  for (Eigen::Index r = 0; r < count; ++r) {
    const Eigen::Index i = rows ? rows[r] : first + r;
    if (i < 0 || i >= n) throw std::invalid_argument("training_loss: row index out of range");
    const Eigen::Index self = p.position(i);
    RowEvaluator::Fit fit;
    if (from_pass) {
      fit.f = m.f[self];
      fit.dfdw = with_gradient ? m.dfdw[self] : 0.0;
    } else {
      fit = eval.fit(p.x()[self], leave_one_out ? self : -1, with_gradient);
    }
    const double err = fit.f - p.y()[self];
    acc->loss += err * err;
    acc->gradient += 2.0 * err * fit.dfdw;
  }
}

SmootherFit LossEvaluator::smoother_fit(double w) {
  Impl& m = *impl_;
  set_scale(w, size());
  const Eigen::Index n = size();
  const bool from_pass = m.swept || m.paired;
  if (from_pass && (!m.filled || m.filled_loo || m.filled_gradient)) {
    if (m.swept)
      m.fill(false, false);
    else
      m.fill_paired(false);
  }
  SmootherFit out;
  for (Eigen::Index s = 0; s < n; ++s) {
    double f, self_weight;
    if (from_pass) {
      f = m.f[s];
      self_weight = m.self_weight[s];
    } else {
      const RowEvaluator::Fit fit = m.rows->fit(m.pairs.x()[s], -1, false);
      f = fit.f;
      self_weight = fit.self_weight;
    }
    const double err = f - m.pairs.y()[s];
    out.rss += err * err;
    out.trace += self_weight;
  }
  return out;
}

double LossEvaluator::loss(double w, bool leave_one_out) {
  set_scale(w, size());
  LossAndGradient acc;
  accumulate(nullptr, 0, size(), leave_one_out, false, &acc);
  return acc.loss;
}

LossAndGradient training_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel, double w,
                              bool leave_one_out, const std::vector<int>& rows,
                              Evaluation evaluation, bool with_gradient, Estimator estimator) {
  LossEvaluator e(keys, values, kernel, evaluation, estimator);
  e.set_scale(w, rows.empty() ? keys.size() : static_cast<Eigen::Index>(rows.size()));
  LossAndGradient out;
  if (rows.empty()) {
    e.accumulate(nullptr, 0, keys.size(), leave_one_out, with_gradient, &out);
  } else {
    e.accumulate(rows.data(), 0, static_cast<Eigen::Index>(rows.size()), leave_one_out,
                 with_gradient, &out);
  }
  return out;
}

double loo_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel, double w,
                Estimator estimator) {
  return training_loss(keys, values, kernel, w, true, {}, Evaluation::kWindowed, false, estimator)
      .loss;
}

double mean_squared_error(const ConstVec& a, const ConstVec& b) {
  if (a.size() < 1 || a.size() != b.size())
    throw std::invalid_argument("mean_squared_error: needs two arrays of the same length >= 1");
  const double m = static_cast<double>(a.size());
  const Eigen::ArrayXd d = a.array() - b.array();
  const double plain = d.square().sum() / m;
  if (std::isfinite(plain) || !d.isFinite().all()) return plain;
  // Overflow in the squares (differences beyond ~1e154): scale by the largest difference.
  const double s = d.abs().maxCoeff();
  return s * s * ((d / s).square().sum() / m);
}

}  // namespace nw
