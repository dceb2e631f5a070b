#include "parametric.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "rng.h"

namespace nw {

TrainResult train_parametric(const ConstVec& keys, const ConstVec& values,
                             const TrainOptions& opt) {
  const int n = static_cast<int>(keys.size());
  if (n < 1 || keys.size() != values.size())
    throw std::invalid_argument("train_parametric: keys and values must be non-empty, same length");
  if (opt.leave_one_out && n < 2)
    throw std::invalid_argument("train_parametric: leave-one-out needs at least 2 points");
  if (!kernel_is_trainable(opt.kernel))
    throw std::invalid_argument("train_parametric: kernel is not differentiable in w");
  if (opt.epochs < 1) throw std::invalid_argument("train_parametric: epochs must be >= 1");

  Rng rng(opt.seed);
  TrainResult res;
  res.w0 = opt.w0_from_seed ? rng.uniform() : opt.w0;
  double w = res.w0;
  const bool full_batch = opt.batch_size <= 0 || opt.batch_size >= n;
  const int batch = full_batch ? n : opt.batch_size;
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::vector<int> rows;
  double previous_epoch_loss = 0.0;

  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    if (!full_batch) {
      for (int i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    }
    double epoch_loss = 0.0;
    double last_gradient = 0.0;
    for (int start = 0; start < n; start += batch) {
      const int stop = std::min(n, start + batch);
      if (full_batch) {
        rows.clear();  // empty = all rows
      } else {
        rows.assign(order.begin() + start, order.begin() + stop);
      }
      const LossAndGradient lg = training_loss(keys, values, opt.kernel, w, opt.leave_one_out, rows);
      w -= opt.learning_rate * lg.gradient;
      res.losses.push_back(lg.loss);
      res.ws.push_back(w);
      epoch_loss += lg.loss;
      last_gradient = lg.gradient;
    }
    res.epochs = epoch + 1;
    if (opt.until_converged) {
      const bool flat_gradient =
          full_batch && std::fabs(last_gradient) <= opt.tolerance * (1.0 + epoch_loss);
      const bool flat_loss = epoch > 0 && std::fabs(epoch_loss - previous_epoch_loss) <=
                                              opt.tolerance * previous_epoch_loss;
      if (flat_gradient || flat_loss) {
        res.converged = true;
        break;
      }
    }
    previous_epoch_loss = epoch_loss;
  }
  res.w = w;
  return res;
}

}  // namespace nw
