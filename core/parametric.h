// Parametric Nadaraya-Watson: one learnable scale w, weights softmax_j(log K((q - x_j) w)), so the
// bandwidth is h = 1/|w|. Trained as in the chapter: plain SGD on the sum of squared errors, each
// training point predicted from the other n - 1 pairs (leave-one-out keys).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "kernels.h"
#include "nadaraya_watson.h"
#include "rng.h"

namespace nw {

struct TrainOptions {
  Kernel kernel = Kernel::kGaussian;
  double w0 = 0.0;           // initial w
  bool w0_from_seed = true;  // if true, w0 = U[0, 1) drawn first from Rng(seed) (as torch.rand)
  double learning_rate = 0.5;
  int epochs = 5;      // epochs to run (the cap when until_converged)
  int batch_size = 0;  // <= 0 or >= n: full batch, one update per epoch
  bool leave_one_out = true;
  std::uint64_t seed = 0;        // w0 (when drawn) and the per-epoch minibatch shuffles
  bool until_converged = false;  // stop early once converged (see train_parametric)
  double tolerance = 1e-8;
  std::int64_t max_updates = 0;  // > 0: stop after this many updates (a work budget)
};

struct TrainResult {
  double w = 0.0;               // w after the last update (the last finite one if diverged)
  double w0 = 0.0;              // the initial w actually used
  std::vector<double> losses;   // losses[k]: the k-th batch's loss, before the k-th update
  std::vector<double> ws;       // ws[k]: w after the k-th update
  int epochs = 0;               // epochs run
  bool converged = false;       // the convergence test passed (only tested when until_converged)
  bool diverged = false;        // an update overflowed (w or the gradient not finite): training
                                // stopped before applying it, so w is the last finite value
  bool budget_reached = false;  // stopped by max_updates (epochs counts whole epochs only)
};

// Runs SGD: per epoch, the training indices are split into batches (full batch: all of them, in
// order; minibatches: a Fisher-Yates shuffle from the seeded Rng, then consecutive chunks, the
// last one possibly smaller). Each batch: (L, dL/dw) = training_loss(batch), w <- w - lr dL/dw.
// With until_converged, training stops after the first epoch at which
//   |dL/dw| <= tolerance (1 + L)  (full batch only), or
//   |L_epoch - L_previous epoch| <= tolerance L_previous epoch,
// where L_epoch is the sum of the epoch's batch losses; epochs is then the cap.
// If an update would make w non-finite (a huge learning rate), training stops before it with
// diverged = true. Requires n >= 2 for leave-one-out, a trainable kernel, epochs >= 1
// (std::invalid_argument). A ParametricTrainer run to completion.
TrainResult train_parametric(const ConstVec& keys, const ConstVec& values,
                             const TrainOptions& options);

// The same training as a resumable task: each step() evaluates a bounded slice of the current
// batch's rows (about kRowWork / n rows, at least one), and applies the update when the batch is
// complete, so a step's work stays small for any n and batch size: a caller can show progress,
// stop at a work budget or cancel between steps. The rows of a batch are accumulated in order
// into one sum (LossEvaluator), and the random stream (w0, then one Fisher-Yates shuffle per
// epoch) is held by the object, so the updates are bit-identical to train_parametric's however
// the steps are spread over time.
class ParametricTrainer {
 public:
  static constexpr std::int64_t kRowWork = std::int64_t{1} << 21;

  ParametricTrainer(const ConstVec& keys, const ConstVec& values, const TrainOptions& options);

  bool done() const { return done_; }
  void step();
  const TrainResult& result() const { return res_; }
  int steps_per_epoch() const { return (n_ + batch_ - 1) / batch_; }
  // Rows evaluated so far, and in all (epochs x n, or the budget's share of it).
  std::int64_t rows_done() const { return rows_done_; }
  std::int64_t rows_total() const;

 private:
  void finish_epoch();

  LossEvaluator loss_;
  TrainOptions opt_;
  Rng rng_;
  TrainResult res_;
  int n_ = 0, batch_ = 0;
  bool full_batch_ = true;
  std::vector<int> order_;
  // The batch in progress: rows [batch_start_, batch_stop_) of order_, next_ the next row.
  int batch_start_ = 0, batch_stop_ = 0, next_ = 0;
  bool epoch_started_ = false;
  LossAndGradient acc_;
  double epoch_loss_ = 0.0, last_gradient_ = 0.0, previous_epoch_loss_ = 0.0;
  std::int64_t rows_done_ = 0;
  bool done_ = false;
};

}  // namespace nw
