#include "train_attention.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace nw {

AttentionTrainer::AttentionTrainer(const RowMatrix& keys, const Eigen::VectorXd& values,
                                   const AttentionTrainOptions& options)
    : keys_(keys), values_(values), opt_(options), rng_(options.seed) {
  n_ = static_cast<int>(keys.rows());
  const int d = static_cast<int>(keys.cols());
  if (d < 1 || d > kMaxDims)
    throw std::invalid_argument("dims must be 1.." + std::to_string(kMaxDims));
  if (values.size() != keys.rows()) throw std::invalid_argument("values must have n entries");
  if (n_ < (opt_.leave_one_out ? 2 : 1))
    throw std::invalid_argument("training needs at least 2 pairs with leave-one-out");
  if (opt_.epochs < 1) throw std::invalid_argument("epochs must be >= 1");
  if (opt_.model != AttentionModel::kDot && !kernel_is_trainable(opt_.kernel))
    throw std::invalid_argument("the kernel is not trainable (its weights do not depend on w)");
  if (!std::isfinite(opt_.learning_rate) || !(opt_.learning_rate > 0.0))
    throw std::invalid_argument("the learning rate must be finite and > 0");
  const int rank = opt_.rank > 0 ? opt_.rank : d;
  if (opt_.model == AttentionModel::kDot && (rank < 1 || rank > kMaxRank))
    throw std::invalid_argument("rank must be 1.." + std::to_string(kMaxRank));
  res_.model = opt_.model;
  const int count = model_param_count(opt_.model, d, rank);
  if (!opt_.init.empty()) {
    if (static_cast<int>(opt_.init.size()) != count)
      throw std::invalid_argument("init must have " + std::to_string(count) + " entries");
    res_.init = opt_.init;
  } else {
    const double w0 = rng_.uniform();
    switch (opt_.model) {
      case AttentionModel::kScalar:
        res_.init = {w0};
        break;
      case AttentionModel::kDiagonal:
        res_.init.assign(static_cast<std::size_t>(d), w0);
        break;
      case AttentionModel::kFull:
        res_.init.assign(static_cast<std::size_t>(d * d), 0.0);
        for (int k = 0; k < d; ++k) res_.init[static_cast<std::size_t>(k * d + k)] = w0;
        break;
      case AttentionModel::kDot: {
        res_.init.resize(static_cast<std::size_t>(count));
        const double scale = 1.0 / std::sqrt(static_cast<double>(d));
        for (double& p : res_.init) p = rng_.normal() * scale;
        break;
      }
    }
  }
  for (double p : res_.init)
    if (!std::isfinite(p)) throw std::invalid_argument("init must be finite");
  // The spec is checked once here (counts, finiteness); each step builds it again.
  (void)model_spec(opt_.model, d, res_.init, opt_.kernel);
  res_.params = res_.init;
  full_batch_ = opt_.batch_size <= 0 || opt_.batch_size >= n_;
  batch_ = full_batch_ ? n_ : opt_.batch_size;
  order_.resize(static_cast<std::size_t>(n_));
  std::iota(order_.begin(), order_.end(), 0);
}

void AttentionTrainer::step() {
  if (done_) return;
  if (!epoch_started_) {
    if (!full_batch_)
      for (int i = n_ - 1; i > 0; --i)
        std::swap(order_[static_cast<std::size_t>(i)],
                  order_[static_cast<std::size_t>(rng_.below(static_cast<std::uint64_t>(i) + 1))]);
    epoch_started_ = true;
    epoch_loss_ = 0.0;
    batch_start_ = 0;
  }
  const int stop = std::min(n_, batch_start_ + batch_);
  const std::vector<int> rows(order_.begin() + batch_start_, order_.begin() + stop);
  const NdLoss l = training_loss_nd(keys_, values_, opt_.model, res_.params, opt_.kernel,
                                    opt_.leave_one_out, rows);
  std::vector<double> next = res_.params;
  for (std::size_t k = 0; k < next.size(); ++k)
    next[k] -= opt_.learning_rate * l.gradient[static_cast<Eigen::Index>(k)];
  if (!std::all_of(next.begin(), next.end(), [](double v) { return std::isfinite(v); }) ||
      !std::isfinite(l.loss)) {
    res_.diverged = true;
    done_ = true;
    return;
  }
  res_.params = next;
  if (opt_.keep_history) res_.history.insert(res_.history.end(), next.begin(), next.end());
  res_.losses.push_back(l.loss);
  epoch_loss_ += l.loss;
  last_gradient_ = l.gradient.size() ? l.gradient.cwiseAbs().maxCoeff() : 0.0;
  batch_start_ = stop;
  if (stop < n_) return;
  finish_epoch();
}

void AttentionTrainer::finish_epoch() {
  epoch_started_ = false;
  const int epoch = res_.epochs;
  res_.epochs = epoch + 1;
  if (opt_.until_converged) {
    const bool flat_gradient =
        full_batch_ && last_gradient_ <= opt_.tolerance * (1.0 + epoch_loss_);
    const bool flat_loss = epoch > 0 && std::fabs(epoch_loss_ - previous_epoch_loss_) <=
                                            opt_.tolerance * previous_epoch_loss_;
    if (flat_gradient || flat_loss) {
      res_.converged = true;
      done_ = true;
    }
  }
  previous_epoch_loss_ = epoch_loss_;
  if (res_.epochs >= opt_.epochs) done_ = true;
}

AttentionTrainResult train_attention(const RowMatrix& keys, const Eigen::VectorXd& values,
                                     const AttentionTrainOptions& options) {
  AttentionTrainer trainer(keys, values, options);
  while (!trainer.done()) trainer.step();
  return trainer.result();
}

}  // namespace nw
