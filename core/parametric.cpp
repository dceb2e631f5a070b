#include "parametric.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace nw {

namespace {
void check(const ConstVec& keys, const ConstVec& values, const TrainOptions& opt) {
  const Eigen::Index n = keys.size();
  if (n < 1 || keys.size() != values.size())
    throw std::invalid_argument("train_parametric: keys and values must be non-empty, same length");
  if (opt.leave_one_out && n < 2)
    throw std::invalid_argument("train_parametric: leave-one-out needs at least 2 points");
  if (!kernel_is_trainable(opt.kernel))
    throw std::invalid_argument("train_parametric: kernel is not differentiable in w");
  if (opt.epochs < 1) throw std::invalid_argument("train_parametric: epochs must be >= 1");
}
}  // namespace

ParametricTrainer::ParametricTrainer(const ConstVec& keys, const ConstVec& values,
                                     const TrainOptions& options)
    : keys_((check(keys, values, options), keys)), values_(values), opt_(options), rng_(options.seed) {
  n_ = static_cast<int>(keys_.size());
  res_.w0 = opt_.w0_from_seed ? rng_.uniform() : opt_.w0;
  res_.w = res_.w0;
  full_batch_ = opt_.batch_size <= 0 || opt_.batch_size >= n_;
  batch_ = full_batch_ ? n_ : opt_.batch_size;
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), 0);
}

void ParametricTrainer::step() {
  if (done_) return;
  const int epoch = res_.epochs;
  if (!full_batch_) {
    for (int i = n_ - 1; i > 0; --i) std::swap(order_[i], order_[rng_.below(i + 1)]);
  }
  double w = res_.w;
  double epoch_loss = 0.0;
  double last_gradient = 0.0;
  for (int start = 0; start < n_; start += batch_) {
    const int stop = std::min(n_, start + batch_);
    if (full_batch_) {
      rows_.clear();  // empty = all rows
    } else {
      rows_.assign(order_.begin() + start, order_.begin() + stop);
    }
    const LossAndGradient lg =
        training_loss(keys_, values_, opt_.kernel, w, opt_.leave_one_out, rows_);
    const double next = w - opt_.learning_rate * lg.gradient;
    if (!std::isfinite(next)) {
      // Overflow: the learning rate (or the gradient) is too large for doubles. Stop here.
      res_.diverged = true;
      res_.epochs = epoch + 1;
      res_.w = w;
      done_ = true;
      return;
    }
    w = next;
    res_.losses.push_back(lg.loss);
    res_.ws.push_back(w);
    epoch_loss += lg.loss;
    last_gradient = lg.gradient;
  }
  res_.w = w;
  res_.epochs = epoch + 1;
  if (opt_.until_converged) {
    const bool flat_gradient =
        full_batch_ && std::fabs(last_gradient) <= opt_.tolerance * (1.0 + epoch_loss);
    const bool flat_loss = epoch > 0 && std::fabs(epoch_loss - previous_epoch_loss_) <=
                                            opt_.tolerance * previous_epoch_loss_;
    if (flat_gradient || flat_loss) {
      res_.converged = true;
      done_ = true;
    }
  }
  previous_epoch_loss_ = epoch_loss;
  if (res_.epochs >= opt_.epochs) done_ = true;
}

TrainResult train_parametric(const ConstVec& keys, const ConstVec& values,
                             const TrainOptions& options) {
  ParametricTrainer trainer(keys, values, options);
  while (!trainer.done()) trainer.step();
  return trainer.result();
}

}  // namespace nw
