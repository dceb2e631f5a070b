#include "compact_sums.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "helpers.h"
#include "nadaraya_watson.h"
#include "rng.h"

using nw::Kernel;

namespace {

const Kernel kCompact[] = {Kernel::kBoxcar, Kernel::kEpanechnikov, Kernel::kTriangular,
                           Kernel::kTricube, Kernel::kCosine};

// G(u) = u K'(u): the gradient's kernel.
double g_of(Kernel k, double u) { return u * nw::kernel_derivative(k, u); }

// The sums of one row by a plain loop over every key (the definition).
nw::WindowSums direct(const std::vector<double>& x, const std::vector<double>& y, Kernel k,
                      double w, double q, long skip) {
  nw::WindowSums s;
  for (size_t j = 0; j < x.size(); ++j) {
    if (static_cast<long>(j) == skip) continue;
    const double u = nw::scaled_difference(q, x[j], std::fabs(w));
    const double e = nw::kernel_value(k, u);
    if (e == 0.0) continue;
    s.s0 += e, s.s1 += e * y[j], ++s.count;
    s.g0 += g_of(k, u), s.g1 += g_of(k, u) * y[j];
  }
  return s;
}

struct Data {
  std::vector<double> x, y;
};

// n sorted keys: uniform on [origin, origin + span), values 2 sin x + noise (scaled to O(1)).
Data sample_data(nw::Rng& rng, int n, double origin, double span) {
  Data d;
  for (int i = 0; i < n; ++i) d.x.push_back(origin + span * rng.uniform());
  std::sort(d.x.begin(), d.x.end());
  for (int i = 0; i < n; ++i) d.y.push_back(2.0 * std::sin(6.0 * i / n) + rng.normal());
  return d;
}

Eigen::Map<const Eigen::VectorXd> vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// Windowed (fast sum updating where it pays) against dense: predictions at m queries and the LOO
// loss, both to `tol` relative to the values' scale; the LOO gradient to 1e3 tol.
void check_against_dense(const Data& d, Kernel k, double h, const std::vector<double>& queries,
                         double tol) {
  const auto x = vec(d.x), y = vec(d.y), q = vec(queries);
  const double w = 1.0 / h;
  double scale = 0.0;
  for (double v : d.y) scale = std::max(scale, std::fabs(v));
  const Eigen::VectorXd fast = nw::predict(q, x, y, k, w);
  const Eigen::VectorXd dense = nw::predict(q, x, y, k, w, nw::Evaluation::kDense);
  for (Eigen::Index i = 0; i < fast.size(); ++i) {
    CAPTURE(i);
    REQUIRE(std::fabs(fast[i] - dense[i]) <= tol * scale);
  }
  const nw::LossAndGradient lf = nw::training_loss(x, y, k, w, true);
  const nw::LossAndGradient ld =
      nw::training_loss(x, y, k, w, true, {}, nw::Evaluation::kDense, true);
  // The loss is a sum of n squared errors of O(scale): relative to n scale^2.
  const double n = static_cast<double>(d.x.size());
  CHECK(std::fabs(lf.loss - ld.loss) <= tol * (ld.loss + n * scale * scale * 1e-3));
  CHECK(std::fabs(lf.loss - ld.loss) <= tol * 1e3 * ld.loss);
  CHECK(std::fabs(lf.gradient - ld.gradient) <=
        1e3 * tol * (std::fabs(ld.gradient) + n * scale * scale * std::fabs(h)));
}

std::vector<double> query_grid(double lo, double hi, int m) {
  std::vector<double> q;
  for (int i = 0; i < m; ++i) q.push_back(lo + (hi - lo) * (i + 0.5) / m);
  return q;
}

}  // namespace

TEST_CASE("compact_sums: every row's sums equal the plain loop (random keys, LOO and not)") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  for (const Kernel k : kCompact) {
    for (const double h : {0.003, 0.05, 0.6, 3.0, 50.0}) {
      nw::Rng rng(base + 11);
      const Data d = sample_data(rng, 800, -2.0, 7.0);
      const nw::SortedPairs p(vec(d.x), d.y.data());
      for (const bool loo : {true, false}) {
        nw::CompactSweep sweep(p, k, -1.0 / h, true);  // a negative w: |w| is used
        for (long s = 0; s < static_cast<long>(d.x.size()); ++s) {
          const nw::WindowSums got = sweep.at(d.x[s], loo ? s : -1);
          const nw::WindowSums want = direct(d.x, d.y, k, 1.0 / h, d.x[s], loo ? s : -1);
          CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
          CAPTURE(h);
          CAPTURE(s);
          REQUIRE(got.count == want.count);
          const double c = static_cast<double>(want.count) + 1.0;
          REQUIRE(std::fabs(got.s0 - want.s0) <= 1e-13 * c);
          REQUIRE(std::fabs(got.s1 - want.s1) <= 1e-13 * 4.0 * c);
          if (k != Kernel::kBoxcar) {
            REQUIRE(std::fabs(got.g0 - want.g0) <= 1e-12 * c);
            REQUIRE(std::fabs(got.g1 - want.g1) <= 4e-12 * c);
          }
        }
        // Amortised O(1): a few rebases per key at most.
        CHECK(sweep.rebases() <= 12 * static_cast<Eigen::Index>(d.x.size()) + 1);
      }
    }
  }
}

TEST_CASE("compact_sums: predictions and LOO loss equal the dense sums to 1e-12 (random keys)") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 12);
  const Data d = sample_data(rng, 3000, 0.0, 5.0);
  // Queries in random order, beyond the keys at both ends too.
  std::vector<double> q;
  for (int i = 0; i < 500; ++i) q.push_back(-1.0 + 7.0 * rng.uniform());
  double min_gap = 1e300;
  for (size_t i = 1; i < d.x.size(); ++i)
    if (d.x[i] > d.x[i - 1]) min_gap = std::min(min_gap, d.x[i] - d.x[i - 1]);
  for (const Kernel k : kCompact) {
    // Below the smallest gap, ordinary, and spanning the whole range (and more).
    for (const double h : {0.5 * min_gap, 0.02, 0.3, 5.0, 12.0}) {
      CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
      CAPTURE(h);
      check_against_dense(d, k, h, q, 1e-12);
    }
  }
}

TEST_CASE("compact_sums: hostile spreads (keys 1e-9 apart, keys spanning 1e8)") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 13);
  Data close;  // 2000 keys 1e-9 apart near 1e3 (|x| >> h: raw powers would cancel)
  for (int i = 0; i < 2000; ++i) close.x.push_back(1000.0 + i * 1e-9);
  for (int i = 0; i < 2000; ++i) close.y.push_back(std::sin(0.01 * i) + 0.1 * rng.normal());
  Data wide = sample_data(rng, 2000, -5e7, 1e8);
  for (const Kernel k : kCompact) {
    CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
    for (const double h : {3e-9, 5e-8, 1e-6}) {
      CAPTURE(h);
      check_against_dense(close, k, h, query_grid(1000.0 - 1e-7, 1000.0 + 2.1e-6, 300), 1e-12);
    }
    for (const double h : {1e4, 1e6, 3e7, 1e9}) {
      CAPTURE(h);
      check_against_dense(wide, k, h, query_grid(-6e7, 6e7, 300), 1e-12);
    }
  }
}

TEST_CASE("compact_sums: ties, all-equal keys, one key and empty supports") {
  for (const Kernel k : kCompact) {
    CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
    // Ties: 40 distinct keys, each 50 times.
    Data ties;
    for (int i = 0; i < 2000; ++i) ties.x.push_back(std::floor(i / 50) * 0.1);
    for (int i = 0; i < 2000; ++i) ties.y.push_back(std::cos(0.37 * i));
    for (const double h : {0.05, 0.1, 0.25, 10.0}) {
      CAPTURE(h);
      check_against_dense(ties, k, h, query_grid(-0.5, 4.5, 200), 1e-12);
    }
    // All keys equal: every row pools all other values (or is empty at a tiny h: never here,
    // the distance is 0).
    Data same;
    same.x.assign(500, 2.5);
    for (int i = 0; i < 500; ++i) same.y.push_back(i % 7);
    check_against_dense(same, k, 0.1, query_grid(2.0, 3.0, 50), 1e-12);
    // One key: every query with it in its window gets its value, the others the fallback (the
    // same key).
    const Eigen::VectorXd one = Eigen::VectorXd::Constant(1, 1.0),
                          v = Eigen::VectorXd::Constant(1, 4.0);
    const Eigen::VectorXd q = Eigen::VectorXd::LinSpaced(40, -3.0, 5.0);
    const Eigen::VectorXd f = nw::predict(q, one, v, k, 2.0);
    for (Eigen::Index i = 0; i < q.size(); ++i) CHECK(f[i] == 4.0);
  }
}

TEST_CASE("compact_sums: the sweep covers exactly the keys of non-zero weight (edges |u| = 1)") {
  // Keys on a grid of step 0.25 and h = 0.5: keys at |u| = 1 exactly. Epanechnikov, triangular
  // and tricube give them weight 0 (not in the window); the boxcar and the cosine (cos(pi/2) in
  // doubles is 6e-17) include them.
  std::vector<double> x, y;
  for (int i = 0; i < 200; ++i) x.push_back(0.25 * i), y.push_back(i % 3);
  const nw::SortedPairs p(vec(x), y.data());
  for (const Kernel k : kCompact) {
    nw::CompactSweep sweep(p, k, 2.0, false);
    const nw::WindowSums s = sweep.at(10.0, 40);
    const int expected = nw::kernel_value(k, 1.0) != 0.0 ? 4 : 2;
    CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
    CHECK(s.count == expected);
  }
  // Decreasing queries are rejected.
  nw::CompactSweep sweep(p, Kernel::kEpanechnikov, 2.0, false);
  sweep.at(5.0, -1);
  CHECK_THROWS_AS(sweep.at(4.0, -1), std::invalid_argument);
  // Not applicable: Gaussian, w = 0, infinite w, values whose magnitudes overflow.
  CHECK_FALSE(nw::CompactSweep::applicable(p, Kernel::kGaussian, 2.0));
  CHECK_FALSE(nw::CompactSweep::applicable(p, Kernel::kBoxcar, 0.0));
  CHECK_FALSE(nw::CompactSweep::applicable(p, Kernel::kBoxcar, INFINITY));
  std::vector<double> big(200, 1e307);
  const nw::SortedPairs pb(vec(x), big.data());
  CHECK_FALSE(nw::CompactSweep::applicable(pb, Kernel::kBoxcar, 2.0));
}

TEST_CASE("compact_sums: a training run's batches are bit-identical however they are split") {
  // Full-batch LOO loss through LossEvaluator: one call and row slices give the same bits, and
  // equal training_loss.
  nw::Rng rng(nw_test::base_seed() + 14);
  const Data d = sample_data(rng, 1500, 0.0, 5.0);
  const auto x = vec(d.x), y = vec(d.y);
  for (const Kernel k : kCompact) {
    nw::LossEvaluator e(x, y, k);
    e.set_scale(2.0, x.size());
    nw::LossAndGradient whole, sliced;
    e.accumulate(nullptr, 0, x.size(), true, true, &whole);
    for (Eigen::Index first = 0; first < x.size(); first += 97)
      e.accumulate(nullptr, first, std::min<Eigen::Index>(97, x.size() - first), true, true,
                   &sliced);
    const nw::LossAndGradient one = nw::training_loss(x, y, k, 2.0, true);
    CHECK(whole.loss == sliced.loss);
    CHECK(whole.gradient == sliced.gradient);
    CHECK(whole.loss == one.loss);
    CHECK(nw::loo_loss(x, y, k, 2.0) == one.loss);
  }
}
