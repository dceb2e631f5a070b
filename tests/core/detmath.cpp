#include "detmath.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "helpers.h"

using nw_test::ulps;

TEST_CASE("detmath: det_log is within 2 ulp of std::log from 1e-300 to 1e300") {
  std::int64_t worst = 0;
  for (double x = 1e-300; x < 1e300; x *= 1.0137) {
    if (std::fabs(std::log(x)) < 1e-3) continue;  // ulps are not meaningful near the zero of log
    const auto u = ulps(nw::det_log(x), std::log(x));
    if (u > worst) worst = u;
  }
  MESSAGE("det_log worst ulp error: " << worst);
  CHECK(worst <= 2);
  CHECK(nw::det_log(1.0) == 0.0);
  CHECK(std::isnan(nw::det_log(-1.0)));
}

TEST_CASE("detmath: det_exp is within 2 ulp of std::exp from -700 to 709") {
  std::int64_t worst = 0;
  for (double x = -700.0; x < 709.0; x += 0.01371) {
    const auto u = ulps(nw::det_exp(x), std::exp(x));
    if (u > worst) worst = u;
  }
  MESSAGE("det_exp worst ulp error: " << worst);
  CHECK(worst <= 2);
  CHECK(nw::det_exp(0.0) == 1.0);
  CHECK(nw::det_exp(-800.0) == 0.0);
  CHECK(std::isinf(nw::det_exp(710.0)));
}

TEST_CASE("detmath: det_sin is within 1e-16 of std::sin from -100 to 100") {
  double worst = 0.0;
  for (double x = -100.0; x < 100.0; x += 0.000731) {
    worst = std::fmax(worst, std::fabs(nw::det_sin(x) - std::sin(x)));
  }
  MESSAGE("det_sin worst absolute error: " << worst);
  CHECK(worst <= 2.3e-16);
  CHECK(nw::det_sin(0.0) == 0.0);
}

// x^p = exp(p log x) carries log's rounding error times |p log x| (up to ~11 at x = 1e-6), so it is
// less accurate than exp and log alone; it only has to be reproducible, and close.
TEST_CASE("detmath: det_pow(x, 0.8) is within 24 ulp of std::pow on the data range (0, 5)") {
  std::int64_t worst = 0;
  for (double x = 1e-6; x < 5.0; x *= 1.0001) {
    const auto u = ulps(nw::det_pow(x, 0.8), std::pow(x, 0.8));
    if (u > worst) worst = u;
  }
  MESSAGE("det_pow worst ulp error: " << worst);
  CHECK(worst <= 24);
  CHECK(nw::det_pow(0.0, 0.8) == 0.0);
}
