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
  std::size_t differ = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const auto u = ulps(e[i], std::exp(x[i]));
    if (u > worst) worst = u;
    if (x[i] > -708.0 && u > worst_normal) worst_normal = u;
    if (u != 0) ++differ;
  }
  MESSAGE("exp_array worst ulp error: " << worst_normal << " (normal results), " << worst
                                        << " (with subnormal results), over " << x.size()
                                        << " points; " << differ << " differ from std::exp");
  CHECK(worst_normal <= 2);
  CHECK(worst <= 2);
  // Rounded once more than a correctly rounded exp, it differs from std::exp in about 0.2% of
  // results (the 32-entry table with a degree-6 polynomial did in 0.5%); a wrong table entry or
  // coefficient shows here first.
  CHECK(differ < x.size() / 300);
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

TEST_CASE("simd_exp: Gaussian weights in one pass: exp_strict of the score, 0 below e^-700") {
  // Keys placed so that the scores -((q - x) w)^2 / 2 - s_max straddle -700.
  const double q = 0.5, w = 2.0, s_max = -0.125;                 // the nearest key at 0.25: u = 0.5
  const double edge = q - std::sqrt(2.0 * (700.0 - s_max)) / w;  // score -700 here
  // Sorted, as every caller's window is (simd_exp.h).
  std::vector<double> x = {-30.0, edge - 1e-9, edge + 1e-9, -1.0, 0.0, 0.25, 10.0, 40.0, 1e300};
  std::vector<double> y(x.size());
  for (size_t j = 0; j < x.size(); ++j) y[j] = 1.0 + static_cast<double>(j);
  std::vector<double> e(x.size());
  nw::gaussian_weights(q, x.data(), x.size(), w, s_max, e.data());
  double den = 0.0, num = 0.0, den_ref = 0.0, num_ref = 0.0;
  for (size_t j = 0; j < x.size(); ++j) {
    CAPTURE(x[j]);
    const double u = (q - x[j]) * w, t = -0.5 * u * u - s_max;
    const double expected = t < -700.0 ? 0.0 : nw::exp_strict(t);
    CHECK(e[j] == expected);  // the same bits as the scalar exp (vector lanes and the tail)
    den_ref += e[j], num_ref += e[j] * y[j];
  }
  CHECK(e[5] == 1.0);  // the nearest key
  CHECK(e[2] > 0.0);   // score just above -700
  CHECK(e[1] == 0.0);  // just below
  CHECK(e[8] == 0.0);  // u overflows to inf: weight 0, not NaN
  nw::gaussian_pool(q, x.data(), y.data(), x.size(), w, s_max, &den, &num);
  CHECK(den == doctest::Approx(den_ref).epsilon(1e-15));
  CHECK(num == doctest::Approx(num_ref).epsilon(1e-15));
}

TEST_CASE("simd_exp: a paired row adds each weight to its own sums and to the other key's") {
  // Nine keys (four-lane blocks, a pair and a scalar tail), weights exp_strict(-((q - x) w)^2 / 2).
  const double q = 0.5, yq = -3.0, w = 1.5;
  const std::vector<double> x = {-1.0, 0.49, 0.5, 0.6, 1.0, 2.0, 3.5, 30.0, 1e300};
  std::vector<double> y(x.size()), den_out(x.size(), 1.0), num_out(x.size(), 2.0);
  for (size_t j = 0; j < x.size(); ++j) y[j] = 0.5 + static_cast<double>(j);
  double den = 10.0, num = 20.0, den_ref = 0.0, num_ref = 0.0;
  nw::gaussian_pool_pairs(q, yq, x.data(), y.data(), x.size(), w, &den, &num, den_out.data(),
                          num_out.data());
  for (size_t j = 0; j < x.size(); ++j) {
    CAPTURE(x[j]);
    const double u = (q - x[j]) * w, t = -0.5 * u * u;
    const double e = t < -700.0 ? 0.0 : nw::exp_strict(t);
    CHECK(den_out[j] == 1.0 + e);  // the same bits as the scalar exp, lanes and tail
    CHECK(num_out[j] == 2.0 + e * yq);
    den_ref += e, num_ref += e * y[j];
  }
  CHECK(den_out[2] == 2.0);  // the key at q itself: weight 1
  CHECK(den_out[8] == 1.0);  // u overflows: weight 0, not NaN
  CHECK(den == doctest::Approx(10.0 + den_ref).epsilon(1e-15));
  CHECK(num == doctest::Approx(20.0 + num_ref).epsilon(1e-15));
}

TEST_CASE("simd_exp: a run whose ends score above e^-700 skips the floor test, same bits") {
  // Sorted keys from just inside the floor's edge to 10; the same keys after one far key (in the
  // first group of four) take the loop with the test. Each key's weight is the same in both, and
  // exp_strict's; the far key's is 0.
  const double q = 0.5, w = 2.0, s_max = -0.125;
  const double edge = q - std::sqrt(2.0 * (700.0 - s_max)) / w;  // score -700 here
  std::vector<double> x = {edge + 1e-9};
  for (int j = 0; j < 36; ++j) x.push_back(-18.0 + 0.77 * j);
  const std::size_t n = x.size();  // 37: groups of four, then a tail
  std::vector<double> with_far = {-1e6};
  with_far.insert(with_far.end(), x.begin(), x.end());
  std::vector<double> e(n), e_far(n + 1), y(n + 1, 2.0);
  nw::gaussian_weights(q, x.data(), n, w, s_max, e.data());
  nw::gaussian_weights(q, with_far.data(), n + 1, w, s_max, e_far.data());
  CHECK(e_far[0] == 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    CAPTURE(x[j]);
    const double u = (q - x[j]) * w;
    CHECK(e[j] == nw::exp_strict(-0.5 * u * u - s_max));
    CHECK(e[j] == e_far[j + 1]);
  }
  CHECK(e[0] > 0.0);
  double den = 0.0, num = 0.0, den_far = 0.0, num_far = 0.0;
  nw::gaussian_pool(q, x.data(), y.data(), n, w, s_max, &den, &num);
  nw::gaussian_pool(q, with_far.data(), y.data(), n + 1, w, s_max, &den_far, &num_far);
  CHECK(den == doctest::Approx(den_far).epsilon(1e-15));
  CHECK(num == doctest::Approx(2.0 * den).epsilon(1e-15));
}

TEST_CASE("simd_exp: exp_scores gives e^s for scores down to -700 and 0 below, NaN included") {
  // Lanes of pairs and a scalar tail; scores at, above and below the floor, NaN and -infinity.
  std::vector<double> s = {0.0,    -1.5,    -700.0, -700.0000001, -699.9,    NAN,  -1e300,
                           -750.0, -300.25, -0.0,   -1e-300,      -INFINITY, -42.0};
  const std::vector<double> in = s;
  nw::exp_scores(s.data(), s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    CAPTURE(in[i]);
    const double expected = in[i] >= -700.0 ? nw::exp_strict(in[i]) : 0.0;  // NaN: 0
    CHECK(s[i] == expected);
  }
  CHECK(s[0] == 1.0);
  CHECK(s[2] > 0.0);
  CHECK(s[3] == 0.0);
  CHECK(s[5] == 0.0);
}
