// Training the attention models of attention_nd.h by SGD on the leave-one-out loss (issue 13):
// the chapter's parametric pooling generalised to learned widths per coordinate, a full metric,
// and learned query and key projections (scaled dot-product attention).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "attention_nd.h"
#include "rng.h"

namespace nw {

struct AttentionTrainOptions {
  AttentionModel model = AttentionModel::kScalar;
  Kernel kernel = Kernel::kGaussian;  // the distance models' kernel (trainable ones only)
  int rank = 0;                       // kDot: r (<= 0: d)
  // The params to start from (laid out as in attention_nd.h). Empty: the documented seeded start
  // from Rng(seed): w0 = U[0, 1) first (the chapter's torch.rand, as train_parametric draws it);
  // kScalar w = w0, kDiagonal every w_k = w0, kFull W = w0 I; kDot Wq and Wk with entries drawn
  // N(0, 1) / sqrt(d) after w0 (Wq first, row-major), like a Transformer's random start.
  std::vector<double> init;
  double learning_rate = 0.5;
  int epochs = 5;      // epochs to run (the cap when until_converged)
  int batch_size = 0;  // <= 0 or >= n: full batch
  bool leave_one_out = true;
  std::uint64_t seed = 0;  // the start (when drawn) and the per-epoch minibatch shuffles
  bool until_converged = false;
  double tolerance = 1e-8;
  // Keep the params after every update in AttentionTrainResult::history (a playback of the run
  // draws epoch k from them instead of training again up to k).
  bool keep_history = false;
};

struct AttentionTrainResult {
  AttentionModel model = AttentionModel::kScalar;
  std::vector<double> params;  // after the last update (the last finite ones if diverged)
  std::vector<double> init;    // the start actually used
  std::vector<double> losses;  // losses[k]: the k-th batch's loss, before the k-th update
  // With keep_history: steps x params.size(), row-major; row k holds the params after the k-th
  // update (so row k - 1 is what a run of k updates returns as params). Empty otherwise.
  std::vector<double> history;
  int epochs = 0;
  bool converged = false;
  bool diverged = false;
};

// SGD as train_parametric runs it (the same batches, shuffles, convergence test and divergence
// stop), one batch per step(): params <- params - lr dL/dparams. n >= 2 with leave-one-out, a
// trainable kernel for the distance models, epochs >= 1, 1 <= rank <= kMaxRank
// (std::invalid_argument).
class AttentionTrainer {
 public:
  AttentionTrainer(const RowMatrix& keys, const Eigen::VectorXd& values,
                   const AttentionTrainOptions& options);
  bool done() const { return done_; }
  void step();
  const AttentionTrainResult& result() const { return res_; }
  std::int64_t steps_per_epoch() const { return (n_ + batch_ - 1) / batch_; }

 private:
  void finish_epoch();
  RowMatrix keys_;
  Eigen::VectorXd values_;
  AttentionTrainOptions opt_;
  Rng rng_;
  AttentionTrainResult res_;
  int n_ = 0, batch_ = 0;
  bool full_batch_ = true;
  std::vector<int> order_;
  int batch_start_ = 0;
  bool epoch_started_ = false;
  double epoch_loss_ = 0.0, previous_epoch_loss_ = 0.0, last_gradient_ = 0.0;
  bool done_ = false;
};

AttentionTrainResult train_attention(const RowMatrix& keys, const Eigen::VectorXd& values,
                                     const AttentionTrainOptions& options);

}  // namespace nw
