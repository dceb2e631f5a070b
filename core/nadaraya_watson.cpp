#include "nadaraya_watson.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace nw {

namespace {
void check_pairs(const ConstVec& keys, const ConstVec& values, const char* where) {
  if (keys.size() < 1) throw std::invalid_argument(std::string(where) + ": no keys");
  if (keys.size() != values.size())
    throw std::invalid_argument(std::string(where) + ": keys and values differ in length");
}
}  // namespace

double scale_from_bandwidth(double h) { return 1.0 / h; }

namespace detail {

Eigen::Index nearest_key(double q, const double* x, Eigen::Index n, Eigen::Index skip) {
  Eigen::Index best = -1;
  double best_d = std::numeric_limits<double>::infinity();
  for (Eigen::Index j = 0; j < n; ++j) {
    if (j == skip) continue;
    const double d = std::fabs(q - x[j]);
    if (best < 0 || d < best_d) {
      best = j;
      best_d = d;
    }
  }
  return best;
}

double row_weights(Kernel kernel, double q, const double* x, Eigen::Index n, double w,
                   Eigen::Index skip, double* e, double* scale) {
  if (scale) *scale = 1.0;
  if (w == 0.0 || kernel == Kernel::kConstant) {
    // h = infinity (or the constant kernel): every key weighs the same.
    for (Eigen::Index j = 0; j < n; ++j) e[j] = j == skip ? 0.0 : 1.0;
    return static_cast<double>(skip >= 0 && skip < n ? n - 1 : n);
  }
  if (!std::isfinite(w)) return 0.0;  // h = 0: the empty-support (nearest key) limit
  double sum = 0.0;
  if (kernel == Kernel::kGaussian) {
    // Scores s_j = -u_j^2 / 2; subtract the row maximum (the nearest key's score) before exp.
    double s_max = -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u = (q - x[j]) * w;
      const double s = j == skip ? -std::numeric_limits<double>::infinity() : -0.5 * u * u;
      e[j] = s;
      if (s > s_max) s_max = s;
    }
    if (!(s_max > -std::numeric_limits<double>::infinity())) return 0.0;
    for (Eigen::Index j = 0; j < n; ++j) {
      e[j] = std::exp(e[j] - s_max);
      sum += e[j];
    }
    return sum;
  }
  double k_max = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    e[j] = j == skip ? 0.0 : kernel_value(kernel, (q - x[j]) * w);
    if (e[j] > k_max) k_max = e[j];
  }
  if (!(k_max > 0.0)) return 0.0;
  const double inv = 1.0 / k_max;
  if (scale) *scale = inv;
  for (Eigen::Index j = 0; j < n; ++j) {
    e[j] *= inv;
    sum += e[j];
  }
  return sum;
}

}  // namespace detail

Eigen::VectorXd predict(const ConstVec& queries, const ConstVec& keys, const ConstVec& values,
                        Kernel kernel, double w) {
  check_pairs(keys, values, "predict");
  const Eigen::Index n = keys.size();
  Eigen::VectorXd out(queries.size());
  std::vector<double> e(n);
  for (Eigen::Index i = 0; i < queries.size(); ++i) {
    const double sum = detail::row_weights(kernel, queries[i], keys.data(), n, w, -1, e.data());
    if (sum > 0.0) {
      double acc = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) acc += e[j] * values[j];
      out[i] = acc / sum;
    } else {
      out[i] = values[detail::nearest_key(queries[i], keys.data(), n, -1)];
    }
  }
  return out;
}

RowMatrixXd attention_weights(const ConstVec& queries, const ConstVec& keys, Kernel kernel,
                              double w) {
  if (keys.size() < 1) throw std::invalid_argument("attention_weights: no keys");
  const Eigen::Index n = keys.size();
  RowMatrixXd a(queries.size(), n);
  for (Eigen::Index i = 0; i < queries.size(); ++i) {
    double* row = a.row(i).data();
    const double sum = detail::row_weights(kernel, queries[i], keys.data(), n, w, -1, row);
    if (sum > 0.0) {
      const double inv = 1.0 / sum;
      for (Eigen::Index j = 0; j < n; ++j) row[j] *= inv;
    } else {
      a.row(i).setZero();
      a(i, detail::nearest_key(queries[i], keys.data(), n, -1)) = 1.0;
    }
  }
  return a;
}

double average_pooling(const ConstVec& values) {
  if (values.size() < 1) throw std::invalid_argument("average_pooling: no values");
  return values.mean();
}

LossAndGradient training_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                              double w, bool leave_one_out, const std::vector<int>& rows) {
  check_pairs(keys, values, "training_loss");
  const Eigen::Index n = keys.size();
  if (leave_one_out && n < 2)
    throw std::invalid_argument("training_loss: leave-one-out needs at least 2 points");
  const double* x = keys.data();
  std::vector<double> e(n);
  LossAndGradient out;
  const Eigen::Index count = rows.empty() ? n : static_cast<Eigen::Index>(rows.size());
  for (Eigen::Index r = 0; r < count; ++r) {
    const Eigen::Index i = rows.empty() ? r : rows[r];
    const double q = x[i];
    const Eigen::Index skip = leave_one_out ? i : -1;
    double scale = 1.0;  // e_j = K(u_j) * scale
    const double sum = detail::row_weights(kernel, q, x, n, w, skip, e.data(), &scale);
    if (!(sum > 0.0)) {
      const double err = values[detail::nearest_key(q, x, n, skip)] - values[i];
      out.loss += err * err;
      continue;  // one-hot row: locally independent of w
    }
    double acc = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) acc += e[j] * values[j];
    const double f = acc / sum;
    // df/dw = sum_j (y_j - f) de_j/dw / sum_j e_j, with de_j/dw = K'(u_j) d_j (same scaling as e).
    double dnum = 0.0;
    if (kernel == Kernel::kGaussian) {
      // K'(u) = -u K(u), so de_j/dw = -(d_j w) d_j e_j = -w d_j^2 e_j.
      for (Eigen::Index j = 0; j < n; ++j) {
        const double d = q - x[j];
        dnum += (values[j] - f) * e[j] * d * d;
      }
      dnum *= -w;
    } else if (kernel_is_trainable(kernel) && w != 0.0 && std::isfinite(w)) {
      for (Eigen::Index j = 0; j < n; ++j) {
        if (j == skip) continue;
        const double d = q - x[j];
        dnum += (values[j] - f) * kernel_derivative(kernel, d * w) * d;
      }
      dnum *= scale;
    }
    const double dfdw = dnum / sum;
    const double err = f - values[i];
    out.loss += err * err;
    out.gradient += 2.0 * err * dfdw;
  }
  return out;
}

double loo_loss(const ConstVec& keys, const ConstVec& values, Kernel kernel, double w) {
  return training_loss(keys, values, kernel, w, true).loss;
}

}  // namespace nw
