#include "parametric.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bandwidth.h"
#include "dataset.h"
#include "rng.h"

using nw::Kernel;

namespace {

// Forward-mode automatic differentiation: a value and its derivative with respect to w.
struct Dual {
  double v, d;
};
Dual operator+(Dual a, Dual b) { return {a.v + b.v, a.d + b.d}; }
Dual operator-(Dual a, Dual b) { return {a.v - b.v, a.d - b.d}; }
Dual operator*(Dual a, Dual b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
Dual operator/(Dual a, Dual b) { return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)}; }
Dual exp(Dual a) { return {std::exp(a.v), std::exp(a.v) * a.d}; }

// The chapter's training, written independently of the library: the keys of query i are all
// training inputs but x_i (leave-one-out), weights softmax(-((q - k) w)^2 / 2), loss the sum of
// squared errors, its gradient by forward-mode AD, SGD w <- w - lr dL/dw.
struct Chapter {
  std::vector<double> losses, ws;
};
Chapter chapter_training(const Eigen::VectorXd& x, const Eigen::VectorXd& y, double w0, double lr,
                         int epochs) {
  Chapter out;
  double w = w0;
  const int n = static_cast<int>(x.size());
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const Dual wd{w, 1.0};
    Dual loss{0, 0};
    for (int i = 0; i < n; ++i) {
      std::vector<Dual> s;
      std::vector<double> v;
      for (int j = 0; j < n; ++j) {
        if (j == i) continue;
        const Dual diff = Dual{x[i] - x[j], 0} * wd;
        s.push_back(Dual{-0.5, 0} * diff * diff);
        v.push_back(y[j]);
      }
      double m = -INFINITY;
      for (const Dual& t : s) m = std::max(m, t.v);
      Dual num{0, 0}, den{0, 0};
      for (size_t j = 0; j < s.size(); ++j) {
        const Dual e = exp(s[j] - Dual{m, 0});
        num = num + e * Dual{v[j], 0};
        den = den + e;
      }
      const Dual err = num / den - Dual{y[i], 0};
      loss = loss + err * err;
    }
    out.losses.push_back(loss.v);
    w -= lr * loss.d;
    out.ws.push_back(w);
  }
  return out;
}

}  // namespace

TEST_CASE("parametric: analytic gradient matches central finite differences") {
  const nw::Dataset d = nw::generate_data(40, 0.5, 3, 5.0);
  for (Kernel k : {Kernel::kGaussian, Kernel::kEpanechnikov, Kernel::kTriangular, Kernel::kTricube,
                   Kernel::kCosine}) {
    for (bool loo : {true, false}) {
      for (double w : {0.3, 1.0, 2.5, 7.0, -1.7}) {
        CAPTURE(static_cast<int>(k));
        CAPTURE(loo);
        CAPTURE(w);
        const double eps = 1e-6 * std::fmax(1.0, std::fabs(w));
        const double fd = (nw::training_loss(d.x, d.y, k, w + eps, loo).loss -
                           nw::training_loss(d.x, d.y, k, w - eps, loo).loss) /
                          (2 * eps);
        const double g = nw::training_loss(d.x, d.y, k, w, loo).gradient;
        CHECK(g == doctest::Approx(fd).epsilon(1e-5).scale(1e-6));
      }
    }
  }
}

TEST_CASE("parametric: training equals an independent autograd implementation of the chapter") {
  for (std::uint64_t seed : {0u, 1u, 2u}) {
    const nw::Dataset d = nw::generate_data(50, 0.5, seed, 5.0);
    nw::TrainOptions opt;
    opt.seed = seed;
    const nw::TrainResult r = nw::train_parametric(d.x, d.y, opt);
    const Chapter ref = chapter_training(d.x, d.y, r.w0, 0.5, 5);
    REQUIRE(r.losses.size() == 5);
    for (int k = 0; k < 5; ++k) {
      CAPTURE(seed);
      CAPTURE(k);
      CHECK(r.losses[k] == doctest::Approx(ref.losses[k]).epsilon(1e-9));
      CHECK(r.ws[k] == doctest::Approx(ref.ws[k]).epsilon(1e-9));
    }
  }
}

TEST_CASE("parametric: pinned loss sequence of the chapter's run (seed 0)") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 0, 5.0);
  const nw::TrainResult r = nw::train_parametric(d.x, d.y, nw::TrainOptions{});
  CHECK(r.w0 == nw::Rng(0).uniform());  // w0 ~ U[0, 1) is the first draw of the seed
  const double losses[5] = {40.83960208999205, 29.193719648028463, 29.12268025203788,
                            29.049488719367062, 28.97401911090169};
  for (int k = 0; k < 5; ++k) {
    CAPTURE(k);
    CHECK(r.losses[k] == doctest::Approx(losses[k]).epsilon(1e-12));
  }
  CHECK(r.w == doctest::Approx(17.013307967542634).epsilon(1e-12));
  CHECK(r.ws.back() == r.w);
  CHECK(r.epochs == 5);
}

TEST_CASE("parametric: without leave-one-out w keeps growing and the loss keeps falling") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 0, 5.0);
  nw::TrainOptions opt;
  opt.leave_one_out = false;
  opt.epochs = 60;
  const nw::TrainResult r = nw::train_parametric(d.x, d.y, opt);
  for (size_t k = 1; k < r.ws.size(); ++k) {
    CAPTURE(k);
    CHECK(r.ws[k] > r.ws[k - 1]);
    CHECK(r.losses[k] < r.losses[k - 1]);
  }
  // With leave-one-out the same run settles instead of running away.
  opt.leave_one_out = true;
  opt.epochs = 2000;
  const nw::TrainResult loo = nw::train_parametric(d.x, d.y, opt);
  CHECK(loo.w < r.w);
}

TEST_CASE("parametric: minibatches give ceil(n / b) updates per epoch and are reproducible") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 5, 5.0);
  nw::TrainOptions opt;
  opt.batch_size = 16;
  opt.epochs = 3;
  opt.seed = 9;
  const nw::TrainResult a = nw::train_parametric(d.x, d.y, opt);
  const nw::TrainResult b = nw::train_parametric(d.x, d.y, opt);
  CHECK(a.losses.size() == 12);  // 4 batches (16, 16, 16, 2) x 3 epochs
  CHECK(a.losses == b.losses);
  CHECK(a.ws == b.ws);
  opt.seed = 10;
  CHECK(nw::train_parametric(d.x, d.y, opt).losses != a.losses);
  // The batches of one epoch partition the data: with w fixed (lr = 0) they sum to the full loss.
  opt.learning_rate = 0.0;
  opt.epochs = 1;
  opt.w0_from_seed = false;
  opt.w0 = 2.0;
  const nw::TrainResult fixed = nw::train_parametric(d.x, d.y, opt);
  double sum = 0.0;
  for (double l : fixed.losses) sum += l;
  CHECK(sum == doctest::Approx(nw::loo_loss(d.x, d.y, Kernel::kGaussian, 2.0)).epsilon(1e-12));
}

TEST_CASE("parametric: trained to convergence, 1/|w| is the LOO-CV bandwidth") {
  for (std::uint64_t seed : {0u, 3u, 7u}) {
    CAPTURE(seed);
    const nw::Dataset d = nw::generate_data(50, 0.5, seed, 5.0);
    const nw::BandwidthChoice best = nw::select_bandwidth_loo_cv(d.x, d.y, Kernel::kGaussian);
    nw::TrainOptions opt;
    opt.w0_from_seed = false;
    opt.w0 = 1.0 / (best.bandwidth * 1.1);  // inside the basin of the LOO-CV minimum
    opt.learning_rate = 0.05;
    opt.epochs = 200000;
    opt.until_converged = true;
    opt.tolerance = 1e-15;
    const nw::TrainResult r = nw::train_parametric(d.x, d.y, opt);
    CHECK(r.converged);
    // A stationary point of the LOO curve...
    const nw::LossAndGradient at = nw::training_loss(d.x, d.y, Kernel::kGaussian, r.w, true);
    CHECK(std::fabs(at.gradient) < 1e-6 * (1.0 + at.loss));
    // ...and the same bandwidth as leave-one-out cross-validation.
    CHECK(1.0 / std::fabs(r.w) == doctest::Approx(best.bandwidth).epsilon(1e-6));
  }
}

TEST_CASE("parametric: invalid settings are rejected") {
  const nw::Dataset d = nw::generate_data(5, 0.5, 0, 5.0);
  nw::TrainOptions opt;
  opt.kernel = Kernel::kBoxcar;
  CHECK_THROWS_AS(nw::train_parametric(d.x, d.y, opt), std::invalid_argument);
  opt.kernel = Kernel::kGaussian;
  opt.epochs = 0;
  CHECK_THROWS_AS(nw::train_parametric(d.x, d.y, opt), std::invalid_argument);
  const nw::Dataset one = nw::generate_data(1, 0.5, 0, 5.0);
  CHECK_THROWS_AS(nw::train_parametric(one.x, one.y, nw::TrainOptions{}), std::invalid_argument);
}

TEST_CASE("parametric: the resumable trainer gives train_parametric's updates, epoch by epoch") {
  const nw::Dataset d = nw::generate_data(60, 0.5, 2, 5.0);
  for (int batch : {0, 7}) {
    nw::TrainOptions o;
    o.epochs = 6;
    o.batch_size = batch;
    o.seed = 11;
    const nw::TrainResult ref = nw::train_parametric(d.x, d.y, o);
    nw::ParametricTrainer t(d.x, d.y, o);
    while (!t.done()) {
      t.step();
      const int epochs = t.result().epochs;
      CHECK(t.result().losses.size() >= static_cast<size_t>(epochs * t.steps_per_epoch()));
      CHECK(t.rows_done() <= t.rows_total());
    }
    CHECK(t.result().epochs == 6);
    CHECK(t.result().w == ref.w);
    CHECK(t.result().w0 == ref.w0);
    CHECK(t.result().losses == ref.losses);
    CHECK(t.result().ws == ref.ws);
  }
}

TEST_CASE("parametric: an overflowing update stops training with diverged and a finite w") {
  Eigen::VectorXd x(3), y(3);
  x << 0, 1, 2;
  y << 1, 2, 3;
  nw::TrainOptions o;
  o.learning_rate = 1e308;
  o.epochs = 5;
  const nw::TrainResult r = nw::train_parametric(x, y, o);
  CHECK(r.diverged);
  CHECK(std::isfinite(r.w));
  for (double w : r.ws) CHECK(std::isfinite(w));
  CHECK(r.ws.size() == r.losses.size());
  o.learning_rate = 0.5;
  CHECK_FALSE(nw::train_parametric(x, y, o).diverged);
}

TEST_CASE(
    "parametric: steps are bounded slices of rows, and a large batch is still bit-identical") {
  // n = 3000, full batch: kRowWork / n = 699 rows per step, so one update spans 5 steps.
  const nw::Dataset d = nw::generate_data(3000, 0.5, 4, 5.0);
  nw::TrainOptions o;
  o.epochs = 2;
  nw::ParametricTrainer t(d.x, d.y, o);
  int steps = 0;
  while (!t.done()) t.step(), ++steps;
  CHECK(steps == 2 * 5);
  // The one-call loss of the whole batch at w0 is the first recorded loss, bit for bit.
  CHECK(t.result().losses[0] == nw::training_loss(d.x, d.y, o.kernel, t.result().w0, true).loss);
}

TEST_CASE("parametric: max_updates stops a run within an epoch and says so") {
  const nw::Dataset d = nw::generate_data(100, 0.5, 1, 5.0);
  nw::TrainOptions o;
  o.epochs = 50;
  o.batch_size = 1;
  o.max_updates = 250;
  const nw::TrainResult r = nw::train_parametric(d.x, d.y, o);
  CHECK(r.budget_reached);
  CHECK(r.losses.size() == 250);
  CHECK(r.epochs == 2);  // whole epochs only
  o.max_updates = 5000;
  CHECK_FALSE(nw::train_parametric(d.x, d.y, o).budget_reached);
}
