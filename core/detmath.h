// Deterministic elementary functions: log, exp, sin, pow.
//
// std::log, std::sin and std::pow come from the C library (glibc natively, musl in Emscripten) and
// may differ in the last bit between the two. The generated data must be bit-identical natively
// and in WebAssembly, so the data path (the normal transform and the true function
// f(x) = 2 sin(x) + x^0.8) uses these instead. They are built only from IEEE-754 basic operations
// (+, -, *, /, sqrt, floor, ldexp, frexp), which round identically everywhere, evaluated in a fixed
// order (the core is compiled with -ffp-contract=off). Accuracy: within a few ulp of the C library
// on their stated ranges (tests/core/detmath.cpp measures it).
#pragma once

namespace nw {

// Natural logarithm for finite x > 0 (x <= 0 gives NaN; +inf gives +inf).
double det_log(double x);

// e^x for finite x (underflows to 0 below about -745, overflows to +inf above about 709.78).
double det_exp(double x);

// sin(x) for every finite x (NaN for inf and NaN): reduction by pi/2 with Cody-Waite below 1e5
// (the data lives there) and exact Payne-Hanek reduction (integer arithmetic on the bits of 2/pi)
// above, so sin(1e300) is as accurate as sin(1).
double det_sin(double x);

// x^p for x >= 0 as exp(p log x); det_pow(0, p) = 0 for p > 0.
double det_pow(double x, double p);

}  // namespace nw
