// A vectorised, strict exp for arrays: out[i] = e^x[i].
//
// Two doubles at a time with GCC/Clang vector extensions, which Emscripten lowers to WebAssembly
// SIMD128 (-msimd128) and g++ to SSE2; a scalar loop elsewhere. No -ffast-math: the reduction
// x = (512 m + j) ln2/512 + r is done in two exact steps (Cody-Waite), 2^(j/512) comes from a
// 512-entry table (hi + lo/hi, built by the compiler from two small ones), e^r - 1 from a
// degree-4 polynomial (|r| <= ln2/1024), and 2^m is added to the table entry's exponent bits in
// integer arithmetic (two scaling steps for subnormal results and near overflow). The same
// arithmetic on every platform, so the same bits natively and in WASM; within 1 ulp of std::exp
// on [-745, 709] (tests/core/simd_exp.cpp measures it).
#pragma once

#include <cstddef>

namespace nw {

// out[i] = exp(x[i]) for i < n; `out` may alias `x`.
void exp_array(const double* x, double* out, std::size_t n);

// One value through the same arithmetic as exp_array (for tests and tails).
double exp_strict(double x);

// Softmax weights from scores s[i] <= 0 (relative to the row's largest), in place:
// s[i] = e^s[i], or 0 where s[i] < -700 (a weight below 1e-304 of the largest, far under the sums'
// rounding) or s[i] is NaN; the same exp as exp_array.
void exp_scores(double* s, std::size_t n);

// The three functions below take keys x[0..n) sorted ascending (a window of sorted keys): the
// scores of its two ends bound every other's, which lets a row whose ends are both above the floor
// skip the test per key.
//
// The sums of one Gaussian attention row without storing its weights (one fused pass):
//   *den += sum_j e_j,  *num += sum_j e_j y_j,  e_j = exp(-((q - x_j) w)^2 / 2 - s_max),
// for j < n, with the same exp as exp_array. s_max is the row's largest score (so e_j <= 1);
// weights below e^-700 (1e-304) of it are taken as 0, far under the sums' rounding.
void gaussian_pool(double q, const double* x, const double* y, std::size_t n, double w,
                   double s_max, double* den, double* num);

// One row of a symmetric pass over pairs of keys (every weight computed once for both of its rows):
// with e_j = exp(-((q - x_j) w)^2 / 2) (no shift: s_max = 0 in gaussian_pool), adds sum_j e_j to
// *den and sum_j e_j y_j to *num (the row of q), and e_j to den_out[j], e_j yq to num_out[j] (the
// rows of the x_j), for j < n. The same exp and the same order of sums in every build.
void gaussian_pool_pairs(double q, double yq, const double* x, const double* y, std::size_t n,
                         double w, double* den, double* num, double* den_out, double* num_out);

// The weights themselves: e[j] = e_j as in gaussian_pool, for j < n.
void gaussian_weights(double q, const double* x, std::size_t n, double w, double s_max, double* e);

}  // namespace nw
