#include "gauss_transform.h"

#include <doctest/doctest.h>

#include <cmath>

#include "dataset.h"
#include "helpers.h"
#include "nadaraya_watson.h"

using nw::Evaluation;
using nw::Kernel;

TEST_CASE("gauss_transform: box sums equal direct sums of every key") {
  const nw::Dataset d = nw::generate_data(5000, 0.5, 3, 5.0);
  const nw::SortedPairs p(d.x, d.y.data());
  for (double h : {0.05, 0.3, 1.0, 4.0}) {
    nw::GaussTransform g(p, 1 / h);
    for (double q : {-0.5, 0.0, 1.234, 2.5, 4.99, 6.0}) {
      CAPTURE(h);
      CAPTURE(q);
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int j = 0; j < 5000; ++j) {
        const double dd = q - d.x[j], e = std::exp(-0.5 * (dd / h) * (dd / h));
        s0 += e, s1 += e * d.y[j], s2 += e * dd * dd, s3 += e * d.y[j] * dd * dd;
      }
      const nw::GaussSums s = g.sums(q, INFINITY, true);
      CHECK(s.s0 == doctest::Approx(s0).epsilon(1e-13));
      CHECK(s.s1 == doctest::Approx(s1).epsilon(1e-13));
      CHECK(s.s2 == doctest::Approx(s2).epsilon(1e-12));
      CHECK(s.s3 == doctest::Approx(s3).epsilon(1e-12));
    }
  }
}

namespace {
// The prediction summed in long double (64-bit mantissa): a reference more exact than any double
// sum.
Eigen::VectorXd reference_predict(const Eigen::VectorXd& q, const nw::Dataset& d, double h) {
  Eigen::VectorXd f(q.size());
  for (Eigen::Index i = 0; i < q.size(); ++i) {
    long double num = 0, den = 0;
    for (Eigen::Index j = 0; j < d.x.size(); ++j) {
      const long double u = (static_cast<long double>(q[i]) - d.x[j]) / h;
      const long double e = std::exp(-0.5L * u * u);
      num += e * d.y[j];
      den += e;
    }
    f[i] = static_cast<double>(num / den);
  }
  return f;
}
}  // namespace

TEST_CASE("gauss_transform: wide-bandwidth predictions, LOO losses and gradients match dense") {
  const nw::Dataset d = nw::generate_data(20000, 0.5, 5, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.01);
  for (double h : {0.02, 0.1, 0.5, 2.0, 10.0}) {
    CAPTURE(h);
    // Against an extended-precision sum the fast path is within 1e-14. The dense 20000-term double
    // sum is itself off by up to 2.5e-14 here (measured), so it gets 5e-14.
    const Eigen::VectorXd ref = reference_predict(q, d, h);
    nw_test::assert_near(nw::predict(q, d.x, d.y, Kernel::kGaussian, 1 / h), ref, 1e-14);
    nw_test::assert_near(nw::predict(q, d.x, d.y, Kernel::kGaussian, 1 / h, Evaluation::kDense),
                         ref, 5e-14);
    const auto fast = nw::training_loss(d.x, d.y, Kernel::kGaussian, 1 / h, true);
    const auto dense =
        nw::training_loss(d.x, d.y, Kernel::kGaussian, 1 / h, true, {}, Evaluation::kDense);
    CHECK(fast.loss == doctest::Approx(dense.loss).epsilon(1e-13));
    CHECK(fast.gradient ==
          doctest::Approx(dense.gradient).epsilon(1e-10).scale(1e-10 * dense.loss));
  }
}

TEST_CASE(
    "gauss_transform: heatmap column blocks through their moments equal the summed attention") {
  const nw::Dataset d = nw::generate_data(20000, 0.5, 8, 5.0);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (double h : {0.2, 1.0, 5.0}) {
    CAPTURE(h);
    const nw::BinnedAttention b = nw::attention_binned(q, d.x, Kernel::kGaussian, 1 / h, 50, 100);
    const nw::RowMatrixXd full = nw::attention_weights(q, d.x, Kernel::kGaussian, 1 / h);
    double worst = 0.0;
    for (int r = 0; r < 50; ++r)
      for (int c = 0; c < 100; ++c) {
        const double expected =
            full.row(r).segment(b.col_start[c], b.col_start[c + 1] - b.col_start[c]).sum();
        worst = std::fmax(worst, std::fabs(b.cells(r, c) - expected));
      }
    MESSAGE("h = " << h << ": largest cell difference " << worst);
    CHECK(worst < 1e-14);
  }
}

TEST_CASE("gauss_transform: the local (target-side) expansion equals the direct sums") {
  // Keys with a gap wider than h (queries there lie in no box: local_sums declines) and a
  // cluster; queries at keys (the LOO rows), between keys, in the gap and outside the data.
  Eigen::VectorXd x(4000), y(4000);
  const nw::Dataset a = nw::generate_data(3000, 0.5, 12, 2.0);
  const nw::Dataset b = nw::generate_data(1000, 0.5, 13, 1.0);
  for (int j = 0; j < 3000; ++j) x[j] = a.x[j], y[j] = a.y[j];
  for (int j = 0; j < 1000; ++j) x[3000 + j] = 4.0 + b.x[j], y[3000 + j] = b.y[j];
  const nw::SortedPairs p(x, y.data());
  for (double h : {0.01, 0.05, 0.2, 0.7, 3.0}) {
    CAPTURE(h);
    nw::GaussTransform g(p, 1 / h);
    const double radius = nw::window_radius(Kernel::kGaussian, 1 / h, 2.0 * h, x.size());
    std::vector<double> qs = {-1.0, 0.0, 1.3333, 1.9999, 3.0, 4.0, 4.5, 5.0, 7.0};
    for (int j = 0; j < 4000; j += 97) qs.push_back(p.x()[j]);
    int used = 0;
    for (double q : qs) {
      CAPTURE(q);
      double s0 = 0.0, s1 = 0.0;  // the direct sums over every key, in long double
      long double l0 = 0.0L, l1 = 0.0L;
      for (int j = 0; j < 4000; ++j) {
        const long double u = (static_cast<long double>(q) - x[j]) / h;
        const long double e = std::exp(-0.5L * u * u);
        l0 += e, l1 += e * y[j];
      }
      s0 = static_cast<double>(l0), s1 = static_cast<double>(l1);
      nw::GaussSums local;
      const bool in_box = g.local_sums(q, radius, &local);
      // In a box only when q lies within half a box of its centre: never before the first key,
      // never in the middle of the gap when boxes are narrower than half of it.
      if (q < 0.0 || (q == 3.0 && h < 1.0)) CHECK_FALSE(in_box);
      if (!in_box) continue;
      ++used;
      // The row's largest weight is at least exp(-2) when a key lies within 2h (the callers'
      // condition); relative to the sums, as for the query-side expansion.
      if (s0 < std::exp(-2.0)) continue;
      CHECK(local.s0 == doctest::Approx(s0).epsilon(1e-14));
      CHECK(local.s1 == doctest::Approx(s1).epsilon(1e-13).scale(1e-14 * s0));
    }
    CHECK(used >= 40);
  }
}
