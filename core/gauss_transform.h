// Gaussian kernel sums for wide bandwidths in O(boxes x order) per query instead of O(window).
//
// When the bandwidth is wide, the window of keys that matter (window.h) covers most of the data
// and a row costs O(n). A Taylor expansion per box (the idea of the fast Gauss transform) removes
// that: split the sorted keys into boxes of width h (width 1 in u = x |w|), with centre c; for a
// key x in the box let a = (x - c)|w| (|a| <= 1/2), and for a query q let t = (q - c)|w|. Then
//   exp(-(t - a)^2 / 2) = exp(-t^2/2) exp(-a^2/2) exp(t a) = exp(-t^2/2) sum_k t^k/k! a^k
//   exp(-a^2/2)
// so a box contributes exp(-t^2/2) sum_k t^k/k! M_k with moments M_k = sum_x a^k exp(-a^2/2) [y],
// computed once per bandwidth. With kOrder terms the truncation error of one key's weight is below
// max_t exp(-t^2/2 + |t|/2) (|t|/2)^kOrder / kOrder! < 1e-19 relative to the largest weight of its
// row, and rounding errors stay at a few ulp of the row's sum as long as some key lies within 2h of
// the query (the caller checks that: see RowEvaluator in nadaraya_watson.cpp).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "window.h"

namespace nw {

// Gaussian sums over every key of a row (absolute weights e_j = exp(-((q - x_j) w)^2 / 2)):
struct GaussSums {
  double s0 = 0.0;   // sum_j e_j
  double s1 = 0.0;   // sum_j e_j y_j
  double s2 = 0.0;   // sum_j e_j d_j^2,     d_j = q - x_j   (only when asked for)
  double s3 = 0.0;   // sum_j e_j y_j d_j^2                  (only when asked for)
  double d1 = 0.0;   // sum_j e_j d_j                        (only when asked for)
  double d1y = 0.0;  // sum_j e_j y_j d_j                   (only when asked for)
};

class GaussTransform {
 public:
  static constexpr int kOrder = 30;  // Taylor terms t^0 .. t^kOrder

  // Builds the box moments for scale w != 0 (finite). Needs values (p.y() non-null).
  GaussTransform(const SortedPairs& p, double w);

  // Boxes given by the caller: box b holds the sorted keys [starts[b], starts[b + 1]), centred on
  // the middle of its key range. Values are not used (only weight sums). The expansion holds if
  // every box spans at most h: check expandable().
  GaussTransform(const SortedPairs& p, double w, const std::vector<Eigen::Index>& starts);

  // True if every box's keys lie within h/2 of its centre (|a| <= 1/2).
  bool expandable() const { return expandable_; }

  // out[b] += sum over box b's keys of exp(-((q - x) w)^2 / 2), for the boxes whose centre lies
  // within `radius` (+ h/2) of q; other boxes are left unchanged (their weights are below the
  // window cutoff). Returns the total added.
  double box_weights(double q, double radius, double* out) const;

  // Sums over the keys of every box whose centre lies within `radius` of q (radius >= the window
  // radius, so that all keys that can matter are included). with_squares: also s2, s3, d1, d1y.
  // (Its box moments are computed on the first call.)
  GaussSums sums(double q, double radius, bool with_squares);

  // s0 and s1 of sums(q, radius, false) in O(kLocalOrder) per query, through a local expansion of
  // the box that holds q (the target-side step of the fast Gauss transform): every box whose
  // centre lies within radius + h of the target box's centre contributes its Hermite expansion
  // sum_n A_n / n! He_n(t) exp(-t^2/2) (raw moments A_n = sum a^n [y]), re-expanded as a Taylor
  // series in s = (q - c_T)|w|, |s| <= 1/2:
  //   exp(-(s + D - a)^2 / 2) summed = sum_m s^m (-1)^m / m! sum_n A_n / n! h_{n+m}(D),
  // h_k(D) = He_k(D) exp(-D^2/2), D = (c_T - c_B)|w|. Built once per target box (O(boxes in
  // reach x kHermiteOrder x kLocalOrder)) on its first query and reused by every query in it: with
  // many keys per box this replaces a row's O(boxes x kOrder) by O(kLocalOrder). Both truncations
  // (terms 25 on) are below 1e-20 of sum_j exp(-z_j^2/4) (|A_n| <= A_0 / 2^n, and Cramer's bound
  // |h_k(t)| <= 1.09 sqrt(k!) exp(-t^2/4)). `radius` must be the same for every call on one
  // transform. Returns false (out untouched) when q lies in no box (before the first key, or in a
  // gap wider than h between keys).
  bool local_sums(double q, double radius, GaussSums* out);

 private:
  struct Box {
    double centre;
    Eigen::Index begin, end;  // its keys: sorted positions [begin, end)
    // Moments, interleaved so that both are evaluated in one two-lane pass:
    // m[k][0] = sum a^k g, m[k][1] = sum a^k g y, g = exp(-a^2/2), k = 0..kOrder + 2.
    alignas(16) double m[kOrder + 3][2];
  };
  static constexpr int kHermiteOrder = 24;  // source terms a^0 .. a^kHermiteOrder
  static constexpr int kLocalOrder = 24;    // Taylor terms s^0 .. s^kLocalOrder of a target box
  // Raw moments for the Hermite expansion: r[n][0] = sum a^n / n!, r[n][1] = sum a^n y / n!.
  struct RawMoments {
    alignas(16) double r[kHermiteOrder + 1][2];
  };
  struct Local {
    bool built = false;
    alignas(16) double c[kLocalOrder + 1][2];
  };
  void add_key(Box* box, double x, double y) const;
  void build_query_side();  // the boxes' moments m (first constructor: on the first sums())
  void build_local(Eigen::Index target, double radius);
  const SortedPairs* p_ = nullptr;  // the keys (first constructor only)
  double aw_;                       // |w|
  bool expandable_ = true;
  bool query_side_ = false;  // boxes_[b].m filled
  std::vector<Box> boxes_;
  std::vector<double> centres_;
  std::vector<double> first_key_;  // the smallest key of each box (first constructor)
  std::vector<RawMoments> raw_;    // first constructor
  std::vector<Local> local_;
  Eigen::Index box_hint_ = 0;  // the box of the previous local_sums query
};

}  // namespace nw
