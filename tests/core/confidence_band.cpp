#include "confidence_band.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "dataset.h"
#include "helpers.h"
#include "rng.h"

using nw::Kernel;

TEST_CASE("confidence_band: normal quantiles against their true values") {
  // Phi^-1(p) to 20 digits (Wichura 1988's table and standard references).
  const struct {
    double p, x;
  } known[] = {{0.975, 1.9599639845400542355}, {0.995, 2.5758293035489007610},
               {0.9, 1.2815515655446004669},   {0.3, -0.52440051270804067297},
               {1e-10, -6.3613409024040557},   {0.5, 0.0}};
  for (const auto& k : known) {
    CAPTURE(k.p);
    CHECK(nw::normal_quantile(k.p) == doctest::Approx(k.x).epsilon(4e-16));
    if (k.p > 1e-3 && k.p != 0.5)
      CHECK(nw::normal_quantile(1.0 - k.p) == doctest::Approx(-k.x).epsilon(1e-12));
  }
  CHECK_THROWS(nw::normal_quantile(0.0));
  CHECK_THROWS(nw::normal_quantile(1.0));
  CHECK_THROWS(nw::normal_quantile(std::nan("")));
}

TEST_CASE("confidence_band: Rice's sigma by hand, in any key order") {
  Eigen::VectorXd x(4), y(4);
  x << 3.0, 0.0, 2.0, 1.0;
  y << 4.0, 1.0, 0.0, 3.0;
  // Sorted by key: y = 1, 3, 0, 4; differences 2, -3, 4: (4 + 9 + 16) / (2 * 3).
  CHECK(nw::rice_sigma(x, y) == doctest::Approx(std::sqrt(29.0 / 6.0)).epsilon(1e-15));
  Eigen::VectorXd one(1);
  one << 1.0;
  CHECK_THROWS(nw::rice_sigma(one, one));
  // Values near the double range: the squares are scaled, not overflowed.
  Eigen::VectorXd big(3);
  big << 1e300, -1e300, 1e300;
  Eigen::VectorXd k3(3);
  k3 << 0.0, 1.0, 2.0;
  // Differences 2e300 (squares beyond the double range): sigma = 2e300 sqrt(2 / 4).
  CHECK(nw::rice_sigma(k3, big) == doctest::Approx(2e300 * std::sqrt(0.5)).epsilon(1e-15));
}

TEST_CASE("confidence_band: se is sigma times the norm of the attention row") {
  const nw::Dataset d = nw::generate_data(80, 0.5, 3, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.25);
  const double sigma = nw::rice_sigma(d.x, d.y);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    for (double h : {0.05, 0.4, 2.0}) {
      CAPTURE(k);
      CAPTURE(h);
      const Kernel kernel = static_cast<Kernel>(k);
      const nw::ConfidenceBand b = nw::confidence_band(q, d.x, d.y, kernel, 1.0 / h, 0.9);
      const nw::RowMatrixXd a =
          nw::attention_weights(q, d.x, kernel, 1.0 / h, nw::Evaluation::kDense);
      CHECK(b.sigma == sigma);
      CHECK(b.z == doctest::Approx(1.6448536269514722).epsilon(1e-15));
      nw_test::assert_near(b.fit, nw::predict(q, d.x, d.y, kernel, 1.0 / h), 0.0);
      for (Eigen::Index i = 0; i < q.size(); ++i) {
        CAPTURE(i);
        const double se = sigma * a.row(i).norm();
        CHECK(b.se[i] == doctest::Approx(se).epsilon(1e-12));
        CHECK(b.upper[i] - b.fit[i] == doctest::Approx(b.z * b.se[i]).epsilon(1e-12));
        CHECK(b.fit[i] - b.lower[i] == doctest::Approx(b.z * b.se[i]).epsilon(1e-12));
      }
    }
  }
  // h = infinity: uniform weights, se = sigma / sqrt(n); an empty support: one-hot, se = sigma.
  const nw::ConfidenceBand flat = nw::confidence_band(q, d.x, d.y, Kernel::kGaussian, 0.0, 0.95);
  CHECK(flat.se[0] == doctest::Approx(sigma / std::sqrt(80.0)).epsilon(1e-14));
  Eigen::VectorXd far(1);
  far << 100.0;
  const nw::ConfidenceBand one = nw::confidence_band(far, d.x, d.y, Kernel::kBoxcar, 10.0, 0.95);
  CHECK(one.se[0] == doctest::Approx(sigma).epsilon(1e-15));
  CHECK_THROWS(nw::confidence_band(q, d.x, d.y, Kernel::kGaussian, 1.0, 1.0));
  CHECK_THROWS(nw::confidence_band(q, d.x, d.y, Kernel::kGaussian, 1.0, 0.0));
}

TEST_CASE("confidence_band: covers the smoothed curve about `level` of the time (Monte Carlo)") {
  // Constant truth, so the smoothed curve is the truth (no bias): the band at one query should
  // hold it in about 90% of independent data sets.
  const std::uint64_t seed = nw_test::base_seed() + 77;
  std::printf("confidence_band coverage test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  nw::Rng rng(seed);
  const int n = 200, sets = 1000;
  Eigen::VectorXd x(n), y(n), q(1);
  q << 2.5;
  int covered = 0;
  for (int s = 0; s < sets; ++s) {
    for (int j = 0; j < n; ++j) {
      x[j] = 5.0 * rng.uniform();
      y[j] = 1.0 + 0.5 * rng.normal();
    }
    const nw::ConfidenceBand b = nw::confidence_band(q, x, y, Kernel::kGaussian, 1.0 / 0.3, 0.9);
    covered += b.lower[0] <= 1.0 && 1.0 <= b.upper[0];
  }
  // Binomial(1000, 0.9): sd 0.0095; +-0.035 is 3.7 sd.
  CHECK(static_cast<double>(covered) / sets == doctest::Approx(0.9).epsilon(0.035 / 0.9));
}
