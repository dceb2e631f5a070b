#include "rng.h"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

TEST_CASE("rng: splitmix64 matches its published first output for seed 0") {
  std::uint64_t state = 0;
  CHECK(nw::splitmix64(state) == 0xE220A8397B1DCDAFULL);
}

TEST_CASE("rng: a seed gives the same stream every time, different seeds differ") {
  nw::Rng a(123), b(123), c(124);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t va = a.next_u64();
    CHECK(va == b.next_u64());
    CHECK(va != c.next_u64());
  }
}

TEST_CASE("rng: uniform satisfies 0 <= u < 1 and has mean 1/2") {
  nw::Rng r(5);
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / n == doctest::Approx(0.5).epsilon(0.005));
}

TEST_CASE("rng: normal has mean 0 and variance 1") {
  nw::Rng r(9);
  double sum = 0.0, sum2 = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    REQUIRE(std::isfinite(z));
    sum += z;
    sum2 += z * z;
  }
  CHECK(std::fabs(sum / n) < 0.01);
  CHECK(sum2 / n == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("rng: below(bound) stays in range and hits every value") {
  nw::Rng r(1);
  std::vector<int> hits(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const auto k = r.below(7);
    REQUIRE(k < 7);
    ++hits[k];
  }
  for (int k = 0; k < 7; ++k) {
    CAPTURE(k);
    CHECK(hits[k] > 850);
    CHECK(hits[k] < 1150);
  }
  CHECK(r.below(1) == 0);
}
