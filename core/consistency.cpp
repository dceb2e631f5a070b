#include "consistency.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "dataset.h"
#include "rng.h"

namespace nw {

std::uint64_t consistency_data_seed(std::uint64_t seed, int n, int r) {
  std::uint64_t state = seed;
  std::uint64_t mixed = splitmix64(state);
  state = mixed ^ (static_cast<std::uint64_t>(n) << 20) ^ static_cast<std::uint64_t>(r);
  // Keep it within 2^53 so the seed is exactly representable in JS as well.
  return splitmix64(state) >> 11;
}

ConsistencyStudy::ConsistencyStudy(const ConsistencyOptions& options, const ConstVec& queries)
    : opt_(options), queries_(queries) {
  if (opt_.sizes.empty() || opt_.sizes.size() != opt_.repeats.size())
    throw std::invalid_argument("consistency: sizes and repeats must be non-empty, same length");
  for (size_t s = 0; s < opt_.sizes.size(); ++s) {
    if (opt_.sizes[s] < 2) throw std::invalid_argument("consistency: sizes must be >= 2");
    if (opt_.repeats[s] < 1) throw std::invalid_argument("consistency: repeats must be >= 1");
    sets_total_ += opt_.repeats[s];
  }
  if (queries_.size() < 1) throw std::invalid_argument("consistency: needs at least one query");
  if (!(opt_.bandwidth > 0.0)) throw std::invalid_argument("consistency: bandwidth must be > 0");
  truth_.resize(queries_.size());
  for (Eigen::Index i = 0; i < queries_.size(); ++i) truth_[i] = true_function(queries_[i]);
}

ConsistencyStudy::~ConsistencyStudy() = default;

double ConsistencyStudy::mse(const ConstVec& x, const ConstVec& y, double h) const {
  const Eigen::VectorXd f = predict(queries_, x, y, opt_.kernel, scale_from_bandwidth(h));
  return (f - truth_).squaredNorm() / static_cast<double>(queries_.size());
}

void ConsistencyStudy::step() {
  if (done_) return;
  if (!search_) {
    // A new data set: draw it, the errors of the fixed and of Silverman's bandwidth.
    const int n = opt_.sizes[size_];
    const Dataset d =
        generate_data(n, opt_.noise, consistency_data_seed(opt_.seed, n, repeat_), opt_.x_max);
    x_ = d.x;
    y_ = d.y;
    sum_fixed_ += mse(x_, y_, opt_.bandwidth);
    if (opt_.fixed_only) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      sum_silverman_ = nan;
      finish_set(nan, nan);
      return;
    }
    sum_silverman_ += mse(x_, y_, silverman_bandwidth(x_));
    search_ = std::make_unique<BandwidthSearch>(x_, y_, opt_.kernel);
    return;
  }
  if (!search_->done()) {
    search_->step();
    return;
  }
  const double h = search_->result().bandwidth;
  search_.reset();
  finish_set(mse(x_, y_, h), h);
}

void ConsistencyStudy::finish_set(double cv, double h) {
  sum_cv_ += cv;
  sum_h_ += h;
  ++sets_done_;
  if (++repeat_ == opt_.repeats[size_]) finish_size();
}

void ConsistencyStudy::finish_size() {
  const double r = opt_.repeats[size_];
  const double n = opt_.sizes[size_];
  rows_.n.push_back(n);
  rows_.fixed.push_back(sum_fixed_ / r);
  rows_.cv.push_back(sum_cv_ / r);
  rows_.silverman.push_back(sum_silverman_ / r);
  rows_.cv_bandwidth.push_back(sum_h_ / r);
  sum_fixed_ = sum_cv_ = sum_silverman_ = sum_h_ = 0.0;
  // The n^(-4/5) reference through the geometric mean of the LOO-CV errors so far.
  rows_.rate = rate_line(rows_.n, rows_.cv, 0.8);
  repeat_ = 0;
  if (++size_ == opt_.sizes.size()) done_ = true;
}

std::vector<double> rate_line(const std::vector<double>& n, const std::vector<double>& err,
                              double exponent) {
  if (n.size() != err.size()) throw std::invalid_argument("n and err must have the same length");
  const size_t m = n.size();
  double log_g = 0.0;
  size_t used = 0;
  for (size_t s = 0; s < m; ++s) {
    if (!(n[s] > 0.0 && err[s] > 0.0 && std::isfinite(n[s]) && std::isfinite(err[s]))) continue;
    log_g += std::log(err[s] * std::pow(n[s], exponent));
    ++used;
  }
  log_g = used > 0 ? log_g / static_cast<double>(used) : std::nan("");
  std::vector<double> rate(m);
  for (size_t s = 0; s < m; ++s) rate[s] = std::exp(log_g) * std::pow(n[s], -exponent);
  return rate;
}

}  // namespace nw
