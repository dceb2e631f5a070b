// The consistency study (the chapter's first exercise): how the test error of Nadaraya-Watson
// regression falls as the number of training points grows, for a fixed bandwidth and for
// bandwidths chosen from the data (LOO-CV, Silverman's rule).
//
// For each size n_s and repeat r = 0 .. repeats_s - 1: a data set of n_s points is drawn with
// the seed data_seed(seed, n_s, r); its predictions on the queries are compared with the true
// function there (mean squared error) for the fixed h, the LOO-CV h (select_bandwidth_loo_cv)
// and Silverman's h. Each row holds the means over the repeats of one size. The reference line
// rate_s = g n_s^(-4/5) (the rate of a well-chosen bandwidth in one dimension) passes through
// the geometric mean of the LOO-CV errors: log g = mean_s log(cv_s n_s^(4/5)).
//
// A resumable task: one step() is one unit of work of the current data set (drawing it and the
// fixed and Silverman errors, then one step of its bandwidth search, then its LOO-CV error).
//
// With fixed_only, a step is one whole data set and only its fixed-h error is computed: the rows'
// other columns (cv, silverman, cv_bandwidth, rate) are NaN. Its fixed column is bit-identical to
// the full study's (the same data sets, the same sums), so a caller that keeps the data-driven
// columns of a full study can follow a change of h at the cost of the predictions alone.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "bandwidth.h"
#include "kernels.h"

namespace nw {

struct ConsistencyOptions {
  std::vector<int> sizes;    // training set sizes, each >= 2
  std::vector<int> repeats;  // data sets per size (same length as sizes), each >= 1
  std::uint64_t seed = 0;
  double noise = 0.5;
  Kernel kernel = Kernel::kGaussian;
  double bandwidth = 1.0;   // the fixed h (> 0; +infinity is average pooling)
  double x_max = 5.0;       // data on [0, x_max)
  bool fixed_only = false;  // only the fixed-h column (the others NaN)
};

struct ConsistencyRows {
  std::vector<double> n, fixed, cv, silverman, rate;  // one entry per completed size
  std::vector<double> cv_bandwidth;                   // mean LOO-CV h per size
};

// The reference line g n_s^(-p) through the geometric mean of the points (n_s, err_s):
// log g = mean_s log(err_s n_s^p). The consistency study draws it with p = 4/5 (the LOO-CV
// errors), the dimension study with p = 4/(4 + d). n and err have the same length
// (std::invalid_argument otherwise); points whose n or err is not positive and finite do not count
// in the mean (with none, every entry is NaN).
std::vector<double> rate_line(const std::vector<double>& n, const std::vector<double>& err,
                              double exponent);

// The seed of repeat r of size n: splitmix64 of the study's seed mixed with n and r, so every
// data set of the study is reproducible on its own.
std::uint64_t consistency_data_seed(std::uint64_t seed, int n, int r);

class ConsistencyStudy {
 public:
  ConsistencyStudy(const ConsistencyOptions& options, const ConstVec& queries);
  ~ConsistencyStudy();

  bool done() const { return done_; }
  void step();
  // Data sets completed and in all (progress).
  std::int64_t work_done() const { return sets_done_; }
  std::int64_t work_total() const { return sets_total_; }
  // The rows of the sizes completed so far (all of them once done).
  const ConsistencyRows& rows() const { return rows_; }

 private:
  double mse(const ConstVec& x, const ConstVec& y, double h) const;
  // The end of the current data set, with its LOO-CV error and h (Silverman's error was added when
  // the set was drawn).
  void finish_set(double cv, double h);
  void finish_size();

  ConsistencyOptions opt_;
  Eigen::VectorXd queries_, truth_;
  ConsistencyRows rows_;
  size_t size_ = 0;
  int repeat_ = 0;
  std::int64_t sets_done_ = 0, sets_total_ = 0;
  // The data set in progress.
  Eigen::VectorXd x_, y_;
  std::unique_ptr<BandwidthSearch> search_;
  double sum_fixed_ = 0, sum_cv_ = 0, sum_silverman_ = 0, sum_h_ = 0;
  bool done_ = false;
};

}  // namespace nw
