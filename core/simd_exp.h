// A vectorised, strict exp for arrays: out[i] = e^x[i].
//
// Two doubles at a time with GCC/Clang vector extensions, which Emscripten lowers to WebAssembly
// SIMD128 (-msimd128) and g++ to SSE2; a scalar loop elsewhere. No -ffast-math: the reduction
// x = k ln2 + r is done in two exact steps (Cody-Waite), e^r by a degree-13 polynomial, and 2^k
// is assembled in the exponent bits (two steps for subnormal results). Accuracy is within a few
// ulp of std::exp on [-745, 709] (tests/core/simd_exp.cpp measures it).
#pragma once

#include <cstddef>

namespace nw {

// out[i] = exp(x[i]) for i < n; `out` may alias `x`.
void exp_array(const double* x, double* out, std::size_t n);

// One value through the same arithmetic as exp_array (for tests and tails).
double exp_strict(double x);

}  // namespace nw
