// Parzen-window classification as attention pooling (the chapter's second-edition exercise 1):
// Nadaraya-Watson regression of one-hot label vectors. With labels c_j in 0..C-1 and the attention
// weights a_j(q) of the regression (nadaraya_watson.h), the probability of class c at q is
//   p_c(q) = sum_j a_j(q) [c_j = c],
// i.e. the prediction of the values y_j = [c_j = c]. Each class is computed as exactly that
// prediction, so every kernel's fast path and the empty-support rule (the nearest key's label
// with probability 1) carry over, and the rows sum to 1 up to rounding.
#pragma once

#include <vector>

#include "nadaraya_watson.h"

namespace nw {

// The most classes a classification may have.
constexpr int kMaxClasses = 256;

struct Classification {
  int classes = 0;
  RowMatrixXd probabilities;   // m x classes, row-major; rows sum to 1
  std::vector<int> predicted;  // m: the most probable class (ties: the lowest class)
};

// Probabilities within this (absolute) distance of a row's largest count as tied with it, so
// that classes that are equally likely in exact arithmetic go to the lowest class whatever the
// rounding of their sums.
constexpr double kClassTie = 1e-12;

// labels: n integers in [0, classes); classes in [1, kMaxClasses]; n >= 1 keys.
Classification classify(const ConstVec& queries, const ConstVec& keys,
                        const std::vector<int>& labels, int classes, Kernel kernel, double w);

}  // namespace nw
