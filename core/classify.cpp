#include "classify.h"

#include <stdexcept>

namespace nw {

Classification classify(const ConstVec& queries, const ConstVec& keys,
                        const std::vector<int>& labels, int classes, Kernel kernel, double w) {
  const Eigen::Index m = queries.size(), n = keys.size();
  if (n < 1) throw std::invalid_argument("classify: no keys");
  if (static_cast<Eigen::Index>(labels.size()) != n)
    throw std::invalid_argument("classify: keys and labels differ in length");
  if (classes < 1 || classes > kMaxClasses)
    throw std::invalid_argument("classify: classes must be in [1, 256]");
  for (const int c : labels)
    if (c < 0 || c >= classes) throw std::invalid_argument("classify: label out of range");
  Classification out;
  out.classes = classes;
  out.probabilities.resize(m, classes);
  out.predicted.assign(static_cast<size_t>(m), 0);
  Eigen::VectorXd one_hot(n), column(m);
  for (int c = 0; c < classes; ++c) {
    for (Eigen::Index j = 0; j < n; ++j) one_hot[j] = labels[static_cast<size_t>(j)] == c;
    predict_into(queries, keys, one_hot, kernel, w, Evaluation::kWindowed, column.data());
    out.probabilities.col(c) = column;
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    int best = 0;
    for (int c = 1; c < classes; ++c)
      if (out.probabilities(i, c) > out.probabilities(i, best) + kClassTie) best = c;
    out.predicted[static_cast<size_t>(i)] = best;
  }
  return out;
}

}  // namespace nw
