#include "dataset.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "detmath.h"
#include "rng.h"

namespace nw {

double true_function(double x) { return 2.0 * det_sin(x) + det_pow(x, 0.8); }

Dataset generate_data(int n, double noise, std::uint64_t seed, double x_max) {
  if (n < 1) throw std::invalid_argument("generate_data: n must be >= 1");
  if (!(noise >= 0.0) || !std::isfinite(noise))
    throw std::invalid_argument("generate_data: noise must be finite and >= 0");
  if (!(x_max > 0.0) || !std::isfinite(x_max))
    throw std::invalid_argument("generate_data: x_max must be finite and > 0");
  Rng rng(seed);
  Dataset d;
  d.x.resize(n);
  d.y.resize(n);
  // The largest double below x_max: x_max * u may round up to x_max itself.
  const double below_max = std::nextafter(x_max, 0.0);
  for (int i = 0; i < n; ++i) d.x[i] = std::min(x_max * rng.uniform(), below_max);
  std::sort(d.x.data(), d.x.data() + n);
  for (int i = 0; i < n; ++i) d.y[i] = true_function(d.x[i]) + noise * rng.normal();
  return d;
}

Eigen::VectorXd test_inputs(double x_max, double step) {
  if (!(step > 0.0) || !std::isfinite(step) || !(x_max > 0.0) || !std::isfinite(x_max))
    throw std::invalid_argument("test_inputs: x_max and step must be finite and > 0");
  // Count by i * step (not by repeated addition, which drifts) so the grid is 0, 0.1, ..., 4.9.
  long m = 0;
  while (static_cast<double>(m) * step < x_max) ++m;
  Eigen::VectorXd q(m);
  for (long i = 0; i < m; ++i) q[i] = static_cast<double>(i) * step;
  return q;
}

}  // namespace nw
