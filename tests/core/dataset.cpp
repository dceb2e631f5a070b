#include "dataset.h"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

// Golden values: the first training pairs for seed 0 (n = 50, noise = 0.5, xMax = 5). The same
// bits are asserted from Node against the WebAssembly build (tests/node/api.test.cjs).
TEST_CASE("dataset: golden values for seed 0 are pinned bit for bit") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 0, 5.0);
  REQUIRE(d.x.size() == 50);
  CHECK(d.x[0] == 0x1.8859c72d3735cp-3);
  CHECK(d.x[1] == 0x1.27ed75ffc0ce8p-2);
  CHECK(d.x[2] == 0x1.583a2f270499ap-2);
  CHECK(d.x[3] == 0x1.07bb2e24dc06cp-1);
  CHECK(d.y[0] == 0x1.34d4d9907a12ep+0);
  CHECK(d.y[1] == 0x1.997bc163eb6e8p+0);
  CHECK(d.y[2] == 0x1.66faf1b25f53cp+0);
  CHECK(d.y[3] == 0x1.03e31863eb7e8p+1);
}

TEST_CASE("dataset: x is sorted, 0 <= x < xMax, and y = f(x) + noise with the requested spread") {
  const nw::Dataset d = nw::generate_data(2000, 0.5, 11, 5.0);
  double resid2 = 0.0;
  for (int i = 0; i < 2000; ++i) {
    CAPTURE(i);
    REQUIRE(d.x[i] >= 0.0);
    REQUIRE(d.x[i] < 5.0);
    if (i > 0) REQUIRE(d.x[i - 1] <= d.x[i]);
    const double r = d.y[i] - nw::true_function(d.x[i]);
    resid2 += r * r;
  }
  CHECK(std::sqrt(resid2 / 2000) == doctest::Approx(0.5).epsilon(0.05));
  const nw::Dataset clean = nw::generate_data(10, 0.0, 3, 5.0);
  for (int i = 0; i < 10; ++i) CHECK(clean.y[i] == nw::true_function(clean.x[i]));
}

TEST_CASE("dataset: true function is 2 sin(x) + x^0.8") {
  for (double x : {0.0, 0.1, 1.0, 2.5, 4.9, 100.0}) {
    CAPTURE(x);
    CHECK(nw::true_function(x) ==
          doctest::Approx(2 * std::sin(x) + std::pow(x, 0.8)).epsilon(1e-14));
  }
}

TEST_CASE("dataset: the chapter's test grid is 0, 0.1, ..., 4.9") {
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  REQUIRE(q.size() == 50);
  CHECK(q[0] == 0.0);
  CHECK(q[49] == doctest::Approx(4.9).epsilon(1e-15));
  for (int i = 1; i < 50; ++i) CHECK(q[i] == doctest::Approx(0.1 * i).epsilon(1e-15));
}

TEST_CASE("dataset: invalid sizes are rejected") {
  CHECK_THROWS_AS(nw::generate_data(0, 0.5, 0, 5.0), std::invalid_argument);
  CHECK_THROWS_AS(nw::generate_data(5, -1.0, 0, 5.0), std::invalid_argument);
  CHECK_THROWS_AS(nw::generate_data(5, 0.5, 0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(nw::test_inputs(5.0, 0.0), std::invalid_argument);
}
