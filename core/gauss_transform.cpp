#include "gauss_transform.h"

#include <algorithm>
#include <cmath>

namespace nw {

namespace {
#if defined(__GNUC__) || defined(__clang__)
typedef double Pair __attribute__((vector_size(16)));  // two lanes: SSE2 natively, SIMD128 in WASM
inline Pair load(const double* p) {
  Pair v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
#else
struct Pair {  // portable fallback with the same operations
  double v[2];
  double operator[](int i) const { return v[i]; }
};
inline Pair load(const double* p) { return {{p[0], p[1]}}; }
inline Pair operator+(Pair a, Pair b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1]}}; }
inline Pair operator-(Pair a, Pair b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1]}}; }
inline Pair operator*(double s, Pair a) { return {{s * a.v[0], s * a.v[1]}}; }
#endif

// 1/k for k = 0..kOrder + 1 (entry 0 unused): the series below multiply by it instead of
// dividing by k inside their dependency chains.
struct Reciprocals {
  double inv[GaussTransform::kOrder + 2] = {};
  constexpr Reciprocals() {
    for (int k = 1; k < GaussTransform::kOrder + 2; ++k) inv[k] = 1.0 / k;
  }
};
constexpr Reciprocals kRecip;

// Taylor terms needed for a box at t = (q - centre)|w|: stop once a key's truncation error bound
// exp(-t^2/2 + |t|/2) (|t|/2)^(p+1) / (p+1)! falls below 1e-19 (relative to a weight of 1; callers
// use the expansion only for rows with a key of weight >= exp(-2)). Far boxes need few terms.
// Tabulated once over |t| in steps of 1/16 (each entry bounds its whole step), so a box costs a
// table lookup instead of an exp and a loop.
class TermTable {
 public:
  static constexpr int kPerUnit = 16, kSize = 64 * kPerUnit;  // |t| < 64; beyond, g = 0
  TermTable() {
    for (int i = 0; i < kSize; ++i) {
      const double lo = static_cast<double>(i) / kPerUnit;
      const double hi = static_cast<double>(i + 1) / kPerUnit;
      const double peak = std::min(std::max(0.5, lo), hi);  // -t^2/2 + t/2 is largest at t = 1/2
      const double half_t = 0.5 * hi;
      double bound = std::exp(-0.5 * peak * peak + 0.5 * peak);
      int order = 0;
      while (order < GaussTransform::kOrder && bound > 1e-19) {
        ++order;
        bound *= half_t * kRecip.inv[order];
      }
      order_[i] = order;
    }
  }
  int terms(double t) const {
    const double at = std::fabs(t) * kPerUnit;
    return at < kSize ? order_[static_cast<int>(at)] : 0;
  }

 private:
  int order_[kSize];
};

int terms_needed(double t) {
  static const TermTable table;
  return table.terms(t);
}
}  // namespace

void GaussTransform::add_key(Box* box, double x, double y) const {
  const double a = (x - box->centre) * aw_;
  double term = std::exp(-0.5 * a * a);
  for (int k = 0; k < kOrder + 3; ++k) {
    box->m[k][0] += term;
    box->m[k][1] += term * y;
    term *= a;
  }
}

GaussTransform::GaussTransform(const SortedPairs& p, double w) : p_(&p), aw_(std::fabs(w)) {
  const double* x = p.x();
  const double* y = p.y();
  const Eigen::Index n = p.size();
  Eigen::Index s = 0;
  while (s < n) {
    // One box: the keys whose u = x |w| lies within [u_first, u_first + 1).
    const double limit = x[s] + 1.0 / aw_;
    Box box{};
    box.centre = x[s] + 0.5 / aw_;
    box.begin = s;
    first_key_.push_back(x[s]);
    // Its raw moments sum a^n [y] / n! (the Hermite expansion of local_sums).
    RawMoments raw{};
    // Two keys at a time: two independent chains of powers, added in the keys' order (the same
    // sums as one key at a time).
    for (; s + 1 < n && x[s + 1] < limit; s += 2) {
      const double a0 = (x[s] - box.centre) * aw_, a1 = (x[s + 1] - box.centre) * aw_;
      double t0 = 1.0, t1 = 1.0;
      for (int k = 0; k <= kHermiteOrder; ++k) {
        raw.r[k][0] += t0;
        raw.r[k][1] += t0 * y[s];
        raw.r[k][0] += t1;
        raw.r[k][1] += t1 * y[s + 1];
        t0 *= a0 * kRecip.inv[k + 1];
        t1 *= a1 * kRecip.inv[k + 1];
      }
    }
    for (; s < n && x[s] < limit; ++s) {
      const double a = (x[s] - box.centre) * aw_;
      double term = 1.0;
      for (int k = 0; k <= kHermiteOrder; ++k) {
        raw.r[k][0] += term;
        raw.r[k][1] += term * y[s];
        term *= a * kRecip.inv[k + 1];
      }
    }
    box.end = s;
    boxes_.push_back(box);
    centres_.push_back(box.centre);
    raw_.push_back(raw);
  }
}

void GaussTransform::build_query_side() {
  const double* x = p_->x();
  const double* y = p_->y();
  for (Box& box : boxes_)
    for (Eigen::Index s = box.begin; s < box.end; ++s) add_key(&box, x[s], y[s]);
  query_side_ = true;
}

GaussTransform::GaussTransform(const SortedPairs& p, double w,
                               const std::vector<Eigen::Index>& starts)
    : aw_(std::fabs(w)), query_side_(true) {
  const double* x = p.x();
  for (size_t b = 0; b + 1 < starts.size(); ++b) {
    Box box{};
    const double lo = x[starts[b]], hi = x[starts[b + 1] - 1];
    box.centre = lo + 0.5 * (hi - lo);
    box.begin = starts[b], box.end = starts[b + 1];
    if (!((hi - lo) * aw_ <= 1.0)) expandable_ = false;
    for (Eigen::Index s = starts[b]; s < starts[b + 1]; ++s) add_key(&box, x[s], 0.0);
    boxes_.push_back(box);
    centres_.push_back(box.centre);
  }
}

double GaussTransform::box_weights(double q, double radius, double* out) const {
  const double reach = radius + 0.5 / aw_;
  const auto first =
      std::lower_bound(centres_.begin(), centres_.end(), q - reach) - centres_.begin();
  const auto last =
      std::upper_bound(centres_.begin(), centres_.end(), q + reach) - centres_.begin();
  double total = 0.0;
  for (auto b = first; b < last; ++b) {
    const Box& box = boxes_[b];
    const double t = (q - box.centre) * aw_;
    const double g = std::exp(-0.5 * t * t);
    const int order = terms_needed(t);
    double h = box.m[order][0];
    for (int k = order; k >= 1; --k) h = box.m[k - 1][0] + (t * kRecip.inv[k]) * h;
    out[b] += g * h;
    total += g * h;
  }
  return total;
}

GaussSums GaussTransform::sums(double q, double radius, bool with_squares) {
  if (!query_side_) build_query_side();
  GaussSums out;
  const double reach = radius + 0.5 / aw_;  // a box's keys lie within half a box of its centre
  const auto first =
      std::lower_bound(centres_.begin(), centres_.end(), q - reach) - centres_.begin();
  const auto last =
      std::upper_bound(centres_.begin(), centres_.end(), q + reach) - centres_.begin();
  for (auto b = first; b < last; ++b) {
    const Box& box = boxes_[b];
    const double t = (q - box.centre) * aw_;
    const double g = std::exp(-0.5 * t * t);
    const int order = terms_needed(t);
    // Horner for sum_k t^k / k! M_k = M_0 + t (M_1 + t/2 (M_2 + t/3 (...))), both moment sets
    // at once (two lanes).
    Pair h = load(box.m[order]);
    for (int k = order; k >= 1; --k) h = load(box.m[k - 1]) + (t * kRecip.inv[k]) * h;
    out.s0 += g * h[0];
    out.s1 += g * h[1];
    if (with_squares) {
      // sum e (t - a)^2 = exp(-t^2/2) sum_k t^k/k! (t^2 M_k - 2 t M_{k+1} + M_{k+2}); / w^2 later.
      // and sum e (t - a) = exp(-t^2/2) sum_k t^k/k! (t M_k - M_{k+1}); / |w| later.
      Pair acc = {0.0, 0.0}, acc1 = {0.0, 0.0};
      const double t2 = t * t, two_t = 2.0 * t;
      for (int k = order; k >= 0; --k) {
        const Pair c = t2 * load(box.m[k]) - two_t * load(box.m[k + 1]) + load(box.m[k + 2]);
        const Pair c1 = t * load(box.m[k]) - load(box.m[k + 1]);
        acc = c + (t * kRecip.inv[k + 1]) * acc;
        acc1 = c1 + (t * kRecip.inv[k + 1]) * acc1;
      }
      const double scale = g / (aw_ * aw_);
      out.s2 += scale * acc[0];
      out.s3 += scale * acc[1];
      out.d1 += (g / aw_) * acc1[0];
      out.d1y += (g / aw_) * acc1[1];
    }
  }
  return out;
}

void GaussTransform::build_local(Eigen::Index target, double radius) {
  const double c_t = centres_[target];
  const double reach = radius + 1.0 / aw_;  // |q - c_T| <= h/2 and a box's keys within h/2
  const auto first =
      std::lower_bound(centres_.begin(), centres_.end(), c_t - reach) - centres_.begin();
  const auto last =
      std::upper_bound(centres_.begin(), centres_.end(), c_t + reach) - centres_.begin();
  Pair acc[kLocalOrder + 1];
  for (Pair& a : acc) a = Pair{0.0, 0.0};
  constexpr int kTop = kHermiteOrder + kLocalOrder;
  double h[kTop + 1];
  for (auto b = first; b < last; ++b) {
    // h_k(D) = He_k(D) exp(-D^2/2) by the recurrence He_{k+1} = D He_k - k He_{k-1}.
    const double d = (c_t - centres_[b]) * aw_;
    const double g = std::exp(-0.5 * d * d);
    h[0] = g;
    h[1] = d * g;
    for (int k = 1; k < kTop; ++k) h[k + 1] = d * h[k] - k * h[k - 1];
    const RawMoments& r = raw_[b];
    for (int m = 0; m <= kLocalOrder; ++m) {
      Pair sum = {0.0, 0.0};
      for (int k = 0; k <= kHermiteOrder; ++k) sum = sum + h[k + m] * load(r.r[k]);
      acc[m] = acc[m] + sum;
    }
  }
  // c_m = (-1)^m / m! acc_m.
  Local& local = local_[target];
  double scale = 1.0;
  for (int m = 0; m <= kLocalOrder; ++m) {
    local.c[m][0] = scale * acc[m][0];
    local.c[m][1] = scale * acc[m][1];
    scale *= -kRecip.inv[m + 1];
  }
  local.built = true;
}

bool GaussTransform::local_sums(double q, double radius, GaussSums* out) {
  if (first_key_.empty() || !(q >= first_key_.front())) return false;
  // The last box whose first key is <= q, searched from the previous query's box (ascending
  // rows: a step or two).
  const auto boxes = static_cast<Eigen::Index>(first_key_.size());
  const Eigen::Index b = upper_bound_from(first_key_.data(), boxes, q, box_hint_ + 1) - 1;
  box_hint_ = b;
  const double s = (q - centres_[b]) * aw_;
  // A box holds keys within h/2 of its centre; rounding may put one a hair beyond.
  if (!(std::fabs(s) <= 0.5 + 1e-9)) return false;
  if (local_.empty()) local_.assign(boxes_.size(), Local{});
  if (!local_[b].built) build_local(b, radius);
  const Local& local = local_[b];
  // sum_m c_m s^m as four interleaved chains in s^4 (terms m = 4k + r), whose latencies overlap:
  // a row's polynomial is its whole cost here.
  static_assert(kLocalOrder == 24, "the chains below end at c_24");
  const double s2 = s * s, s4 = s2 * s2;
  Pair p0 = load(local.c[24]), p1 = load(local.c[21]), p2 = load(local.c[22]),
       p3 = load(local.c[23]);
  for (int k = 5; k >= 0; --k) {
    p0 = load(local.c[4 * k]) + s4 * p0;
    if (k < 5) {
      p1 = load(local.c[4 * k + 1]) + s4 * p1;
      p2 = load(local.c[4 * k + 2]) + s4 * p2;
      p3 = load(local.c[4 * k + 3]) + s4 * p3;
    }
  }
  const Pair acc = p0 + s * (p1 + s * (p2 + s * p3));
  out->s0 = acc[0];
  out->s1 = acc[1];
  out->s2 = out->s3 = 0.0;
  return true;
}

}  // namespace nw
