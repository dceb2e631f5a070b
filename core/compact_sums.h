// Fast sum updating: the kernel sums of many rows of a compact kernel in O(1) amortised per row.
//
// For a compact kernel the keys of a query q that carry weight are the keys with |u| <= 1,
// u = (q - x) |w|: a window of consecutive sorted keys. On each side of q the kernel is a
// polynomial in u (boxcar 1, Epanechnikov 1 - u^2, triangular 1 - |u|, tricube (1 - |u|^3)^3), or,
// for the cosine, cos(a u) = cos(a t) cos(a v) + sin(a t) sin(a v) with a = pi / 2. Writing
// u = t - v with t = (q - c)|w| and v = (x - c)|w| for a centre c, a side's sums are
//   sum_j K(u_j) [y_j] = sum_i c_i(t) M_i,    M_i = sum_j phi_i(v_j) [y_j]
// with per-query coefficients c_i(t) (the Taylor coefficients of the side's polynomial at t) and
// basis functions phi_i (v^i, or cos(a v), sin(a v), v cos(a v), v sin(a v)). Queries taken in
// ascending order move the window monotonically, so each key enters and leaves a side once: the
// moments M_i are updated, not recomputed (Langrene and Warin 2019; Fan and Marron 1994).
//
// Stability. Raw powers of x about a fixed origin cancel catastrophically when |x| >> h. Here the
// centre c follows the query: the moments are recomputed from scratch about c = q (a "rebase")
// whenever |t| would exceed 1/4 (tricube) or 1 (the kernels of degree <= 2 and the cosine), so
// |v| <= 5/4 and the tricube's expansion terms are at most sum_k |a_k| (3/2)^k = 45 times a
// key's own weight scale (degree <= 2: |v| <= 2, terms at most 9). The running sums also collect
// the rounding of every key added or removed since the last rebase; a rebase is forced when more
// than 2 count + 16 (tricube; 4 count + 16 for the others) keys have entered since (count: the
// keys now in the window), so that residue stays within a small multiple of the window's size. Both
// rebases cost O(window) and amortise to O(1) per key. The caller evaluates a row directly (as the
// dense sum does) when its weights are so small on average (s0 < count / 16) that the expansion's
// absolute error could matter, or when its window is empty.
//
// The window holds exactly the keys to which the direct evaluation gives a non-zero weight (the
// same scaled_difference and the same |u| <= 1 test; keys at |u| = 1 only where K(1) != 0), so an
// empty support is recognised exactly.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "kernels.h"
#include "window.h"

namespace nw {

// The sums of one row over its window (skip excluded):
struct WindowSums {
  double s0 = 0.0;         // sum_j K(u_j)
  double s1 = 0.0;         // sum_j K(u_j) y_j
  double g0 = 0.0;         // sum_j G(u_j),  G(u) = u K'(u)   (only with_gradient)
  double g1 = 0.0;         // sum_j G(u_j) y_j                (only with_gradient)
  Eigen::Index count = 0;  // keys in the window
};

class CompactSweep {
 public:
  static constexpr int kMaxBasis = 10;  // tricube: v^0 .. v^9

  // True when the sweep's assumptions hold: a compact kernel, finite w != 0, finite keys whose
  // span times |w| is finite, values whose sum of magnitudes is finite (p.y() non-null). O(n):
  // callers check it once; the constructor checks only the O(1) part.
  static bool applicable(const SortedPairs& p, Kernel kernel, double w);

  // The pairs must outlive the sweep. w may be negative (the kernels are even: |w| is used).
  CompactSweep(const SortedPairs& p, Kernel kernel, double w, bool with_gradient);

  // The sums of the row of query q. Queries must be non-decreasing from call to call. skip: the
  // sorted position of a key excluded from the row (the leave-one-out key, x[skip] == q), or -1.
  WindowSums at(double q, Eigen::Index skip);

  // Rebases so far (for tests and the benchmark: amortised O(1) per key).
  Eigen::Index rebases() const { return rebases_; }

 private:
  struct Side {
    Eigen::Index begin = 0, end = 0;  // sorted positions [begin, end)
    double m[kMaxBasis] = {};         // sum_j phi_i(v_j) y_j
    double c[kMaxBasis] = {};         // sum_j phi_i(v_j)
  };
  bool inside(double q, double x) const;
  void add(Side* s, Eigen::Index from, Eigen::Index to, double sign);
  void rebase(double q, Eigen::Index lo, Eigen::Index mid, Eigen::Index mid2, Eigen::Index hi);
  // Adds one side's sums for t to *out (left: u = t - v >= 0, right: u <= 0).
  void row_sums(const Side& s, double t, bool left, WindowSums* out) const;

  const SortedPairs& p_;
  Kernel kernel_;
  double aw_;  // |w|
  bool gradient_;
  bool edge_in_;  // K(1) != 0: keys at |u| = 1 carry weight
  int basis_size_;
  // Polynomial kernels: coefficients of K and G in u on the left side (u >= 0), ascending powers.
  double k_poly_[kMaxBasis] = {};
  double g_poly_[kMaxBasis] = {};
  int degree_ = 0;
  // For the polynomial kernels (null for the cosine): the moment update of a run of keys, and
  // the Taylor shift of a polynomial of degree_ to a new origin.
  void (*add_powers_)(const double*, const double*, Eigen::Index, Eigen::Index, double, double,
                      double, double*, double*) = nullptr;
  void (*taylor_shift_)(const double*, double, double*) = nullptr;
  double max_shift_ = 0.25;        // rebase when |t| = |q - c| |w| would exceed this
  Eigen::Index entry_factor_ = 2;  // ... or when more than factor count + 16 keys entered since
  double centre_ = 0.0;
  double last_q_ = 0.0;
  bool started_ = false;
  Side left_, right_;
  Eigen::Index entered_ = 0;  // keys added since the last rebase
  Eigen::Index rebases_ = 0;
  // The cosine's basis cos(av), sin(av) of each key about the current centre, computed once per
  // rebase (stamp = rebases_ when computed): a key is added and removed up to four times (it
  // enters the right side, leaves it as the skipped key, enters the left side, leaves it).
  std::vector<double> cos_, sin_;
  std::vector<Eigen::Index> stamp_;
};

}  // namespace nw
