#include "detmath.h"

#include <cmath>
#include <cstdint>
#include <limits>

namespace nw {

namespace {
// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
// pi/2 in three parts (Cody-Waite), each with trailing zero bits.
constexpr double kPio2Hi = 1.57079632673412561417e+00;
constexpr double kPio2Mid = 6.07710050650619224932e-11;
constexpr double kPio2Lo = 2.02226624879595063154e-21;
constexpr double kInvPio2 = 6.36619772367581382433e-01;
constexpr double kSqrtHalf = 0.70710678118654752440;

// sin(r) and cos(r) for |r| <= pi/4 by their Taylor series (Horner, fixed order). The last term
// used is below 2^-60 relative on this interval.
double sin_poly(double r) {
  // sin r = r + r^3 p(r^2), p = -1/3! + r^2/5! - ... - r^16/19!.
  const double r2 = r * r;
  double p = -1.0 / 121645100408832000.0;  // 1/19!
  p = p * r2 + 1.0 / 355687428096000.0;    // 1/17!
  p = p * r2 - 1.0 / 1307674368000.0;      // 1/15!
  p = p * r2 + 1.0 / 6227020800.0;         // 1/13!
  p = p * r2 - 1.0 / 39916800.0;           // 1/11!
  p = p * r2 + 1.0 / 362880.0;             // 1/9!
  p = p * r2 - 1.0 / 5040.0;               // 1/7!
  p = p * r2 + 1.0 / 120.0;                // 1/5!
  p = p * r2 - 1.0 / 6.0;                  // 1/3!
  return r + r * r2 * p;
}

double cos_poly(double r) {
  // cos r = 1 - r^2/2 + r^4 p(r^2), p = 1/4! - r^2/6! + ... + r^16/20!.
  const double r2 = r * r;
  double p = 1.0 / 2432902008176640000.0;  // 1/20!
  p = p * r2 - 1.0 / 6402373705728000.0;   // 1/18!
  p = p * r2 + 1.0 / 20922789888000.0;     // 1/16!
  p = p * r2 - 1.0 / 87178291200.0;        // 1/14!
  p = p * r2 + 1.0 / 479001600.0;          // 1/12!
  p = p * r2 - 1.0 / 3628800.0;            // 1/10!
  p = p * r2 + 1.0 / 40320.0;              // 1/8!
  p = p * r2 - 1.0 / 720.0;                // 1/6!
  p = p * r2 + 1.0 / 24.0;                 // 1/4!
  // The leading 1 - r^2/2 is added last, with its rounding error recovered, for accuracy.
  const double half_r2 = 0.5 * r2;
  const double w = 1.0 - half_r2;
  return w + (((1.0 - w) - half_r2) + r2 * r2 * p);
}
}  // namespace

double det_log(double x) {
  if (!(x > 0.0))
    return x == 0.0 ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(x)) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)); frexp and ldexp are exact.
  int e = 0;
  double m = std::frexp(x, &e);  // m in [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2.0;
    e -= 1;
  }
  // log m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), t = (m - 1)/(m + 1), |t| <= 0.1716,
  // so t^2 <= 0.0295 and 12 terms reach below 2^-60 relative.
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double p = 1.0 / 25.0;
  for (int k = 11; k >= 1; --k) p = p * t2 + 1.0 / (2.0 * k + 1.0);
  const double log_m = 2.0 * t + 2.0 * t * t2 * p;
  const double ed = static_cast<double>(e);
  return (ed * kLn2Hi + log_m) + ed * kLn2Lo;
}

double det_exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r, |r| <= ln2/2; e^x = 2^k e^r.
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r_hi = x - k * kLn2Hi;
  const double r = r_hi - k * kLn2Lo;
  // e^r = 1 + r + r^2 p(r), p = 1/2! + r/3! + ... + r^15/17! (the next term is below 2^-60
  // for |r| <= 0.347). Horner in a fixed order; kInvFact[j] = 1/j! (rounded constants).
  static constexpr double kInvFact[18] = {1.0,
                                          1.0,
                                          1.0 / 2,
                                          1.0 / 6,
                                          1.0 / 24,
                                          1.0 / 120,
                                          1.0 / 720,
                                          1.0 / 5040,
                                          1.0 / 40320,
                                          1.0 / 362880,
                                          1.0 / 3628800,
                                          1.0 / 39916800,
                                          1.0 / 479001600,
                                          1.0 / 6227020800.0,
                                          1.0 / 87178291200.0,
                                          1.0 / 1307674368000.0,
                                          1.0 / 20922789888000.0,
                                          1.0 / 355687428096000.0};
  double p = kInvFact[17];
  for (int j = 16; j >= 2; --j) p = p * r + kInvFact[j];
  const double e_r = 1.0 + (r + r * r * p);
  // Scaling by 2^k is exact (or a single rounding into the subnormal range).
  return std::ldexp(e_r, static_cast<int>(k));
}

namespace {
// The first 1280 bits of the fraction of 2/pi (2/pi = 0.A2F9836E... in hex), enough for the
// reduction of every finite double.
constexpr std::uint32_t kTwoOverPi[40] = {
    0xA2F9836E, 0x4E441529, 0xFC2757D1, 0xF534DDC0, 0xDB629599, 0x3C439041, 0xFE5163AB, 0xDEBBC561,
    0xB7246E3A, 0x424DD2E0, 0x06492EEA, 0x09D1921C, 0xFE1DEB1C, 0xB129A73E, 0xE88235F5, 0x2EBB4484,
    0xE99C7026, 0xB45F7E41, 0x3991D639, 0x835339F4, 0x9C845F8B, 0xBDF9283B, 0x1FF897FF, 0xDE05980F,
    0xEF2F118B, 0x5A0A6D1F, 0x6D367ECF, 0x27CB09B7, 0x4F463F66, 0x9E5FEA2D, 0x7527BAC7, 0xEBE5F17B,
    0x3D0739F7, 0x8A5292EA, 0x6BFB5FB1, 0x1F8D5D08, 0x56033046, 0xFC7B6BAB, 0xF0CFBC20, 0x9AF4361D,
};

// 32 bits of 2/pi starting at fraction bit `b` (b >= 1, bit 1 = the MSB of kTwoOverPi[0]).
std::uint32_t two_over_pi_bits(int b) {
  const int i = (b - 1) / 32, off = (b - 1) % 32;
  if (off == 0) return kTwoOverPi[i];
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(kTwoOverPi[i]) << off) |
                                    (kTwoOverPi[i + 1] >> (32 - off)));
}

// 64 bits of a little-endian multi-word integer (32-bit limbs) starting at bit p.
std::uint64_t bits64(const std::uint32_t* limbs, int p) {
  const int i = p / 32, off = p % 32;
  const std::uint64_t lo = limbs[i] | (static_cast<std::uint64_t>(limbs[i + 1]) << 32);
  if (off == 0) return lo;
  return (lo >> off) | (static_cast<std::uint64_t>(limbs[i + 2]) << (64 - off));
}

// Payne-Hanek reduction for |x| >= 1e5: x = k pi/2 + r, |r| <= pi/4, returns r and the quadrant
// k mod 4. Exact integer arithmetic: with x = m 2^e (m a 53-bit integer), the bits of 2/pi
// before fraction bit e - 1 only add multiples of 4 to x 2/pi, so the product of m with the 192
// bits that follow gives k mod 4 and 128 bits of the fraction, which is at least 2^-62 away
// from 0 for every double (so r keeps more than 60 significant bits before rounding).
double reduce_large(double x, int* quadrant) {
  int exponent = 0;
  const double mant = std::frexp(x, &exponent);  // x = mant 2^exponent, mant in [0.5, 1)
  const std::uint64_t m = static_cast<std::uint64_t>(std::ldexp(mant, 53));
  const int e = exponent - 53;
  const int s = e - 1 > 1 ? e - 1 : 1;  // first bit of 2/pi used
  const int sh = s + 191 - e;           // the product's fraction bits: x 2/pi = P 2^-sh
  std::uint32_t w[6];                   // 192 bits of 2/pi, little-endian limbs
  for (int j = 0; j < 6; ++j) w[5 - j] = two_over_pi_bits(s + 32 * j);
  std::uint32_t p[10] = {};  // P = m W, 245 bits (zero-padded for bits64)
  const std::uint32_t mw[2] = {static_cast<std::uint32_t>(m), static_cast<std::uint32_t>(m >> 32)};
  for (int i = 0; i < 2; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 6; ++j) {
      const std::uint64_t t = static_cast<std::uint64_t>(mw[i]) * w[j] + p[i + j] + carry;
      p[i + j] = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    p[i + 6] = static_cast<std::uint32_t>(carry);
  }
  int k = static_cast<int>(bits64(p, sh) & 3);
  std::uint64_t hi = bits64(p, sh - 64), lo = bits64(p, sh - 128);  // fraction = (hi, lo) 2^-128
  double sign = 1.0;
  if (hi >> 63) {  // fraction >= 1/2: round k up, the fraction becomes negative
    k = (k + 1) & 3;
    lo = ~lo + 1;
    hi = ~hi + (lo == 0 ? 1 : 0);
    sign = -1.0;
  }
  // f = (hi + lo 2^-64) 2^-64 as a double-double (a + b) 2^-64, then r = f pi/2.
  const double a = static_cast<double>(hi);
  const double b =
      static_cast<double>(static_cast<std::int64_t>(hi - static_cast<std::uint64_t>(a))) +
      static_cast<double>(lo) * 0x1p-64;
  constexpr double kPio2A = 1.5707963267948966;  // pi/2 = kPio2A + kPio2B to ~2^-106
  constexpr double kPio2B = 6.123233995736766e-17;
  const double r = a * kPio2A + (a * kPio2B + b * kPio2A);
  *quadrant = k;
  return sign * std::ldexp(r, -64);
}
}  // namespace

double det_sin(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  if (std::fabs(x) >= 1e5) {
    // sin(-x) = -sin(x); the reduction works on |x|.
    int quadrant = 0;
    const double r = reduce_large(std::fabs(x), &quadrant);
    const double s = quadrant == 0   ? sin_poly(r)
                     : quadrant == 1 ? cos_poly(r)
                     : quadrant == 2 ? -sin_poly(r)
                                     : -cos_poly(r);
    return x < 0.0 ? -s : s;
  }
  // x = k pi/2 + r, |r| <= pi/4 (Cody-Waite: each product k * part is exact for |k| < 2^20).
  const double k = std::floor(x * kInvPio2 + 0.5);
  const double r = ((x - k * kPio2Hi) - k * kPio2Mid) - k * kPio2Lo;
  const long quadrant = static_cast<long>(std::fmod(k, 4.0) + 4.0) % 4;
  switch (quadrant) {
    case 0:
      return sin_poly(r);
    case 1:
      return cos_poly(r);
    case 2:
      return -sin_poly(r);
    default:
      return -cos_poly(r);
  }
}

double det_pow(double x, double p) {
  if (x == 0.0) return p > 0.0 ? 0.0 : (p == 0.0 ? 1.0 : std::numeric_limits<double>::infinity());
  return det_exp(p * det_log(x));
}

}  // namespace nw
