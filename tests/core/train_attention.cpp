#include "train_attention.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "dataset.h"
#include "helpers.h"
#include "parametric.h"

using nw::AttentionModel;
using nw::Kernel;

TEST_CASE("train attention: the scalar model in one dimension is the chapter's training") {
  const nw::Dataset d = nw::generate_data(50, 0.5, 0, 5.0);
  for (int batch : {0, 10}) {
    nw::TrainOptions o;
    o.epochs = 20;
    o.batch_size = batch;
    o.seed = 4;
    const nw::TrainResult one = nw::train_parametric(d.x, d.y, o);
    nw::AttentionTrainOptions a;
    a.epochs = 20;
    a.batch_size = batch;
    a.seed = 4;
    const nw::AttentionTrainResult many = nw::train_attention(nw::RowMatrix(d.x), d.y, a);
    CAPTURE(batch);
    REQUIRE(many.losses.size() == one.losses.size());
    CHECK(many.init[0] == one.w0);
    for (std::size_t k = 0; k < one.losses.size(); ++k)
      CHECK(many.losses[k] == doctest::Approx(one.losses[k]).epsilon(1e-10));
    CHECK(many.params[0] == doctest::Approx(one.w).epsilon(1e-10));
    CHECK(many.epochs == one.epochs);
  }
}

TEST_CASE("train attention: the diagonal model learns to ignore an irrelevant input") {
  const std::uint64_t seed = nw_test::base_seed() + 51;
  std::printf("train attention diagonal test seed %llu (NW_TEST_SEED replays)\n",
              static_cast<unsigned long long>(seed));
  // y depends on x1 only; x2 is a distractor.
  const nw::NdDataset d = nw::generate_data_nd(150, 0.2, seed, 5.0, 2, {true, false});
  nw::AttentionTrainOptions o;
  o.model = AttentionModel::kDiagonal;
  o.init = {1.0, 1.0};
  o.learning_rate = 0.01;
  o.epochs = 200;
  const nw::AttentionTrainResult r = nw::train_attention(d.x, d.y, o);
  CHECK(!r.diverged);
  CAPTURE(r.params[0]);
  CAPTURE(r.params[1]);
  // The width of x2 (1/|w2|) grows: its scale shrinks well below x1's.
  CHECK(std::fabs(r.params[1]) < 0.5 * std::fabs(r.params[0]));
  CHECK(r.losses.back() < r.losses.front());
}

TEST_CASE("train attention: the dot model lowers its loss, deterministically") {
  const nw::NdDataset d = nw::generate_data_nd(80, 0.3, 11, 5.0, 2);
  nw::AttentionTrainOptions o;
  o.model = AttentionModel::kDot;
  o.rank = 2;
  o.learning_rate = 0.002;
  o.epochs = 60;
  o.seed = 3;
  const nw::AttentionTrainResult a = nw::train_attention(d.x, d.y, o);
  const nw::AttentionTrainResult b = nw::train_attention(d.x, d.y, o);
  CHECK(a.params == b.params);
  CHECK(a.init.size() == 8u);
  CHECK(a.losses.back() < a.losses.front());
  // Until converged stops early with the flag set.
  o.until_converged = true;
  o.tolerance = 1e-3;
  o.epochs = 5000;
  const nw::AttentionTrainResult c = nw::train_attention(d.x, d.y, o);
  CHECK(c.converged);
  CHECK(c.epochs < 5000);
}

TEST_CASE("train attention: bad options and divergence") {
  const nw::NdDataset d = nw::generate_data_nd(20, 0.3, 1, 5.0, 2);
  nw::AttentionTrainOptions o;
  o.kernel = Kernel::kBoxcar;
  CHECK_THROWS(nw::train_attention(d.x, d.y, o));
  o = {};
  o.model = AttentionModel::kDot;
  o.rank = 9;
  CHECK_THROWS(nw::train_attention(d.x, d.y, o));
  o = {};
  o.init = {1.0, 2.0};  // the scalar model has one parameter
  CHECK_THROWS(nw::train_attention(d.x, d.y, o));
  o = {};
  o.epochs = 0;
  CHECK_THROWS(nw::train_attention(d.x, d.y, o));
  o = {};
  o.learning_rate = 1e308;
  o.init = {1.0};
  const nw::AttentionTrainResult r = nw::train_attention(d.x, d.y, o);
  CHECK(r.diverged);
  CHECK(std::isfinite(r.params[0]));
}

TEST_CASE("train attention: the history holds every update's params, as shorter runs end") {
  // Row k - 1 of a run's history is, bit for bit, the params of the same run cut after k updates
  // (full batch and minibatches), and its last row is the run's params.
  const nw::NdDataset d = nw::generate_data_nd(40, 0.3, 7, 5.0, 2);
  for (int batch : {0, 15}) {
    nw::AttentionTrainOptions o;
    o.model = AttentionModel::kDot;
    o.rank = 2;
    o.learning_rate = 0.005;
    o.batch_size = batch;
    o.seed = 5;
    o.epochs = 12;
    o.keep_history = true;
    const nw::AttentionTrainResult full = nw::train_attention(d.x, d.y, o);
    const std::size_t count = full.params.size();
    CAPTURE(batch);
    REQUIRE(full.history.size() == full.losses.size() * count);
    CHECK(std::equal(full.params.begin(), full.params.end(), full.history.end() - count));
    o.keep_history = false;
    const nw::AttentionTrainResult plain = nw::train_attention(d.x, d.y, o);
    CHECK(plain.history.empty());
    CHECK(plain.params == full.params);
    CHECK(plain.losses == full.losses);
    const int per_epoch = batch == 0 ? 1 : 3;  // 40 points in batches of 15: 15, 15, 10
    for (int k : {1, 2, 5, 12}) {
      o.epochs = k;
      const nw::AttentionTrainResult cut = nw::train_attention(d.x, d.y, o);
      const std::size_t row = static_cast<std::size_t>(k * per_epoch - 1);
      CAPTURE(k);
      REQUIRE(cut.losses.size() == row + 1);
      for (std::size_t p = 0; p < count; ++p) {
        CAPTURE(p);
        CHECK(cut.params[p] == full.history[row * count + p]);
      }
    }
    o.epochs = 12;
  }
  // The other models keep theirs the same way (one row of d numbers per update: diagonal).
  nw::AttentionTrainOptions diag;
  diag.model = AttentionModel::kDiagonal;
  diag.init = {1.0, 1.0};
  diag.learning_rate = 0.01;
  diag.epochs = 4;
  diag.keep_history = true;
  const nw::AttentionTrainResult r = nw::train_attention(d.x, d.y, diag);
  REQUIRE(r.history.size() == 8u);
  CHECK(r.history[6] == r.params[0]);
  CHECK(r.history[7] == r.params[1]);
}
