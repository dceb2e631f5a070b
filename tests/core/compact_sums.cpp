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

// ---------------------------------------------------------------------------------------------
// Local-linear sums (CompactSweep with_linear) and the local-linear estimator's swept rows.

namespace {

// The local-linear sums of one row by a plain loop over every key: s0, s1 = sum K (y - offset),
// u1 = sum K u, u2 = sum K u^2, uy = sum K u (y - offset), u = (q - x)|w|.
nw::WindowSums direct_linear(const std::vector<double>& x, const std::vector<double>& y, Kernel k,
                             double w, double q, long skip, double offset) {
  nw::WindowSums s;
  for (size_t j = 0; j < x.size(); ++j) {
    if (static_cast<long>(j) == skip) continue;
    const double u = nw::scaled_difference(q, x[j], std::fabs(w));
    const double e = nw::kernel_value(k, u);
    if (e == 0.0) continue;
    const double dy = y[j] - offset;
    s.s0 += e, s.s1 += e * dy, ++s.count;
    s.u1 += e * u, s.u2 += e * u * u, s.uy += e * u * dy;
  }
  return s;
}

// Local linear, windowed (swept where it pays) against dense: predictions at the queries to `tol`
// relative to the values' largest magnitude, the LOO loss and the in-sample RSS and tr H (AIC_c's
// inputs) to `tol` relative (sums of squares of fits that are exact to rounding: within
// n (tol scale)^2). With offset_values (values far from 0: the dense sums themselves round at
// 1e-16 of that offset) the losses to what predictions within tol scale allow:
// |sum a^2 - sum b^2| <= 2 tol scale sqrt(n sum b^2). Returns the rows the LOO sweep took from
// its sums.
Eigen::Index check_linear_against_dense(const Data& d, Kernel k, double h,
                                        const std::vector<double>& queries, double tol,
                                        bool offset_values = false) {
  const auto x = vec(d.x), y = vec(d.y), q = vec(queries);
  const double w = 1.0 / h;
  const auto ll = nw::Estimator::kLocalLinear;
  double scale = 0.0;
  for (double v : d.y) scale = std::max(scale, std::fabs(v));
  const Eigen::VectorXd fast = nw::predict(q, x, y, k, w, nw::Evaluation::kWindowed, ll);
  const Eigen::VectorXd dense = nw::predict(q, x, y, k, w, nw::Evaluation::kDense, ll);
  for (Eigen::Index i = 0; i < fast.size(); ++i) {
    CAPTURE(i);
    CAPTURE(queries[static_cast<size_t>(i)]);
    CAPTURE(fast[i]);
    CAPTURE(dense[i]);
    REQUIRE(std::fabs(fast[i] - dense[i]) <= tol * scale);
  }
  nw::LossEvaluator fe(x, y, k, nw::Evaluation::kWindowed, ll);
  nw::LossEvaluator de(x, y, k, nw::Evaluation::kDense, ll);
  const double lf = fe.loss(w, true), ld = de.loss(w, true);
  const Eigen::Index swept = fe.swept_rows();
  const double n = static_cast<double>(d.x.size());
  const auto allowed = [&](double b) {
    return offset_values ? 2.0 * tol * scale * std::sqrt(n * b)
                         : tol * b + n * (tol * scale) * (tol * scale);
  };
  CAPTURE(lf);
  CAPTURE(ld);
  CHECK(std::fabs(lf - ld) <= allowed(ld));
  CHECK(nw::loo_loss(x, y, k, w, ll) == lf);
  const nw::SmootherFit sf = fe.smoother_fit(w), sd = de.smoother_fit(w);
  CAPTURE(sf.rss);
  CAPTURE(sd.rss);
  CHECK(std::fabs(sf.rss - sd.rss) <= allowed(sd.rss));
  CHECK(std::fabs(sf.trace - sd.trace) <= tol * sd.trace);
  return swept;
}

const auto kLinear = nw::Estimator::kLocalLinear;

}  // namespace

TEST_CASE("compact_sums: local-linear sums of every row equal the plain loop (LOO and not)") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  for (const Kernel k : kCompact) {
    for (const double h : {0.003, 0.05, 0.6, 3.0, 50.0}) {
      nw::Rng rng(base + 15);
      Data d = sample_data(rng, 800, -2.0, 7.0);
      for (double& v : d.y) v += 40.0;  // an offset: the sums are of y - value_offset()
      const nw::SortedPairs p(vec(d.x), d.y.data());
      for (const bool loo : {true, false}) {
        nw::CompactSweep sweep(p, k, -1.0 / h, false, true);
        const double offset = sweep.value_offset();
        CHECK(std::fabs(offset - vec(d.y).mean()) <= 1e-13 * 40.0);
        for (long s = 0; s < static_cast<long>(d.x.size()); ++s) {
          const nw::WindowSums got = sweep.at(d.x[s], loo ? s : -1);
          const nw::WindowSums want =
              direct_linear(d.x, d.y, k, 1.0 / h, d.x[s], loo ? s : -1, offset);
          CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
          CAPTURE(h);
          CAPTURE(s);
          REQUIRE(got.count == want.count);
          // Every term is at most 1 (times |y - offset| <= 4): relative to the window's size.
          const double c = static_cast<double>(want.count) + 1.0;
          REQUIRE(std::fabs(got.s0 - want.s0) <= 1e-14 * c);
          REQUIRE(std::fabs(got.s1 - want.s1) <= 4e-14 * c);
          REQUIRE(std::fabs(got.u1 - want.u1) <= 1e-14 * c);
          REQUIRE(std::fabs(got.u2 - want.u2) <= 1e-14 * c);
          REQUIRE(std::fabs(got.uy - want.uy) <= 4e-14 * c);
          // term2 bounds the terms that formed u2, so it is at least u2.
          REQUIRE(got.term2 >= want.u2 * (1.0 - 1e-12));
        }
        CHECK(sweep.rebases() <= 12 * static_cast<Eigen::Index>(d.x.size()) + 1);
      }
    }
  }
}

TEST_CASE(
    "compact_sums: the local-constant sums do not change when the sweep adds the linear ones") {
  nw::Rng rng(nw_test::base_seed() + 16);
  const Data d = sample_data(rng, 600, 0.0, 3.0);
  const nw::SortedPairs p(vec(d.x), d.y.data());
  for (const Kernel k : kCompact) {
    nw::CompactSweep plain(p, k, 4.0, false), linear(p, k, 4.0, false, true);
    CHECK(plain.value_offset() == 0.0);
    CHECK(plain.value_spread() == 0.0);
    for (size_t s = 0; s < d.x.size(); ++s) {
      const nw::WindowSums a = plain.at(d.x[s], static_cast<long>(s));
      const nw::WindowSums b = linear.at(d.x[s], static_cast<long>(s));
      CAPTURE(s);
      REQUIRE(a.count == b.count);
      REQUIRE(a.u1 == 0.0);  // not computed without with_linear
      REQUIRE(std::fabs(a.s0 - b.s0) <= 1e-14 * static_cast<double>(a.count + 1));
      REQUIRE(std::fabs(a.s1 - (b.s1 + linear.value_offset() * b.s0)) <=
              1e-13 * static_cast<double>(a.count + 1));
    }
  }
}

TEST_CASE(
    "compact_sums: local-linear predictions, LOO loss and tr H equal the dense sums to 1e-12") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 17);
  const Data d = sample_data(rng, 3000, 0.0, 5.0);
  // Queries in random order, beyond the keys at both ends too.
  std::vector<double> q;
  for (int i = 0; i < 500; ++i) q.push_back(-1.0 + 7.0 * rng.uniform());
  double min_gap = 1e300;
  for (size_t i = 1; i < d.x.size(); ++i)
    if (d.x[i] > d.x[i - 1]) min_gap = std::min(min_gap, d.x[i] - d.x[i - 1]);
  for (const Kernel k : kCompact) {
    // Below the smallest gap (empty LOO rows, single keys), ordinary, and spanning the range.
    for (const double h : {0.5 * min_gap, 0.02, 0.3, 5.0, 12.0, 5e3}) {
      CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
      CAPTURE(h);
      const Eigen::Index swept = check_linear_against_dense(d, k, h, q, 1e-12);
      // Windows of many keys: (nearly) every LOO row comes from the sweep's sums.
      if (h >= 0.3) CHECK(swept >= 2990);
    }
  }
}

TEST_CASE("compact_sums: local linear on hostile spreads (keys 1e-9 apart, keys spanning 1e8)") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 18);
  Data close;  // 2000 keys 1e-9 apart near 1e3 (|x| >> h: raw powers would cancel)
  for (int i = 0; i < 2000; ++i) close.x.push_back(1000.0 + i * 1e-9);
  for (int i = 0; i < 2000; ++i) close.y.push_back(std::sin(0.01 * i) + 0.1 * rng.normal());
  Data wide = sample_data(rng, 2000, -5e7, 1e8);
  Data offset = sample_data(rng, 2000, 0.0, 5.0);  // values far from 0: 1e6 + O(1)
  for (double& v : offset.y) v += 1e6;
  for (const Kernel k : kCompact) {
    CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
    for (const double h : {3e-9, 5e-8, 1e-6}) {
      CAPTURE(h);
      check_linear_against_dense(close, k, h, query_grid(1000.0 - 1e-7, 1000.0 + 2.1e-6, 300),
                                 1e-12);
    }
    for (const double h : {1e4, 1e6, 3e7, 1e9}) {
      CAPTURE(h);
      check_linear_against_dense(wide, k, h, query_grid(-6e7, 6e7, 300), 1e-12);
    }
    for (const double h : {0.05, 1.0}) {
      CAPTURE(h);
      check_linear_against_dense(offset, k, h, query_grid(-0.5, 5.5, 300), 1e-12, true);
    }
  }
}

TEST_CASE("compact_sums: local linear with ties, all-equal keys, few keys and empty supports") {
  for (const Kernel k : kCompact) {
    CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
    // Ties: 40 distinct keys, each 50 times (windows of one distinct key: local constant).
    Data ties;
    for (int i = 0; i < 2000; ++i) ties.x.push_back(std::floor(i / 50) * 0.1);
    for (int i = 0; i < 2000; ++i) ties.y.push_back(std::cos(0.37 * i));
    for (const double h : {0.05, 0.1, 0.25, 10.0}) {
      CAPTURE(h);
      check_linear_against_dense(ties, k, h, query_grid(-0.5, 4.5, 200), 1e-12);
    }
    // Pairs of keys 1e-6 h apart, 3 h between pairs: windows of two nearly equal keys (the line
    // is nearly undetermined: the rows are evaluated directly) and of one key.
    Data pairs;
    for (int i = 0; i < 1000; ++i) {
      pairs.x.push_back(3.0 * i), pairs.x.push_back(3.0 * i + 1e-6);
      pairs.y.push_back(std::sin(0.1 * i)), pairs.y.push_back(std::sin(0.1 * i) + 0.5);
    }
    check_linear_against_dense(pairs, k, 1.0, query_grid(-2.0, 3000.0, 400), 1e-12);
    // All keys equal: the mean of the (other) values, whatever the width.
    Data same;
    same.x.assign(500, 2.5);
    for (int i = 0; i < 500; ++i) same.y.push_back(i % 7);
    check_linear_against_dense(same, k, 0.1, query_grid(2.0, 3.0, 50), 1e-12);
    // One key and two keys: the key's value; the line through both (or its value alone).
    Eigen::VectorXd one(1), v1(1), two(2), v2(2);
    one << 1.0;
    v1 << 4.0;
    two << 1.0, 2.0;
    v2 << 4.0, 6.0;
    const Eigen::VectorXd q = Eigen::VectorXd::LinSpaced(40, -3.0, 5.0);
    const Eigen::VectorXd f1 = nw::predict(q, one, v1, k, 2.0, nw::Evaluation::kWindowed, kLinear);
    for (Eigen::Index i = 0; i < q.size(); ++i) CHECK(f1[i] == 4.0);
    const Eigen::VectorXd f2 = nw::predict(q, two, v2, k, 0.6, nw::Evaluation::kWindowed, kLinear);
    const Eigen::VectorXd d2 = nw::predict(q, two, v2, k, 0.6, nw::Evaluation::kDense, kLinear);
    nw_test::assert_near(f2, d2, 1e-14);
    // Empty supports (h below every gap of the ties): the nearest key's value.
    Eigen::VectorXd far(3);
    far << 0.04, 0.26, 9.0;
    const Eigen::VectorXd fe =
        nw::predict(far, vec(ties.x), vec(ties.y), k, 1e3, nw::Evaluation::kWindowed, kLinear);
    CHECK(fe[0] == ties.y[0]);
    CHECK(fe[1] == ties.y[150]);
    CHECK(fe[2] == ties.y[1950]);
  }
}

TEST_CASE(
    "compact_sums: local-linear rows leaning on a far cluster are exact (direct when needed)") {
  // 20000 keys within 1e-3 of 0 and 500 keys 0.02 apart beyond: rows whose window holds the
  // cluster near its edge have u2 >> V (the line rests on the sparse keys), and the sweep's
  // centre is left at the cluster's edge when it leaves the window.
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 19);
  Data d;
  for (int i = 0; i < 20000; ++i) d.x.push_back(1e-3 * rng.uniform());
  for (int i = 1; i <= 500; ++i) d.x.push_back(0.02 * i + 1e-4 * rng.uniform());
  std::sort(d.x.begin(), d.x.end());
  for (const double x : d.x) d.y.push_back(std::sin(3.0 * x) + 0.1 * rng.normal());
  const auto x = vec(d.x), y = vec(d.y);
  double scale = 0.0;
  for (double v : d.y) scale = std::max(scale, std::fabs(v));
  for (const Kernel k : kCompact) {
    for (const double h : {0.3, 1.0}) {
      CAPTURE(nw::kernel_names()[static_cast<int>(k)]);
      CAPTURE(h);
      const Eigen::VectorXd q = Eigen::VectorXd::LinSpaced(2000, 0.95 * h, 0.95 * h + 1.0);
      const Eigen::VectorXd fast =
          nw::predict(q, x, y, k, 1.0 / h, nw::Evaluation::kWindowed, kLinear);
      const Eigen::VectorXd dense =
          nw::predict(q, x, y, k, 1.0 / h, nw::Evaluation::kDense, kLinear);
      nw_test::assert_near(fast / scale, dense / scale, 1e-12);
    }
  }
}
