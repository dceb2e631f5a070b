// Attention over vector queries and keys (issue 13): the step from kernel regression to the
// attention head of a Transformer.
//
// Queries are m x d, keys n x d (row-major), values length n. A query q gives key x_j a score and
// the weights are the normalised kernel of the scores:
//   score kDistance: u_j = P (q - x_j) with P = w I (isotropic, w = 1/h), diag(w_1..w_d) or a full
//     r x d matrix; K_j = K(|u_j|) of a radial kernel (Gaussian exp(-|u|^2 / 2): the stable softmax
//     of -|u|^2 / 2; a compact kernel: zero for |u| > 1);
//   score kDot: s_j = (A q) . (B x_j) with A = B = w I (s_j = w^2 q . x_j, the Gaussian on the unit
//     sphere up to a constant per query) or learned A = Wq / sqrt(r), B = Wk (r x d each, scaled
//     dot-product attention); K_j = exp(s_j - max_l s_l), the stable softmax.
// f(q) = sum_j K_j y_j / sum_j K_j. A query with no key of non-zero weight (a compact kernel) puts
// all its weight on the nearest key (smallest |u|; ties: the lowest index), as in one dimension.
//
// The learned models (trainable by SGD, see train_attention.h) and their parameters:
//   kScalar   u = w (q - x)                        params: w
//   kDiagonal u_k = w_k (q_k - x_k)                params: w_1 .. w_d
//   kFull     u = W (q - x)                        params: W, d x d row-major
//   kDot      s = (Wq q) . (Wk x) / sqrt(r)        params: Wq then Wk, r x d row-major each
// training_loss_nd gives the loss sum_i (f_i - y_i)^2 and its analytic gradient in the params.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

#include "kernels.h"

namespace nw {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline constexpr int kMaxDims = 8;  // input dimension d
inline constexpr int kMaxRank = 8;  // rows r of a projection

enum class Score { kDistance, kDot };
inline constexpr int kScoreCount = 2;
// Names in the enum's order as the JS API spells them ("distance", "dot"): the one table.
const std::array<const char*, kScoreCount>& score_names();

enum class AttentionModel { kScalar, kDiagonal, kFull, kDot };
inline constexpr int kAttentionModelCount = 4;
// "scalar", "diagonal", "full", "dot".
const std::array<const char*, kAttentionModelCount>& attention_model_names();

// How a query scores the keys. Exactly one of: the isotropic scale w (no projection), a distance
// projection P (r x d), or the dot projections A and B (r x d each; A already divided by sqrt(r)
// when it comes from a kDot model).
struct ScoreSpec {
  Score score = Score::kDistance;
  Kernel kernel = Kernel::kGaussian;  // kDistance only (kDot is always the softmax)
  double w = 1.0;                     // without projections
  RowMatrix projection;               // kDistance: P (empty: w I)
  RowMatrix query_projection;         // kDot: A (empty: w I)
  RowMatrix key_projection;           // kDot: B (empty: w I)
};

// The spec of a learned model with parameters `params` (laid out as above) over d inputs; rank r
// of kDot is params.size() / (2 d). std::invalid_argument on a wrong parameter count.
ScoreSpec model_spec(AttentionModel model, int dims, const std::vector<double>& params,
                     Kernel kernel);
// The number of parameters of a model (kDot: 2 r d).
int model_param_count(AttentionModel model, int dims, int rank);

// Keys n x d with the scoring's projections applied once; evaluates rows of weights.
class NdScorer {
 public:
  // keys: n x d (n >= 1, 1 <= d <= kMaxDims, finite); the spec's projections must have d columns
  // and at most kMaxRank rows (std::invalid_argument otherwise).
  NdScorer(const RowMatrix& keys, const ScoreSpec& spec);

  Eigen::Index size() const { return n_; }
  int dims() const { return d_; }

  // The unnormalised weights K_j of query q (d values) into k (length n), with key `skip` (or -1)
  // given 0; returns their sum (> 0: a query without support gets the one-hot nearest key).
  double row(const double* q, Eigen::Index skip, double* k) const;

 private:
  // row() for softmax scores (the Gaussian, dot products) given the projected query: the fast path;
  // returns 0 when the scores are not all finite or all -infinity (row()'s careful path then).
  double softmax_row(const double* pq, Eigen::Index skip, double* k) const;

  Eigen::Index n_;
  int d_;
  int r_;  // rows of the projected vectors
  Score score_;
  Kernel kernel_;
  RowMatrix proj_keys_;    // n x r: P x_j (distance) or B x_j (dot)
  RowMatrix proj_keys_t_;  // r x n: the same, transposed (one row per coordinate)
  RowMatrix query_proj_;   // r x d: P or A
};

// Attention weights m x n (row-major into out), each row summing to 1.
void attention_weights_nd(const RowMatrix& queries, const RowMatrix& keys, const ScoreSpec& spec,
                          double* out);

// Predictions f(q) for each query row.
Eigen::VectorXd predict_nd(const RowMatrix& queries, const RowMatrix& keys,
                           const Eigen::VectorXd& values, const ScoreSpec& spec);

// The attention matrix binned for display, as attention_binned in one dimension but with the keys
// in the caller's order (vectors have no natural order; the page's data are sorted by their first
// coordinate): queries split into at most max_rows contiguous blocks of nearly equal size, keys
// into max_cols; a cell is the weight of the row block's queries on the column block's keys, summed
// over the keys and averaged over the queries (rows sum to 1). Unbinned when m <= max_rows and n <=
// max_cols. Streams row by row.
struct NdBinnedAttention {
  RowMatrix cells;
  std::vector<Eigen::Index> row_start, col_start;  // blocks + 1 entries each
};
NdBinnedAttention attention_binned_nd(const RowMatrix& queries, const RowMatrix& keys,
                                      const ScoreSpec& spec, Eigen::Index max_rows,
                                      Eigen::Index max_cols);

// Points on the unit circle: x -> (cos 2 pi x / period, sin 2 pi x / period), n x 2 (period > 0).
RowMatrix unit_circle(const Eigen::VectorXd& x, double period);

// max_i |a_i - b_i| of two arrays of equal length (0 for empty ones).
double max_abs_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

struct NdLoss {
  double loss = 0.0;
  Eigen::VectorXd gradient;  // d loss / d params (empty without a model)
};

// sum over `rows` (all when empty) of (f_i - y_i)^2, f_i from every other pair when leave_one_out
// (n >= 2) or from all n. With a model: also the gradient in its params (analytic), 0 for rows on
// an empty support. Without (spec given): the loss only.
NdLoss training_loss_nd(const RowMatrix& keys, const Eigen::VectorXd& values, AttentionModel model,
                        const std::vector<double>& params, Kernel kernel, bool leave_one_out,
                        const std::vector<int>& rows = {});
double loss_nd(const RowMatrix& keys, const Eigen::VectorXd& values, const ScoreSpec& spec,
               bool leave_one_out);

// The isotropic bandwidth h = 1/w of the distance scores (a radial kernel, no projection) in d
// dimensions: the LOO loss at each h (+infinity: average pooling), and the LOO-CV choice, the best
// of a scan of 64 log-spaced h from half the smallest distance between two distinct keys to twice
// the diagonal of their bounding box (and h = +infinity), refined by Brent's method on log h
// between the best point's neighbours. All keys equal: h = 1. n >= 2.
struct NdBandwidthChoice {
  double bandwidth = 1.0;
  double loo_loss = 0.0;
};
Eigen::VectorXd loo_curve_nd(const RowMatrix& keys, const Eigen::VectorXd& values, Kernel kernel,
                             const Eigen::VectorXd& bandwidths);
NdBandwidthChoice select_bandwidth_nd(const RowMatrix& keys, const Eigen::VectorXd& values,
                                      Kernel kernel);

// The curse of dimensionality (the second edition's exercise 4): for each input dimension d of
// `dims` and each training-set size n of `sizes`, the test error against the true function of the
// Gaussian Nadaraya-Watson estimator with its LOO-CV bandwidth (select_bandwidth_nd), averaged over
// `repeats` data sets (every coordinate relevant; noise `noise`; the data of (d, n, repeat) from a
// seed mixed from `seed` by splitmix64; a noiseless test set of `test_points` per d). rate: the
// optimal n^(-4/(4+d)) through the geometric mean of the errors of that d.
struct DimensionRow {
  int dims = 1;
  std::vector<double> n, mse, bandwidth, rate;  // one entry per size
};
std::vector<DimensionRow> dimension_study(const std::vector<int>& sizes,
                                          const std::vector<int>& dims, int repeats,
                                          std::uint64_t seed, double noise, int test_points);

// The chapter's data in d dimensions: x_i ~ U[0, x_max)^d (n d uniforms in row order from
// Rng(seed), rows then sorted by their first coordinate, ties by the next), and
// y_i = mean over the relevant coordinates k of f(x_ik) + noise N(0, 1) (one normal per sorted
// row), f the chapter's true function. relevant: a mask of d entries with at least one true
// (empty: all). d = 1 is generate_data exactly.
struct NdDataset {
  RowMatrix x;  // n x d
  Eigen::VectorXd y;
};
NdDataset generate_data_nd(int n, double noise, std::uint64_t seed, double x_max, int dims,
                           const std::vector<bool>& relevant = {});
// The true function in d dimensions: the mean of f over the relevant coordinates of each row.
Eigen::VectorXd true_function_nd(const RowMatrix& x, const std::vector<bool>& relevant = {});

}  // namespace nw
