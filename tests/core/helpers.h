// Shared test helpers: element-wise closeness with the failing index reported.
#pragma once

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace nw_test {

// |a - b| <= tol * max(1, |b|) for every element; CAPTUREs the first failing index.
inline void assert_near(const Eigen::Ref<const Eigen::VectorXd>& a,
                        const Eigen::Ref<const Eigen::VectorXd>& b, double tol) {
  REQUIRE(a.size() == b.size());
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CAPTURE(a[i]);
    CAPTURE(b[i]);
    REQUIRE(std::fabs(a[i] - b[i]) <= tol * std::fmax(1.0, std::fabs(b[i])));
  }
}

// Distance in units in the last place between two finite doubles of the same sign.
inline std::int64_t ulps(double a, double b) {
  std::int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  return ia > ib ? ia - ib : ib - ia;
}

// The base seed of the randomized tests: NW_TEST_SEED from the environment (to replay a failure),
// else 0. Every test that uses it prints it.
inline std::uint64_t base_seed() {
  const char* s = std::getenv("NW_TEST_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 0;
}

inline bool all_finite(const Eigen::Ref<const Eigen::VectorXd>& a) {
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!std::isfinite(a[i])) return false;
  return true;
}

}  // namespace nw_test
