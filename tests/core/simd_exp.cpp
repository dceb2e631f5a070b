#include "simd_exp.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "helpers.h"

using nw_test::ulps;

TEST_CASE("simd_exp: within 2 ulp of std::exp from -745 to 709, subnormals included") {
  std::vector<double> x;
  for (double v = -745.0; v < 709.7; v += 0.000977) x.push_back(v);
  std::vector<double> e(x.size());
  nw::exp_array(x.data(), e.data(), x.size());
  std::int64_t worst = 0, worst_normal = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const auto u = ulps(e[i], std::exp(x[i]));
    if (u > worst) worst = u;
    if (x[i] > -708.0 && u > worst_normal) worst_normal = u;
  }
  MESSAGE("exp_array worst ulp error: " << worst_normal << " (normal results), " << worst
                                        << " (with subnormal results), over " << x.size()
                                        << " points");
  CHECK(worst_normal <= 2);
  CHECK(worst <= 2);
}

TEST_CASE("simd_exp: the vector path and the scalar path give the same bits, edge values") {
  std::vector<double> x = {0.0,    -0.0, 1.0,  -1.0,  709.78, -745.1, -744.0, -710.0,
                           1e-300, -3.5, 2.25, -60.0, -708.5, 700.0,  709.0,  -1e-17};
  std::vector<double> e(x.size());
  nw::exp_array(x.data(), e.data(), x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    CAPTURE(x[i]);
    CHECK(e[i] == nw::exp_strict(x[i]));
  }
  CHECK(nw::exp_strict(0.0) == 1.0);
  CHECK(nw::exp_strict(-746.0) == 0.0);
  CHECK(std::isinf(nw::exp_strict(710.0)));
  CHECK(std::isnan(nw::exp_strict(NAN)));
  double odd[3] = {-1.0, -2.0, -800.0};  // odd length and out-of-range lanes
  nw::exp_array(odd, odd, 3);
  CHECK(odd[0] == nw::exp_strict(-1.0));
  CHECK(odd[2] == 0.0);
}
