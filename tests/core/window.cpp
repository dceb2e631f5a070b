#include "window.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dataset.h"
#include "helpers.h"
#include "nadaraya_watson.h"
#include "rng.h"

using nw::Evaluation;
using nw::Kernel;

namespace {
// A shuffled copy of the data (unsorted keys) from a seeded permutation.
nw::Dataset shuffled(const nw::Dataset& d, std::uint64_t seed) {
  nw::Rng rng(seed);
  std::vector<int> order(d.x.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
  nw::Dataset s{Eigen::VectorXd(d.x.size()), Eigen::VectorXd(d.y.size())};
  for (size_t i = 0; i < order.size(); ++i) s.x[i] = d.x[order[i]], s.y[i] = d.y[order[i]];
  return s;
}
}  // namespace

// (Compact kernels with wide windows go through fast sum updating, whose expansion about a
// moving centre rounds differently: 1e-13 there; compact_sums.cpp tests it to 1e-12 of the
// values' scale on hostile data.)
TEST_CASE(
    "window: windowed and dense evaluation agree to 1e-14 (1e-13) for every kernel and width") {
  const nw::Dataset sorted = nw::generate_data(3000, 0.5, 21, 5.0);
  const nw::Dataset d = shuffled(sorted, 4);  // unsorted keys
  const Eigen::VectorXd q = nw::test_inputs(5.3, 0.0137).array() - 0.15;
  for (int k = 0; k < nw::kKernelCount; ++k) {
    for (double h : {0.001, 0.01, 0.1, 1.0, 10.0}) {
      CAPTURE(k);
      CAPTURE(h);
      const Kernel kernel = static_cast<Kernel>(k);
      const double tol = nw::kernel_is_compact(kernel) ? 1e-13 : 1e-14;
      nw_test::assert_near(nw::predict(q, d.x, d.y, kernel, 1 / h),
                           nw::predict(q, d.x, d.y, kernel, 1 / h, Evaluation::kDense), tol);
      const auto lw = nw::training_loss(d.x, d.y, kernel, 1 / h, true);
      const auto ld = nw::training_loss(d.x, d.y, kernel, 1 / h, true, {}, Evaluation::kDense);
      CHECK(lw.loss == doctest::Approx(ld.loss).epsilon(tol));
      CHECK(lw.gradient == doctest::Approx(ld.gradient).epsilon(1e-12).scale(1e-12 * ld.loss));
    }
  }
}

TEST_CASE("window: attention rows come back in the caller's key order") {
  const nw::Dataset sorted = nw::generate_data(200, 0.5, 2, 5.0);
  const nw::Dataset d = shuffled(sorted, 9);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (double h : {0.05, 0.5}) {
    const nw::RowMatrixXd a = nw::attention_weights(q, d.x, Kernel::kGaussian, 1 / h);
    const nw::RowMatrixXd dense =
        nw::attention_weights(q, d.x, Kernel::kGaussian, 1 / h, Evaluation::kDense);
    CHECK((a - dense).cwiseAbs().maxCoeff() < 1e-15);
    nw_test::assert_near(a * d.y, nw::predict(q, sorted.x, sorted.y, Kernel::kGaussian, 1 / h),
                         1e-13);
  }
}

TEST_CASE("window: the Gaussian window is narrow at small h and the whole data at large h") {
  const nw::Dataset d = nw::generate_data(10000, 0.5, 1, 5.0);
  const nw::SortedPairs p(d.x, d.y.data());
  double dist = 0;
  const Eigen::Index at = nw::nearest_position(p, 2.5, -1, &dist);
  REQUIRE(at >= 0);
  const nw::Window narrow =
      nw::keys_within(p, 2.5, nw::window_radius(Kernel::kGaussian, 1 / 0.01, dist, 10000));
  MESSAGE("keys visited at h = 0.01, n = 10^4: " << narrow.hi - narrow.lo);
  CHECK(narrow.hi - narrow.lo < 10000 / 20);
  const nw::Window wide =
      nw::keys_within(p, 2.5, nw::window_radius(Kernel::kGaussian, 1 / 10.0, dist, 10000));
  CHECK(wide.hi - wide.lo == 10000);
  const nw::Window support =
      nw::keys_within(p, 2.5, nw::window_radius(Kernel::kEpanechnikov, 1 / 0.1, dist, 10000));
  for (Eigen::Index s = support.lo; s < support.hi; ++s)
    CHECK(std::fabs(p.x()[s] - 2.5) <= 0.1 + 1e-12);
  if (support.lo > 0) CHECK(2.5 - p.x()[support.lo - 1] > 0.1);
  if (support.hi < 10000) CHECK(p.x()[support.hi] - 2.5 > 0.1);
}

TEST_CASE("window: nearest key skips `skip` and breaks ties by the caller's lowest index") {
  Eigen::VectorXd x(6);
  x << 4.0, 2.0, 1.0, 3.0, 2.0, 5.0;  // unsorted, with a duplicate
  const nw::SortedPairs p(x, nullptr);
  double dist = 0;
  CHECK(p.original(nw::nearest_position(p, 2.0, -1, &dist)) == 1);  // caller's 1 and 4 tie at 2.0
  CHECK(dist == 0.0);
  CHECK(p.original(nw::nearest_position(p, 2.5, -1, &dist)) == 1);  // 2.0 (1, 4) and 3.0 (3) tie
  CHECK(p.original(nw::nearest_position(p, 2.0, p.position(1), &dist)) == 4);
  CHECK(p.original(nw::nearest_position(p, 100.0, -1, &dist)) == 5);
  CHECK(p.original(nw::nearest_position(p, -100.0, -1, &dist)) == 2);
}

TEST_CASE("window: the nearest key and scaled differences beyond the double range") {
  // q - x overflows to inf for both keys; compared by halves, -1.6e308 is the nearer one.
  const Eigen::VectorXd keys = (Eigen::VectorXd(2) << -1.7e308, -1.6e308).finished();
  const nw::SortedPairs p(keys, nullptr);
  double d = 0.0;
  CHECK(nw::nearest_position(p, 1.7e308, -1, &d) == 1);
  CHECK(std::isinf(d));
  CHECK(nw::nearest_position(p, -1.7e308, -1, &d) == 0);
  CHECK(d == 0.0);
  // (q - x) w exactly when finite; from the halves when q - x overflows.
  CHECK(nw::scaled_difference(3.0, 1.0, 0.5) == 1.0);
  CHECK(nw::scaled_difference(1.7e308, -1.6e308, 1e-300) == doctest::Approx(3.3e8));
  CHECK(std::isinf(nw::scaled_difference(1.7e308, -1.6e308, 2.0)));
}

TEST_CASE("window: searches from a hint give std::lower_bound / upper_bound for any hint") {
  const std::uint64_t seed = nw_test::base_seed() + 31;
  MESSAGE("NW_TEST_SEED=" << nw_test::base_seed() << " (replay with this environment variable)");
  nw::Rng rng(seed);
  std::vector<double> x(300);
  for (double& v : x) v = std::floor(rng.uniform() * 100.0) / 4.0;  // many ties
  std::sort(x.begin(), x.end());
  const auto n = static_cast<Eigen::Index>(x.size());
  for (int trial = 0; trial < 3000; ++trial) {
    const double target = rng.uniform() * 30.0 - 2.0;
    const Eigen::Index from = static_cast<Eigen::Index>(rng.below(x.size() + 3)) - 1;  // -1..n+1
    CAPTURE(target);
    CAPTURE(from);
    CHECK(nw::lower_bound_from(x.data(), n, target, from) ==
          std::lower_bound(x.begin(), x.end(), target) - x.begin());
    CHECK(nw::upper_bound_from(x.data(), n, target, from) ==
          std::upper_bound(x.begin(), x.end(), target) - x.begin());
  }
  // Rows with a shared hint (ascending, then descending queries) find the same windows and
  // nearest keys as without one.
  const nw::Dataset d = nw::generate_data(500, 0.5, seed, 5.0);
  const nw::SortedPairs p(d.x, d.y.data());
  nw::SearchHint hint;
  for (int pass = 0; pass < 2; ++pass)
    for (int i = 0; i <= 200; ++i) {
      const double q = pass == 0 ? -0.2 + 0.027 * i : 5.2 - 0.027 * i;
      const double radius = 0.05 + 0.3 * (i % 7);
      const Eigen::Index skip = i % 3 == 0 ? i % 500 : -1;
      double d1 = 0.0, d2 = 0.0;
      CHECK(nw::nearest_position(p, q, skip, &d1, &hint) == nw::nearest_position(p, q, skip, &d2));
      CHECK(d1 == d2);
      const nw::Window a = nw::keys_within(p, q, radius, &hint), b = nw::keys_within(p, q, radius);
      CHECK(a.lo == b.lo);
      CHECK(a.hi == b.hi);
    }
}
