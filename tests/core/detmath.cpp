#include "detmath.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

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

// Beyond 1e5 det_sin reduces by Payne-Hanek on the bits of 2/pi; glibc's sin reduces exactly too,
// so the two agree to the rounding of the polynomial at any magnitude (sin(1e18) used to give
// 2e24: Cody-Waite's products k * (pi/2 part) stop being exact beyond |k| ~ 2^20).
TEST_CASE("detmath: det_sin is within 2.3e-16 of std::sin from 1e5 to the largest double") {
  double worst = 0.0;
  for (double x = 1e5; x < 1.7e308; x *= 1.00731) {
    for (const double v : {x, -x, std::nextafter(x, 0.0)}) {
      const double err = std::fabs(nw::det_sin(v) - std::sin(v));
      if (err > worst) worst = err;
      CAPTURE(v);
      REQUIRE(err <= 2.3e-16);
    }
  }
  MESSAGE("det_sin worst absolute error above 1e5: " << worst);
  // Doubles closest to a multiple of pi/2 (|sin| tiny or |cos| tiny): relative accuracy holds.
  for (const double x : {6381956970095103.0 * 0x1p797, 5.319372648326541e+255, 1e22}) {
    CAPTURE(x);
    CHECK(std::fabs(nw::det_sin(x) - std::sin(x)) <=
          4e-16 * std::fmax(std::fabs(std::sin(x)), 1e-300) + 1e-300);
  }
  CHECK(nw::det_sin(1e5) == doctest::Approx(std::sin(1e5)).epsilon(1e-15));
  CHECK(std::isnan(nw::det_sin(std::numeric_limits<double>::infinity())));
}
