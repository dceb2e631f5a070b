#include "bandwidth.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dataset.h"

using nw::Kernel;

namespace {
// Brute force: the smallest LOO loss over `count` log-spaced bandwidths of the search range.
double brute_force_min(const nw::Dataset& d, Kernel k, int count) {
  const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
  double best = INFINITY;
  for (int i = 0; i < count; ++i) {
    const double h = std::exp(std::log(r.lo) + (std::log(r.hi) - std::log(r.lo)) * i / (count - 1));
    best = std::min(best, nw::loo_loss(d.x, d.y, k, 1.0 / h));
  }
  return best;
}

int local_minima(const Eigen::VectorXd& g) {
  int count = 0;
  for (Eigen::Index i = 1; i + 1 < g.size(); ++i) count += g[i] < g[i - 1] && g[i] < g[i + 1];
  return count;
}
}  // namespace

TEST_CASE("bandwidth: loo_curve evaluates loo_loss at each bandwidth") {
  const nw::Dataset d = nw::generate_data(30, 0.5, 1, 5.0);
  Eigen::VectorXd h(3);
  h << 0.1, 0.5, 2.0;
  const Eigen::VectorXd c = nw::loo_curve(d.x, d.y, Kernel::kEpanechnikov, h);
  for (int i = 0; i < 3; ++i) CHECK(c[i] == nw::loo_loss(d.x, d.y, Kernel::kEpanechnikov, 1.0 / h[i]));
}

TEST_CASE("bandwidth: LOO-CV finds the global minimum of a 4000-point brute-force scan") {
  // Seeds include data sets whose LOO curve has several local minima (asserted below).
  bool saw_multimodal = false;
  for (std::uint64_t seed : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u}) {
    const nw::Dataset d = nw::generate_data(50, 0.5, seed, 5.0);
    for (Kernel k : {Kernel::kGaussian, Kernel::kEpanechnikov}) {
      CAPTURE(seed);
      CAPTURE(static_cast<int>(k));
      const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, k);
      const double brute = brute_force_min(d, k, 4000);
      CHECK(c.loo_loss <= brute * (1 + 1e-9));
      CHECK(c.loo_loss == doctest::Approx(nw::loo_loss(d.x, d.y, k, 1.0 / c.bandwidth)).epsilon(1e-15));
      if (k == Kernel::kGaussian) {
        const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
        Eigen::VectorXd h(800);
        for (int i = 0; i < 800; ++i)
          h[i] = std::exp(std::log(r.lo) + (std::log(r.hi) - std::log(r.lo)) * i / 799.0);
        if (local_minima(nw::loo_curve(d.x, d.y, k, h)) >= 2) saw_multimodal = true;
      }
    }
  }
  CHECK(saw_multimodal);
}

TEST_CASE("bandwidth: Silverman's rule by hand") {
  Eigen::VectorXd x(5);
  x << 1.0, 2.0, 3.0, 4.0, 10.0;
  // mean 4, sd = sqrt((9+4+1+0+36)/4) = sqrt(12.5); quartiles (linear) 2 and 4 -> IQR/1.34 = 1.4925.
  const double expected = 0.9 * std::min(std::sqrt(12.5), 2.0 / 1.34) * std::pow(5.0, -0.2);
  CHECK(nw::silverman_bandwidth(x) == doctest::Approx(expected).epsilon(1e-14));
  Eigen::VectorXd same = Eigen::VectorXd::Constant(4, 2.0);
  CHECK(nw::silverman_bandwidth(same) == 1.0);
}

TEST_CASE("bandwidth: the search range spans the smallest gap to the key range") {
  Eigen::VectorXd x(4);
  x << 3.0, 1.0, 1.0, 1.5;
  const nw::BandwidthRange r = nw::bandwidth_search_range(x);
  CHECK(r.lo == 0.25);
  CHECK(r.hi == 4.0);
}
