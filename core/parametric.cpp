#include "parametric.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace nw {

namespace {
const ConstVec& checked(const ConstVec& keys, const ConstVec& values, const TrainOptions& opt) {
  const Eigen::Index n = keys.size();
  if (n < 1 || keys.size() != values.size())
    throw std::invalid_argument("train_parametric: keys and values must be non-empty, same length");
  if (opt.leave_one_out && n < 2)
    throw std::invalid_argument("train_parametric: leave-one-out needs at least 2 points");
  if (!kernel_is_trainable(opt.kernel))
    throw std::invalid_argument("train_parametric: kernel is not differentiable in w");
  if (opt.epochs < 1) throw std::invalid_argument("train_parametric: epochs must be >= 1");
  return keys;
}
}  // namespace

ParametricTrainer::ParametricTrainer(const ConstVec& keys, const ConstVec& values,
                                     const TrainOptions& options)
    : loss_(checked(keys, values, options), values, options.kernel),
      opt_(options),
      rng_(options.seed) {
  n_ = static_cast<int>(keys.size());
  res_.w0 = opt_.w0_from_seed ? rng_.uniform() : opt_.w0;
  res_.w = res_.w0;
  full_batch_ = opt_.batch_size <= 0 || opt_.batch_size >= n_;
  batch_ = full_batch_ ? n_ : opt_.batch_size;
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), 0);
}

std::int64_t ParametricTrainer::rows_total() const {
  std::int64_t total = static_cast<std::int64_t>(opt_.epochs) * n_;
  if (opt_.max_updates > 0)
    total = std::min(total, opt_.max_updates * static_cast<std::int64_t>(batch_));
  return std::max(total, rows_done_);
}

void ParametricTrainer::step() {
  if (done_) return;
  if (!epoch_started_) {
    // A new epoch: its minibatch order (full batch: all rows in order, no draw).
    if (!full_batch_) {
      for (int i = n_ - 1; i > 0; --i) std::swap(order_[i], order_[rng_.below(i + 1)]);
    }
    epoch_started_ = true;
    epoch_loss_ = 0.0;
    batch_start_ = 0;
    batch_stop_ = std::min(n_, batch_);
    next_ = 0;
    acc_ = {};
    loss_.set_scale(res_.w, batch_stop_ - batch_start_);
  }
  // A slice of the batch's rows, accumulated in order into the batch's sums.
  const std::int64_t slice = std::max<std::int64_t>(1, kRowWork / n_);
  const int count = static_cast<int>(std::min<std::int64_t>(slice, batch_stop_ - next_));
  if (full_batch_) {
    loss_.accumulate(nullptr, next_, count, opt_.leave_one_out, true, &acc_);
  } else {
    loss_.accumulate(order_.data() + next_, 0, count, opt_.leave_one_out, true, &acc_);
  }
  next_ += count;
  rows_done_ += count;
  if (next_ < batch_stop_) return;

  // The batch is complete: one SGD update.
  const double w = res_.w;
  const double next_w = w - opt_.learning_rate * acc_.gradient;
  if (!std::isfinite(next_w)) {
    // Overflow: the learning rate (or the gradient) is too large for doubles. Stop here.
    res_.diverged = true;
    done_ = true;
    return;
  }
  res_.w = next_w;
  res_.losses.push_back(acc_.loss);
  res_.ws.push_back(next_w);
  epoch_loss_ += acc_.loss;
  last_gradient_ = acc_.gradient;
  acc_ = {};
  if (opt_.max_updates > 0 && static_cast<std::int64_t>(res_.losses.size()) >= opt_.max_updates &&
      batch_stop_ < n_) {
    res_.budget_reached = true;  // within an epoch: it does not count as a whole one
    done_ = true;
    return;
  }
  if (batch_stop_ < n_) {
    batch_start_ = batch_stop_;
    batch_stop_ = std::min(n_, batch_start_ + batch_);
    loss_.set_scale(res_.w, batch_stop_ - batch_start_);
    return;
  }
  finish_epoch();
}

void ParametricTrainer::finish_epoch() {
  epoch_started_ = false;
  const int epoch = res_.epochs;
  res_.epochs = epoch + 1;
  if (opt_.until_converged) {
    const bool flat_gradient =
        full_batch_ && std::fabs(last_gradient_) <= opt_.tolerance * (1.0 + epoch_loss_);
    const bool flat_loss = epoch > 0 && std::fabs(epoch_loss_ - previous_epoch_loss_) <=
                                            opt_.tolerance * previous_epoch_loss_;
    if (flat_gradient || flat_loss) {
      res_.converged = true;
      done_ = true;
    }
  }
  previous_epoch_loss_ = epoch_loss_;
  if (res_.epochs >= opt_.epochs) done_ = true;
  if (opt_.max_updates > 0 && static_cast<std::int64_t>(res_.losses.size()) >= opt_.max_updates &&
      !done_) {
    res_.budget_reached = true;
    done_ = true;
  }
}

TrainResult train_parametric(const ConstVec& keys, const ConstVec& values,
                             const TrainOptions& options) {
  ParametricTrainer trainer(keys, values, options);
  while (!trainer.done()) trainer.step();
  return trainer.result();
}

}  // namespace nw
