#include "compact_sums.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nw {

namespace {

constexpr double kHalfPi = 1.57079632679489661923;

constexpr double inv_factorial(int n) {
  double f = 1.0;
  for (int i = 2; i <= n; ++i) f *= i;
  return 1.0 / f;
}

struct InverseFactorials {
  double odd[12], even[13];  // 1/(2k + 1)!, 1/(2k)!
  constexpr InverseFactorials() : odd(), even() {
    for (int k = 0; k < 12; ++k) odd[k] = inv_factorial(2 * k + 1);
    for (int k = 0; k < 13; ++k) even[k] = inv_factorial(2 * k);
  }
};
constexpr InverseFactorials kInvFact;

// sin x and cos x for |x| <= pi (the cosine kernel's basis at |v| <= 2), to about 2e-16
// absolute, from Taylor polynomials at x / 2 (|x / 2| <= pi / 2: the terms beyond x^23 / 23! and
// x^24 / 24! are below 1e-19) and the double-angle formulas. Cheaper than libm's sin and cos with
// their general range reduction, and the same bits on every platform.
void sin_cos(double x, double* sin_x, double* cos_x) {
  // sin h = h sum_k (-h^2)^k / (2k + 1)!, cos h = sum_k (-h^2)^k / (2k)!, by Horner in -h^2.
  const double h = 0.5 * x, minus_h2 = -(h * h);
  double ps = kInvFact.odd[11], pc = kInvFact.even[12];
  for (int k = 10; k >= 0; --k) ps = ps * minus_h2 + kInvFact.odd[k];
  for (int k = 11; k >= 0; --k) pc = pc * minus_h2 + kInvFact.even[k];
  const double sh = h * ps;
  *sin_x = 2.0 * sh * pc;
  *cos_x = 1.0 - 2.0 * sh * sh;
}

// Taylor coefficients of the polynomial a[0..D] (ascending powers) about z0:
// a(z) = sum_i b_i (z - z0)^i, by repeated synthetic division. O(D^2).
template <int D>
void taylor_shift(const double* a, double z0, double* b) {
  for (int i = 0; i <= D; ++i) b[i] = a[i];
  for (int i = 0; i < D; ++i)
    for (int k = D - 1; k >= i; --k) b[k] += z0 * b[k + 1];
}

// The same for a polynomial of degree 9 in s^3 (a[k] = 0 unless 3 divides k: the tricube's K and
// G), written out: b_i = sum_k a_k C(k, i) z0^(k - i) over k = 0, 3, 6, 9. Independent terms, not
// the 45 dependent steps of a synthetic division.
void taylor_shift_cubic(const double* a, double z0, double* b) {
  const double z = z0, z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z5 = z4 * z, z6 = z3 * z3;
  const double z7 = z6 * z, z8 = z4 * z4, z9 = z6 * z3;
  const double a0 = a[0], a3 = a[3], a6 = a[6], a9 = a[9];
  b[0] = a0 + a3 * z3 + a6 * z6 + a9 * z9;
  b[1] = 3.0 * a3 * z2 + 6.0 * a6 * z5 + 9.0 * a9 * z8;
  b[2] = 3.0 * a3 * z + 15.0 * a6 * z4 + 36.0 * a9 * z7;
  b[3] = a3 + 20.0 * a6 * z3 + 84.0 * a9 * z6;
  b[4] = 15.0 * a6 * z2 + 126.0 * a9 * z5;
  b[5] = 6.0 * a6 * z + 126.0 * a9 * z4;
  b[6] = a6 + 84.0 * a9 * z3;
  b[7] = 36.0 * a9 * z2;
  b[8] = 9.0 * a9 * z;
  b[9] = a9;
}

// The moments of keys [from, to) added (sign 1) or removed (sign -1): m_i += sign phi_i(v) y,
// c_i += sign phi_i(v), with the basis size B known at compile time (powers v^0 .. v^(B-1)).
template <int B>
void add_powers(const double* x, const double* y, Eigen::Index from, Eigen::Index to, double centre,
                double aw, double sign, double* m, double* c) {
  double mm[B], cc[B];
  for (int i = 0; i < B; ++i) mm[i] = m[i], cc[i] = c[i];
  for (Eigen::Index j = from; j < to; ++j) {
    const double v = (x[j] - centre) * aw;
    double phi = sign;  // sign v^i (sign flips are exact: the generic path's bits)
    for (int i = 0; i < B; ++i) {
      cc[i] += phi;
      mm[i] += phi * y[j];
      phi *= v;
    }
  }
  for (int i = 0; i < B; ++i) m[i] = mm[i], c[i] = cc[i];
}

// The same for the 12 moments of the tricube's local-linear sums, in two passes of 6 over the
// keys (24 running sums do not fit the registers); the powers are the same products.
template <>
void add_powers<12>(const double* x, const double* y, Eigen::Index from, Eigen::Index to,
                    double centre, double aw, double sign, double* m, double* c) {
  for (int half = 0; half < 12; half += 6) {
    double mm[6], cc[6];
    for (int i = 0; i < 6; ++i) mm[i] = m[half + i], cc[i] = c[half + i];
    for (Eigen::Index j = from; j < to; ++j) {
      const double v = (x[j] - centre) * aw;
      double phi = sign;
      for (int i = 0; i < half; ++i) phi *= v;
      for (int i = 0; i < 6; ++i) {
        cc[i] += phi;
        mm[i] += phi * y[j];
        phi *= v;
      }
    }
    for (int i = 0; i < 6; ++i) m[half + i] = mm[i], c[half + i] = cc[i];
  }
}

// s + x = *sum + *err exactly in the limit: Knuth's TwoSum (error-free for any magnitudes, no
// branch) adds the rounding of each addition to a second sum.
inline void two_sum(double x, double* sum, double* err) {
  const double t = *sum + x, z = t - *sum;
  *err += (*sum - (t - z)) + (x - z);
  *sum = t;
}

// Keys added or removed in the local-linear sweep are summed plainly into a side's pending sums,
// which enter its compensated totals by TwoSum every kRun keys: the totals then carry the moments
// to about one rounding however many keys came and went, at the cost of the plain sums.
constexpr int kRun = 32;

}  // namespace

bool CompactSweep::applicable(const SortedPairs& p, Kernel kernel, double w) {
  const Eigen::Index n = p.size();
  if (!kernel_is_compact(kernel) || !(w != 0.0) || !std::isfinite(w) || n < 1 || !p.y())
    return false;
  const double* x = p.x();
  if (!std::isfinite(x[0]) || !std::isfinite(x[n - 1])) return false;
  if (!std::isfinite((x[n - 1] - x[0]) * std::fabs(w))) return false;
  double magnitude = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) magnitude += std::fabs(p.y()[j]);
  return std::isfinite(magnitude);
}

CompactSweep::CompactSweep(const SortedPairs& p, Kernel kernel, double w, bool with_gradient,
                           bool with_linear)
    : p_(p), kernel_(kernel), aw_(std::fabs(w)), gradient_(with_gradient), linear_(with_linear) {
  // The O(n) part of applicable() (finite keys and value sums) is the caller's to check.
  if (!kernel_is_compact(kernel) || !(w != 0.0) || !std::isfinite(w) || p.size() < 1 || !p.y())
    throw std::invalid_argument("CompactSweep: not applicable");
  edge_in_ = kernel_value(kernel, 1.0) != 0.0;
  // K(s) and G(s) = s K'(s) as polynomials in s = |u| (the left side, where u = s).
  switch (kernel) {
    case Kernel::kBoxcar:
      degree_ = 0;
      k_poly_[0] = 1.0;
      break;
    case Kernel::kEpanechnikov:  // 1 - s^2;  G = -2 s^2
      degree_ = 2;
      k_poly_[0] = 1.0, k_poly_[2] = -1.0;
      g_poly_[2] = -2.0;
      break;
    case Kernel::kTriangular:  // 1 - s;  G = -s
      degree_ = 1;
      k_poly_[0] = 1.0, k_poly_[1] = -1.0;
      g_poly_[1] = -1.0;
      break;
    case Kernel::kTricube:  // (1 - s^3)^3 = 1 - 3 s^3 + 3 s^6 - s^9;  G = -9 s^3 (1 - s^3)^2
      degree_ = 9;
      k_poly_[0] = 1.0, k_poly_[3] = -3.0, k_poly_[6] = 3.0, k_poly_[9] = -1.0;
      g_poly_[3] = -9.0, g_poly_[6] = 18.0, g_poly_[9] = -9.0;
      break;
    case Kernel::kCosine:
      break;
    default:
      throw std::invalid_argument("CompactSweep: not a compact kernel");
  }
  if (kernel == Kernel::kCosine)
    basis_size_ = with_linear ? 6 : (with_gradient ? 4 : 2);
  else
    basis_size_ = degree_ + (with_linear ? 3 : 1);
  // The moment updates and Taylor shifts of the polynomial kernels, for their degree.
  switch (kernel == Kernel::kCosine ? -1 : degree_) {
    case 0:
      add_powers_ = with_linear ? add_powers<3> : add_powers<1>;
      taylor_shift_ = taylor_shift<0>;
      break;
    case 1:
      add_powers_ = with_linear ? add_powers<4> : add_powers<2>;
      taylor_shift_ = taylor_shift<1>;
      break;
    case 2:
      add_powers_ = with_linear ? add_powers<5> : add_powers<3>;
      taylor_shift_ = taylor_shift<2>;
      break;
    case 9:
      add_powers_ = with_linear ? add_powers<12> : add_powers<10>;
      taylor_shift_ = taylor_shift_cubic;
      break;
    default:
      break;  // the cosine
  }
  if (with_linear) {
    // The values about their mean (two passes), and the largest |y - mean|.
    const Eigen::Index n = p.size();
    const double* y = p.y();
    double sum = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) sum += y[j];
    double mean = sum / static_cast<double>(n), correction = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) correction += y[j] - mean;
    mean += correction / static_cast<double>(n);
    if (!std::isfinite(mean)) mean = 0.0;  // values near +-1.8e308: no offset
    y_offset_.resize(static_cast<std::size_t>(n));
    for (Eigen::Index j = 0; j < n; ++j) {
      y_offset_[j] = y[j] - mean;
      spread_ = std::max(spread_, std::fabs(y_offset_[j]));
    }
    offset_ = mean;
  }
  // Degree <= 2 and the cosine expand with terms of at most 9 (|t| <= 1, |v| <= 2): the centre
  // may lag by h and many keys may pass before a rebase. The tricube's degree 9 needs |t| <= 1/4.
  const bool high = degree_ > 2;
  max_shift_ = high ? 0.25 : 1.0;
  entry_factor_ = high ? 2 : 4;
}

bool CompactSweep::inside(double q, double x) const {
  const double a = std::fabs(scaled_difference(q, x, aw_));
  return a < 1.0 || (a == 1.0 && edge_in_);
}

void CompactSweep::add(Side* s, Eigen::Index from, Eigen::Index to, double sign) {
  if (to <= from) return;
  if (!linear_) return add_run(from, to, sign, s->m, s->c);
  // The local-linear sums: runs into the pending sums, flushed into the totals every kRun keys.
  while (from < to) {
    const Eigen::Index run = std::min<Eigen::Index>(to - from, kRun - s->pending);
    add_run(from, from + run, sign, s->pm, s->pc);
    from += run;
    s->pending += static_cast<int>(run);
    if (s->pending < kRun) break;
    for (int i = 0; i < basis_size_; ++i) {
      two_sum(s->pc[i], &s->c[i], &s->ce[i]), two_sum(s->pm[i], &s->m[i], &s->me[i]);
      s->pc[i] = 0.0, s->pm[i] = 0.0;
    }
    s->pending = 0;
  }
}

void CompactSweep::add_run(Eigen::Index from, Eigen::Index to, double sign, double* m, double* c) {
  const double* x = p_.x();
  const double* y = linear_ ? y_offset_.data() : p_.y();
  if (add_powers_) return add_powers_(x, y, from, to, centre_, aw_, sign, m, c);
  // The cosine: basis cos(av), sin(av) [, v cos(av), v sin(av) [, v^2 cos(av), v^2 sin(av)]].
  if (stamp_.empty()) {
    const std::size_t n = static_cast<std::size_t>(p_.size());
    cos_.resize(n), sin_.resize(n), stamp_.assign(n, -1);
  }
  for (Eigen::Index j = from; j < to; ++j) {
    const double v = (x[j] - centre_) * aw_;
    if (stamp_[j] != rebases_) {
      sin_cos(kHalfPi * v, &sin_[j], &cos_[j]);
      stamp_[j] = rebases_;
    }
    const double cv = cos_[j], sv = sin_[j];
    const double phi[6] = {cv, sv, v * cv, v * sv, v * v * cv, v * v * sv};
    const double yj = sign * y[j];
    for (int i = 0; i < basis_size_; ++i) {
      m[i] += phi[i] * yj;
      c[i] += sign * phi[i];
    }
  }
}

void CompactSweep::rebase(double q, Eigen::Index lo, Eigen::Index mid, Eigen::Index mid2,
                          Eigen::Index hi) {
  centre_ = q;
  ++rebases_;  // before the adds: the cosine's cached basis is stamped with the new centre's count
  for (Side* s : {&left_, &right_})
    for (int i = 0; i < basis_size_; ++i) {
      s->m[i] = 0.0, s->c[i] = 0.0;
      s->me[i] = 0.0, s->ce[i] = 0.0, s->pm[i] = 0.0, s->pc[i] = 0.0;
    }
  left_.pending = right_.pending = 0;
  left_.begin = lo, left_.end = mid;
  right_.begin = mid2, right_.end = hi;
  add(&left_, lo, mid, 1.0);
  add(&right_, mid2, hi, 1.0);
  entered_ = (mid - lo) + (hi - mid2);
}

void CompactSweep::row_sums(const Side& s, double t, bool left, WindowSums* out) const {
  if (s.end <= s.begin) return;
  const int size = basis_size_;
  double ck[kMaxBasis], cg[kMaxBasis];
  if (kernel_ == Kernel::kCosine) {
    // cos(a (t - v)) = cos(at) cos(av) + sin(at) sin(av); G(u) = -a u sin(a u) is even, so
    // both sides use u = t - v:
    //   u sin(au) = t sin(at) cos(av) - t cos(at) sin(av) - sin(at) v cos(av) + cos(at) v sin(av).
    double c, sn;
    sin_cos(kHalfPi * t, &sn, &c);
    for (int i = 0; i < size; ++i) ck[i] = 0.0, cg[i] = 0.0;
    ck[0] = c, ck[1] = sn;
    if (gradient_)
      cg[0] = -kHalfPi * t * sn, cg[1] = kHalfPi * t * c, cg[2] = kHalfPi * sn,
      cg[3] = -kHalfPi * c;
  } else {
    // Left: K(t - v) = P(t - v), the Taylor expansion of P about t in powers of (-v).
    // Right: K = P(|u|) = P(v - t), the expansion of P about -t in powers of v.
    const double z0 = left ? t : -t;
    taylor_shift_(k_poly_, z0, ck);
    for (int i = degree_ + 1; i < size; ++i) ck[i] = 0.0;
    if (gradient_) {
      taylor_shift_(g_poly_, z0, cg);
      for (int i = degree_ + 1; i < size; ++i) cg[i] = 0.0;
    }
  }
  const double* c = s.c;
  const double* m = s.m;
  double cf[kMaxBasis], mf[kMaxBasis];
  if (linear_) {  // the compensated sums folded
    for (int i = 0; i < size; ++i)
      cf[i] = s.c[i] + (s.ce[i] + s.pc[i]), mf[i] = s.m[i] + (s.me[i] + s.pm[i]);
    c = cf, m = mf;
    linear_sums(ck, c, m, s.end - s.begin, t, left, out);
  }
  if (kernel_ != Kernel::kCosine && left) {
    for (int i = 1; i <= degree_; i += 2) ck[i] = -ck[i];
    if (gradient_)
      for (int i = 1; i <= degree_; i += 2) cg[i] = -cg[i];
  }
  for (int i = 0; i < size; ++i) {
    out->s0 += ck[i] * c[i];
    out->s1 += ck[i] * m[i];
  }
  if (!gradient_ || kernel_ == Kernel::kBoxcar) return;
  for (int i = 0; i < size; ++i) {
    out->g0 += cg[i] * s.c[i];
    out->g1 += cg[i] * s.m[i];
  }
}

void CompactSweep::linear_sums(const double* b, const double* c, const double* m, Eigen::Index keys,
                               double t, bool left, WindowSums* out) const {
  // c1, c2: the coefficients of K(u) u and K(u) u^2 in the side's basis.
  const int size = basis_size_;
  double c1[kMaxBasis], c2[kMaxBasis];
  double term2 = 0.0;
  if (kernel_ == Kernel::kCosine) {
    // With C = cos(at), S = sin(at) (b[0], b[1]) and u = t - v on both sides:
    //   u cos(au)   = t C cos(av) + t S sin(av) - C v cos(av) - S v sin(av),
    //   u^2 cos(au) = t^2 (C cos(av) + S sin(av)) - 2t (C v cos(av) + S v sin(av))
    //                 + C v^2 cos(av) + S v^2 sin(av).
    const double ct = b[0], st = b[1];
    c1[0] = t * ct, c1[1] = t * st, c1[2] = -ct, c1[3] = -st, c1[4] = 0.0, c1[5] = 0.0;
    c2[0] = t * t * ct, c2[1] = t * t * st, c2[2] = -2.0 * t * ct, c2[3] = -2.0 * t * st;
    c2[4] = ct, c2[5] = st;
    // |cos|, |sin| <= 1 and |v| <= reach_ for each of the side's keys.
    const double r = reach_;
    term2 = (std::fabs(c2[0]) + std::fabs(c2[1]) + (std::fabs(c2[2]) + std::fabs(c2[3])) * r +
             (std::fabs(c2[4]) + std::fabs(c2[5])) * r * r) *
            static_cast<double>(keys);
  } else {
    // b: P(z0 + w) = sum_i b_i w^i (w = -v on the left, v on the right, z0 = +-t). Then
    // (z0 + w) P(z0 + w) = sum_i (z0 b_i + b_(i-1)) w^i, and once more for s^2 P(s).
    const double z0 = left ? t : -t;
    double prev1 = 0.0, prev_b = 0.0;
    for (int i = 0; i < size; ++i) {
      const double bi = i <= degree_ ? b[i] : 0.0;
      c1[i] = z0 * bi + prev_b;
      c2[i] = z0 * c1[i] + prev1;
      prev_b = bi, prev1 = c1[i];
    }
    if (left)
      for (int i = 1; i < size; i += 2) c1[i] = -c1[i], c2[i] = -c2[i];
    // sum_j |v_j|^i is c_i for even i and at most reach_ c_(i-1) for odd i.
    for (int i = 0; i < size; i += 2) {
      const double odd = i + 1 < size ? std::fabs(c2[i + 1]) * reach_ : 0.0;
      term2 += (std::fabs(c2[i]) + odd) * std::fabs(c[i]);
    }
  }
  double k1 = 0.0, k1y = 0.0, k2 = 0.0;
  for (int i = 0; i < size; ++i) {
    k1 += c1[i] * c[i];
    k1y += c1[i] * m[i];
    k2 += c2[i] * c[i];
  }
  // The polynomial kernels' right side has u = -s: K(u) u = -s K(s).
  const bool flip = kernel_ != Kernel::kCosine && !left;
  out->u1 += flip ? -k1 : k1;
  out->uy += flip ? -k1y : k1y;
  out->u2 += k2;
  out->term2 += term2;
}

WindowSums CompactSweep::at(double q, Eigen::Index skip) {
  const Eigen::Index n = p_.size();
  const double* x = p_.x();
  // The row's split: keys left of q (u >= 0) in [lo, mid), right of q in [mid2, hi).
  Eigen::Index mid, mid2;
  if (skip >= 0) {
    mid = skip, mid2 = skip + 1;
  } else {
    mid = started_ ? std::max(left_.end, right_.begin) : 0;
    while (mid < n && x[mid] <= q) ++mid;
    mid2 = mid;
  }
  if (started_ && (q < last_q_ || mid < left_.end || mid2 < right_.begin))
    throw std::invalid_argument("CompactSweep: queries must be non-decreasing");
  last_q_ = q;
  // The left edge only moves right; the first row starts from a binary search below q - h.
  Eigen::Index lo = started_ ? left_.begin : std::lower_bound(x, x + n, q - 2.0 / aw_) - x;
  lo = std::min(lo, mid);
  while (lo < mid && !inside(q, x[lo])) ++lo;
  Eigen::Index hi = started_ ? std::max(right_.end, mid2) : mid2;
  while (hi < n && inside(q, x[hi])) ++hi;
  const Eigen::Index count = (mid - lo) + (hi - mid2);

  double t = (q - centre_) * aw_;
  // Keys entering each side (the others leave or stay).
  const Eigen::Index left_in = started_ ? mid - std::max(left_.end, lo) : count;
  const Eigen::Index right_in = started_ ? hi - std::max(right_.end, mid2) : count;
  if (!started_ || count == 0 || !(std::fabs(t) <= max_shift_) ||
      entered_ + left_in + right_in > entry_factor_ * count + 16) {
    rebase(q, lo, mid, mid2, hi);
    started_ = true;
    t = 0.0;
  } else {
    // Left: [left.begin, left.end) -> [lo, mid); right: [right.begin, right.end) -> [mid2, hi).
    add(&left_, left_.begin, std::min(lo, left_.end), -1.0);
    add(&left_, std::max(left_.end, lo), mid, 1.0);
    add(&right_, right_.begin, std::min(mid2, right_.end), -1.0);
    add(&right_, std::max(right_.end, mid2), hi, 1.0);
    left_.begin = lo, left_.end = mid;
    right_.begin = mid2, right_.end = hi;
    entered_ += left_in + right_in;
  }
  WindowSums out;
  out.count = count;
  if (linear_ && count > 0)  // the window's keys lie in [x[lo], x[hi - 1]]
    reach_ = std::max(std::fabs((x[lo] - centre_) * aw_), std::fabs((x[hi - 1] - centre_) * aw_));
  if (linear_ && kernel_ != Kernel::kTriangular && kernel_ != Kernel::kTricube) {
    // K even and smooth in u (1, 1 - u^2, cos(au)): K, K u and K u^2 are one expansion in u = t - v
    // on both sides, so the sides' moments are summed and the row evaluated once.
    Side& both = both_;
    both.begin = 0, both.end = count;
    for (int i = 0; i < basis_size_; ++i) {
      both.c[i] = left_.c[i] + right_.c[i], both.m[i] = left_.m[i] + right_.m[i];
      both.ce[i] = (left_.ce[i] + left_.pc[i]) + (right_.ce[i] + right_.pc[i]);
      both.me[i] = (left_.me[i] + left_.pm[i]) + (right_.me[i] + right_.pm[i]);
      both.pc[i] = 0.0, both.pm[i] = 0.0;
    }
    row_sums(both, t, true, &out);
    return out;
  }
  row_sums(left_, t, true, &out);
  row_sums(right_, t, false, &out);
  return out;
}

}  // namespace nw
