// Nadaraya-Watson kernel regression as attention pooling.
//
// For a query q, keys x_1..x_n and values y_1..y_n, with scale w = 1/h (h the bandwidth):
//   u_j = (q - x_j) w,    a_j = K(u_j) / sum_k K(u_k)    (attention weights, a softmax of log K)
//   f(q) = sum_j a_j y_j                                 (attention pooling of the values)
// For the Gaussian kernel a_j = softmax_j(-u_j^2 / 2), computed stably: the row's largest score
// is subtracted before exp, so a row never turns into 0/0 when every exp(score) underflows.
//
// Only keys that can change a double result are visited (window.h), so a row costs
// O(log n + window), not O(n).
//
// Empty support: if every weight of a row is zero (a compact kernel with no key within h, every
// Gaussian score -inf at a tiny h, or an infinite w), the row is one-hot on the key nearest to q
// (ties: the lowest key index), the h -> 0 limit of every kernel. So finite inputs never give NaN.
//
// w = 0 (h = infinity) gives uniform weights 1/n: average pooling.
#pragma once

#include <Eigen/Core>
#include <array>
#include <memory>
#include <vector>

#include "kernels.h"

namespace nw {

using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstVec = Eigen::Ref<const Eigen::VectorXd>;

// How a row visits the keys. kWindowed (the default) sorts the keys once (if they are not sorted
// already) and visits only the keys that can change a double result (window.h); kDense visits
// every key. Both give the same results to about 1e-15 relative; kDense exists to prove it.
enum class Evaluation { kWindowed, kDense };

// The estimator at a query q from the kernel weights e_j = K((q - x_j) w):
//   kLocalConstant: Nadaraya-Watson, f = sum_j e_j y_j / sum_j e_j (attention pooling);
//   kLocalLinear: the intercept at q of the e-weighted least-squares line through (x_j, y_j),
//     f = ybar + (C / V)(q - xbar) with xbar, ybar the e-weighted means, V = sum e (x - xbar)^2,
//     C = sum e (x - xbar) y. It removes the local-constant estimator's first-order boundary bias.
//     Its attention rows are the equivalent-kernel weights
//     a_j = e_j / S0 + (q - xbar) e_j (x_j - xbar) / V (sum 1; may be negative). Where a row has
//     fewer than two distinct keys with non-zero weight the line is not determined and the row is
//     local constant (never NaN for finite input).
enum class Estimator { kLocalConstant, kLocalLinear };
constexpr int kEstimatorCount = 2;

// The estimators' names in enum order ("local-constant", "local-linear"): the one list the
// bindings and the JS API read.
const std::array<const char*, kEstimatorCount>& estimator_names();

// The scale w = 1/h of a bandwidth h > 0 (inf for h below the smallest normal reciprocal, 0 for
// h = +infinity: average pooling).
double scale_from_bandwidth(double h);

// Predictions f(q_i) for m queries against n keys/values (n >= 1, keys and values of equal
// length). Returns m values. Streams: no m x n matrix is formed.
Eigen::VectorXd predict(const ConstVec& queries, const ConstVec& keys, const ConstVec& values,
                        Kernel kernel, double w, Evaluation evaluation = Evaluation::kWindowed,
                        Estimator estimator = Estimator::kLocalConstant);

// The same, written to out[0..m) (the bindings' result buffer: no allocation of the result).
void predict_into(const ConstVec& queries, const ConstVec& keys, const ConstVec& values,
                  Kernel kernel, double w, Evaluation evaluation, double* out,
                  Estimator estimator = Estimator::kLocalConstant);

// Attention matrix: m queries x n keys, row-major, each row sums to 1 (columns in key order).
RowMatrixXd attention_weights(const ConstVec& queries, const ConstVec& keys, Kernel kernel,
                              double w, Evaluation evaluation = Evaluation::kWindowed,
                              Estimator estimator = Estimator::kLocalConstant);

// The same, written to out[0..m n) row-major.
void attention_weights_into(const ConstVec& queries, const ConstVec& keys, Kernel kernel, double w,
                            Evaluation evaluation, double* out,
                            Estimator estimator = Estimator::kLocalConstant);

// sum_j a_j(q_i)^2 of every query's attention row (out[0..m)): the variance factor of the fit as a
// linear smoother (confidence_band.h); 1 for a one-hot row. From the same rows as
// attention_weights, without forming them: O(log n + window) per query.
void attention_square_sums(const ConstVec& queries, const ConstVec& keys, Kernel kernel, double w,
                           double* out, Estimator estimator = Estimator::kLocalConstant);

// The attention matrix binned for display (heatmaps of large data): at most max_rows x max_cols
// cells. Queries are split, in the caller's order, into max_rows contiguous blocks of (nearly)
// equal size; the keys, sorted ascending, into max_cols such blocks. A cell holds the attention
// weight the queries of its row block give to the keys of its column block: summed over the keys
// of the block and averaged over the queries of the block, so each binned row still sums to 1.
// Without binning (m <= max_rows, n <= max_cols) it is the attention matrix with sorted columns.
// Streams row by row: memory O(n + cells), never m x n.
struct BinnedAttention {
  RowMatrixXd cells;  // rows x cols, row-major
  std::vector<Eigen::Index>
      row_start;  // rows + 1 entries: row block r = queries [row_start[r], row_start[r + 1])
  std::vector<Eigen::Index>
      col_start;  // cols + 1 entries: column block c = sorted keys [col_start[c], ...)
  Eigen::VectorXd sorted_keys;  // the n keys, sorted ascending (the column axis)
};
BinnedAttention attention_binned(const ConstVec& queries, const ConstVec& keys, Kernel kernel,
                                 double w, Eigen::Index max_rows, Eigen::Index max_cols,
                                 Estimator estimator = Estimator::kLocalConstant);

// The chapter's baseline: every query gets the mean of the values.
double average_pooling(const ConstVec& values);

// The mean squared error (1/m) sum_i (a_i - b_i)^2 of m >= 1 predictions against targets (the
// test error every figure reports). The differences are scaled when their squares would overflow.
double mean_squared_error(const ConstVec& a, const ConstVec& b);

// Training loss and its derivative with respect to w.
struct LossAndGradient {
  double loss = 0.0;      // sum over the chosen training points i of (f_i - y_i)^2
  double gradient = 0.0;  // dL/dw, analytic
};

// Loss of the training points `rows` (indices into keys/values; all n when empty). Point i is
// predicted from every other training pair when leave_one_out (n - 1 keys, n >= 2), or from all
// n pairs including itself otherwise. With d_j = x_i - x_j and e_j = K(d_j w):
//   f_i = sum_j e_j y_j / sum_j e_j,
//   df_i/dw = sum_j (y_j - f_i) K'(d_j w) d_j / sum_j e_j
//           = -w (sum_j a_j y_j d_j^2 - f_i sum_j a_j d_j^2)          for the Gaussian,
//   dL/dw = sum_i 2 (f_i - y_i) df_i/dw.
// Rows on an empty support contribute their loss and a zero gradient.
LossAndGradient training_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel, double w,
                              bool leave_one_out, const std::vector<int>& rows = {},
                              Evaluation evaluation = Evaluation::kWindowed,
                              bool with_gradient = true,
                              Estimator estimator = Estimator::kLocalConstant);

// The training loss accumulated row by row, for a caller that spreads one loss (or one SGD batch)
// over several calls (ParametricTrainer: bounded work per step). It holds the keys sorted once and,
// for the current scale w, the row evaluator with its caches (e.g. the Gaussian box expansion), so
// the rows of one batch share them however they are split. Accumulating rows r_1 .. r_k in one
// call or in several gives bit-identical sums (the same additions in the same order), and
// training_loss is exactly one accumulate() over its rows.
// See LossEvaluator::smoother_fit.
struct SmootherFit {
  double rss = 0.0;
  double trace = 0.0;
};

class LossEvaluator {
 public:
  // Copies the keys and values (n >= 1, equal lengths; n >= 2 for leave-one-out).
  // The local-linear estimator has no gradient (accumulate with_gradient throws); its rows are
  // swept like the local-constant ones for compact kernels (compact_sums.h with_linear: rows whose
  // sums are not accurate enough are evaluated directly), wide Gaussian rows take the box
  // expansion, the others are the direct windowed ones.
  LossEvaluator(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                Evaluation evaluation = Evaluation::kWindowed,
                Estimator estimator = Estimator::kLocalConstant);
  ~LossEvaluator();
  LossEvaluator(const LossEvaluator&) = delete;
  LossEvaluator& operator=(const LossEvaluator&) = delete;

  Eigen::Index size() const;
  // Sets the scale w for the following accumulate() calls (drops the caches of the previous w).
  // rows_expected: how many rows will be accumulated at this w. When they are at least a quarter
  // of all rows and a compact kernel's windows are wide, every row is computed at once by fast sum
  // updating (compact_sums.h) on the first accumulate() and the calls read those rows: the choice
  // is made here, so the rows of one w are bit-identical however the calls split them.
  void set_scale(double w, Eigen::Index rows_expected = 0);
  // Adds (f_i - y_i)^2 and 2 (f_i - y_i) df_i/dw of the rows (caller's indices; rows == nullptr:
  // rows first .. first + count - 1 in order) to *acc.
  void accumulate(const int* rows, Eigen::Index first, Eigen::Index count, bool leave_one_out,
                  bool with_gradient, LossAndGradient* acc);
  // The in-sample fit at scale w (every row predicted from all n pairs, itself included): its
  // residual sum of squares and the trace of the smoother (hat) matrix H, tr H = sum_i a_ii with
  // a_ii = K(0) / sum_j K((x_i - x_j) w), the weight key i gives itself (AIC_c, bandwidth.h).
  // Through the same fast paths as the loss.
  SmootherFit smoother_fit(double w);
  // The loss of all rows at scale w (set_scale(w, n) and one accumulate(), no gradient): what
  // training_loss(...).loss returns, without sorting the keys again (loss curves, searches).
  double loss(double w, bool leave_one_out);
  // The rows of the current scale that fast sum updating took from its sums (0 before the first
  // accumulate() or smoother_fit() at this scale, or when it does not sweep); the others were
  // evaluated directly. For tests and benchmarks: the fast path is really taken.
  Eigen::Index swept_rows() const;
  // The rows of the current scale that the Gaussian's paired pass took from its pair sums (each
  // pair of nearby keys weighed once for both rows; 0 when the pass is not taken).
  Eigen::Index paired_rows() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The leave-one-out loss of bandwidth scale w: training_loss(..., leave_one_out = true).loss.
double loo_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel, double w,
                Estimator estimator = Estimator::kLocalConstant);

}  // namespace nw
