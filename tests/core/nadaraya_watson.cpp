#include "nadaraya_watson.h"

#include <doctest/doctest.h>

#include <Eigen/QR>
#include <cmath>
#include <utility>
#include <vector>

#include "dataset.h"
#include "helpers.h"
#include "rng.h"

using nw::Kernel;
using nw_test::assert_near;

namespace {
// The formula written out plainly: f(q) = sum_j exp(-((q - x_j)/h)^2/2) y_j / sum_j exp(...).
double plain_gaussian(double q, const Eigen::VectorXd& x, const Eigen::VectorXd& y, double h) {
  double num = 0.0, den = 0.0;
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    const double u = (q - x[j]) / h;
    num += std::exp(-u * u / 2) * y[j];
    den += std::exp(-u * u / 2);
  }
  return num / den;
}
}  // namespace

TEST_CASE("nadaraya_watson: Gaussian prediction of three points by hand") {
  Eigen::VectorXd x(3), y(3), q(1);
  x << 0.0, 1.0, 2.0;
  y << 1.0, 3.0, 5.0;
  q << 0.5;
  // h = 1: scores -1/8, -1/8, -9/8 -> weights e, e, e^-1 (times exp(1/8)), f = (e+3e+5/e)/(2e+1/e).
  const double a = std::exp(-0.125), c = std::exp(-1.125);
  const double expected = (a * 1 + a * 3 + c * 5) / (2 * a + c);
  CHECK(nw::predict(q, x, y, Kernel::kGaussian, 1.0)[0] ==
        doctest::Approx(expected).epsilon(1e-15));
}

TEST_CASE("nadaraya_watson: predictions agree with a plain loop of the formula to 1e-12") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 4, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (double h : {0.1, 0.5, 1.0, 3.0}) {
    CAPTURE(h);
    const Eigen::VectorXd f = nw::predict(q, d.x, d.y, Kernel::kGaussian, 1.0 / h);
    Eigen::VectorXd ref(q.size());
    for (Eigen::Index i = 0; i < q.size(); ++i) ref[i] = plain_gaussian(q[i], d.x, d.y, h);
    assert_near(f, ref, 1e-12);
  }
}

TEST_CASE("nadaraya_watson: attention rows sum to 1 and pool the values into the predictions") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 1, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    CAPTURE(k);
    const Kernel kernel = static_cast<Kernel>(k);
    const nw::RowMatrixXd a = nw::attention_weights(q, d.x, kernel, 1.0 / 0.3);
    REQUIRE(a.rows() == 50);
    REQUIRE(a.cols() == 50);
    assert_near(a.rowwise().sum(), Eigen::VectorXd::Ones(50), 1e-14);
    CHECK((a.array() >= 0.0).all());
    assert_near(a * d.y, nw::predict(q, d.x, d.y, kernel, 1.0 / 0.3), 1e-13);
  }
}

TEST_CASE("nadaraya_watson: no NaN when every weight underflows (h = 1e-3, far queries)") {
  Eigen::VectorXd x(3), y(3), q(3);
  x << 1.0, 2.0, 3.0;
  y << 10.0, 20.0, 30.0;
  q << -5.0, 1.5005, 100.0;
  // The naive formula gives 0/0 here: exp(-(6/1e-3)^2/2) underflows for every key.
  CHECK(std::isnan(plain_gaussian(-5.0, x, y, 1e-3)));
  const Eigen::VectorXd f = nw::predict(q, x, y, Kernel::kGaussian, 1e3);
  REQUIRE(nw_test::all_finite(f));
  CHECK(f[0] == 10.0);  // the nearest key dominates completely
  CHECK(f[2] == 30.0);
  CHECK(f[1] ==
        doctest::Approx(20.0).epsilon(1e-12));  // 1.5005 is 0.4995 from key 2, 0.5005 from key 1
  const nw::RowMatrixXd a = nw::attention_weights(q, x, Kernel::kGaussian, 1e3);
  CHECK(a(0, 0) == 1.0);
  CHECK(a(2, 2) == 1.0);
}

TEST_CASE(
    "nadaraya_watson: empty compact support falls back to the nearest key, ties to the lowest "
    "index") {
  Eigen::VectorXd x(4), y(4), q(3);
  x << 0.0, 1.0, 2.0, 4.0;
  y << 5.0, 6.0, 7.0, 8.0;
  q << 3.0, 10.0, -3.0;  // 3.0 is equidistant from keys 2 and 3
  for (Kernel k : {Kernel::kBoxcar, Kernel::kEpanechnikov, Kernel::kTriangular, Kernel::kTricube,
                   Kernel::kCosine}) {
    CAPTURE(static_cast<int>(k));
    const Eigen::VectorXd f = nw::predict(q, x, y, k, 1.0 / 0.5);  // h = 0.5: no key within h
    CHECK(f[0] == 7.0);
    CHECK(f[1] == 8.0);
    CHECK(f[2] == 5.0);
    const nw::RowMatrixXd a = nw::attention_weights(q, x, k, 1.0 / 0.5);
    CHECK(a(0, 2) == 1.0);
    CHECK(a.row(0).sum() == 1.0);
  }
}

TEST_CASE("nadaraya_watson: w = 0 (h = infinity) and the constant kernel are average pooling") {
  const nw::Dataset d = nw::generate_data(20, 0.5, 2, 5.0);
  Eigen::VectorXd q(2);
  q << 0.3, 4.0;
  const double mean = nw::average_pooling(d.y);
  CHECK(nw::predict(q, d.x, d.y, Kernel::kGaussian, 0.0)[1] ==
        doctest::Approx(mean).epsilon(1e-14));
  CHECK(nw::predict(q, d.x, d.y, Kernel::kConstant, 5.0)[0] ==
        doctest::Approx(mean).epsilon(1e-14));
}

TEST_CASE("nadaraya_watson: extreme bandwidths and duplicate keys stay finite") {
  Eigen::VectorXd x(4), y(4), q(3);
  x << 1.0, 1.0, 1.0, 2.0;
  y << 1.0, 2.0, 3.0, 4.0;
  q << 1.0, -1e300, 1e300;
  for (double w : {1e-300, 1e-10, 1.0, 1e10, 1e300, static_cast<double>(INFINITY)}) {
    for (int k = 0; k < nw::kKernelCount; ++k) {
      CAPTURE(w);
      CAPTURE(k);
      CHECK(nw_test::all_finite(nw::predict(q, x, y, static_cast<Kernel>(k), w)));
    }
  }
  // At a tiny h the three duplicates at 1.0 share the weight equally.
  CHECK(nw::predict(q, x, y, Kernel::kGaussian, 1e10)[0] == doctest::Approx(2.0));
}

TEST_CASE("nadaraya_watson: LOO loss equals the sum of squared leave-one-out errors") {
  const nw::Dataset d = nw::generate_data(30, 0.5, 8, 5.0);
  const double h = 0.4;
  double expected = 0.0;
  for (int i = 0; i < 30; ++i) {
    Eigen::VectorXd x(29), y(29);
    for (int j = 0, k = 0; j < 30; ++j)
      if (j != i) x[k] = d.x[j], y[k++] = d.y[j];
    const double r = plain_gaussian(d.x[i], x, y, h) - d.y[i];
    expected += r * r;
  }
  CHECK(nw::loo_loss(d.x, d.y, Kernel::kGaussian, 1.0 / h) ==
        doctest::Approx(expected).epsilon(1e-12));
}

TEST_CASE("nadaraya_watson: invalid shapes are rejected") {
  Eigen::VectorXd x(3), y(2), q(1);
  x << 1, 2, 3;
  y << 1, 2;
  q << 0;
  CHECK_THROWS_AS(nw::predict(q, x, y, Kernel::kGaussian, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(nw::attention_weights(q, Eigen::VectorXd(), Kernel::kGaussian, 1.0),
                  std::invalid_argument);
  Eigen::VectorXd one(1);
  one << 1;
  CHECK_THROWS_AS(nw::loo_loss(one, one, Kernel::kGaussian, 1.0), std::invalid_argument);
}

TEST_CASE(
    "nadaraya_watson: binned attention is the full matrix summed over key blocks, averaged over "
    "query blocks") {
  const nw::Dataset sorted = nw::generate_data(500, 0.5, 6, 5.0);
  Eigen::VectorXd keys = sorted.x.reverse();             // unsorted input: columns come back sorted
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.01);  // 500 queries
  for (int k : {0, 2}) {
    const Kernel kernel = static_cast<Kernel>(k);
    const nw::RowMatrixXd full = nw::attention_weights(q, keys, kernel, 1 / 0.2);
    const nw::BinnedAttention b = nw::attention_binned(q, keys, kernel, 1 / 0.2, 40, 30);
    REQUIRE(b.cells.rows() == 40);
    REQUIRE(b.cells.cols() == 30);
    CHECK(b.row_start.front() == 0);
    CHECK(b.row_start.back() == 500);
    CHECK(b.col_start.back() == 500);
    CHECK(b.sorted_keys[0] == sorted.x[0]);
    for (int r = 0; r < 40; ++r) {
      CAPTURE(r);
      CHECK(b.cells.row(r).sum() == doctest::Approx(1.0).epsilon(1e-13));
      for (int c = 0; c < 30; ++c) {
        double expected = 0.0;
        for (auto i = b.row_start[r]; i < b.row_start[r + 1]; ++i)
          for (auto s = b.col_start[c]; s < b.col_start[c + 1]; ++s)
            expected += full(i, 499 - s);  // sorted position s is the caller's key 499 - s
        expected /= static_cast<double>(b.row_start[r + 1] - b.row_start[r]);
        CHECK(b.cells(r, c) == doctest::Approx(expected).epsilon(1e-12).scale(1e-15));
      }
    }
  }
  // Without binning: the attention matrix with its columns in sorted key order.
  const nw::BinnedAttention same =
      nw::attention_binned(q.head(7), keys.head(9), Kernel::kGaussian, 2.0, 200, 200);
  REQUIRE(same.cells.rows() == 7);
  REQUIRE(same.cells.cols() == 9);
  const nw::RowMatrixXd direct =
      nw::attention_weights(q.head(7), keys.head(9), Kernel::kGaussian, 2.0);
  for (int j = 0; j < 9; ++j)
    CHECK((same.cells.col(j) - direct.col(8 - j)).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE(
    "nadaraya_watson: queries and keys more than 1.8e308 apart, values near the double limit") {
  // The nearest key of 1.7e308 is -1.6e308 (value 2); q - x overflowed and every kernel gave 1.
  const Eigen::VectorXd q = (Eigen::VectorXd(1) << 1.7e308).finished();
  const Eigen::VectorXd x = (Eigen::VectorXd(2) << -1.7e308, -1.6e308).finished();
  const Eigen::VectorXd y = (Eigen::VectorXd(2) << 1.0, 2.0).finished();
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const auto kernel = static_cast<Kernel>(k);
    if (kernel == Kernel::kConstant) continue;
    CAPTURE(k);
    for (const auto ev : {nw::Evaluation::kWindowed, nw::Evaluation::kDense}) {
      CHECK(nw::predict(q, x, y, kernel, 1.0, ev)[0] == 2.0);
      const nw::RowMatrixXd a = nw::attention_weights(q, x, kernel, 1.0, ev);
      CHECK(a(0, 0) == 0.0);
      CHECK(a(0, 1) == 1.0);
    }
    // At h = 1e300 the scaled distances are 3.4e8 and 3.3e8: still the nearer key.
    CHECK(nw::predict(q, x, y, kernel, 1e-300)[0] == 2.0);
  }
  // Values near 1.8e308: sum_j e_j y_j overflowed to inf although f is their convex combination.
  const Eigen::VectorXd keys = (Eigen::VectorXd(2) << 0.0, 1.0).finished();
  const Eigen::VectorXd big = (Eigen::VectorXd(2) << 1e308, 1.7e308).finished();
  for (int k = 0; k < nw::kKernelCount; ++k) {
    CAPTURE(k);
    const double f =
        nw::predict(Eigen::VectorXd::Constant(1, 0.5), keys, big, static_cast<Kernel>(k), 0.01)[0];
    CHECK(f == doctest::Approx(1.35e308).epsilon(1e-12));
  }
  std::vector<double> wide(1000);
  for (std::size_t i = 0; i < wide.size(); ++i)
    wide[i] = 1.7e308 - 1e305 * static_cast<double>(i % 7);
  const Eigen::Map<const Eigen::VectorXd> wy(wide.data(), 1000);
  const Eigen::VectorXd wx = Eigen::VectorXd::LinSpaced(1000, 0.0, 1.0);
  const Eigen::VectorXd fw =
      nw::predict(Eigen::VectorXd::LinSpaced(5, 0.0, 1.0), wx, wy, Kernel::kGaussian, 0.5);
  for (Eigen::Index i = 0; i < fw.size(); ++i) CHECK((fw[i] >= 1.694e308 && fw[i] <= 1.7e308));
}

TEST_CASE("nadaraya_watson: average_pooling is finite when the sum of the values overflows") {
  CHECK(nw::average_pooling((Eigen::VectorXd(2) << 1e308, 1e308).finished()) == 1e308);
  CHECK(nw::average_pooling((Eigen::VectorXd(3) << -1.7e308, -1.7e308, 1.5e308).finished()) ==
        doctest::Approx(-0.6333333333333e308).epsilon(1e-12));
  CHECK(nw::average_pooling((Eigen::VectorXd(3) << 1.0, 2.0, 6.0).finished()) == 3.0);
}

namespace {
// Local linear written out independently: per query, the weighted least-squares fit of
// y ~ b0 + b1 (x - q) by Eigen's QR on sqrt(K) [1, x - q]; the intercept b0.
double wls_intercept(double q, const Eigen::VectorXd& x, const Eigen::VectorXd& y, Kernel kernel,
                     double h, Eigen::Index skip = -1) {
  Eigen::MatrixXd a(x.size(), 2);
  Eigen::VectorXd b(x.size());
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    const double s = j == skip ? 0.0 : std::sqrt(nw::kernel_value(kernel, (q - x[j]) / h));
    a(j, 0) = s;
    a(j, 1) = s * (x[j] - q);
    b[j] = s * y[j];
  }
  return a.colPivHouseholderQr().solve(b)[0];
}
}  // namespace

TEST_CASE("local linear: predictions equal an independent weighted least-squares fit (1e-9)") {
  for (const int n : {50, 300, 2000}) {
    const nw::Dataset d = nw::generate_data(n, 0.5, 21 + n, 5.0);
    const Eigen::VectorXd q = nw::test_inputs(5.0, 0.25);
    for (int k = 0; k < nw::kKernelCount - 1; ++k) {
      for (double h : {0.3, 1.0, 3.0}) {
        CAPTURE(n);
        CAPTURE(k);
        CAPTURE(h);
        const Kernel kernel = static_cast<Kernel>(k);
        const Eigen::VectorXd f = nw::predict(
            q, d.x, d.y, kernel, 1.0 / h, nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
        const Eigen::VectorXd dense = nw::predict(
            q, d.x, d.y, kernel, 1.0 / h, nw::Evaluation::kDense, nw::Estimator::kLocalLinear);
        Eigen::VectorXd ref(q.size());
        for (Eigen::Index i = 0; i < q.size(); ++i)
          ref[i] = wls_intercept(q[i], d.x, d.y, kernel, h);
        assert_near(f, ref, 1e-9);
        assert_near(dense, ref, 1e-9);
      }
    }
  }
}

TEST_CASE("local linear: a straight line is reproduced exactly, boundary included") {
  const nw::Dataset d = nw::generate_data(400, 0.5, 3, 5.0);
  const Eigen::VectorXd y = 1.5 - 0.75 * d.x.array();
  Eigen::VectorXd q(5);
  q << 0.0, 0.01, 2.5, 4.99, 5.0;
  for (int k = 0; k < nw::kKernelCount; ++k) {
    for (double h : {0.2, 1.0, 50.0}) {
      CAPTURE(k);
      CAPTURE(h);
      const Eigen::VectorXd f = nw::predict(q, d.x, y, static_cast<Kernel>(k), 1.0 / h,
                                            nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
      assert_near(f, (1.5 - 0.75 * q.array()).matrix(), 1e-11);
    }
  }
}

TEST_CASE("local linear: attention rows are the equivalent kernel (sum 1, pool to predict, < 0)") {
  const nw::Dataset d = nw::generate_data(60, 0.5, 8, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.5);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    CAPTURE(k);
    const Kernel kernel = static_cast<Kernel>(k);
    const nw::RowMatrixXd a = nw::attention_weights(q, d.x, kernel, 1.0, nw::Evaluation::kWindowed,
                                                    nw::Estimator::kLocalLinear);
    assert_near(a.rowwise().sum(), Eigen::VectorXd::Ones(q.size()), 1e-13);
    const Eigen::VectorXd f = nw::predict(q, d.x, d.y, kernel, 1.0, nw::Evaluation::kWindowed,
                                          nw::Estimator::kLocalLinear);
    assert_near(a * d.y, f, 1e-12);
  }
  // At the boundary with a wide h the far keys get negative weight.
  Eigen::VectorXd q0(1);
  q0 << 0.0;
  const nw::RowMatrixXd a0 = nw::attention_weights(
      q0, d.x, Kernel::kGaussian, 1.0, nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
  CHECK(a0.minCoeff() < -0.01);
  // The binned heatmap of the same rows: sums of blocks, rows sum to 1.
  const nw::BinnedAttention b =
      nw::attention_binned(q, d.x, Kernel::kGaussian, 1.0, 4, 7, nw::Estimator::kLocalLinear);
  assert_near(b.cells.rowwise().sum(), Eigen::VectorXd::Ones(4), 1e-13);
}

TEST_CASE("local linear: undetermined lines fall back to local constant; never NaN") {
  Eigen::VectorXd one(1), ys(1), q(3);
  one << 2.0;
  ys << 7.0;
  q << -5.0, 2.0, 9.0;
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Eigen::VectorXd f = nw::predict(q, one, ys, static_cast<Kernel>(k), 1.0,
                                          nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
    CHECK(f[0] == 7.0);
    CHECK(f[2] == 7.0);
  }
  // All keys equal: the local-constant mean.
  const Eigen::VectorXd same = Eigen::VectorXd::Constant(4, 1.0);
  Eigen::VectorXd v(4);
  v << 1.0, 2.0, 3.0, 6.0;
  const Eigen::VectorXd f = nw::predict(q, same, v, Kernel::kGaussian, 1.0,
                                        nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
  CHECK(f[1] == doctest::Approx(3.0).epsilon(1e-15));
  // A compact kernel with one key in the window: that key's value (local constant).
  Eigen::VectorXd x2(2), y2(2), q2(1);
  x2 << 0.0, 10.0;
  y2 << 1.0, 5.0;
  q2 << 0.5;
  CHECK(nw::predict(q2, x2, y2, Kernel::kEpanechnikov, 1.0, nw::Evaluation::kWindowed,
                    nw::Estimator::kLocalLinear)[0] == 1.0);
  // Keys across the double range: finite.
  Eigen::VectorXd big(3), yb(3), qb(1);
  big << -1e300, 0.0, 1e300;
  yb << 1.0, 2.0, 3.0;
  qb << 5e299;
  CHECK(std::isfinite(nw::predict(qb, big, yb, Kernel::kGaussian, 1e-300, nw::Evaluation::kWindowed,
                                  nw::Estimator::kLocalLinear)[0]));
}

TEST_CASE("local linear: leave-one-out loss and tr H against the plain refits") {
  const nw::Dataset d = nw::generate_data(80, 0.5, 14, 5.0);
  for (int k = 0; k < nw::kKernelCount - 1; ++k) {
    for (double h : {0.3, 1.5}) {
      CAPTURE(k);
      CAPTURE(h);
      const Kernel kernel = static_cast<Kernel>(k);
      double loo = 0.0;
      for (Eigen::Index i = 0; i < d.x.size(); ++i) {
        const double e = wls_intercept(d.x[i], d.x, d.y, kernel, h, i) - d.y[i];
        loo += e * e;
      }
      CHECK(nw::loo_loss(d.x, d.y, kernel, 1.0 / h, nw::Estimator::kLocalLinear) ==
            doctest::Approx(loo).epsilon(1e-9));
      nw::LossEvaluator e(d.x, d.y, kernel, nw::Evaluation::kWindowed, nw::Estimator::kLocalLinear);
      const nw::RowMatrixXd a = nw::attention_weights(
          d.x, d.x, kernel, 1.0 / h, nw::Evaluation::kDense, nw::Estimator::kLocalLinear);
      CHECK(e.smoother_fit(1.0 / h).trace == doctest::Approx(a.diagonal().sum()).epsilon(1e-10));
      CHECK_THROWS(nw::training_loss(d.x, d.y, kernel, 1.0 / h, true, {}, nw::Evaluation::kWindowed,
                                     true, nw::Estimator::kLocalLinear));
    }
  }
}

TEST_CASE("local linear: h = infinity is the least-squares line of the other pairs (O(1) rows)") {
  // w = 0 (and the constant kernel): every weight 1, the row's line is the ordinary least-squares
  // line; the windowed rows take it from the global sums (a downdate per LOO row), dense sums it.
  const std::uint64_t seed = nw_test::base_seed() + 31;
  MESSAGE("NW_TEST_SEED=" << nw_test::base_seed() << " (replay with this environment variable)");
  const auto ll = nw::Estimator::kLocalLinear;
  nw::Dataset d = nw::generate_data(500, 0.5, seed, 5.0);
  Eigen::VectorXd with_outlier = d.x;
  with_outlier[7] = 1e4;  // one key holding nearly all the spread: its LOO row is summed directly
  Eigen::VectorXd one_apart = Eigen::VectorXd::Constant(d.x.size(), 2.0);
  one_apart[3] = 3.0;  // without key 3 the others are all equal: local constant
  const Eigen::VectorXd q = Eigen::VectorXd::LinSpaced(30, -1.0, 6.0);
  for (const Eigen::VectorXd* x : {&d.x, &with_outlier, &one_apart}) {
    for (const Kernel k : {Kernel::kEpanechnikov, Kernel::kGaussian, Kernel::kConstant}) {
      CAPTURE(static_cast<int>(k));
      nw::LossEvaluator fe(*x, d.y, k, nw::Evaluation::kWindowed, ll);
      nw::LossEvaluator de(*x, d.y, k, nw::Evaluation::kDense, ll);
      const double lf = fe.loss(0.0, true), ld = de.loss(0.0, true);
      CHECK(lf == doctest::Approx(ld).epsilon(1e-12));
      const nw::SmootherFit sf = fe.smoother_fit(0.0), sd = de.smoother_fit(0.0);
      CHECK(sf.rss == doctest::Approx(sd.rss).epsilon(1e-12));
      CHECK(sf.trace == doctest::Approx(sd.trace).epsilon(1e-12));
      CHECK(sd.trace == doctest::Approx(2.0).epsilon(1e-12));  // a line: tr H = 2
      assert_near(nw::predict(q, *x, d.y, k, 0.0, nw::Evaluation::kWindowed, ll),
                  nw::predict(q, *x, d.y, k, 0.0, nw::Evaluation::kDense, ll), 1e-12);
    }
  }
  // The leave-one-out fit of each point is the plain least-squares line of the others.
  for (Eigen::Index i : {Eigen::Index{0}, Eigen::Index{7}, Eigen::Index{3}}) {
    for (const Eigen::VectorXd* x : {&d.x, &with_outlier, &one_apart}) {
      std::vector<int> row = {static_cast<int>(i)};
      const double err = std::sqrt(nw::training_loss(*x, d.y, Kernel::kEpanechnikov, 0.0, true, row,
                                                     nw::Evaluation::kWindowed, false, ll)
                                       .loss);
      Eigen::MatrixXd a(x->size() - 1, 2);
      Eigen::VectorXd b(x->size() - 1);
      for (Eigen::Index j = 0, r = 0; j < x->size(); ++j) {
        if (j == i) continue;
        a(r, 0) = 1.0, a(r, 1) = (*x)[j] - (*x)[i], b[r] = d.y[j];
        ++r;
      }
      const bool line = (a.col(1).array() != a(0, 1)).any();
      const double f = line ? a.colPivHouseholderQr().solve(b)[0] : b.mean();
      CAPTURE(i);
      CHECK(err == doctest::Approx(std::fabs(f - d.y[i])).epsilon(1e-9));
    }
  }
}

TEST_CASE("local linear: direct rows keep their digits for keys far from 0 and values far from 0") {
  // Keys 1e-9 apart near 1e3 and values near 1e3: the two passes about the query and about ybar
  // lose nothing to |x| >> h and little to |y| >> the values' spread (against QR on x - q, exact
  // here). Sums of the raw keys lost 1e-5 of the spread here.
  std::vector<double> xs, ys;
  for (int i = 0; i < 400; ++i) xs.push_back(1000.0 + i * 1e-9);
  for (int i = 0; i < 400; ++i) ys.push_back(std::sin(0.02 * i) + 0.01 * (i % 7) + 1e3);
  const Eigen::Map<const Eigen::VectorXd> x(xs.data(), 400), y(ys.data(), 400);
  Eigen::VectorXd q(5);
  q << 1000.0, 1000.0 + 5e-8, 1000.0 + 2e-7, 1000.0 + 3.5e-7, 1000.0 + 3.99e-7;
  for (const Kernel k : {Kernel::kGaussian, Kernel::kEpanechnikov, Kernel::kTricube}) {
    for (const double h : {2e-8, 1e-7}) {
      CAPTURE(static_cast<int>(k));
      CAPTURE(h);
      for (const auto e : {nw::Evaluation::kWindowed, nw::Evaluation::kDense}) {
        const Eigen::VectorXd f = nw::predict(q, x, y, k, 1.0 / h, e, nw::Estimator::kLocalLinear);
        for (Eigen::Index i = 0; i < q.size(); ++i) {
          CAPTURE(i);
          // A few units in the last place of the values (1e3), 1e-11 of their spread (about 1).
          CHECK(std::fabs(f[i] - wls_intercept(q[i], x, y, k, h)) <= 1e-11);
        }
      }
    }
  }
}

namespace {
// Gaussian LOO errors and the hat-matrix sums written out plainly, in long double, each row's
// weights relative to its largest (so a row whose keys are all far away still has its nearest).
struct PlainFit {
  long double loo = 0.0L, rss = 0.0L, trace = 0.0L;
};

// Key sets that try the paired passes (windows found by a forward scan, each pair of nearby keys
// weighed once for both rows, empty and far rows taken another way), values standard normal:
// uniform keys, ties, isolated keys (alone, and an equal pair far from the others), keys 1e-9
// apart, keys spanning 1e8, two keys, all keys equal, two values.
struct KeyCase {
  const char* name;
  Eigen::VectorXd x, y;
};
std::vector<KeyCase> hostile_key_cases(nw::Rng& rng) {
  std::vector<KeyCase> cases;
  // n uniform keys in [lo, lo + span]: returns them, to be reshaped before the next add.
  auto add = [&](const char* name, int n, double lo, double span) -> Eigen::VectorXd& {
    KeyCase c{name, Eigen::VectorXd(n), Eigen::VectorXd(n)};
    for (int i = 0; i < n; ++i) c.x[i] = lo + span * rng.uniform(), c.y[i] = rng.normal();
    cases.push_back(std::move(c));
    return cases.back().x;
  };
  add("uniform", 700, 0.0, 5.0);
  for (auto& v : add("ties", 400, 0.0, 5.0)) v = std::round(v * 20.0) / 20.0;  // ~4 keys a value
  {
    Eigen::VectorXd& x = add("isolated", 300, 0.0, 5.0);
    x[7] = 900.0;  // far from the others: no other key within h in its LOO row at the tests' h
    x[8] = -40.0;  // and one at the other end
  }
  {
    Eigen::VectorXd& x = add("isolated, an equal far pair", 300, 0.0, 5.0);
    x[7] = 900.0;
    x[8] = -40.0;
    x[9] = -40.0;  // each the other's nearest
  }
  for (auto& v : add("keys 1e-9 apart", 300, 0.0, 1.0)) v *= 3e-7;
  add("span 1e8", 300, -5e7, 1e8);
  add("two keys", 2, 0.0, 1.0);
  add("equal keys", 50, 0.0, 1.0).setConstant(0.25);
  {
    Eigen::VectorXd& x = add("two values", 40, 0.0, 1.0);
    for (int i = 0; i < 40; ++i) x[i] = i < 20 ? 0.25 : 0.75;  // 20 keys each
  }
  return cases;
}

// What both paired-pass tests check of one evaluator at scale w against the plain sums `want`:
// the LOO loss; the rows in two slices give the same bits (the pass is made once per scale), and
// in reverse order the same loss up to the order of its sum; with `gradient_rows`, the gradient's
// rows (direct, not from the pass) the same loss; the smoother's rss and trace. Returns the rows
// the pass took from its pair sums.
std::int64_t check_paired_pass(nw::LossEvaluator& e, double w, const PlainFit& want,
                               bool gradient_rows) {
  const double loo = e.loss(w, true);
  const std::int64_t paired = e.paired_rows();
  CHECK(loo == doctest::Approx(static_cast<double>(want.loo)).epsilon(1e-12));
  const Eigen::Index n = e.size(), half = n / 2;
  e.set_scale(w, n);
  nw::LossAndGradient parts, reversed;
  e.accumulate(nullptr, 0, half, true, false, &parts);
  e.accumulate(nullptr, half, n - half, true, false, &parts);
  CHECK(parts.loss == loo);
  std::vector<int> order(static_cast<size_t>(n));
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(order.size() - 1 - i);
  e.accumulate(order.data(), 0, n, true, false, &reversed);
  CHECK(reversed.loss == doctest::Approx(loo).epsilon(1e-13));
  if (gradient_rows) {
    nw::LossAndGradient with_gradient;
    e.accumulate(nullptr, 0, n, true, true, &with_gradient);
    CHECK(with_gradient.loss == doctest::Approx(loo).epsilon(1e-12));
  }
  const nw::SmootherFit fit = e.smoother_fit(w);
  CHECK(fit.rss == doctest::Approx(static_cast<double>(want.rss)).epsilon(1e-12));
  CHECK(fit.trace == doctest::Approx(static_cast<double>(want.trace)).epsilon(1e-12));
  return paired;
}

PlainFit plain_gaussian_fits(const Eigen::VectorXd& x, const Eigen::VectorXd& y, double h) {
  PlainFit out;
  const Eigen::Index n = x.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    for (const bool loo : {true, false}) {
      long double top = -INFINITY;
      for (Eigen::Index j = 0; j < n; ++j) {
        if (loo && j == i) continue;
        const long double u = (static_cast<long double>(x[i]) - x[j]) / h;
        top = std::max(top, -u * u / 2);
      }
      long double num = 0.0L, den = 0.0L;
      for (Eigen::Index j = 0; j < n; ++j) {
        if (loo && j == i) continue;
        const long double u = (static_cast<long double>(x[i]) - x[j]) / h;
        const long double e = std::exp(-u * u / 2 - top);
        num += e * y[j];
        den += e;
      }
      const long double r = num / den - y[i];
      if (loo) {
        out.loo += r * r;
      } else {
        out.rss += r * r;
        out.trace += std::exp(-top) / den;  // the key's own weight exp(0), relative: e^-top
      }
    }
  }
  return out;
}
}  // namespace

TEST_CASE(
    "nadaraya_watson: the Gaussian's paired pass (each pair weighed once for both rows) equals "
    "the plain LOO and hat-matrix sums") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 61);
  const std::vector<KeyCase> cases = hostile_key_cases(rng);
  std::int64_t paired_total = 0;
  for (const KeyCase& c : cases) {
    const double spread = c.x.maxCoeff() - c.x.minCoeff();
    const double scale = spread > 0.0 ? spread : 1.0;
    for (const double rel : {1e-12, 1e-5, 1e-3, 4e-3, 2e-2, 0.1, 1.0, 50.0}) {
      const double h = rel * scale;
      CAPTURE(c.name);
      CAPTURE(h);
      nw::LossEvaluator e(c.x, c.y, Kernel::kGaussian);
      paired_total += check_paired_pass(e, 1.0 / h, plain_gaussian_fits(c.x, c.y, h), false);
    }
  }
  // The pass is really taken (most rows of the narrow-window cases).
  CHECK(paired_total > 2000);
}

namespace {
// A compact kernel's LOO errors and hat-matrix sums written out plainly: each pair's scaled
// difference as the core forms it, (x_i - x_j) w in double (so a key at the support's edge is in
// or out as there), its weight and the sums in long double. A row with no weight takes its nearest
// other key's value (equal distances: the lowest index).
PlainFit plain_compact_fits(const Eigen::VectorXd& x, const Eigen::VectorXd& y, Kernel kernel,
                            double w) {
  PlainFit out;
  const Eigen::Index n = x.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    for (const bool loo : {true, false}) {
      long double num = 0.0L, den = 0.0L;
      Eigen::Index nearest = -1;
      for (Eigen::Index j = 0; j < n; ++j) {
        if (loo && j == i) continue;
        const long double k = nw::kernel_value(kernel, (x[i] - x[j]) * w);
        num += k * y[j];
        den += k;
        if (nearest < 0 || std::fabs(x[i] - x[j]) < std::fabs(x[i] - x[nearest])) nearest = j;
      }
      const long double f = den > 0.0L ? num / den : static_cast<long double>(y[nearest]);
      const long double r = f - y[i];
      if (loo) {
        out.loo += r * r;
      } else {
        out.rss += r * r;
        out.trace += 1.0L / den;  // the key's own weight K(0) = 1
      }
    }
  }
  return out;
}
}  // namespace

TEST_CASE(
    "nadaraya_watson: the compact kernels' paired pass (narrow windows) equals the plain LOO and "
    "hat-matrix sums") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 63);
  const std::vector<KeyCase> cases = hostile_key_cases(rng);
  std::int64_t paired_total = 0;
  for (const Kernel kernel : {Kernel::kBoxcar, Kernel::kEpanechnikov, Kernel::kTriangular,
                              Kernel::kTricube, Kernel::kCosine}) {
    for (const KeyCase& c : cases) {
      const double spread = c.x.maxCoeff() - c.x.minCoeff();
      const double scale = spread > 0.0 ? spread : 1.0;
      for (const double rel : {1e-12, 3.1e-4, 2.3e-3, 7.7e-3, 3.7e-2, 1.3}) {
        const double w = 1.0 / (rel * scale);
        CAPTURE(static_cast<int>(kernel));
        CAPTURE(c.name);
        CAPTURE(rel);
        nw::LossEvaluator e(c.x, c.y, kernel);
        paired_total += check_paired_pass(e, w, plain_compact_fits(c.x, c.y, kernel, w), true);
      }
    }
  }
  // The pass is really taken (the narrow windows of every case).
  CHECK(paired_total > 20000);
}

TEST_CASE(
    "nadaraya_watson: rows of the paired pass with no key within h are the row-by-row sums, bit "
    "for bit") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 62);
  const int n = 500;
  Eigen::VectorXd x(n), y(n);
  for (int i = 0; i < n; ++i) x[i] = 0.01 * i + 0.001 * rng.uniform(), y[i] = rng.normal();
  // Gaps of at least 0.008: at h <= 0.004 every leave-one-out row's nearest key lies beyond 2h.
  for (const double h : {0.004, 0.001, 1e-6}) {
    CAPTURE(h);
    nw::LossEvaluator e(x, y, Kernel::kGaussian);
    const double paired = e.loss(1.0 / h, true);
    CHECK(e.paired_rows() == 0);  // none from pair sums: each from its own window
    e.set_scale(1.0 / h, 1);      // one row expected: the row-by-row path
    nw::LossAndGradient rows;
    e.accumulate(nullptr, 0, n, true, false, &rows);
    CHECK(rows.loss == paired);
  }
}
