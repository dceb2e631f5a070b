// The chapter's synthetic regression data: y = f(x) + noise, f(x) = 2 sin(x) + x^0.8.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace nw {

struct Dataset {
  Eigen::VectorXd x;  // n training inputs (keys), sorted ascending, each in [0, x_max)
  Eigen::VectorXd y;  // n training outputs (values), y_i = f(x_i) + noise * N(0, 1)
};

// The true function of the chapter, f(x) = 2 sin(x) + x^0.8, for x >= 0. Computed with the
// deterministic functions of detmath.h, so it is bit-identical natively and in WebAssembly.
double true_function(double x);

// Draws n points from Rng(seed): first the n inputs x_i = x_max * U[0, 1) in draw order, which
// are then sorted ascending; then one normal variate per sorted input for the noise.
// n >= 1, noise >= 0, x_max > 0 (std::invalid_argument otherwise).
Dataset generate_data(int n, double noise, std::uint64_t seed, double x_max);

// The chapter's test queries 0, step, 2 step, ... (every i * step < x_max); step > 0.
Eigen::VectorXd test_inputs(double x_max, double step);

}  // namespace nw
