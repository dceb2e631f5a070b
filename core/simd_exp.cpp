#include "simd_exp.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace nw {

namespace {

// x = (512 m + j) ln2/512 + r with |r| <= ln2/1024 (kd rounds x 512/ln2 to the integer
// k = 512 m + j), so e^x = 2^m 2^(j/512) e^r: 2^(j/512) from a table (hi + lo, together exact to
// about 2^-104) and e^r - 1 from its Taylor polynomial of degree 4 (the r^5 term is below 1.3e-18
// relative). The result rounds once more than a correctly rounded exp: within 1 ulp, usually 0.
// A 512-entry table (8 KB) and degree 4 instead of 32 entries and degree 6: the same accuracy in
// four fewer vector operations per two keys: a 50 x 50 Gaussian predict about 9% faster in WASM.
constexpr int kTableBits = 9;
constexpr int kTableSize = 1 << kTableBits;
constexpr double kInvLn2N = 0x1.71547652b82fep+9;   // 512 / ln2
constexpr double kLn2NHi = 0x1.62e42ff000000p-10;   // ln2 / 512, 29 bits: k kLn2NHi exact
constexpr double kLn2NLo = -0x1.718432a1b0e26p-44;  // ln2 / 512 - kLn2NHi
constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: x + kShifter rounds x to an integer
constexpr double kMaxArg = 709.782712893384;
constexpr double kMinArg = -745.2;

// 1/j! of e^r - 1 - r.
constexpr double kC2 = 1.0 / 2, kC3 = 1.0 / 6, kC4 = 1.0 / 24;

// A double-double hi + lo.
struct TwoPart {
  double hi, lo;
};

// 2^(a/32), a = 0..31, and 2^(b/512), b = 0..15, as hi + lo (generated with 60-digit decimal
// arithmetic); the table's 2^(j/512) is their product for j = 16 a + b (kExp2).
constexpr TwoPart kExp2Coarse[32] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};
constexpr TwoPart kExp2Fine[16] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.0058c86da1c0ap+0, -0x1.5e00e62d6b30dp-56},
    {0x1.00b1afa5abcbfp+0, -0x1.4f6b2a7609f71p-55},
    {0x1.010ab5b2cbd11p+0, 0x1.c1d0660524e08p-54},
    {0x1.0163da9fb3335p+0, 0x1.b61299ab8cdb7p-54},
    {0x1.01bd1e77170b4p+0, 0x1.5e7626621eb5bp-56},
    {0x1.02168143b0281p+0, -0x1.2bf310fc54eb6p-55},
    {0x1.027003103b10ep+0, -0x1.082ef51b61d7ep-56},
    {0x1.02c9a3e778061p+0, -0x1.19083535b085dp-56},
    {0x1.032363d42b027p+0, 0x1.fea8d61ed6016p-54},
    {0x1.037d42e11bbccp+0, 0x1.56811eeade11ap-57},
    {0x1.03d7411915a8ap+0, 0x1.b7c00e7b751dap-54},
    {0x1.04315e86e7f85p+0, -0x1.0a31c1977c96ep-54},
    {0x1.048b9b35659d8p+0, 0x1.21cd53d5e8b66p-57},
    {0x1.04e5f72f654b1p+0, 0x1.4c3793aa0d08dp-55},
    {0x1.0540727fc1762p+0, -0x1.abcae24b819dfp-54},
};

// The product of two double-doubles near 1 (Dekker): the exact product of the his by Veltkamp's
// split, plus the cross terms; relative error about 2^-104. Evaluated by the compiler (IEEE
// double, round to nearest, in GCC and Clang alike): the same table in every build.
constexpr TwoPart split(double a) {
  const double c = 134217729.0 * a;  // 2^27 + 1
  const double hi = c - (c - a);
  return {hi, a - hi};
}
constexpr TwoPart times(TwoPart x, TwoPart y) {
  const double p = x.hi * y.hi;
  const TwoPart a = split(x.hi), b = split(y.hi);
  const double err = ((a.hi * b.hi - p) + a.hi * b.lo + a.lo * b.hi) + a.lo * b.lo;
  const double lo = err + (x.hi * y.lo + x.lo * y.hi);
  const double hi = p + lo;
  return {hi, lo - (hi - p)};
}

struct Exp2Table {
  TwoPart e[kTableSize];
  constexpr Exp2Table() : e() {
    for (int j = 0; j < kTableSize; ++j) e[j] = times(kExp2Coarse[j >> 4], kExp2Fine[j & 15]);
  }
};
// 2^(j/512), j = 0..511.
constexpr Exp2Table kExp2;

// Scale e_r by 2^m, m in [-1076, 1024], as (e_r 2^(m + shift)) 2^-shift with shift = 64 for
// subnormal results (m < -1021) and -64 near overflow (m > 1000), so every factor is a normal
// number and the final product rounds once. Only for those ends of the range; see table_scaled.
inline double scale_scalar(double e_r, std::int64_t m) {
  const std::int64_t shift = m < -1021 ? 64 : (m > 1000 ? -64 : 0);
  const std::uint64_t bits = static_cast<std::uint64_t>(m + shift + 1023) << 52;
  const std::uint64_t tail_bits = static_cast<std::uint64_t>(1023 - shift) << 52;
  double scale, tail;
  std::memcpy(&scale, &bits, 8);
  std::memcpy(&tail, &tail_bits, 8);
  return (e_r * scale) * tail;
}

// The reduction's constants as the scalar path reads them: literals. The vector path passes its
// LaneConstants instead (the same values in both lanes, the same member names).
struct ScalarConstants {
  static constexpr double inv_ln2n = kInvLn2N, shifter = kShifter, ln2n_hi = kLn2NHi,
                          ln2n_lo = kLn2NLo, c2 = kC2, c3 = kC3, c4 = kC4;
};

// The reduction and polynomial shared by the scalar and the vector path (T = double or a vector
// of two doubles, C = ScalarConstants or LaneConstants): returns r's e^r - 1 and kd, whose low 52
// bits hold the integer k. The same operations in both paths: the same bits.
template <class T, class C>
inline T exp_reduced(T x, const C& c, T* kd_out) {
  const T kd = x * c.inv_ln2n + c.shifter;
  const T k = kd - c.shifter;
  const T r = (x - k * c.ln2n_hi) - k * c.ln2n_lo;
  const T r2 = r * r;
  *kd_out = kd;
  return r + r2 * ((c.c2 + r * c.c3) + r2 * c.c4);
}

// kd = 1.5 2^52 + k has the bits of 2^51 + k in its low 52 bits.
constexpr std::uint64_t kLow52 = (std::uint64_t{1} << 52) - 1;
constexpr std::int64_t kBias51 = std::int64_t{1} << 51;

inline std::int64_t k_from_shifted(double kd) {
  std::uint64_t u;
  std::memcpy(&u, &kd, 8);
  return static_cast<std::int64_t>(u & kLow52) - kBias51;
}

// k = 512 m + j with 0 <= j < 512 (floor division, also for negative k).
inline std::int64_t m_of(std::int64_t k) { return k >> kTableBits; }
constexpr std::int64_t kJMask = kTableSize - 1;

// For results whose 2^m 2^(j/512) is a normal number (m in [-1021, 1000]): s = 2^m hi_j is built
// by adding m to hi_j's exponent bits, and e^x = s + s (p + lo_j / hi_j) rounds once. The bits of
// kd give m << 52 directly: (bits & ~511) << 43 = (2^51 + 512 m) 2^43 = m 2^52 modulo 2^64 (the
// exponent field and 2^51 shift out), so no shift of a signed k is needed (SSE and WASM SIMD have
// none for 64-bit lanes). Same bits in the scalar and the vector path.
constexpr std::uint64_t kNotJ = ~std::uint64_t{kJMask};
constexpr int kMShift = 52 - kTableBits;
struct TableEntry {
  double hi, tail;  // tail = lo / hi
};
struct ScaledTable {
  TableEntry e[kTableSize];
  constexpr ScaledTable() : e() {
    for (int j = 0; j < kTableSize; ++j) e[j] = {kExp2.e[j].hi, kExp2.e[j].lo / kExp2.e[j].hi};
  }
};
constexpr ScaledTable kScaled;

// 2^(j/512) e^r for the table entry j (p = e^r - 1), for results that are scaled afterwards
// (scale_scalar): the same sum as table_scaled's with m = 0.
inline double table_times(std::int64_t j, double p) {
  const TableEntry t = kScaled.e[j];
  return t.hi + t.hi * (p + t.tail);
}

inline double table_scaled(std::uint64_t kd_bits, double p) {
  const TableEntry t = kScaled.e[kd_bits & kJMask];
  std::uint64_t hi_bits;
  std::memcpy(&hi_bits, &t.hi, 8);
  hi_bits += (kd_bits & kNotJ) << kMShift;
  double s;
  std::memcpy(&s, &hi_bits, 8);
  return s + s * (p + t.tail);
}

}  // namespace

double exp_strict(double x) {
  if (std::isnan(x)) return x;
  if (x > kMaxArg) return HUGE_VAL;
  if (x < kMinArg) return 0.0;
  double kd;
  const double p = exp_reduced(x, ScalarConstants(), &kd);
  const std::int64_t k = k_from_shifted(kd);
  const std::int64_t m = m_of(k);
  if (m >= -1021 && m <= 1000) {
    std::uint64_t bits;
    std::memcpy(&bits, &kd, 8);
    return table_scaled(bits, p);
  }
  return scale_scalar(table_times(k & kJMask, p), m);
}

namespace {
// Gaussian weights below 1e-304 of the row's largest (scores below kPoolMin) are taken as 0: far
// below the sums' rounding, and it keeps the vector exp free of range branches.
constexpr double kPoolMin = -700.0;

// A key's score relative to the row's largest, as every path here forms it.
inline double gaussian_score(double q, double x, double w, double s_max) {
  const double u = (q - x) * w;
  return -0.5 * u * u - s_max;
}

inline double gaussian_scalar(double q, double x, double w, double s_max) {
  const double t = gaussian_score(q, x, w, s_max);
  return t < kPoolMin ? 0.0 : exp_strict(t);
}

// Whether every key of x[0..n), sorted ascending, scores at least kPoolMin: the score falls as
// |q - x| grows, and so does its floating-point value (each of its steps rounds monotonically), so
// the two ends of the run bound the rest. Such a run needs no floor test per key.
inline bool above_floor(double q, const double* x, std::size_t n, double w, double s_max) {
  return n == 0 || (gaussian_score(q, x[0], w, s_max) >= kPoolMin &&
                    gaussian_score(q, x[n - 1], w, s_max) >= kPoolMin);
}
}  // namespace

#if defined(__GNUC__) || defined(__clang__)
namespace {
typedef double v2d __attribute__((vector_size(16)));
typedef std::int64_t v2i __attribute__((vector_size(16)));
typedef std::uint64_t v2u __attribute__((vector_size(16)));

// The vector path's constants, each in both lanes. Written as literals, they stay inside the
// loops as v128.const, which V8 builds anew at every use (about three instructions each, thirty
// per four keys); read through a pointer the compiler cannot see through, once per call, they are
// locals (registers) instead. The same values and operations as the scalar path: the same bits.
struct LaneConstants {
  v2d inv_ln2n, shifter, ln2n_hi, ln2n_lo, c2, c3, c4, pool_min, minus_half;
  v2u not_j;
};
constexpr LaneConstants kLaneConstants = {
    {kInvLn2N, kInvLn2N}, {kShifter, kShifter}, {kLn2NHi, kLn2NHi}, {kLn2NLo, kLn2NLo},
    {kC2, kC2},           {kC3, kC3},           {kC4, kC4},         {kPoolMin, kPoolMin},
    {-0.5, -0.5},         {kNotJ, kNotJ}};
const LaneConstants* volatile lane_constants_at = &kLaneConstants;
inline LaneConstants lane_constants() { return *lane_constants_at; }

// e^v for two lanes whose 2^m is a normal number (see table_scaled); kd and p from exp_reduced.
inline v2d table_scaled_lanes(v2d kd, v2d p, const LaneConstants& c) {
  v2u u;
  std::memcpy(&u, &kd, sizeof u);
  // Each lane's {hi, tail} entry in one 16-byte load, then regrouped as {hi0, hi1}, {tail0, tail1}.
  v2d t0, t1;
  std::memcpy(&t0, &kScaled.e[u[0] & kJMask], sizeof t0);
  std::memcpy(&t1, &kScaled.e[u[1] & kJMask], sizeof t1);
  const v2d hi = __builtin_shufflevector(t0, t1, 0, 2);
  const v2d tail = __builtin_shufflevector(t0, t1, 1, 3);
  v2u bits;
  std::memcpy(&bits, &hi, sizeof bits);
  bits += (u & c.not_j) << kMShift;
  v2d s;
  std::memcpy(&s, &bits, sizeof s);
  return s + s * (p + tail);
}

// e^v for two lanes; both lanes must lie in [kMinArg, kMaxArg].
inline v2d exp2_lanes(v2d v, const LaneConstants& c) {
  v2d kd;
  const v2d p = exp_reduced(v, c, &kd);
  v2u u;
  std::memcpy(&u, &kd, sizeof u);
  const v2i k = (v2i)(u & kLow52) - kBias51;
  // Common case: 2^m is a normal number for both lanes.
  constexpr std::int64_t lo = -1021 * kTableSize, hi = 1001 * kTableSize;
  if (k[0] >= lo && k[0] < hi && k[1] >= lo && k[1] < hi) return table_scaled_lanes(kd, p, c);
  const v2d out = {scale_scalar(table_times(k[0] & kJMask, p[0]), m_of(k[0])),
                   scale_scalar(table_times(k[1] & kJMask, p[1]), m_of(k[1]))};
  return out;
}

// e^v for two lanes in [kPoolMin, 0] (so 2^m is always a normal number): exp2_lanes without
// its range branch, the same bits.
inline v2d exp2_lanes_normal(v2d v, const LaneConstants& c) {
  v2d kd;
  const v2d p = exp_reduced(v, c, &kd);
  return table_scaled_lanes(kd, p, c);
}

inline bool in_range(v2d v) {
  return v[0] >= kMinArg && v[0] <= kMaxArg && v[1] >= kMinArg && v[1] <= kMaxArg;
}
}  // namespace

void exp_array(const double* x, double* out, std::size_t n) {
  const LaneConstants c = lane_constants();
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    v2d v;
    std::memcpy(&v, x + i, sizeof v);
    if (in_range(v)) {
      const v2d e = exp2_lanes(v, c);
      std::memcpy(out + i, &e, sizeof e);
    } else {
      out[i] = exp_strict(v[0]);
      out[i + 1] = exp_strict(v[1]);
    }
  }
  for (; i < n; ++i) out[i] = exp_strict(x[i]);
}

namespace {
// e^t for lanes t in [kPoolMin, 0], and 0 for lanes below kPoolMin (or NaN). The dropped lanes
// enter the exp as 0, not as kPoolMin: e^-700 (9.9e-305) would form the subnormal intermediate
// s (p + tail) = 1.3e-308 in table_scaled_lanes, which x86 finishes in microcode (about 100 cycles
// a lane); dense rows at small h, most of whose lanes are dropped, ran 3.5x slower so.
inline v2d exp_kept_lanes(v2d t, const LaneConstants& c) {
  const v2i keep = t >= c.pool_min;  // all ones where the weight is kept
  v2i bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits &= keep;
  v2d safe;
  std::memcpy(&safe, &bits, sizeof safe);
  const v2d e = exp2_lanes_normal(safe, c);
  std::memcpy(&bits, &e, sizeof bits);
  bits &= keep;
  v2d kept;
  std::memcpy(&kept, &bits, sizeof kept);
  return kept;
}

// Two lanes of gaussian_scalar. Floor = false: for lanes known to score at least kPoolMin
// (above_floor), whose weights are then the same without the test.
template <bool Floor = true>
inline v2d gaussian_lanes(double q, v2d x, double w, double s_max, const LaneConstants& c) {
  const v2d u = (q - x) * w;
  const v2d t = c.minus_half * u * u - s_max;  // <= 0: s_max is the score of the row's nearest key
  if (!Floor) return exp2_lanes_normal(t, c);
  return exp_kept_lanes(t, c);
}

// The weights of keys x[i..i+4) as two pairs of lanes (two independent exps in flight), for every
// whole group of four keys: quad(i, ea, eb) with ea = keys i, i+1 and eb = keys i+2, i+3. Returns
// the number of keys done (n rounded down to a multiple of 4); the callers finish the rest.
template <bool Floor, class Quad>
inline std::size_t quads(double q, const double* x, std::size_t n, double w, double s_max,
                         const LaneConstants& c, Quad& quad) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v2d xa, xb;
    std::memcpy(&xa, x + i, sizeof xa);
    std::memcpy(&xb, x + i + 2, sizeof xb);
    quad(i, gaussian_lanes<Floor>(q, xa, w, s_max, c), gaussian_lanes<Floor>(q, xb, w, s_max, c));
  }
  return i;
}
// quads for x sorted ascending (simd_exp.h): a run whose two ends score at least kPoolMin takes
// the loop without the floor test, three fewer operations per two keys, the same bits.
template <class Quad>
inline std::size_t gaussian_quads(double q, const double* x, std::size_t n, double w, double s_max,
                                  const LaneConstants& c, Quad quad) {
  return above_floor(q, x, n, w, s_max) ? quads<false>(q, x, n, w, s_max, c, quad)
                                        : quads<true>(q, x, n, w, s_max, c, quad);
}

// The sums of weights and of weights times values over the groups of four keys that
// gaussian_quads gives: two pairs of accumulators (one per exp in flight), added at the end.
struct QuadSums {
  v2d d = {0.0, 0.0}, n = {0.0, 0.0}, d2 = {0.0, 0.0}, n2 = {0.0, 0.0};
  void add(const double* y, v2d ea, v2d eb) {
    v2d ya, yb;
    std::memcpy(&ya, y, sizeof ya);
    std::memcpy(&yb, y + 2, sizeof yb);
    d += ea;
    n += ea * ya;
    d2 += eb;
    n2 += eb * yb;
  }
  v2d den() const { return d + d2; }
  v2d num() const { return n + n2; }
};

}  // namespace

void gaussian_weights(double q, const double* x, std::size_t n, double w, double s_max, double* e) {
  const LaneConstants c = lane_constants();
  std::size_t i = gaussian_quads(q, x, n, w, s_max, c, [&](std::size_t k, v2d ea, v2d eb) {
    std::memcpy(e + k, &ea, sizeof ea);
    std::memcpy(e + k + 2, &eb, sizeof eb);
  });
  for (; i + 2 <= n; i += 2) {
    v2d xv;
    std::memcpy(&xv, x + i, sizeof xv);
    const v2d ev = gaussian_lanes(q, xv, w, s_max, c);
    std::memcpy(e + i, &ev, sizeof ev);
  }
  for (; i < n; ++i) e[i] = gaussian_scalar(q, x[i], w, s_max);
}

void exp_scores(double* s, std::size_t n) {
  const LaneConstants c = lane_constants();
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    v2d v;
    std::memcpy(&v, s + i, sizeof v);
    v = exp_kept_lanes(v, c);
    std::memcpy(s + i, &v, sizeof v);
  }
  for (; i < n; ++i) s[i] = s[i] >= kPoolMin ? exp_strict(s[i]) : 0.0;
}

void gaussian_pool(double q, const double* x, const double* y, std::size_t n, double w,
                   double s_max, double* den, double* num) {
  const LaneConstants c = lane_constants();
  // Four keys per iteration (two independent exps in flight), then two, then one.
  QuadSums sums;
  std::size_t i = gaussian_quads(q, x, n, w, s_max, c,
                                 [&](std::size_t k, v2d ea, v2d eb) { sums.add(y + k, ea, eb); });
  v2d d_acc = sums.den(), n_acc = sums.num();
  for (; i + 2 <= n; i += 2) {
    v2d xv, yv;
    std::memcpy(&xv, x + i, sizeof xv);
    std::memcpy(&yv, y + i, sizeof yv);
    const v2d e = gaussian_lanes(q, xv, w, s_max, c);
    d_acc += e;
    n_acc += e * yv;
  }
  double dsum = d_acc[0] + d_acc[1], nsum = n_acc[0] + n_acc[1];
  for (; i < n; ++i) {
    const double e = gaussian_scalar(q, x[i], w, s_max);
    dsum += e;
    nsum += e * y[i];
  }
  *den += dsum;
  *num += nsum;
}
void gaussian_pool_pairs(double q, double yq, const double* x, const double* y, std::size_t n,
                         double w, double* den, double* num, double* den_out, double* num_out) {
  const LaneConstants c = lane_constants();
  QuadSums sums;
  std::size_t i = gaussian_quads(q, x, n, w, 0.0, c, [&](std::size_t k, v2d ea, v2d eb) {
    sums.add(y + k, ea, eb);
    v2d da, db, na, nb;
    std::memcpy(&da, den_out + k, sizeof da);
    std::memcpy(&db, den_out + k + 2, sizeof db);
    std::memcpy(&na, num_out + k, sizeof na);
    std::memcpy(&nb, num_out + k + 2, sizeof nb);
    da += ea;
    db += eb;
    na += ea * yq;
    nb += eb * yq;
    std::memcpy(den_out + k, &da, sizeof da);
    std::memcpy(den_out + k + 2, &db, sizeof db);
    std::memcpy(num_out + k, &na, sizeof na);
    std::memcpy(num_out + k + 2, &nb, sizeof nb);
  });
  const v2d d_acc = sums.den(), n_acc = sums.num();
  double dsum = d_acc[0] + d_acc[1], nsum = n_acc[0] + n_acc[1];
  for (; i < n; ++i) {
    const double e = gaussian_scalar(q, x[i], w, 0.0);
    dsum += e;
    nsum += e * y[i];
    den_out[i] += e;
    num_out[i] += e * yq;
  }
  *den += dsum;
  *num += nsum;
}
#else
void exp_array(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = exp_strict(x[i]);
}

void gaussian_weights(double q, const double* x, std::size_t n, double w, double s_max, double* e) {
  for (std::size_t i = 0; i < n; ++i) e[i] = gaussian_scalar(q, x[i], w, s_max);
}

void exp_scores(double* s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) s[i] = s[i] >= kPoolMin ? exp_strict(s[i]) : 0.0;
}

void gaussian_pool(double q, const double* x, const double* y, std::size_t n, double w,
                   double s_max, double* den, double* num) {
  for (std::size_t i = 0; i < n; ++i) {
    const double e = gaussian_scalar(q, x[i], w, s_max);
    *den += e;
    *num += e * y[i];
  }
}

void gaussian_pool_pairs(double q, double yq, const double* x, const double* y, std::size_t n,
                         double w, double* den, double* num, double* den_out, double* num_out) {
  double dsum = 0.0, nsum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = gaussian_scalar(q, x[i], w, 0.0);
    dsum += e;
    nsum += e * y[i];
    den_out[i] += e;
    num_out[i] += e * yq;
  }
  *den += dsum;
  *num += nsum;
}
#endif

}  // namespace nw
