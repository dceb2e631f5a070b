#include "simd_exp.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace nw {

namespace {

constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // exact k * kLn2Hi for |k| < 2^11
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: x + kShifter rounds x to an integer
constexpr double kMaxArg = 709.782712893384;
constexpr double kMinArg = -745.2;

// Taylor coefficients 1/j! of e^r - 1 - r on |r| <= ln2 / 2 (the r^14 term is below 2^-57).
constexpr double kC2 = 1.0 / 2, kC3 = 1.0 / 6, kC4 = 1.0 / 24, kC5 = 1.0 / 120, kC6 = 1.0 / 720,
                 kC7 = 1.0 / 5040, kC8 = 1.0 / 40320, kC9 = 1.0 / 362880, kC10 = 1.0 / 3628800,
                 kC11 = 1.0 / 39916800, kC12 = 1.0 / 479001600, kC13 = 1.0 / 6227020800.0;

// Scale e_r by 2^k, k in [-1075, 1024], as (e_r 2^(k + shift)) 2^-shift with shift = 64 for
// subnormal results (k < -1021) and -64 near overflow (k > 1000), so every factor is a normal
// number and the final product rounds once, as std::exp does.
inline double scale_scalar(double e_r, std::int64_t k) {
  const std::int64_t shift = k < -1021 ? 64 : (k > 1000 ? -64 : 0);
  const std::uint64_t bits = static_cast<std::uint64_t>(k + shift + 1023) << 52;
  const std::uint64_t tail_bits = static_cast<std::uint64_t>(1023 - shift) << 52;
  double scale, tail;
  std::memcpy(&scale, &bits, 8);
  std::memcpy(&tail, &tail_bits, 8);
  return (e_r * scale) * tail;
}

// The reduction and polynomial shared by the scalar and the vector path (T = double or a vector
// of two doubles). Returns e^r and kd, whose low 52 bits hold the integer k.
template <class T>
inline T exp_reduced(T x, T* kd_out) {
  const T kd = x * kInvLn2 + kShifter;
  const T k = kd - kShifter;
  const T r = (x - k * kLn2Hi) - k * kLn2Lo;
  const T r2 = r * r;
  const T p_hi = ((((kC13 * r + kC12) * r + kC11) * r + kC10) * r + kC9) * r + kC8;
  const T p_lo = ((((kC7 * r + kC6) * r + kC5) * r + kC4) * r + kC3) * r + kC2;
  const T r6 = r2 * r2 * r2;
  const T p = p_lo + r6 * p_hi;
  *kd_out = kd;
  return 1.0 + (r + r2 * p);
}

// kd = 1.5 2^52 + k has the bits of 2^51 + k in its low 52 bits.
constexpr std::uint64_t kLow52 = (std::uint64_t{1} << 52) - 1;
constexpr std::int64_t kBias51 = std::int64_t{1} << 51;

inline std::int64_t k_from_shifted(double kd) {
  std::uint64_t u;
  std::memcpy(&u, &kd, 8);
  return static_cast<std::int64_t>(u & kLow52) - kBias51;
}

}  // namespace

double exp_strict(double x) {
  if (std::isnan(x)) return x;
  if (x > kMaxArg) return HUGE_VAL;
  if (x < kMinArg) return 0.0;
  double kd;
  const double e_r = exp_reduced(x, &kd);
  return scale_scalar(e_r, k_from_shifted(kd));
}

#if defined(__GNUC__) || defined(__clang__)
namespace {
typedef double v2d __attribute__((vector_size(16)));
typedef std::int64_t v2i __attribute__((vector_size(16)));
typedef std::uint64_t v2u __attribute__((vector_size(16)));

// e^v for two lanes; both lanes must lie in [kMinArg, kMaxArg].
inline v2d exp2_lanes(v2d v) {
  v2d kd;
  const v2d e_r = exp_reduced(v, &kd);
  v2u u;
  std::memcpy(&u, &kd, sizeof u);
  const v2i k = (v2i)(u & kLow52) - kBias51;
  // Common case: 2^k is a normal number for both lanes; build it in the exponent bits.
  if (k[0] >= -1021 && k[0] <= 1000 && k[1] >= -1021 && k[1] <= 1000) {
    const v2u bits = (v2u)(k + 1023) << 52;
    v2d scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return e_r * scale;
  }
  const v2d out = {scale_scalar(e_r[0], k[0]), scale_scalar(e_r[1], k[1])};
  return out;
}

inline bool in_range(v2d v) {
  return v[0] >= kMinArg && v[0] <= kMaxArg && v[1] >= kMinArg && v[1] <= kMaxArg;
}
}  // namespace

void exp_array(const double* x, double* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    v2d v;
    std::memcpy(&v, x + i, sizeof v);
    if (in_range(v)) {
      const v2d e = exp2_lanes(v);
      std::memcpy(out + i, &e, sizeof e);
    } else {
      out[i] = exp_strict(v[0]);
      out[i + 1] = exp_strict(v[1]);
    }
  }
  for (; i < n; ++i) out[i] = exp_strict(x[i]);
}

void gaussian_pool(double q, const double* x, const double* y, std::size_t n, double w,
                   double s_max, double* den, double* num) {
  v2d d_acc = {0.0, 0.0}, n_acc = {0.0, 0.0};
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    v2d xv, yv;
    std::memcpy(&xv, x + i, sizeof xv);
    std::memcpy(&yv, y + i, sizeof yv);
    const v2d u = (q - xv) * w;
    const v2d t = -0.5 * u * u - s_max;
    v2d e;
    if (in_range(t)) {
      e = exp2_lanes(t);
    } else {
      e[0] = exp_strict(t[0]);
      e[1] = exp_strict(t[1]);
    }
    d_acc += e;
    n_acc += e * yv;
  }
  double dsum = d_acc[0] + d_acc[1], nsum = n_acc[0] + n_acc[1];
  for (; i < n; ++i) {
    const double u = (q - x[i]) * w;
    const double e = exp_strict(-0.5 * u * u - s_max);
    dsum += e;
    nsum += e * y[i];
  }
  *den += dsum;
  *num += nsum;
}
#else
void exp_array(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = exp_strict(x[i]);
}

void gaussian_pool(double q, const double* x, const double* y, std::size_t n, double w,
                   double s_max, double* den, double* num) {
  for (std::size_t i = 0; i < n; ++i) {
    const double u = (q - x[i]) * w;
    const double e = exp_strict(-0.5 * u * u - s_max);
    *den += e;
    *num += e * y[i];
  }
}
#endif

}  // namespace nw
