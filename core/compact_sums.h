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
//
// Local-linear sums (with_linear). The local-linear fit also needs sum K(u) u, sum K(u) u^2 and
// sum K(u) u y. On a side these are again polynomials in s = |u| (s P(s) and s^2 P(s), of degree
// p + 1 and p + 2 for a kernel P of degree p; u = s on the left, -s on the right; with b_i the
// Taylor coefficients of P about z0 = t (left) or -t (right), theirs are c1_i = z0 b_i + b_(i-1)
// and c2_i = z0 c1_i + c1_(i-1)), or for
// the cosine u cos(au) and u^2 cos(au), which expand about t in the basis cos(av), sin(av),
// v cos(av), v sin(av), v^2 cos(av), v^2 sin(av). So the sweep keeps the moments of degree
// 0 .. p + 2 (the cosine: those six) on each side, moved and rebased as above. For Epanechnikov,
// boxcar and cosine, even and smooth in u, both sides have one expansion: their moments are added
// and the row evaluated once. Three things keep these sums exact to a few roundings:
//  - compensated moments: keys are summed plainly into a side's pending sums, which enter its
//    totals by TwoSum (Knuth) every 32 keys, so the totals carry no residue of the keys that came
//    and went, nor the sqrt(n) growth of a long sum (a rebase over 10^5 keys);
//  - the values enter about their mean (value_offset()), so sum K u y does not cancel against a
//    common offset of the values;
//  - term2 (below) measures the terms that formed u2; the local-linear denominator
//    V = sum K u^2 - (sum K u)^2 / sum K can be far smaller (keys bunched together far from the
//    centre, a query beyond its keys, two nearly equal keys): the caller compares V with term2 and
//    evaluates such rows directly (nadaraya_watson.cpp, linear_from_sums).
// The local-constant sweep (with_linear false) keeps only its own moments, plainly: its sums and
// cost are unchanged.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "kernels.h"
#include "window.h"

namespace nw {

// The sums of one row over its window (skip excluded), u_j = (q - x_j) |w|:
struct WindowSums {
  double s0 = 0.0;  // sum_j K(u_j)
  double s1 = 0.0;  // sum_j K(u_j) y_j         (with_linear: of y_j - value_offset())
  double g0 = 0.0;  // sum_j G(u_j),  G(u) = u K'(u)   (only with_gradient)
  double g1 = 0.0;  // sum_j G(u_j) y_j                (only with_gradient)
  double u1 = 0.0;  // sum_j K(u_j) u_j                (only with_linear)
  double u2 = 0.0;  // sum_j K(u_j) u_j^2              (only with_linear)
  double uy = 0.0;  // sum_j K(u_j) u_j (y_j - value_offset())   (only with_linear)
  // (only with_linear) A bound of sum_j sum_i |c2_i(t) phi_i(v_j)|, the magnitudes of the terms
  // whose sum is u2 (for the polynomial kernels from the even moments sum_j v_j^i; for the cosine
  // from |v_j| <= the window's largest |v|): u2's rounding is a few units of 1e-16 times this.
  double term2 = 0.0;
  Eigen::Index count = 0;  // keys in the window
};

class CompactSweep {
 public:
  static constexpr int kMaxBasis = 12;  // tricube with_linear: v^0 .. v^11

  // True when the sweep's assumptions hold: a compact kernel, finite w != 0, finite keys whose
  // span times |w| is finite, values whose sum of magnitudes is finite (p.y() non-null). O(n):
  // callers check it once; the constructor checks only the O(1) part.
  static bool applicable(const SortedPairs& p, Kernel kernel, double w);

  // The pairs must outlive the sweep. w may be negative (the kernels are even: |w| is used).
  // with_linear: also the local-linear sums u1, u2, uy and term2 (compensated moments of degree
  // p + 2, the values about their mean).
  CompactSweep(const SortedPairs& p, Kernel kernel, double w, bool with_gradient,
               bool with_linear = false);

  // The sums of the row of query q. Queries must be non-decreasing from call to call. skip: the
  // sorted position of a key excluded from the row (the leave-one-out key, x[skip] == q), or -1.
  WindowSums at(double q, Eigen::Index skip);

  // Rebases so far (for tests and the benchmark: amortised O(1) per key).
  Eigen::Index rebases() const { return rebases_; }

  // with_linear: the rows' s1 and uy are sums of y - value_offset() (the values' mean, so that the
  // local-linear slope does not cancel against a common offset of the values), and value_spread()
  // is the largest |y - value_offset()|. Without: 0 and 0 (s1 is a sum of y).
  double value_offset() const { return offset_; }
  double value_spread() const { return spread_; }

 private:
  struct Side {
    Eigen::Index begin = 0, end = 0;  // sorted positions [begin, end)
    double m[kMaxBasis] = {};         // sum_j phi_i(v_j) y_j
    double c[kMaxBasis] = {};         // sum_j phi_i(v_j)
    // with_linear: the roundings of m and c (compensated sums), and the plain sums of the keys
    // added or removed since the last flush into m and c (pending of them).
    double me[kMaxBasis] = {}, ce[kMaxBasis] = {};
    double pm[kMaxBasis] = {}, pc[kMaxBasis] = {};
    int pending = 0;
  };
  bool inside(double q, double x) const;
  void add(Side* s, Eigen::Index from, Eigen::Index to, double sign);
  // The moments of keys [from, to) times sign added to m and c (plainly).
  void add_run(Eigen::Index from, Eigen::Index to, double sign, double* m, double* c);
  void rebase(double q, Eigen::Index lo, Eigen::Index mid, Eigen::Index mid2, Eigen::Index hi);
  // Adds one side's sums for t to *out (left: u = t - v >= 0, right: u <= 0).
  void row_sums(const Side& s, double t, bool left, WindowSums* out) const;
  // The same for the local-linear sums u1, u2, uy (and term2), from the side's folded moments c, m
  // and the coefficients b of K about z0 = t (left) or -t (right), before their sign flip.
  void linear_sums(const double* b, const double* c, const double* m, Eigen::Index keys, double t,
                   bool left, WindowSums* out) const;

  const SortedPairs& p_;
  Kernel kernel_;
  double aw_;  // |w|
  bool gradient_;
  bool linear_;
  bool edge_in_;  // K(1) != 0: keys at |u| = 1 carry weight
  int basis_size_;
  // Polynomial kernels: coefficients of K and G in u on the left side (u >= 0), ascending powers.
  double k_poly_[kMaxBasis] = {};
  double g_poly_[kMaxBasis] = {};
  int degree_ = 0;
  // For the polynomial kernels (null for the cosine): the moment update of a run of keys (for the
  // basis_size_ moments), and the Taylor shift of a polynomial of degree_ to a new origin.
  void (*add_powers_)(const double*, const double*, Eigen::Index, Eigen::Index, double, double,
                      double, double*, double*) = nullptr;
  void (*taylor_shift_)(const double*, double, double*) = nullptr;
  double max_shift_ = 0.25;        // rebase when |t| = |q - c| |w| would exceed this
  Eigen::Index entry_factor_ = 2;  // ... or when more than factor count + 16 keys entered since
  double centre_ = 0.0;
  double last_q_ = 0.0;
  bool started_ = false;
  Side left_, right_;
  Side both_;  // with_linear, even kernels: the sum of the two sides (scratch of at())
  Eigen::Index entered_ = 0;  // keys added since the last rebase
  double reach_ = 0.0;        // with_linear: the row's largest |v| of a key in its window
  Eigen::Index rebases_ = 0;
  // The cosine's basis cos(av), sin(av) of each key about the current centre, computed once per
  // rebase (stamp = rebases_ when computed): a key is added and removed up to four times (it
  // enters the right side, leaves it as the skipped key, enters the left side, leaves it).
  std::vector<double> cos_, sin_;
  std::vector<Eigen::Index> stamp_;
  std::vector<double> y_offset_;  // with_linear: y - offset_ by sorted position
  double offset_ = 0.0, spread_ = 0.0;
};

}  // namespace nw
