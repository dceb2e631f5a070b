#include "bandwidth.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "dataset.h"
#include "helpers.h"

using nw::Kernel;

namespace {
// Brute force: the smallest LOO loss over `count` log-spaced bandwidths of the search range.
double brute_force_min(const nw::Dataset& d, Kernel k, int count) {
  const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
  double best = INFINITY;
  for (int i = 0; i < count; ++i) {
    const double h = std::exp(std::log(r.lo) + (std::log(r.hi) - std::log(r.lo)) * i / (count - 1));
    best = std::min(best, nw::loo_loss(d.x, d.y, k, 1.0 / h));
  }
  return best;
}

int local_minima(const Eigen::VectorXd& g) {
  int count = 0;
  for (Eigen::Index i = 1; i + 1 < g.size(); ++i) count += g[i] < g[i - 1] && g[i] < g[i + 1];
  return count;
}
}  // namespace

TEST_CASE("bandwidth: loo_curve evaluates loo_loss at each bandwidth") {
  const nw::Dataset d = nw::generate_data(30, 0.5, 1, 5.0);
  Eigen::VectorXd h(3);
  h << 0.1, 0.5, 2.0;
  const Eigen::VectorXd c = nw::loo_curve(d.x, d.y, Kernel::kEpanechnikov, h);
  for (int i = 0; i < 3; ++i)
    CHECK(c[i] == nw::loo_loss(d.x, d.y, Kernel::kEpanechnikov, 1.0 / h[i]));
}

TEST_CASE("bandwidth: LOO-CV finds the global minimum of a 4000-point brute-force scan") {
  // Seeds include data sets whose LOO curve has several local minima (asserted below).
  bool saw_multimodal = false;
  for (std::uint64_t seed : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u}) {
    const nw::Dataset d = nw::generate_data(50, 0.5, seed, 5.0);
    for (Kernel k : {Kernel::kGaussian, Kernel::kEpanechnikov}) {
      CAPTURE(seed);
      CAPTURE(static_cast<int>(k));
      const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, k);
      const double brute = brute_force_min(d, k, 4000);
      CHECK(c.loo_loss <= brute * (1 + 1e-9));
      CHECK(c.loo_loss ==
            doctest::Approx(nw::loo_loss(d.x, d.y, k, 1.0 / c.bandwidth)).epsilon(1e-15));
      if (k == Kernel::kGaussian) {
        const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
        Eigen::VectorXd h(800);
        for (int i = 0; i < 800; ++i)
          h[i] = std::exp(std::log(r.lo) + (std::log(r.hi) - std::log(r.lo)) * i / 799.0);
        if (local_minima(nw::loo_curve(d.x, d.y, k, h)) >= 2) saw_multimodal = true;
      }
    }
  }
  CHECK(saw_multimodal);
}

TEST_CASE("bandwidth: the Gaussian's 100-point scan finds what a 200-point scan finds") {
  // The automatic grid (100 points for the local-constant Gaussian) against twice as many, on
  // fixed data sets: uniform, clustered near 0 and clumped keys, three noise levels. The same
  // loss (to Brent's tolerance) or a lower one, for LOO-CV and for AIC_c.
  for (int n : {10, 30, 100, 400}) {
    for (int s = 0; s < 6; ++s) {
      nw::Dataset d = nw::generate_data(n, s % 3 == 0 ? 0.05 : (s % 3 == 1 ? 0.5 : 2.0),
                                        static_cast<std::uint64_t>(1000 * n + s), 5.0);
      if (s % 3 == 1)
        for (Eigen::Index i = 0; i < n; ++i) d.x[i] = std::pow(d.x[i] / 5.0, 4) * 5.0;
      if (s % 3 == 2)
        for (Eigen::Index i = 0; i < n; ++i) d.x[i] = std::floor(d.x[i] * 4) / 4 + 1e-3 * d.x[i];
      CAPTURE(n);
      CAPTURE(s);
      for (nw::Criterion criterion : {nw::Criterion::kLooCv, nw::Criterion::kAicC}) {
        const auto search = [&](int grid_points) {
          nw::BandwidthSearch b(d.x, d.y, Kernel::kGaussian, grid_points, criterion);
          while (!b.done()) b.step();
          return criterion == nw::Criterion::kLooCv ? b.result().loo_loss : b.result().aic;
        };
        const double automatic = search(0), fine = search(200);
        CHECK(automatic <= fine + 1e-12 * std::fabs(fine));
      }
    }
  }
}

TEST_CASE("bandwidth: Silverman's rule by hand") {
  Eigen::VectorXd x(5);
  x << 1.0, 2.0, 3.0, 4.0, 10.0;
  // mean 4, sd = sqrt((9+4+1+0+36)/4) = sqrt(12.5); quartiles (linear) 2 and 4 -> IQR/1.34
  // = 1.4925.
  const double expected = 0.9 * std::min(std::sqrt(12.5), 2.0 / 1.34) * std::pow(5.0, -0.2);
  CHECK(nw::silverman_bandwidth(x) == doctest::Approx(expected).epsilon(1e-14));
  Eigen::VectorXd same = Eigen::VectorXd::Constant(4, 2.0);
  CHECK(nw::silverman_bandwidth(same) == 1.0);
}

TEST_CASE("bandwidth: the search range spans the smallest gap to the key range") {
  Eigen::VectorXd x(4);
  x << 3.0, 1.0, 1.0, 1.5;
  const nw::BandwidthRange r = nw::bandwidth_search_range(x);
  CHECK(r.lo == 0.25);
  CHECK(r.hi == 4.0);
}

namespace {
// Exhaustive reference for the boxcar: the LOO loss is constant between consecutive pairwise
// distances, so its minimum over (0, inf] is the best of: every distance, the midpoint of every
// gap between consecutive distances, half the smallest one, and infinity.
double boxcar_exhaustive(const nw::Dataset& d) {
  std::vector<double> dist;
  for (Eigen::Index i = 0; i < d.x.size(); ++i)
    for (Eigen::Index j = i + 1; j < d.x.size(); ++j)
      if (d.x[i] != d.x[j]) dist.push_back(std::fabs(d.x[i] - d.x[j]));
  std::sort(dist.begin(), dist.end());
  double best = nw::loo_loss(d.x, d.y, Kernel::kBoxcar, 0.0);
  auto at = [&](double h) {
    best = std::min(best, nw::loo_loss(d.x, d.y, Kernel::kBoxcar, 1.0 / h));
  };
  at(0.5 * dist.front());
  for (size_t k = 0; k < dist.size(); ++k) {
    at(dist[k]);
    if (k + 1 < dist.size() && dist[k + 1] > dist[k]) at(0.5 * (dist[k] + dist[k + 1]));
  }
  return best;
}

// Exhaustive reference for any kernel: 20,000 log-spaced bandwidths from a quarter of the
// smallest gap to 10^4 times the range, every pairwise distance (the compact kernels' kinks),
// and infinity.
double exhaustive(const nw::Dataset& d, Kernel k) {
  const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
  double best = nw::loo_loss(d.x, d.y, k, 0.0);
  const double a = std::log(r.lo / 2), b = std::log(r.hi * 5000);
  for (int i = 0; i < 20000; ++i)
    best = std::min(best, nw::loo_loss(d.x, d.y, k, 1.0 / std::exp(a + (b - a) * i / 19999.0)));
  for (Eigen::Index i = 0; i < d.x.size(); ++i)
    for (Eigen::Index j = i + 1; j < d.x.size(); ++j)
      if (d.x[i] != d.x[j])
        best = std::min(best, nw::loo_loss(d.x, d.y, k, 1.0 / std::fabs(d.x[i] - d.x[j])));
  return best;
}
}  // namespace

TEST_CASE("bandwidth: boxcar LOO-CV is exact (all pairwise distances) on 60 seeded data sets") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  for (int t = 0; t < 60; ++t) {
    const std::uint64_t seed = base + static_cast<std::uint64_t>(t);
    const int n = 5 + t % 36;
    const double noise = t % 3 == 0 ? 0.0 : 0.5 * (t % 3);
    const nw::Dataset d = nw::generate_data(n, noise, seed, 5.0);
    CAPTURE(seed);
    CAPTURE(n);
    const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, Kernel::kBoxcar);
    const double ref = boxcar_exhaustive(d);
    CHECK(c.loo_loss <= ref * (1 + 1e-12) + 1e-300);
    CHECK(c.loo_loss ==
          nw::loo_loss(d.x, d.y, Kernel::kBoxcar, nw::scale_from_bandwidth(c.bandwidth)));
  }
}

TEST_CASE("bandwidth: the audit's boxcar data set (n = 20, seed 6) gets its narrow best step") {
  const nw::Dataset d = nw::generate_data(20, 0.5, 6, 5.0);
  const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, Kernel::kBoxcar);
  CHECK(c.loo_loss <= nw::loo_loss(d.x, d.y, Kernel::kBoxcar, 1.0 / 0.3135));
  CHECK(c.loo_loss < 6.75);  // the grid search returned 7.3381
}

TEST_CASE("bandwidth: boxcar keys the smallest subnormal apart never give h = 0") {
  // fuzz_core's find (its crash input is in tests/fuzz/corpus): the exact boxcar sweep's first
  // piece [0, 4.9e-324) holds no positive double, and its middle 0.5 * 4.9e-324 rounded to 0.
  // With equal values every piece has loss 0 and that piece came first: bandwidth 0.
  const double tiny = std::numeric_limits<double>::denorm_min();
  Eigen::VectorXd x(6), y(6);
  x << -8.0, 0.0, tiny, 0.1875, 1.5, 6.0;
  for (Kernel k : {Kernel::kBoxcar, Kernel::kEpanechnikov, Kernel::kGaussian}) {
    for (double value : {-8.0, 0.0}) {
      y.setConstant(value);
      const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(x, y, k);
      CHECK(c.bandwidth > 0.0);
      CHECK(c.loo_loss == 0.0);
    }
    // Unequal values: still a positive h, and its loss is looLoss's at that h.
    y << 1.0, 2.0, -1.0, 0.5, 3.0, -2.0;
    const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(x, y, k);
    CHECK(c.bandwidth > 0.0);
    CHECK(c.loo_loss == nw::loo_loss(x, y, k, nw::scale_from_bandwidth(c.bandwidth)));
  }
}

TEST_CASE("bandwidth: h = infinity (average pooling) is a candidate and can win") {
  // The audit's example: Gaussian, n = 10, seed 4, noise 1: the curve falls all the way out.
  const nw::Dataset d = nw::generate_data(10, 1.0, 4, 5.0);
  const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, Kernel::kGaussian);
  CHECK(c.loo_loss <= nw::loo_loss(d.x, d.y, Kernel::kGaussian, 1.0 / 100.0));
  CHECK(std::isinf(c.bandwidth));
  CHECK(c.loo_loss == nw::loo_loss(d.x, d.y, Kernel::kGaussian, 0.0));
  // loo_curve accepts h = infinity: the same value.
  Eigen::VectorXd h(2);
  h << 1.0, INFINITY;
  CHECK(nw::loo_curve(d.x, d.y, Kernel::kGaussian, h)[1] == c.loo_loss);
}

TEST_CASE("bandwidth: LOO-CV matches an exhaustive search for every kernel on seeded data sets") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  for (Kernel k : {Kernel::kGaussian, Kernel::kBoxcar, Kernel::kEpanechnikov, Kernel::kTriangular,
                   Kernel::kTricube, Kernel::kCosine}) {
    for (int t = 0; t < 8; ++t) {
      const std::uint64_t seed = base + 100 + static_cast<std::uint64_t>(t);
      const int n = 6 + 7 * t;
      const nw::Dataset d = nw::generate_data(n, 0.2 + 0.3 * (t % 4), seed, 5.0);
      CAPTURE(seed);
      CAPTURE(n);
      CAPTURE(static_cast<int>(k));
      const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, k);
      CHECK(c.loo_loss <= exhaustive(d, k) * (1 + 1e-9));
    }
  }
}

TEST_CASE("bandwidth: the resumable search and loss curve give the one-shot results") {
  const nw::Dataset d = nw::generate_data(80, 0.5, 3, 5.0);
  for (Kernel k : {Kernel::kGaussian, Kernel::kBoxcar, Kernel::kTricube}) {
    nw::BandwidthSearch s(d.x, d.y, k);
    std::int64_t steps = 0;
    while (!s.done()) {
      s.step();
      ++steps;
      CHECK(s.work_done() == steps);
      CHECK(s.work_done() <= s.work_total());
    }
    const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(d.x, d.y, k);
    CHECK(s.result().bandwidth == c.bandwidth);
    CHECK(s.result().loo_loss == c.loo_loss);
    CHECK(s.exact() == (k == Kernel::kBoxcar));
  }
  Eigen::VectorXd h(4);
  h << 0.1, 0.5, 2.0, INFINITY;
  Eigen::VectorXd w(4);
  for (int i = 0; i < 4; ++i) w[i] = nw::scale_from_bandwidth(h[i]);
  nw::LossCurve curve(d.x, d.y, Kernel::kGaussian, w, true);
  int steps = 0;
  while (!curve.done()) curve.step(), ++steps;
  CHECK(steps == 4);
  const Eigen::VectorXd ref = nw::loo_curve(d.x, d.y, Kernel::kGaussian, h);
  for (int i = 0; i < 4; ++i) CHECK(curve.losses()[i] == ref[i]);
}

TEST_CASE("bandwidth: a refined loss curve without LOO has no minimum (the loss keeps falling)") {
  const nw::Dataset d = nw::generate_data(40, 0.5, 0, 5.0);
  Eigen::VectorXd w(30);
  for (int i = 0; i < 30; ++i)
    w[i] = std::exp(std::log(0.05) + (std::log(500.0) - std::log(0.05)) * i / 29);
  nw::LossCurve train(d.x, d.y, Kernel::kGaussian, w, false, true);
  while (!train.done()) train.step();
  CHECK_FALSE(train.minimum().has);
  nw::LossCurve loo(d.x, d.y, Kernel::kGaussian, w, true, true);
  while (!loo.done()) loo.step();
  REQUIRE(loo.minimum().has);
  const double grid_best = loo.losses().minCoeff();
  CHECK(loo.minimum().loss <= grid_best);
  CHECK(loo.minimum().loss == nw::loo_loss(d.x, d.y, Kernel::kGaussian, loo.minimum().w));
}

TEST_CASE("bandwidth: Silverman is finite for keys near +-1.8e308 and scale-invariant") {
  // The mean, the squares and the quartile difference overflowed: h was inf.
  const Eigen::VectorXd k = (Eigen::VectorXd(4) << -1e308, -1e308, 1e308, 1e308).finished();
  const double h = nw::silverman_bandwidth(k);
  // sd = 2 1e308 / sqrt(3) < IQR / 1.34 = 2 1e308 / 1.34: h = 0.9 sd 4^(-1/5).
  CHECK(
      h ==
      doctest::Approx(0.9 * (1e308 * (2.0 / std::sqrt(3.0))) * std::pow(4.0, -0.2)).epsilon(1e-14));
  // Scaling the keys by a power of two scales h by exactly the same factor.
  const Eigen::VectorXd small = (Eigen::VectorXd(5) << 0.3, 1.1, 2.0, 2.5, 4.75).finished();
  CHECK(nw::silverman_bandwidth(small * 0x1p1000) == nw::silverman_bandwidth(small) * 0x1p1000);
  CHECK(std::isfinite(
      nw::silverman_bandwidth((Eigen::VectorXd(2) << -1.79e308, 1.79e308).finished())));
}

TEST_CASE(
    "bandwidth: a bandwidth below the smallest normal reciprocal (w = inf) is the h -> 0 limit") {
  // Found by the fuzzer: 1 / 1e-320 overflows to w = +infinity; the curve gives the one-hot rows.
  const nw::Dataset d = nw::generate_data(12, 0.5, 2, 5.0);
  Eigen::VectorXd h(3);
  h << 1e-320, 1e-300, 1.0;
  const Eigen::VectorXd c = nw::loo_curve(d.x, d.y, Kernel::kGaussian, h);
  CHECK(c[0] == c[1]);
  CHECK(std::isfinite(c[0]));
  Eigen::VectorXd w(3);
  w << 1.0, 1e10, INFINITY;
  nw::LossCurve curve(d.x, d.y, Kernel::kGaussian, w, true, true);
  while (!curve.done()) curve.step();
  CHECK(curve.losses()[2] == c[0]);
}

namespace {
// The in-sample fit written out plainly: f_i = sum_j K_ij y_j / sum_j K_ij, a_ii = K(0) / sum_j
// K_ij.
nw::SmootherFit plain_smoother_fit(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                                   nw::Kernel kernel, double h) {
  nw::SmootherFit out;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    double num = 0.0, den = 0.0;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
      const double k = nw::kernel_value(kernel, (x[i] - x[j]) / h);
      num += k * y[j];
      den += k;
    }
    out.rss += (num / den - y[i]) * (num / den - y[i]);
    out.trace += 1.0 / den;
  }
  return out;
}
}  // namespace

TEST_CASE("bandwidth: smoother_fit's RSS and tr H equal the plain hat-matrix sums") {
  // n = 600 with wide windows takes the fast paths (box expansion, fast sum updating).
  const nw::Dataset d = nw::generate_data(600, 0.5, 12, 5.0);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    for (double h : {0.01, 0.2, 1.5, 40.0}) {
      CAPTURE(k);
      CAPTURE(h);
      const nw::Kernel kernel = static_cast<nw::Kernel>(k);
      nw::LossEvaluator e(d.x, d.y, kernel);
      const nw::SmootherFit fast = e.smoother_fit(1.0 / h);
      const nw::SmootherFit plain = plain_smoother_fit(d.x, d.y, kernel, h);
      CHECK(fast.rss == doctest::Approx(plain.rss).epsilon(1e-10));
      CHECK(fast.trace == doctest::Approx(plain.trace).epsilon(1e-11));
    }
  }
  // h = infinity: every a_ii = 1/n, tr H = 1; the rss is n times the variance (1/n).
  nw::LossEvaluator e(d.x, d.y, nw::Kernel::kGaussian);
  CHECK(e.smoother_fit(0.0).trace == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("bandwidth: AIC_c by hand, and its infinite end") {
  // n = 10, rss = 2.5, tr H = 3: log(0.25) + 1.3 / 0.5.
  CHECK(nw::aic_c(2.5, 3.0, 10) == doctest::Approx(std::log(0.25) + 2.6).epsilon(1e-15));
  CHECK(nw::aic_c(2.5, 8.0, 10) == INFINITY);
  CHECK(nw::aic_c(0.0, 1.0, 10) == -INFINITY);
}

TEST_CASE("bandwidth: the AIC_c choice is the global minimum of the criterion") {
  const std::uint64_t seed = nw_test::base_seed() + 5;
  std::printf("bandwidth AIC test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  for (int k = 0; k < nw::kKernelCount - 1; ++k) {  // the constant kernel has no h to choose
    const nw::Dataset d = nw::generate_data(120, 0.5, seed + static_cast<std::uint64_t>(k), 5.0);
    const nw::Kernel kernel = static_cast<nw::Kernel>(k);
    CAPTURE(k);
    const nw::BandwidthChoice c = nw::select_bandwidth_aic(d.x, d.y, kernel);
    // A dense log grid of the plain criterion over the search range: none is lower.
    const nw::BandwidthRange r = nw::bandwidth_search_range(d.x);
    double best = INFINITY;
    for (int g = 0; g <= 2000; ++g) {
      const double h = r.lo * std::pow(500.0 * r.hi / r.lo, g / 2000.0);
      const nw::SmootherFit f = plain_smoother_fit(d.x, d.y, kernel, h);
      best = std::min(best, nw::aic_c(f.rss, f.trace, d.x.size()));
    }
    CHECK(c.aic <= best + 1e-9 * std::fabs(best));
    // Its LOO loss is the LOO loss at the chosen bandwidth.
    CHECK(c.loo_loss == nw::loo_loss(d.x, d.y, kernel, nw::scale_from_bandwidth(c.bandwidth)));
    // And its AIC_c is the criterion there.
    nw::LossEvaluator e(d.x, d.y, kernel);
    const nw::SmootherFit f = e.smoother_fit(nw::scale_from_bandwidth(c.bandwidth));
    CHECK(c.aic == nw::aic_c(f.rss, f.trace, d.x.size()));
  }
}

TEST_CASE("bandwidth: the AIC_c curve is the criterion at each h, for both estimators") {
  const std::uint64_t seed = nw_test::base_seed() + 6;
  std::printf("bandwidth AIC curve test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  const nw::Dataset d = nw::generate_data(80, 0.5, seed, 5.0);
  Eigen::VectorXd hs(6);
  hs << 0.05, 0.2, 0.5, 1.0, 3.0, INFINITY;
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const nw::Kernel kernel = static_cast<nw::Kernel>(k);
    CAPTURE(k);
    // Local constant: the plain (dense, direct) smoother's criterion.
    const Eigen::VectorXd lc = nw::aic_curve(d.x, d.y, kernel, hs);
    REQUIRE(lc.size() == hs.size());
    for (Eigen::Index i = 0; i < hs.size(); ++i) {
      CAPTURE(hs[i]);
      const nw::SmootherFit f = plain_smoother_fit(d.x, d.y, kernel, hs[i]);
      const double want = nw::aic_c(f.rss, f.trace, d.x.size());
      if (std::isinf(want)) {
        CHECK(lc[i] == want);
      } else {
        CHECK(lc[i] == doctest::Approx(want).epsilon(1e-10));
      }
    }
    // Either estimator: the evaluator's own fit at each h, bit for bit (one code path).
    for (nw::Estimator est : {nw::Estimator::kLocalConstant, nw::Estimator::kLocalLinear}) {
      const Eigen::VectorXd curve = nw::aic_curve(d.x, d.y, kernel, hs, est);
      nw::LossEvaluator e(d.x, d.y, kernel, nw::Evaluation::kWindowed, est);
      for (Eigen::Index i = 0; i < hs.size(); ++i) {
        const nw::SmootherFit f = e.smoother_fit(nw::scale_from_bandwidth(hs[i]));
        CHECK(curve[i] == nw::aic_c(f.rss, f.trace, d.x.size()));
      }
    }
  }
  // The search's choice is no worse than any point of the curve.
  const nw::BandwidthChoice c = nw::select_bandwidth_aic(d.x, d.y, nw::Kernel::kGaussian);
  CHECK(c.aic <= nw::aic_curve(d.x, d.y, nw::Kernel::kGaussian, hs).minCoeff());
  Eigen::VectorXd bad(1), two(2);
  bad << 0.0;
  two << 0.0, 1.0;
  CHECK_THROWS(nw::aic_curve(d.x, d.y, nw::Kernel::kGaussian, bad));
  CHECK_THROWS(nw::aic_curve(two, two, nw::Kernel::kGaussian, hs));
}

TEST_CASE("bandwidth: AIC_c at the edges: equal values, three points, equal keys") {
  Eigen::VectorXd x(5), same(5);
  x << 0.0, 1.0, 2.0, 3.0, 4.0;
  same.setConstant(2.0);
  const nw::BandwidthChoice flat = nw::select_bandwidth_aic(x, same, nw::Kernel::kGaussian);
  CHECK(flat.bandwidth == INFINITY);
  CHECK(flat.aic == -INFINITY);
  CHECK(flat.loo_loss == 0.0);
  Eigen::VectorXd x3(3), y3(3);
  x3 << 0.0, 1.0, 3.0;
  y3 << 1.0, -1.0, 2.0;
  // tr H >= 1 everywhere, so tr H + 2 >= 3: AIC_c is infinite at every h.
  const nw::BandwidthChoice three = nw::select_bandwidth_aic(x3, y3, nw::Kernel::kEpanechnikov);
  CHECK(three.bandwidth == INFINITY);
  CHECK(three.aic == INFINITY);
  Eigen::VectorXd one = Eigen::VectorXd::Constant(6, 1.0), y6(6);
  y6 << 1, 2, 3, 4, 5, 7;
  const nw::BandwidthChoice tied = nw::select_bandwidth_aic(one, y6, nw::Kernel::kGaussian);
  CHECK(std::isfinite(tied.loo_loss));
  Eigen::VectorXd two(2);
  two << 0.0, 1.0;
  CHECK_THROWS(nw::select_bandwidth_aic(two, two, nw::Kernel::kGaussian));
}
