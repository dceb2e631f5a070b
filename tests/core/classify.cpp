#include "classify.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "dataset.h"
#include "helpers.h"
#include "rng.h"

using nw::Kernel;

namespace {
// One-hot pooling written out plainly: p_c(q) = sum_{j: c_j = c} K((q - x_j) w) / sum_j K(...).
double plain_probability(double q, const Eigen::VectorXd& x, const std::vector<int>& labels, int c,
                         Kernel kernel, double w) {
  double num = 0.0, den = 0.0;
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    const double k = nw::kernel_value(kernel, (q - x[j]) * w);
    den += k;
    if (labels[static_cast<size_t>(j)] == c) num += k;
  }
  return num / den;
}
}  // namespace

TEST_CASE("classify: probabilities are Nadaraya-Watson on one-hot values (plain loop, 1e-12)") {
  const std::uint64_t seed = nw_test::base_seed() + 31;
  std::printf("classify test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  nw::Rng rng(seed);
  const int n = 200, classes = 3;
  Eigen::VectorXd x(n);
  std::vector<int> labels(n);
  for (int j = 0; j < n; ++j) {
    x[j] = 5.0 * rng.uniform();
    labels[static_cast<size_t>(j)] =
        static_cast<int>(std::floor(x[j] / 5.0 * classes + 0.3 * rng.normal())) % classes;
    if (labels[static_cast<size_t>(j)] < 0) labels[static_cast<size_t>(j)] += classes;
  }
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Kernel kernel = static_cast<Kernel>(k);
    for (double h : {0.3, 1.0, 4.0}) {
      CAPTURE(k);
      CAPTURE(h);
      const nw::Classification c = nw::classify(q, x, labels, classes, kernel, 1.0 / h);
      REQUIRE(c.classes == classes);
      REQUIRE(c.probabilities.rows() == q.size());
      REQUIRE(c.probabilities.cols() == classes);
      for (Eigen::Index i = 0; i < q.size(); ++i) {
        double sum = 0.0;
        for (int cl = 0; cl < classes; ++cl) {
          const double ref = plain_probability(q[i], x, labels, cl, kernel, 1.0 / h);
          CHECK(std::fabs(c.probabilities(i, cl) - ref) <= 1e-12);
          sum += c.probabilities(i, cl);
        }
        CHECK(sum == doctest::Approx(1.0).epsilon(1e-14));
        // The predicted class is a most probable one.
        const int p = c.predicted[static_cast<size_t>(i)];
        CHECK(c.probabilities(i, p) >= c.probabilities.row(i).maxCoeff() - nw::kClassTie);
      }
    }
  }
}

TEST_CASE("classify: empty support takes the nearest key's label; ties go to the lowest class") {
  Eigen::VectorXd x(2), q(2);
  x << 1.0, 3.0;
  q << 2.0, 2.9;
  const std::vector<int> labels{1, 0};
  // Boxcar with h = 0.05: no key within h of either query -> one-hot on the nearest key.
  const nw::Classification far = nw::classify(q, x, labels, 2, Kernel::kBoxcar, 1.0 / 0.05);
  CHECK(far.probabilities(1, 0) == 1.0);
  CHECK(far.probabilities(1, 1) == 0.0);
  CHECK(far.predicted[1] == 0);
  // q = 2 is equally far from both keys: ties 0 (q = 2.0, nearest-key tie -> lowest key index,
  // label 1) for the empty support; with a wide Gaussian both classes get 1/2 -> class 0.
  const nw::Classification wide = nw::classify(q, x, labels, 2, Kernel::kGaussian, 1.0);
  CHECK(wide.probabilities(0, 0) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(wide.predicted[0] == 0);
  // A class no key has: probability 0 everywhere.
  const nw::Classification extra = nw::classify(q, x, labels, 3, Kernel::kGaussian, 1.0);
  CHECK(extra.probabilities(0, 2) == 0.0);
  CHECK(extra.probabilities(1, 2) == 0.0);
}

TEST_CASE("classify: one key, all keys equal, and bad arguments") {
  Eigen::VectorXd one(1), q(3);
  one << 2.0;
  q << -1.0, 2.0, 9.0;
  const nw::Classification c = nw::classify(q, one, {4}, 5, Kernel::kEpanechnikov, 2.0);
  for (int i = 0; i < 3; ++i) {
    CHECK(c.probabilities(i, 4) == 1.0);
    CHECK(c.predicted[static_cast<size_t>(i)] == 4);
  }
  Eigen::VectorXd same = Eigen::VectorXd::Constant(4, 1.5);
  const nw::Classification s = nw::classify(q, same, {0, 1, 1, 1}, 2, Kernel::kGaussian, 3.0);
  CHECK(s.probabilities(1, 1) == doctest::Approx(0.75).epsilon(1e-15));
  CHECK(s.predicted[1] == 1);
  CHECK_THROWS(nw::classify(q, one, {2}, 2, Kernel::kGaussian, 1.0));
  CHECK_THROWS(nw::classify(q, one, {0}, 257, Kernel::kGaussian, 1.0));
  CHECK_THROWS(nw::classify(q, one, {0, 1}, 2, Kernel::kGaussian, 1.0));
}
