#include "attention_nd.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "dataset.h"
#include "helpers.h"
#include "nadaraya_watson.h"
#include "rng.h"

using nw::AttentionModel;
using nw::Kernel;
using nw::RowMatrix;

namespace {

const Kernel kTrainable[] = {Kernel::kGaussian, Kernel::kEpanechnikov, Kernel::kTriangular,
                             Kernel::kTricube, Kernel::kCosine};

RowMatrix random_points(int n, int d, nw::Rng* rng, double scale = 5.0) {
  RowMatrix x(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) x(i, k) = scale * rng->uniform();
  return x;
}

std::vector<double> random_params(AttentionModel model, int d, int r, nw::Rng* rng, double lo,
                                  double hi) {
  std::vector<double> p(static_cast<std::size_t>(nw::model_param_count(model, d, r)));
  for (double& v : p) v = lo + (hi - lo) * rng->uniform();
  return p;
}

// The prediction of query q written out plainly: the model's score of each key, the kernel, the
// normalised sum (no projections precomputed, no max shift but for the softmax).
double plain_prediction(const RowMatrix& x, const Eigen::VectorXd& y, const Eigen::VectorXd& q,
                        AttentionModel model, const std::vector<double>& p, Kernel kernel,
                        int skip) {
  const int d = static_cast<int>(x.cols());
  std::vector<double> s(static_cast<std::size_t>(x.rows()), 0.0);
  double best = -INFINITY;
  for (Eigen::Index j = 0; j < x.rows(); ++j) {
    if (j == skip) continue;
    double score = 0.0;
    if (model == AttentionModel::kDot) {
      const int r = static_cast<int>(p.size()) / (2 * d);
      for (int a = 0; a < r; ++a) {
        double qa = 0.0, ka = 0.0;
        for (int b = 0; b < d; ++b) {
          qa += p[static_cast<std::size_t>(a * d + b)] * q[b];
          ka += p[static_cast<std::size_t>(r * d + a * d + b)] * x(j, b);
        }
        score += qa * ka;
      }
      score /= std::sqrt(static_cast<double>(r));
    } else {
      double t2 = 0.0;
      for (int a = 0; a < d; ++a) {
        double u = 0.0;
        for (int b = 0; b < d; ++b) {
          double m = 0.0;
          if (model == AttentionModel::kScalar) m = a == b ? p[0] : 0.0;
          if (model == AttentionModel::kDiagonal) m = a == b ? p[static_cast<std::size_t>(a)] : 0.0;
          if (model == AttentionModel::kFull) m = p[static_cast<std::size_t>(a * d + b)];
          u += m * (q[b] - x(j, b));
        }
        t2 += u * u;
      }
      score = kernel == Kernel::kGaussian ? -0.5 * t2 : nw::kernel_value(kernel, std::sqrt(t2));
    }
    s[static_cast<std::size_t>(j)] = score;
    best = std::fmax(best, score);
  }
  const bool softmax = model == AttentionModel::kDot || kernel == Kernel::kGaussian;
  double num = 0.0, den = 0.0;
  for (Eigen::Index j = 0; j < x.rows(); ++j) {
    if (j == skip) continue;
    const double k =
        softmax ? std::exp(s[static_cast<std::size_t>(j)] - best) : s[static_cast<std::size_t>(j)];
    num += k * y[j];
    den += k;
  }
  return num / den;
}

}  // namespace

TEST_CASE("attention nd: one dimension, isotropic, is the chapter's estimator") {
  const nw::Dataset d = nw::generate_data(60, 0.5, 3, 5.0);
  const nw::NdDataset nd = nw::generate_data_nd(60, 0.5, 3, 5.0, 1);
  CHECK(nd.x.col(0) == d.x);
  CHECK(nd.y == d.y);
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Kernel kernel = static_cast<Kernel>(k);
    CAPTURE(k);
    for (double w : {0.3, 2.0, 25.0}) {
      nw::ScoreSpec spec;
      spec.kernel = kernel;
      spec.w = w;
      const Eigen::VectorXd one = nw::predict(q, d.x, d.y, kernel, w);
      const Eigen::VectorXd many = nw::predict_nd(RowMatrix(q), RowMatrix(d.x), d.y, spec);
      nw_test::assert_near(many, one, 1e-12);
    }
  }
}

TEST_CASE("attention nd: predictions and weights equal a plain loop for every model") {
  const std::uint64_t seed = nw_test::base_seed() + 41;
  std::printf("attention nd plain-loop test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  nw::Rng rng(seed);
  for (int d : {1, 2, 3, 8}) {
    const RowMatrix x = random_points(40, d, &rng);
    Eigen::VectorXd y(40);
    for (int i = 0; i < 40; ++i) y[i] = rng.normal();
    const RowMatrix q = random_points(7, d, &rng);
    for (int m = 0; m < nw::kAttentionModelCount; ++m) {
      const AttentionModel model = static_cast<AttentionModel>(m);
      for (Kernel kernel : kTrainable) {
        if (model == AttentionModel::kDot && kernel != Kernel::kGaussian) continue;
        CAPTURE(d);
        CAPTURE(m);
        CAPTURE(static_cast<int>(kernel));
        const int r = model == AttentionModel::kDot ? 2 : d;
        // Compact kernels need widths that leave keys inside the support: keys are about
        // 2 sqrt(d) apart, so scales up to 0.6 / sqrt(d).
        const double c = 1.0 / std::sqrt(static_cast<double>(d));
        const std::vector<double> p = random_params(model, d, r, &rng, 0.2 * c, 0.6 * c);
        const nw::ScoreSpec spec = nw::model_spec(model, d, p, kernel);
        const Eigen::VectorXd f = nw::predict_nd(q, x, y, spec);
        std::vector<double> weights(static_cast<std::size_t>(7 * 40));
        nw::attention_weights_nd(q, x, spec, weights.data());
        for (int i = 0; i < 7; ++i) {
          const Eigen::VectorXd qi = q.row(i).transpose();
          CHECK(f[i] ==
                doctest::Approx(plain_prediction(x, y, qi, model, p, kernel, -1)).epsilon(1e-12));
          double sum = 0.0, dotted = 0.0;
          for (int j = 0; j < 40; ++j) {
            sum += weights[static_cast<std::size_t>(i * 40 + j)];
            dotted += weights[static_cast<std::size_t>(i * 40 + j)] * y[j];
          }
          CHECK(sum == doctest::Approx(1.0).epsilon(1e-14));
          CHECK(dotted == doctest::Approx(f[i]).epsilon(1e-12));
        }
      }
    }
  }
}

TEST_CASE("attention nd: on the unit circle the Gaussian kernel is dot-product attention") {
  // |q - x|^2 = 2 - 2 q . x for unit vectors: exp(-w^2 |q - x|^2 / 2) = e^{-w^2} exp(w^2 q . x),
  // and the constant cancels in the normalisation.
  nw::Rng rng(nw_test::base_seed() + 42);
  RowMatrix x(50, 2), q(20, 2);
  for (int i = 0; i < 50; ++i) {
    const double a = 6.283185307179586 * rng.uniform();
    x(i, 0) = std::cos(a);
    x(i, 1) = std::sin(a);
  }
  for (int i = 0; i < 20; ++i) {
    const double a = 6.283185307179586 * rng.uniform();
    q(i, 0) = std::cos(a);
    q(i, 1) = std::sin(a);
  }
  for (double w : {0.5, 1.5, 4.0}) {
    nw::ScoreSpec gauss, dot;
    gauss.w = w;
    dot.w = w;
    dot.score = nw::Score::kDot;
    std::vector<double> a(20 * 50), b(20 * 50);
    nw::attention_weights_nd(q, x, gauss, a.data());
    nw::attention_weights_nd(q, x, dot, b.data());
    double worst = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) worst = std::fmax(worst, std::fabs(a[k] - b[k]));
    CAPTURE(w);
    CHECK(worst < 1e-14);
  }
}

TEST_CASE("attention nd: analytic gradients equal central finite differences") {
  const std::uint64_t seed = nw_test::base_seed() + 43;
  std::printf("attention nd gradient test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  nw::Rng rng(seed);
  for (int d : {1, 2, 3}) {
    const nw::NdDataset data =
        nw::generate_data_nd(30, 0.3, seed + static_cast<unsigned>(d), 5.0, d);
    for (int m = 0; m < nw::kAttentionModelCount; ++m) {
      const AttentionModel model = static_cast<AttentionModel>(m);
      for (Kernel kernel : kTrainable) {
        if (model == AttentionModel::kDot && kernel != Kernel::kGaussian) continue;
        for (bool loo : {true, false}) {
          CAPTURE(d);
          CAPTURE(m);
          CAPTURE(static_cast<int>(kernel));
          CAPTURE(loo);
          const int r = model == AttentionModel::kDot ? 2 : d;
          const std::vector<double> p = random_params(model, d, r, &rng, 0.25, 0.7);
          const nw::NdLoss l = nw::training_loss_nd(data.x, data.y, model, p, kernel, loo);
          REQUIRE(l.gradient.size() == static_cast<Eigen::Index>(p.size()));
          for (std::size_t k = 0; k < p.size(); ++k) {
            // A compact kernel's loss has a kink where a pair's scaled distance crosses the
            // support edge (the cosine's slope jumps there): a central difference whose step
            // crosses one is off. A smaller step then agrees; a wrong gradient agrees with none.
            const double g = l.gradient[static_cast<Eigen::Index>(k)];
            double closest = INFINITY;
            for (double step : {1e-6, 1e-7, 1e-8}) {
              std::vector<double> hi = p, lo = p;
              hi[k] += step;
              lo[k] -= step;
              const double fd =
                  (nw::training_loss_nd(data.x, data.y, model, hi, kernel, loo).loss -
                   nw::training_loss_nd(data.x, data.y, model, lo, kernel, loo).loss) /
                  (2 * step);
              closest = std::fabs(g - fd) < std::fabs(g - closest) ? fd : closest;
            }
            CAPTURE(k);
            CHECK(g == doctest::Approx(closest).epsilon(2e-5).scale(1.0));
          }
        }
      }
    }
  }
}

// The loss's gradient written out plainly in long double, pair by pair from the definitions: the
// projections built from the params, each key's weight from its score, dL/ds_j and ds_j/dparams
// multiplied out per pair (training_loss_nd gathers sums per row instead). `scale` receives, per
// parameter, the sum of the terms' magnitudes (the size of the rounding that a sum of them has).
std::vector<long double> plain_gradient(const RowMatrix& x, const Eigen::VectorXd& y,
                                        AttentionModel model, const std::vector<double>& p,
                                        Kernel kernel, bool loo, std::vector<long double>* scale) {
  using L = long double;
  const int n = static_cast<int>(x.rows()), d = static_cast<int>(x.cols());
  const bool dot = model == AttentionModel::kDot;
  const int r = dot ? static_cast<int>(p.size()) / (2 * d) : d;
  // P (distance models) or A = Wq / sqrt(r) and B = Wk (dot), r x d, row-major.
  std::vector<L> P(static_cast<std::size_t>(r * d), 0.0L), A = P, B = P;
  for (int a = 0; a < r; ++a)
    for (int c = 0; c < d; ++c) {
      const std::size_t at = static_cast<std::size_t>(a * d + c);
      if (model == AttentionModel::kScalar) P[at] = a == c ? p[0] : 0.0L;
      if (model == AttentionModel::kDiagonal)
        P[at] = a == c ? p[static_cast<std::size_t>(a)] : 0.0L;
      if (model == AttentionModel::kFull) P[at] = p[at];
      if (dot) {
        A[at] = p[at] / std::sqrt(static_cast<L>(r));
        B[at] = p[static_cast<std::size_t>(r * d) + at];
      }
    }
  std::vector<L> dP(P.size(), 0.0L), dA = dP, dB = dP, sP = dP, sA = dP, sB = dP;
  const auto project = [&](const std::vector<L>& M, const std::vector<L>& v) {
    std::vector<L> out(static_cast<std::size_t>(r), 0.0L);
    for (int a = 0; a < r; ++a)
      for (int c = 0; c < d; ++c)
        out[static_cast<std::size_t>(a)] += M[static_cast<std::size_t>(a * d + c)] * v[c];
    return out;
  };
  for (int i = 0; i < n; ++i) {
    std::vector<L> q(static_cast<std::size_t>(d));
    for (int c = 0; c < d; ++c) q[static_cast<std::size_t>(c)] = x(i, c);
    std::vector<L> score(static_cast<std::size_t>(n), 0.0L), t(score), K(score);
    std::vector<std::vector<L>> u(static_cast<std::size_t>(n)), dq(u);
    L best = -INFINITY;
    for (int j = 0; j < n; ++j) {
      if (loo && j == i) continue;
      std::vector<L> xj(static_cast<std::size_t>(d));
      for (int c = 0; c < d; ++c) xj[static_cast<std::size_t>(c)] = x(j, c);
      dq[j] = q;
      for (int c = 0; c < d; ++c)
        dq[j][static_cast<std::size_t>(c)] -= xj[static_cast<std::size_t>(c)];
      if (dot) {
        const std::vector<L> aq = project(A, q), bx = project(B, xj);
        for (int a = 0; a < r; ++a)
          score[j] += aq[static_cast<std::size_t>(a)] * bx[static_cast<std::size_t>(a)];
      } else {
        u[j] = project(P, dq[j]);
        for (L v : u[j]) t[j] += v * v;
        t[j] = std::sqrt(t[j]);
        score[j] = -0.5L * t[j] * t[j];
      }
      best = std::max(best, score[j]);
    }
    L sum = 0.0L, num = 0.0L;
    for (int j = 0; j < n; ++j) {
      if (loo && j == i) continue;
      K[j] = dot || kernel == Kernel::kGaussian
                 ? std::exp(score[j] - best)
                 : static_cast<L>(nw::kernel_value(kernel, static_cast<double>(t[j])));
      sum += K[j];
      num += K[j] * y[j];
    }
    if (!(sum > 0.0L)) continue;  // an empty support: the nearest key's value, no gradient
    const L f = num / sum, e = f - y[i];
    const std::vector<L> aq = dot ? project(A, q) : std::vector<L>();
    for (int j = 0; j < n; ++j) {
      if ((loo && j == i) || K[j] == 0.0L) continue;
      const L c = 2.0L * e * (y[j] - f) / sum;  // dL/dK_j
      if (dot) {
        std::vector<L> xj(static_cast<std::size_t>(d));
        for (int k = 0; k < d; ++k) xj[static_cast<std::size_t>(k)] = x(j, k);
        const std::vector<L> bx = project(B, xj);
        for (int a = 0; a < r; ++a)
          for (int k = 0; k < d; ++k) {
            const std::size_t at = static_cast<std::size_t>(a * d + k);
            const L ta =
                c * K[j] * bx[static_cast<std::size_t>(a)] * q[static_cast<std::size_t>(k)];
            const L tb =
                c * K[j] * aq[static_cast<std::size_t>(a)] * xj[static_cast<std::size_t>(k)];
            dA[at] += ta;
            dB[at] += tb;
            sA[at] += std::fabs(ta);
            sB[at] += std::fabs(tb);
          }
        continue;
      }
      // dK/du = K'(t) u / t; the Gaussian (weights relative to the best): -K u.
      L g;
      if (kernel == Kernel::kGaussian) {
        g = -K[j];
      } else {
        if (!(t[j] > 0.0L)) continue;
        g = static_cast<L>(nw::kernel_derivative(kernel, static_cast<double>(t[j]))) / t[j];
      }
      for (int a = 0; a < r; ++a)
        for (int k = 0; k < d; ++k) {
          const std::size_t at = static_cast<std::size_t>(a * d + k);
          const L term =
              c * g * u[j][static_cast<std::size_t>(a)] * dq[j][static_cast<std::size_t>(k)];
          dP[at] += term;
          sP[at] += std::fabs(term);
        }
    }
  }
  std::vector<L> out;
  scale->clear();
  switch (model) {
    case AttentionModel::kScalar: {
      L tr = 0.0L, st = 0.0L;
      for (int a = 0; a < d; ++a) {
        tr += dP[static_cast<std::size_t>(a * d + a)];
        st += sP[static_cast<std::size_t>(a * d + a)];
      }
      out = {tr};
      *scale = {st};
      break;
    }
    case AttentionModel::kDiagonal:
      for (int a = 0; a < d; ++a) {
        out.push_back(dP[static_cast<std::size_t>(a * d + a)]);
        scale->push_back(sP[static_cast<std::size_t>(a * d + a)]);
      }
      break;
    case AttentionModel::kFull:
      out = dP;
      *scale = sP;
      break;
    case AttentionModel::kDot:
      for (std::size_t k = 0; k < dA.size(); ++k) {
        out.push_back(dA[k] / std::sqrt(static_cast<L>(r)));
        scale->push_back(sA[k] / std::sqrt(static_cast<L>(r)));
      }
      for (std::size_t k = 0; k < dB.size(); ++k) {
        out.push_back(dB[k]);
        scale->push_back(sB[k]);
      }
      break;
  }
  return out;
}

TEST_CASE("attention nd: analytic gradients equal a plain long-double loop, pair by pair") {
  const std::uint64_t seed = nw_test::base_seed() + 47;
  std::printf("attention nd plain gradient test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  nw::Rng rng(seed);
  for (int d : {1, 2, 3}) {
    const nw::NdDataset data =
        nw::generate_data_nd(40, 0.3, seed + static_cast<unsigned>(d), 5.0, d);
    for (int m = 0; m < nw::kAttentionModelCount; ++m) {
      const AttentionModel model = static_cast<AttentionModel>(m);
      for (Kernel kernel : kTrainable) {
        if (model == AttentionModel::kDot && kernel != Kernel::kGaussian) continue;
        for (bool loo : {true, false}) {
          for (int r : {1, 2, 3}) {
            if (model != AttentionModel::kDot && r != 1) continue;
            CAPTURE(d);
            CAPTURE(m);
            CAPTURE(static_cast<int>(kernel));
            CAPTURE(loo);
            CAPTURE(r);
            const std::vector<double> p =
                random_params(model, d, model == AttentionModel::kDot ? r : d, &rng, 0.25, 0.9);
            const nw::NdLoss l = nw::training_loss_nd(data.x, data.y, model, p, kernel, loo);
            std::vector<long double> scale;
            const std::vector<long double> ref =
                plain_gradient(data.x, data.y, model, p, kernel, loo, &scale);
            REQUIRE(l.gradient.size() == static_cast<Eigen::Index>(ref.size()));
            for (std::size_t k = 0; k < ref.size(); ++k) {
              CAPTURE(k);
              const double diff =
                  static_cast<double>(std::fabs(l.gradient[static_cast<Eigen::Index>(k)] - ref[k]));
              CHECK(diff <= 1e-12 * static_cast<double>(scale[k]) + 1e-300);
            }
          }
        }
      }
    }
  }
}

TEST_CASE("attention nd: the loss is the sum of squared errors of the predictions") {
  const nw::NdDataset data = nw::generate_data_nd(25, 0.5, 9, 5.0, 2);
  const std::vector<double> p = {0.8, 1.3};
  const nw::ScoreSpec spec = nw::model_spec(AttentionModel::kDiagonal, 2, p, Kernel::kGaussian);
  const Eigen::VectorXd f = nw::predict_nd(data.x, data.x, data.y, spec);
  CHECK(nw::training_loss_nd(data.x, data.y, AttentionModel::kDiagonal, p, Kernel::kGaussian, false)
            .loss == doctest::Approx((f - data.y).squaredNorm()).epsilon(1e-13));
  CHECK(nw::loss_nd(data.x, data.y, spec, false) ==
        doctest::Approx((f - data.y).squaredNorm()).epsilon(1e-13));
  // Rows: a subset's loss is its part of the sum.
  const double all =
      nw::training_loss_nd(data.x, data.y, AttentionModel::kDiagonal, p, Kernel::kGaussian, true)
          .loss;
  double parts = 0.0;
  for (int i = 0; i < 25; ++i)
    parts += nw::training_loss_nd(data.x, data.y, AttentionModel::kDiagonal, p, Kernel::kGaussian,
                                  true, {i})
                 .loss;
  CHECK(parts == doctest::Approx(all).epsilon(1e-13));
}

TEST_CASE("attention nd: empty support, one key, far values, and bad input") {
  RowMatrix x(3, 2);
  x << 0, 0, 10, 0, 0, 10;
  Eigen::VectorXd y(3);
  y << 1, 2, 3;
  RowMatrix q(1, 2);
  q << 9, 1;  // nearest key: (10, 0)
  nw::ScoreSpec spec;
  spec.kernel = Kernel::kEpanechnikov;
  spec.w = 10.0;  // h = 0.1: no key within the support
  CHECK(nw::predict_nd(q, x, y, spec)[0] == 2.0);
  // A distance so large that every Gaussian score underflows: still the nearest key.
  spec.kernel = Kernel::kGaussian;
  spec.w = 1e200;
  CHECK(nw::predict_nd(q, x, y, spec)[0] == 2.0);
  // w = 0: average pooling.
  spec.w = 0.0;
  CHECK(nw::predict_nd(q, x, y, spec)[0] == doctest::Approx(2.0).epsilon(1e-15));
  // Dot scores that overflow: the key at +infinity wins (w^2 q . x: 8.1e308 against 9e307).
  spec.score = nw::Score::kDot;
  spec.w = 3e153;
  CHECK(nw::predict_nd(q, x, y, spec)[0] == 2.0);
  // One key.
  RowMatrix one(1, 2);
  one << 3, 4;
  Eigen::VectorXd v(1);
  v << 7;
  spec = nw::ScoreSpec{};
  CHECK(nw::predict_nd(q, one, v, spec)[0] == 7.0);

  CHECK_THROWS(nw::generate_data_nd(10, 0.5, 1, 5.0, 9));
  CHECK_THROWS(nw::generate_data_nd(10, 0.5, 1, 5.0, 2, {false, false}));
  CHECK_THROWS(nw::generate_data_nd(10, 0.5, 1, 5.0, 2, {true}));
  CHECK_THROWS(nw::model_spec(AttentionModel::kFull, 2, {1, 2, 3}, Kernel::kGaussian));
  CHECK_THROWS(nw::model_spec(AttentionModel::kDot, 2, {1, 2, 3}, Kernel::kGaussian));
  CHECK_THROWS(nw::model_spec(AttentionModel::kDot, 1, std::vector<double>(18, 0.1),
                              Kernel::kGaussian));  // r = 9 > kMaxRank
  nw::ScoreSpec bad;
  bad.projection = RowMatrix::Ones(2, 3);
  CHECK_THROWS(nw::predict_nd(q, x, y, bad));
  bad = nw::ScoreSpec{};
  bad.score = nw::Score::kDot;
  bad.query_projection = RowMatrix::Ones(2, 2);
  bad.key_projection = RowMatrix::Ones(3, 2);
  CHECK_THROWS(nw::predict_nd(q, x, y, bad));
}

TEST_CASE("attention nd: generated data depend on the relevant coordinates only") {
  const nw::NdDataset a = nw::generate_data_nd(200, 0.0, 5, 5.0, 3, {true, false, false});
  for (int i = 0; i < 200; ++i) CHECK(a.y[i] == nw::true_function(a.x(i, 0)));
  for (int i = 1; i < 200; ++i) CHECK(a.x(i - 1, 0) <= a.x(i, 0));  // sorted by x1
  CHECK(a.x.maxCoeff() < 5.0);
  CHECK(a.x.minCoeff() >= 0.0);
  const nw::NdDataset b = nw::generate_data_nd(50, 0.0, 5, 5.0, 2);
  for (int i = 0; i < 50; ++i)
    CHECK(b.y[i] ==
          doctest::Approx(0.5 * (nw::true_function(b.x(i, 0)) + nw::true_function(b.x(i, 1))))
              .epsilon(1e-15));
  // The same seed gives the same data.
  const nw::NdDataset c = nw::generate_data_nd(200, 0.0, 5, 5.0, 3, {true, false, false});
  CHECK(c.x == a.x);
}

TEST_CASE("attention nd: the LOO-CV bandwidth is the minimum of the LOO curve") {
  const nw::NdDataset d = nw::generate_data_nd(80, 0.4, 17, 5.0, 2);
  for (Kernel kernel : {Kernel::kGaussian, Kernel::kEpanechnikov}) {
    const nw::NdBandwidthChoice c = nw::select_bandwidth_nd(d.x, d.y, kernel);
    CAPTURE(static_cast<int>(kernel));
    REQUIRE(std::isfinite(c.bandwidth));
    Eigen::VectorXd hs(400);
    for (int k = 0; k < 400; ++k) hs[k] = 0.02 * std::pow(1000.0, k / 399.0);
    const Eigen::VectorXd curve = nw::loo_curve_nd(d.x, d.y, kernel, hs);
    CHECK(c.loo_loss <= curve.minCoeff() + 1e-9 * curve.minCoeff());
    Eigen::VectorXd at(1);
    at << c.bandwidth;
    CHECK(nw::loo_curve_nd(d.x, d.y, kernel, at)[0] == c.loo_loss);
  }
  // In one dimension it agrees with the chapter's LOO loss.
  const nw::Dataset one = nw::generate_data(50, 0.5, 2, 5.0);
  Eigen::VectorXd hs(3);
  hs << 0.1, 0.5, 2.0;
  const Eigen::VectorXd curve =
      nw::loo_curve_nd(nw::RowMatrix(one.x), one.y, Kernel::kGaussian, hs);
  for (int k = 0; k < 3; ++k)
    CHECK(
        curve[k] ==
        doctest::Approx(nw::loo_loss(one.x, one.y, Kernel::kGaussian, 1.0 / hs[k])).epsilon(1e-12));
  // Equal keys: h = 1.
  nw::RowMatrix same = nw::RowMatrix::Ones(5, 2);
  Eigen::VectorXd v(5);
  v << 1, 2, 3, 4, 5;
  CHECK(nw::select_bandwidth_nd(same, v, Kernel::kGaussian).bandwidth == 1.0);
}

TEST_CASE("attention nd: binned attention sums and averages the weights; the unit circle") {
  nw::Rng rng(nw_test::base_seed() + 44);
  const RowMatrix x = random_points(37, 2, &rng), q = random_points(11, 2, &rng);
  nw::ScoreSpec spec;
  spec.w = 0.8;
  std::vector<double> full(11 * 37);
  nw::attention_weights_nd(q, x, spec, full.data());
  const nw::NdBinnedAttention b = nw::attention_binned_nd(q, x, spec, 4, 5);
  REQUIRE(b.cells.rows() == 4);
  REQUIRE(b.cells.cols() == 5);
  for (int r = 0; r < 4; ++r) {
    CHECK(b.cells.row(r).sum() == doctest::Approx(1.0).epsilon(1e-14));
    for (int c = 0; c < 5; ++c) {
      double want = 0.0;
      for (Eigen::Index i = b.row_start[r]; i < b.row_start[r + 1]; ++i)
        for (Eigen::Index j = b.col_start[c]; j < b.col_start[c + 1]; ++j)
          want += full[static_cast<std::size_t>(i * 37 + j)];
      want /= static_cast<double>(b.row_start[r + 1] - b.row_start[r]);
      CHECK(b.cells(r, c) == doctest::Approx(want).epsilon(1e-13));
    }
  }
  // Unbinned: the matrix itself.
  const nw::NdBinnedAttention u = nw::attention_binned_nd(q, x, spec, 100, 100);
  for (int i = 0; i < 11; ++i)
    for (int j = 0; j < 37; ++j)
      CHECK(u.cells(i, j) ==
            doctest::Approx(full[static_cast<std::size_t>(i * 37 + j)]).epsilon(1e-15));
  Eigen::VectorXd t(4);
  t << 0.0, 1.25, 2.5, 1e9 * 5.0;
  const RowMatrix c = nw::unit_circle(t, 5.0);
  CHECK(c(0, 0) == 1.0);
  CHECK(c(1, 1) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(c(2, 0) == doctest::Approx(-1.0).epsilon(1e-15));
  for (int i = 0; i < 4; ++i) CHECK(c.row(i).norm() == doctest::Approx(1.0).epsilon(1e-15));
  Eigen::VectorXd a(3), d(3);
  a << 1, 2, 3;
  d << 1, 2.5, 2;
  CHECK(nw::max_abs_difference(a, d) == 1.0);
  CHECK_THROWS(nw::max_abs_difference(a, Eigen::VectorXd(2)));
  CHECK_THROWS(nw::unit_circle(a, 0.0));
}

TEST_CASE("attention nd: the dimension study (error against n for each d, LOO-CV h)") {
  const std::vector<nw::DimensionRow> rows =
      nw::dimension_study({20, 80, 320}, {1, 4}, 2, nw_test::base_seed() + 45, 0.5, 300);
  REQUIRE(rows.size() == 2);
  for (const nw::DimensionRow& r : rows) {
    CAPTURE(r.dims);
    REQUIRE(r.n.size() == 3);
    REQUIRE(r.mse.size() == 3);
    REQUIRE(r.rate.size() == 3);
    // More data, less error; the reference line has the optimal slope -4/(4+d).
    CHECK(r.mse[2] < r.mse[0]);
    const double slope = std::log(r.rate[2] / r.rate[0]) / std::log(r.n[2] / r.n[0]);
    CHECK(slope == doctest::Approx(-4.0 / (4.0 + r.dims)).epsilon(1e-12));
    for (double h : r.bandwidth) CHECK(h > 0.0);
  }
  // In four dimensions the error at the largest n is higher than in one (the curse).
  CHECK(rows[1].mse[2] > rows[0].mse[2]);
  // Reproducible.
  const std::vector<nw::DimensionRow> again =
      nw::dimension_study({20, 80, 320}, {1, 4}, 2, nw_test::base_seed() + 45, 0.5, 300);
  CHECK(again[1].mse == rows[1].mse);
  CHECK_THROWS(nw::dimension_study({1}, {1}, 1, 0, 0.5, 10));
  CHECK_THROWS(nw::dimension_study({10}, {9}, 1, 0, 0.5, 10));
}

TEST_CASE(
    "attention nd: the Gaussian search is the minimum of loo_at's curve, also on hostile keys") {
  // select_bandwidth_nd's Gaussian search evaluates the loss row by row with a vectorised exp; it
  // must find the minimum of the general scorer's loss (loo_curve_nd) over its range (half the
  // smallest non-zero distance to twice the diagonal) and report that loss's own bits.
  nw::Rng rng(nw_test::base_seed() + 45);
  CAPTURE(nw_test::base_seed());
  for (int d : {1, 3, 8}) {
    RowMatrix x = random_points(60, d, &rng);
    Eigen::VectorXd y(60);
    for (int i = 0; i < 60; ++i) y[i] = std::sin(3.0 * x(i, 0)) + 0.3 * rng.normal();
    x.row(7) = x.row(3);  // a tie: a distance of zero
    double min_gap = std::numeric_limits<double>::infinity();
    for (int i = 0; i < 60; ++i)
      for (int j = i + 1; j < 60; ++j)
        if (i != 3 || j != 7) min_gap = std::min(min_gap, (x.row(i) - x.row(j)).norm());
    const double diagonal = (x.colwise().maxCoeff() - x.colwise().minCoeff()).norm();
    for (double scale : {1.0, 1e-9, 1e8}) {
      CAPTURE(d);
      CAPTURE(scale);
      const RowMatrix xs = x * scale;
      const nw::NdBandwidthChoice c = nw::select_bandwidth_nd(xs, y, Kernel::kGaussian);
      REQUIRE(std::isfinite(c.loo_loss));
      Eigen::VectorXd at(1);
      at << c.bandwidth;
      CHECK(nw::loo_curve_nd(xs, y, Kernel::kGaussian, at)[0] == c.loo_loss);
      Eigen::VectorXd hs(300);
      for (int k = 0; k < 300; ++k)
        hs[k] = scale * 0.5 * min_gap * std::pow(4.0 * diagonal / min_gap, k / 299.0);
      const Eigen::VectorXd curve = nw::loo_curve_nd(xs, y, Kernel::kGaussian, hs);
      CHECK(c.loo_loss <= curve.minCoeff() * (1.0 + 1e-9));
    }
  }
}

namespace {
// The Gaussian LOO loss in d dimensions written out plainly, in long double, each row's weights
// relative to its largest.
double plain_loo_nd(const RowMatrix& x, const Eigen::VectorXd& y, double h) {
  const Eigen::Index n = x.rows();
  long double loss = 0.0L;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::vector<long double> score(static_cast<size_t>(n));
    long double top = -INFINITY;
    for (Eigen::Index j = 0; j < n; ++j) {
      long double d2 = 0.0L;
      for (Eigen::Index a = 0; a < x.cols(); ++a) {
        const long double u = static_cast<long double>(x(i, a)) - x(j, a);
        d2 += u * u;
      }
      score[static_cast<size_t>(j)] = std::isinf(h) ? 0.0L : -d2 / (2.0L * h * h);
      if (j != i) top = std::max(top, score[static_cast<size_t>(j)]);
    }
    long double num = 0.0L, den = 0.0L;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j == i) continue;
      const long double e = std::exp(score[static_cast<size_t>(j)] - top);
      num += e * y[j];
      den += e;
    }
    const long double r = num / den - y[i];
    loss += r * r;
  }
  return static_cast<double>(loss);
}
}  // namespace

TEST_CASE("attention nd: the Gaussian LOO curve from pair sums equals the plain loop") {
  const std::uint64_t base = nw_test::base_seed();
  MESSAGE("NW_TEST_SEED=" << base << " (replay with this environment variable)");
  nw::Rng rng(base + 45);
  for (const int d : {1, 2, 4, 8}) {
    RowMatrix x = random_points(90, d, &rng);
    Eigen::VectorXd y(90);
    for (auto& v : y) v = rng.normal();
    x.row(5) = x.row(6);                 // a tie: distance 0
    x.row(7).setConstant(400.0);         // far from every other key
    x.row(8) = x.row(9).array() + 1e-9;  // two keys 1e-9 apart
    // From h where most rows have no key within 24 h (NdScorer's rows) to pooling. (Far smaller h
    // make each row's scores ~1e6 or more; both paths then lose digits to the scores' rounding,
    // the reference in long double fewer.)
    Eigen::VectorXd hs(8);
    hs << 0.02 * d, 0.05, 0.1, 0.5, 2.0, 30.0, 1e4, std::numeric_limits<double>::infinity();
    const Eigen::VectorXd curve = nw::loo_curve_nd(x, y, Kernel::kGaussian, hs);
    for (Eigen::Index k = 0; k < hs.size(); ++k) {
      CAPTURE(d);
      CAPTURE(hs[k]);
      CHECK(curve[k] == doctest::Approx(plain_loo_nd(x, y, hs[k])).epsilon(1e-12));
    }
    // One bandwidth at a time: the same numbers.
    Eigen::VectorXd one(1);
    one << hs[3];
    CHECK(nw::loo_curve_nd(x, y, Kernel::kGaussian, one)[0] == curve[3]);
  }
}
