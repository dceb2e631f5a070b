#include "attention_nd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "consistency.h"
#include "dataset.h"
#include "detmath.h"
#include "minimize.h"
#include "rng.h"
#include "simd_exp.h"

namespace nw {

const std::array<const char*, kScoreCount>& score_names() {
  static const std::array<const char*, kScoreCount> names = {"distance", "dot"};
  return names;
}

const std::array<const char*, kAttentionModelCount>& attention_model_names() {
  static const std::array<const char*, kAttentionModelCount> names = {"scalar", "diagonal", "full",
                                                                      "dot"};
  return names;
}

namespace {

void check_dims(int dims) {
  if (dims < 1 || dims > kMaxDims)
    throw std::invalid_argument("dims must be 1.." + std::to_string(kMaxDims));
}

RowMatrix row_major(const std::vector<double>& p, std::size_t offset, int rows, int cols) {
  RowMatrix m(rows, cols);
  for (int a = 0; a < rows; ++a)
    for (int b = 0; b < cols; ++b) m(a, b) = p[offset + static_cast<std::size_t>(a * cols + b)];
  return m;
}

// The distance projection P of a spec (w I when none is given), checked against d.
RowMatrix distance_projection(const ScoreSpec& s, int d) {
  if (s.projection.size() == 0) return RowMatrix::Identity(d, d) * s.w;
  if (s.projection.cols() != d || s.projection.rows() < 1 || s.projection.rows() > kMaxRank)
    throw std::invalid_argument("projection must be r x d with 1 <= r <= " +
                                std::to_string(kMaxRank));
  return s.projection;
}

}  // namespace

int model_param_count(AttentionModel model, int dims, int rank) {
  switch (model) {
    case AttentionModel::kScalar:
      return 1;
    case AttentionModel::kDiagonal:
      return dims;
    case AttentionModel::kFull:
      return dims * dims;
    case AttentionModel::kDot:
      return 2 * rank * dims;
  }
  return 0;
}

ScoreSpec model_spec(AttentionModel model, int dims, const std::vector<double>& params,
                     Kernel kernel) {
  check_dims(dims);
  for (double p : params)
    if (!std::isfinite(p)) throw std::invalid_argument("params must be finite");
  ScoreSpec s;
  s.kernel = kernel;
  const std::size_t n = params.size();
  switch (model) {
    case AttentionModel::kScalar:
      if (n != 1) throw std::invalid_argument("the scalar model has 1 parameter (w)");
      s.projection = RowMatrix::Identity(dims, dims) * params[0];
      break;
    case AttentionModel::kDiagonal:
      if (n != static_cast<std::size_t>(dims))
        throw std::invalid_argument("the diagonal model has d parameters");
      s.projection = RowMatrix::Zero(dims, dims);
      for (int k = 0; k < dims; ++k) s.projection(k, k) = params[static_cast<std::size_t>(k)];
      break;
    case AttentionModel::kFull:
      if (n != static_cast<std::size_t>(dims * dims))
        throw std::invalid_argument("the full model has d x d parameters");
      s.projection = row_major(params, 0, dims, dims);
      break;
    case AttentionModel::kDot: {
      const std::size_t per = n / 2;
      if (n == 0 || n % (2 * static_cast<std::size_t>(dims)) != 0 ||
          per / static_cast<std::size_t>(dims) > static_cast<std::size_t>(kMaxRank))
        throw std::invalid_argument("the dot model has 2 r d parameters, 1 <= r <= " +
                                    std::to_string(kMaxRank));
      const int r = static_cast<int>(per / static_cast<std::size_t>(dims));
      s.score = Score::kDot;
      s.query_projection = row_major(params, 0, r, dims) / std::sqrt(static_cast<double>(r));
      s.key_projection = row_major(params, per, r, dims);
      break;
    }
  }
  return s;
}

NdScorer::NdScorer(const RowMatrix& keys, const ScoreSpec& spec)
    : n_(keys.rows()), d_(static_cast<int>(keys.cols())), score_(spec.score), kernel_(spec.kernel) {
  check_dims(d_);
  if (n_ < 1) throw std::invalid_argument("keys must have at least one row");
  if (!keys.allFinite()) throw std::invalid_argument("keys must be finite");
  if (!std::isfinite(spec.w)) throw std::invalid_argument("w must be finite");
  RowMatrix key_proj;
  if (score_ == Score::kDistance) {
    query_proj_ = distance_projection(spec, d_);
    key_proj = query_proj_;
  } else {
    const bool learned = spec.query_projection.size() > 0 || spec.key_projection.size() > 0;
    if (!learned) {
      query_proj_ = RowMatrix::Identity(d_, d_) * spec.w;
      key_proj = query_proj_;
    } else {
      const RowMatrix& a = spec.query_projection;
      const RowMatrix& b = spec.key_projection;
      if (a.cols() != d_ || b.cols() != d_ || a.rows() != b.rows() || a.rows() < 1 ||
          a.rows() > kMaxRank)
        throw std::invalid_argument(
            "queryProjection and keyProjection must both be r x d with 1 <= r <= " +
            std::to_string(kMaxRank));
      query_proj_ = a;
      key_proj = b;
    }
  }
  if (!query_proj_.allFinite() || !key_proj.allFinite())
    throw std::invalid_argument("projections must be finite");
  r_ = static_cast<int>(query_proj_.rows());
  proj_keys_ = keys * key_proj.transpose();  // n x r
  proj_keys_t_ = proj_keys_.transpose();
}

double NdScorer::row(const double* q, Eigen::Index skip, double* k) const {
  Eigen::Map<const Eigen::VectorXd> qv(q, d_);
  const Eigen::VectorXd pq = query_proj_ * qv;
  if (score_ == Score::kDot || kernel_ == Kernel::kGaussian) {
    const double sum = softmax_row(pq.data(), skip, k);
    if (sum > 0.0) return sum;  // else: scores at +-infinity, decided below
  }
  // Scores: the log-weights (Gaussian and dot) or, for the other radial kernels, |u|.
  double best = -std::numeric_limits<double>::infinity();
  Eigen::Index nearest = -1;
  double nearest_t = std::numeric_limits<double>::infinity();
  const bool softmax = score_ == Score::kDot || kernel_ == Kernel::kGaussian;
  for (Eigen::Index j = 0; j < n_; ++j) {
    if (j == skip) {
      k[j] = 0.0;
      continue;
    }
    double s;
    if (score_ == Score::kDot) {
      s = pq.dot(proj_keys_.row(j));
      if (std::isnan(s)) s = -std::numeric_limits<double>::infinity();
    } else {
      double t2 = 0.0, big = 0.0;
      for (int a = 0; a < r_; ++a) {
        const double u = pq[a] - proj_keys_(j, a);
        t2 += u * u;
        big = std::fmax(big, std::fabs(u));
      }
      // |u| itself, without overflow where |u|^2 overflows (the nearest key is still found).
      double t = std::sqrt(t2);
      if (!(t2 < std::numeric_limits<double>::infinity())) {
        double scaled = 0.0;
        for (int a = 0; a < r_; ++a) {
          const double v = (pq[a] - proj_keys_(j, a)) / big;
          scaled += v * v;
        }
        t = big * std::sqrt(scaled);
        t2 = std::numeric_limits<double>::infinity();
      }
      if (std::isnan(t)) t = std::numeric_limits<double>::infinity();
      if (nearest < 0 || t < nearest_t) {
        nearest_t = t;
        nearest = j;
      }
      s = softmax ? -0.5 * t2 : t;
    }
    k[j] = s;
    if (softmax && s > best) best = s;
  }
  double sum = 0.0;
  if (softmax) {
    if (best == -std::numeric_limits<double>::infinity() ||
        best == std::numeric_limits<double>::infinity()) {
      // Every score -infinity (all distances overflow) or some +infinity (a dot product
      // overflows): the weight goes to the keys at the extreme score (distance: the nearest).
      for (Eigen::Index j = 0; j < n_; ++j) {
        const bool top = j != skip && (score_ == Score::kDot ? k[j] == best : j == nearest);
        k[j] = top ? 1.0 : 0.0;
        sum += k[j];
      }
      if (sum == 0.0 && n_ > (skip >= 0 ? 1 : 0)) {
        const Eigen::Index first = skip == 0 ? 1 : 0;
        k[first] = 1.0;
        sum = 1.0;
      }
      return sum;
    }
    for (Eigen::Index j = 0; j < n_; ++j) {
      k[j] = j == skip ? 0.0 : std::exp(k[j] - best);
      sum += k[j];
    }
    return sum;
  }
  with_kernel(kernel_, [&](auto tag) {
    for (Eigen::Index j = 0; j < n_; ++j) {
      k[j] = j == skip ? 0.0 : kernel_value(tag.kernel, k[j]);
      sum += k[j];
    }
  });
  if (sum > 0.0) return sum;
  // No key within the support: the nearest key takes the whole weight.
  std::fill(k, k + n_, 0.0);
  if (nearest >= 0) k[nearest] = 1.0;
  return nearest >= 0 ? 1.0 : 0.0;
}

double NdScorer::softmax_row(const double* pq, Eigen::Index skip, double* k) const {
  // The scores for all keys, coordinate by coordinate over the keys (contiguous rows of
  // proj_keys_t_, so the inner loops vectorise): -|pq - P x_j|^2 / 2, or pq . B x_j.
  const bool dot = score_ == Score::kDot;
  std::fill(k, k + n_, 0.0);
  for (int a = 0; a < r_; ++a) {
    const double* col = proj_keys_t_.row(a).data();
    const double c = pq[a];
    if (dot) {
      for (Eigen::Index j = 0; j < n_; ++j) k[j] += c * col[j];
    } else {
      for (Eigen::Index j = 0; j < n_; ++j) k[j] += (c - col[j]) * (c - col[j]);
    }
  }
  double best = -std::numeric_limits<double>::infinity();
  for (Eigen::Index j = 0; j < n_; ++j) {
    if (!dot) k[j] *= -0.5;
    if (j != skip && k[j] > best) best = k[j];  // NaN (an overflowing dot product) never wins
  }
  // Every score -infinity or NaN, or one +infinity: the careful path of row() decides.
  if (!std::isfinite(best)) return 0.0;
  // e^(s_j - best), with weights below e^-700 of the largest taken as 0 (far below the sums'
  // rounding), and NaN scores 0 as in row() (exp_scores).
  for (Eigen::Index j = 0; j < n_; ++j) k[j] -= best;
  if (skip >= 0 && skip < n_) k[skip] = -std::numeric_limits<double>::infinity();
  exp_scores(k, static_cast<std::size_t>(n_));
  double sum = 0.0;
  for (Eigen::Index j = 0; j < n_; ++j) sum += k[j];
  return sum;
}

void attention_weights_nd(const RowMatrix& queries, const RowMatrix& keys, const ScoreSpec& spec,
                          double* out) {
  const NdScorer scorer(keys, spec);
  if (queries.cols() != keys.cols()) throw std::invalid_argument("queries must be m x d");
  if (!queries.allFinite()) throw std::invalid_argument("queries must be finite");
  const Eigen::Index n = keys.rows();
  for (Eigen::Index i = 0; i < queries.rows(); ++i) {
    double* row = out + i * n;
    const Eigen::VectorXd q = queries.row(i).transpose();
    const double sum = scorer.row(q.data(), -1, row);
    for (Eigen::Index j = 0; j < n; ++j) row[j] /= sum;
  }
}

Eigen::VectorXd predict_nd(const RowMatrix& queries, const RowMatrix& keys,
                           const Eigen::VectorXd& values, const ScoreSpec& spec) {
  if (values.size() != keys.rows()) throw std::invalid_argument("values must have n entries");
  if (!values.allFinite()) throw std::invalid_argument("values must be finite");
  const NdScorer scorer(keys, spec);
  if (queries.cols() != keys.cols()) throw std::invalid_argument("queries must be m x d");
  if (!queries.allFinite()) throw std::invalid_argument("queries must be finite");
  Eigen::VectorXd out(queries.rows());
  Eigen::VectorXd k(keys.rows());
  for (Eigen::Index i = 0; i < queries.rows(); ++i) {
    const Eigen::VectorXd q = queries.row(i).transpose();
    const double sum = scorer.row(q.data(), -1, k.data());
    out[i] = k.dot(values) / sum;
  }
  return out;
}

NdBinnedAttention attention_binned_nd(const RowMatrix& queries, const RowMatrix& keys,
                                      const ScoreSpec& spec, Eigen::Index max_rows,
                                      Eigen::Index max_cols) {
  if (max_rows < 1 || max_cols < 1) throw std::invalid_argument("bins must be >= 1");
  const NdScorer scorer(keys, spec);
  if (queries.cols() != keys.cols()) throw std::invalid_argument("queries must be m x d");
  if (!queries.allFinite()) throw std::invalid_argument("queries must be finite");
  const Eigen::Index m = queries.rows(), n = keys.rows();
  const Eigen::Index rows = std::max<Eigen::Index>(1, std::min(m, max_rows));
  const Eigen::Index cols = std::min(n, max_cols);
  const auto starts = [](Eigen::Index count, Eigen::Index blocks) {
    std::vector<Eigen::Index> start(static_cast<std::size_t>(blocks + 1));
    for (Eigen::Index b = 0; b <= blocks; ++b)
      start[static_cast<std::size_t>(b)] = b * count / blocks;
    return start;
  };
  NdBinnedAttention out;
  out.row_start = starts(m, rows);
  out.col_start = starts(n, cols);
  out.cells = RowMatrix::Zero(m == 0 ? 0 : rows, cols);
  std::vector<Eigen::Index> col_of(static_cast<std::size_t>(n));
  for (Eigen::Index c = 0; c < cols; ++c)
    for (Eigen::Index j = out.col_start[static_cast<std::size_t>(c)];
         j < out.col_start[static_cast<std::size_t>(c + 1)]; ++j)
      col_of[static_cast<std::size_t>(j)] = c;
  Eigen::VectorXd k(n);
  for (Eigen::Index r = 0; r < out.cells.rows(); ++r) {
    const Eigen::Index lo = out.row_start[static_cast<std::size_t>(r)];
    const Eigen::Index hi = out.row_start[static_cast<std::size_t>(r + 1)];
    for (Eigen::Index i = lo; i < hi; ++i) {
      const Eigen::VectorXd q = queries.row(i).transpose();
      const double sum = scorer.row(q.data(), -1, k.data());
      for (Eigen::Index j = 0; j < n; ++j)
        out.cells(r, col_of[static_cast<std::size_t>(j)]) += k[j] / sum;
    }
    out.cells.row(r) /= static_cast<double>(hi - lo);
  }
  return out;
}

RowMatrix unit_circle(const Eigen::VectorXd& x, double period) {
  if (!(period > 0.0) || !std::isfinite(period))
    throw std::invalid_argument("period must be finite and > 0");
  RowMatrix out(x.size(), 2);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    // The angle reduced to [0, 2 pi) first: x may be large.
    const double turns = x[i] / period - std::floor(x[i] / period);
    const double a = 6.283185307179586 * turns;
    out(i, 0) = std::cos(a);
    out(i, 1) = std::sin(a);
  }
  return out;
}

double max_abs_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size()) throw std::invalid_argument("a and b must have the same length");
  return a.size() == 0 ? 0.0 : (a - b).cwiseAbs().maxCoeff();
}

namespace {

// The rows of a loss: `rows` or all n, checked.
std::vector<int> loss_rows(const std::vector<int>& rows, Eigen::Index n) {
  if (rows.empty()) {
    std::vector<int> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    return all;
  }
  for (int i : rows)
    if (i < 0 || i >= n) throw std::invalid_argument("rows must index the keys");
  return rows;
}

void check_pairs(const RowMatrix& keys, const Eigen::VectorXd& values, bool leave_one_out) {
  if (values.size() != keys.rows()) throw std::invalid_argument("values must have n entries");
  if (!values.allFinite()) throw std::invalid_argument("values must be finite");
  if (leave_one_out && keys.rows() < 2)
    throw std::invalid_argument("leave-one-out needs at least 2 pairs");
}

}  // namespace

double loss_nd(const RowMatrix& keys, const Eigen::VectorXd& values, const ScoreSpec& spec,
               bool leave_one_out) {
  check_pairs(keys, values, leave_one_out);
  const NdScorer scorer(keys, spec);
  Eigen::VectorXd k(keys.rows());
  double loss = 0.0;
  for (Eigen::Index i = 0; i < keys.rows(); ++i) {
    const Eigen::VectorXd q = keys.row(i).transpose();
    const double sum = scorer.row(q.data(), leave_one_out ? i : -1, k.data());
    const double e = k.dot(values) / sum - values[i];
    loss += e * e;
  }
  return loss;
}

NdLoss training_loss_nd(const RowMatrix& keys, const Eigen::VectorXd& values, AttentionModel model,
                        const std::vector<double>& params, Kernel kernel, bool leave_one_out,
                        const std::vector<int>& rows) {
  check_pairs(keys, values, leave_one_out);
  const int d = static_cast<int>(keys.cols());
  const ScoreSpec spec = model_spec(model, d, params, kernel);
  const NdScorer scorer(keys, spec);
  const Eigen::Index n = keys.rows();
  const bool dot = model == AttentionModel::kDot;
  const bool gaussian = !dot && kernel == Kernel::kGaussian;
  const RowMatrix& p = dot ? spec.query_projection : spec.projection;  // A or P (r x d)
  const int r = static_cast<int>(p.rows());
  const RowMatrix b = dot ? spec.key_projection : p;
  const RowMatrix proj_keys = keys * b.transpose();  // n x r, as the scorer's

  NdLoss out;
  out.gradient = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(params.size()));
  // Gradient accumulators: M = sum_j c_j dK_j/du_j (x) (q - x_j) (distance, r x d) or, for dot,
  // gq = dL/dA and gk = dL/dB (r x d), the latter from per-row sums (below). The per-pair work is
  // plain loops over the r and d coordinates (no Eigen temporaries, no allocation per pair or row).
  RowMatrix m_acc = RowMatrix::Zero(r, d);
  RowMatrix gq = RowMatrix::Zero(r, d), gk = RowMatrix::Zero(r, d);
  Eigen::VectorXd k(n), q(d), pq(r), u(r), dq(d), a(r), bx(d);
  for (int i : loss_rows(rows, n)) {
    q = keys.row(i).transpose();
    const Eigen::Index skip = leave_one_out ? i : -1;
    const double sum = scorer.row(q.data(), skip, k.data());
    const double f = k.dot(values) / sum;
    const double e = f - values[i];
    out.loss += e * e;
    // Rows on an empty support (compact kernels: the nearest key stands in) have no gradient;
    // so have non-trainable kernels.
    if (!dot && !kernel_is_trainable(kernel)) continue;
    if (!dot && !gaussian) {
      bool inside = false;
      for (Eigen::Index j = 0; j < n && !inside; ++j) {
        if (j == skip) continue;
        dq = q - keys.row(j).transpose();
        u.noalias() = p * dq;
        inside = u.norm() < 1.0;
      }
      if (!inside) continue;
    }
    pq.noalias() = p * q;
    // dL/ds_j = c_j K_j with c_j = 2 e (y_j - f) / sum (K_j: the row's weights k, relative).
    const double scale = 2.0 * e / sum;
    const double* kw = k.data();
    const double* y = values.data();
    if (dot) {
      // ds_j/dA = (B x_j) q^T, ds_j/dB = (A q) x_j^T: with b = sum_j c_j K_j x_j, the row adds
      // (B b) q^T to dL/dA and (A q) b^T to dL/dB.
      bx.setZero();
      for (Eigen::Index j = 0; j < n; ++j) {
        if (j == skip || kw[j] == 0.0) continue;
        const double ck = scale * (y[j] - f) * kw[j];
        const double* xj = keys.data() + j * d;  // row-major: key j's d coordinates
        for (int t = 0; t < d; ++t) bx[t] += ck * xj[t];
      }
      a.noalias() = b * bx;
      gq.noalias() += a * q.transpose();
      gk.noalias() += pq * bx.transpose();
      continue;
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j == skip || kw[j] == 0.0) continue;
      const double c = scale * (y[j] - f);
      const double* xj = keys.data() + j * d;
      const double* kj = proj_keys.data() + j * r;  // P x_j
      for (int t = 0; t < r; ++t) u[t] = pq[t] - kj[t];
      // dK/du = K'(t) u / t (radial); the Gaussian: -K u.
      double coef;
      if (gaussian) {
        coef = -c * kw[j];
      } else {
        const double t = u.norm();
        if (!(t > 0.0)) continue;
        coef = c * (kernel_derivative(kernel, t) / t);
      }
      for (int t = 0; t < d; ++t) dq[t] = q[t] - xj[t];
      for (int s = 0; s < r; ++s) {
        const double us = coef * u[s];
        double* row = &m_acc(s, 0);
        for (int t = 0; t < d; ++t) row[t] += us * dq[t];
      }
    }
  }
  switch (model) {
    case AttentionModel::kScalar:
      out.gradient[0] = m_acc.trace();  // u = w (q - x): dK/dw = dK/du . (q - x)
      break;
    case AttentionModel::kDiagonal:
      for (int a = 0; a < d; ++a) out.gradient[a] = m_acc(a, a);
      break;
    case AttentionModel::kFull:
      for (int a = 0; a < d; ++a)
        for (int c = 0; c < d; ++c) out.gradient[a * d + c] = m_acc(a, c);
      break;
    case AttentionModel::kDot: {
      // A = Wq / sqrt(r): dL/dWq = dL/dA / sqrt(r); B = Wk.
      const double scale = 1.0 / std::sqrt(static_cast<double>(r));
      for (int a = 0; a < r; ++a)
        for (int c = 0; c < d; ++c) {
          out.gradient[a * d + c] = gq(a, c) * scale;
          out.gradient[r * d + a * d + c] = gk(a, c);
        }
      break;
    }
  }
  return out;
}

namespace {

double loo_at(const RowMatrix& keys, const Eigen::VectorXd& values, Kernel kernel, double h) {
  ScoreSpec spec;
  spec.kernel = kernel;
  spec.w = h == std::numeric_limits<double>::infinity() ? 0.0 : 1.0 / h;
  return loss_nd(keys, values, spec, true);
}

// The Gaussian LOO loss at many bandwidths h (isotropic distance scores: select_bandwidth_nd and
// loo_curve_nd): the squared distance of every pair of keys is found once, and at each h each pair
// is weighed once for both of its rows, exp(-|x_i - x_j|^2 / (2 h^2)): half the exps of summing row
// by row and no distances. The weights are absolute (not relative to the row's largest, as in
// NdScorer's rows), so a row whose nearest other key lies beyond kNear h, whose weights could leave
// the double range relative to one another, is NdScorer's row; so is h = infinity (loss_nd).
class NdGaussLoo {
 public:
  static constexpr double kMaxPairs = 1 << 21;  // 16 MB of squared distances
  static constexpr double kNear = 24.0;         // exp(-kNear^2 / 2) = 3e-126: far from underflow
  static bool applicable(Eigen::Index n) {
    return 0.5 * static_cast<double>(n) * static_cast<double>(n - 1) <= kMaxPairs;
  }

  NdGaussLoo(const RowMatrix& keys, const Eigen::VectorXd& values)
      : keys_(keys),
        values_(values),
        nearest_(keys.rows(), std::numeric_limits<double>::infinity()),
        den_(keys.rows()),
        num_(keys.rows()),
        buf_(keys.rows()) {
    const Eigen::Index n = keys.rows(), d = keys.cols();
    d2_.reserve(static_cast<std::size_t>(n * (n - 1) / 2));
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = i + 1; j < n; ++j) {
        double s = 0.0;
        for (Eigen::Index a = 0; a < d; ++a) {
          const double u = keys(i, a) - keys(j, a);
          s += u * u;
        }
        d2_.push_back(s);
        nearest_[i] = std::min(nearest_[i], s);
        nearest_[j] = std::min(nearest_[j], s);
      }
  }

  double loss(double h) {
    const double c = -0.5 / (h * h);  // a pair's score: c |x_i - x_j|^2
    if (!(std::isfinite(c) && c < 0.0)) return loo_at(keys_, values_, Kernel::kGaussian, h);
    const Eigen::Index n = keys_.rows();
    const double* y = values_.data();
    // Weights below e^-700 are 0, as in NdScorer's rows (exp_scores).
    std::fill(den_.begin(), den_.end(), 0.0);
    std::fill(num_.begin(), num_.end(), 0.0);
    const double* d2 = d2_.data();
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index len = n - i - 1;  // the pairs (i, j > i)
      double* e = buf_.data();
      for (Eigen::Index j = 0; j < len; ++j) e[j] = c * d2[j];
      exp_scores(e, static_cast<std::size_t>(len));
      double s0 = 0.0, s1 = 0.0;
      const double yi = y[i];
      for (Eigen::Index j = 0; j < len; ++j) {
        const double w = e[j];
        s0 += w;
        s1 += w * y[i + 1 + j];
        den_[static_cast<std::size_t>(i + 1 + j)] += w;
        num_[static_cast<std::size_t>(i + 1 + j)] += w * yi;
      }
      den_[static_cast<std::size_t>(i)] += s0;
      num_[static_cast<std::size_t>(i)] += s1;
      d2 += len;
    }
    double loss = 0.0;
    std::unique_ptr<NdScorer> scorer;  // for the rows whose nearest key is far
    Eigen::VectorXd k;
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::size_t r = static_cast<std::size_t>(i);
      double f;
      if (c * nearest_[r] >= -0.5 * kNear * kNear && den_[r] > 0.0 && std::isfinite(num_[r])) {
        f = num_[r] / den_[r];
      } else {
        if (!scorer) {
          ScoreSpec spec;
          spec.w = 1.0 / h;
          scorer = std::make_unique<NdScorer>(keys_, spec);
          k.resize(n);
        }
        const Eigen::VectorXd q = keys_.row(i).transpose();
        const double sum = scorer->row(q.data(), i, k.data());
        f = k.dot(values_) / sum;
      }
      const double err = f - y[i];
      loss += err * err;
    }
    return loss;
  }

 private:
  const RowMatrix& keys_;
  const Eigen::VectorXd& values_;
  std::vector<double> d2_;         // |x_i - x_j|^2 for i < j, row by row
  std::vector<double> nearest_;    // each key's smallest squared distance to another key
  std::vector<double> den_, num_;  // the rows' sums at the current h
  std::vector<double> buf_;
};

}  // namespace

Eigen::VectorXd loo_curve_nd(const RowMatrix& keys, const Eigen::VectorXd& values, Kernel kernel,
                             const Eigen::VectorXd& bandwidths) {
  Eigen::VectorXd out(bandwidths.size());
  for (Eigen::Index k = 0; k < bandwidths.size(); ++k)
    if (!(bandwidths[k] > 0.0)) throw std::invalid_argument("bandwidths must be > 0");
  std::unique_ptr<NdGaussLoo> gauss;
  if (kernel == Kernel::kGaussian && NdGaussLoo::applicable(keys.rows())) {
    check_pairs(keys, values, true);
    check_dims(static_cast<int>(keys.cols()));
    if (!keys.allFinite()) throw std::invalid_argument("keys must be finite");
    gauss = std::make_unique<NdGaussLoo>(keys, values);
  }
  for (Eigen::Index k = 0; k < bandwidths.size(); ++k)
    out[k] = gauss ? gauss->loss(bandwidths[k]) : loo_at(keys, values, kernel, bandwidths[k]);
  return out;
}

NdBandwidthChoice select_bandwidth_nd(const RowMatrix& keys, const Eigen::VectorXd& values,
                                      Kernel kernel) {
  check_pairs(keys, values, true);
  check_dims(static_cast<int>(keys.cols()));
  if (!keys.allFinite()) throw std::invalid_argument("keys must be finite");
  const Eigen::Index n = keys.rows();
  double min_gap = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double dist = (keys.row(i) - keys.row(j)).norm();
      if (dist > 0.0) min_gap = std::min(min_gap, dist);
    }
  NdBandwidthChoice best;
  if (!std::isfinite(min_gap)) {  // every key equal: every h gives the same weights
    best.loo_loss = loo_at(keys, values, kernel, 1.0);
    return best;
  }
  // The Gaussian's losses from pair sums (NdGaussLoo; the same numbers as loo_curve_nd's).
  std::unique_ptr<NdGaussLoo> gauss;
  if (kernel == Kernel::kGaussian && NdGaussLoo::applicable(n))
    gauss = std::make_unique<NdGaussLoo>(keys, values);
  const auto loo = [&](double h) {
    return gauss ? gauss->loss(h) : loo_at(keys, values, kernel, h);
  };
  const double diagonal = (keys.colwise().maxCoeff() - keys.colwise().minCoeff()).norm();
  const double lo = std::log(0.5 * min_gap), hi = std::log(2.0 * diagonal);
  constexpr int kGrid = 64;
  std::vector<double> log_h(kGrid), loss(kGrid);
  Eigen::Index k_best = 0;
  for (int k = 0; k < kGrid; ++k) {
    log_h[k] = lo + (hi - lo) * k / (kGrid - 1);
    loss[k] = loo(std::exp(log_h[k]));
    if (loss[k] < loss[static_cast<std::size_t>(k_best)]) k_best = k;
  }
  best.bandwidth = std::exp(log_h[static_cast<std::size_t>(k_best)]);
  best.loo_loss = loss[static_cast<std::size_t>(k_best)];
  if (k_best > 0 && k_best < kGrid - 1) {
    BrentMinimizer brent(log_h[static_cast<std::size_t>(k_best - 1)],
                         log_h[static_cast<std::size_t>(k_best + 1)], 1e-9);
    while (!brent.done()) brent.tell(loo(std::exp(brent.next())));
    if (brent.fx() < best.loo_loss) {
      best.bandwidth = std::exp(brent.x());
      best.loo_loss = brent.fx();
    }
  }
  const double pooled = loo(std::numeric_limits<double>::infinity());
  if (pooled < best.loo_loss) {
    best.bandwidth = std::numeric_limits<double>::infinity();
    best.loo_loss = pooled;
  }
  return best;
}

std::vector<DimensionRow> dimension_study(const std::vector<int>& sizes,
                                          const std::vector<int>& dims, int repeats,
                                          std::uint64_t seed, double noise, int test_points) {
  if (sizes.empty() || dims.empty()) throw std::invalid_argument("sizes and dims must be given");
  if (repeats < 1 || test_points < 1)
    throw std::invalid_argument("repeats and test_points must be >= 1");
  for (int n : sizes)
    if (n < 2) throw std::invalid_argument("sizes must be >= 2");
  std::vector<DimensionRow> out;
  for (int d : dims) {
    check_dims(d);
    std::uint64_t state = seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(d));
    const NdDataset test = generate_data_nd(test_points, 0.0, splitmix64(state) >> 11, 5.0, d);
    DimensionRow row;
    row.dims = d;
    for (int n : sizes) {
      double mse = 0.0, h = 0.0;
      for (int r = 0; r < repeats; ++r) {
        const NdDataset data = generate_data_nd(n, noise, splitmix64(state) >> 11, 5.0, d);
        const NdBandwidthChoice c = select_bandwidth_nd(data.x, data.y, Kernel::kGaussian);
        ScoreSpec spec;
        spec.w = std::isinf(c.bandwidth) ? 0.0 : 1.0 / c.bandwidth;
        const Eigen::VectorXd f = predict_nd(test.x, data.x, data.y, spec);
        mse += (f - test.y).squaredNorm() / static_cast<double>(test_points);
        h += std::log(c.bandwidth);
      }
      row.n.push_back(n);
      row.mse.push_back(mse / repeats);
      row.bandwidth.push_back(std::exp(h / repeats));  // the geometric mean of the choices
    }
    // C n^(-4/(4+d)) through the geometric mean of the points.
    row.rate = rate_line(row.n, row.mse, 4.0 / (4.0 + d));
    out.push_back(row);
  }
  return out;
}

NdDataset generate_data_nd(int n, double noise, std::uint64_t seed, double x_max, int dims,
                           const std::vector<bool>& relevant) {
  check_dims(dims);
  if (!relevant.empty()) {
    if (relevant.size() != static_cast<std::size_t>(dims))
      throw std::invalid_argument("relevant must list d coordinates");
    if (std::none_of(relevant.begin(), relevant.end(), [](bool b) { return b; }))
      throw std::invalid_argument("relevant must keep at least one coordinate");
  }
  NdDataset out;
  if (dims == 1) {
    const Dataset d = generate_data(n, noise, seed, x_max);
    out.x = d.x;
    out.y = d.y;
    return out;
  }
  if (n < 1) throw std::invalid_argument("generate_data: n must be >= 1");
  if (!(noise >= 0.0) || !std::isfinite(noise))
    throw std::invalid_argument("generate_data: noise must be finite and >= 0");
  if (!(x_max > 0.0) || !std::isfinite(x_max))
    throw std::invalid_argument("generate_data: x_max must be finite and > 0");
  Rng rng(seed);
  const double below_max = std::nextafter(x_max, 0.0);
  RowMatrix drawn(n, dims);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < dims; ++k) drawn(i, k) = std::min(x_max * rng.uniform(), below_max);
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    for (int k = 0; k < dims; ++k)
      if (drawn(a, k) != drawn(b, k)) return drawn(a, k) < drawn(b, k);
    return false;
  });
  out.x.resize(n, dims);
  for (int i = 0; i < n; ++i) out.x.row(i) = drawn.row(order[static_cast<std::size_t>(i)]);
  out.y = true_function_nd(out.x, relevant);
  for (int i = 0; i < n; ++i) out.y[i] += noise * rng.normal();
  return out;
}

Eigen::VectorXd true_function_nd(const RowMatrix& x, const std::vector<bool>& relevant) {
  const int dims = static_cast<int>(x.cols());
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    double sum = 0.0;
    int count = 0;
    for (int k = 0; k < dims; ++k) {
      if (!relevant.empty() && !relevant[static_cast<std::size_t>(k)]) continue;
      sum += true_function(x(i, k));
      ++count;
    }
    y[i] = sum / count;
  }
  return y;
}

}  // namespace nw
