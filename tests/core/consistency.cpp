#include "consistency.h"

#include <doctest/doctest.h>

#include <cmath>

#include "dataset.h"
#include "nadaraya_watson.h"

TEST_CASE("consistency: rows are the means of independent per-data-set computations") {
  nw::ConsistencyOptions o;
  o.sizes = {10, 40};
  o.repeats = {3, 2};
  o.seed = 5;
  o.kernel = nw::Kernel::kGaussian;
  o.bandwidth = 0.5;
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  nw::ConsistencyStudy study(o, q);
  CHECK(study.work_total() == 5);
  while (!study.done()) study.step();
  const nw::ConsistencyRows& rows = study.rows();
  REQUIRE(rows.n.size() == 2);
  Eigen::VectorXd truth(q.size());
  for (Eigen::Index i = 0; i < q.size(); ++i) truth[i] = nw::true_function(q[i]);
  for (size_t s = 0; s < 2; ++s) {
    double fixed = 0, cv = 0, silverman = 0;
    for (int r = 0; r < o.repeats[s]; ++r) {
      const nw::Dataset d = nw::generate_data(
          o.sizes[s], o.noise, nw::consistency_data_seed(o.seed, o.sizes[s], r), 5.0);
      auto err = [&](double h) {
        return (nw::predict(q, d.x, d.y, o.kernel, nw::scale_from_bandwidth(h)) - truth)
                   .squaredNorm() /
               q.size();
      };
      fixed += err(0.5);
      silverman += err(nw::silverman_bandwidth(d.x));
      cv += err(nw::select_bandwidth_loo_cv(d.x, d.y, o.kernel).bandwidth);
    }
    CHECK(rows.n[s] == o.sizes[s]);
    CHECK(rows.fixed[s] == doctest::Approx(fixed / o.repeats[s]).epsilon(1e-14));
    CHECK(rows.silverman[s] == doctest::Approx(silverman / o.repeats[s]).epsilon(1e-14));
    CHECK(rows.cv[s] == doctest::Approx(cv / o.repeats[s]).epsilon(1e-14));
  }
  // The reference line has slope -4/5 in log-log and passes through the LOO-CV errors' mean.
  CHECK(std::log(rows.rate[1] / rows.rate[0]) / std::log(40.0 / 10.0) == doctest::Approx(-0.8));
  CHECK(std::log(rows.rate[0]) + std::log(rows.rate[1]) ==
        doctest::Approx(std::log(rows.cv[0]) + std::log(rows.cv[1])));
}

TEST_CASE("consistency: data seeds differ per size and repeat and fit in 53 bits") {
  CHECK(nw::consistency_data_seed(0, 10, 0) != nw::consistency_data_seed(0, 10, 1));
  CHECK(nw::consistency_data_seed(0, 10, 0) != nw::consistency_data_seed(0, 20, 0));
  CHECK(nw::consistency_data_seed(0, 10, 0) != nw::consistency_data_seed(1, 10, 0));
  CHECK(nw::consistency_data_seed(123, 5000, 2) < (std::uint64_t{1} << 53));
}

TEST_CASE(
    "consistency: fixed_only gives the full study's fixed column, bit for bit, the rest NaN") {
  const Eigen::VectorXd q = nw::test_inputs(5.0, 0.1);
  nw::ConsistencyOptions o;
  o.sizes = {5, 30, 2};
  o.repeats = {2, 1, 3};
  o.seed = 17;
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const auto kernel = static_cast<nw::Kernel>(k);
    for (const double h : {0.05, 0.7, 40.0}) {
      CAPTURE(nw::kernel_names()[k]);
      CAPTURE(h);
      o.fixed_only = false;
      o.noise = h > 1 ? 0.0 : 0.5;  // noise = 0 is an edge of the settings
      o.kernel = kernel;
      o.bandwidth = h;
      nw::ConsistencyStudy full(o, q);
      while (!full.done()) full.step();
      o.fixed_only = true;
      nw::ConsistencyStudy fixed(o, q);
      CHECK(fixed.work_total() == 6);
      int steps = 0;
      while (!fixed.done()) {
        fixed.step();
        ++steps;
      }
      CHECK(steps == 6);  // one data set a step: no search
      const nw::ConsistencyRows& a = full.rows();
      const nw::ConsistencyRows& b = fixed.rows();
      CHECK(b.n == a.n);
      CHECK(b.fixed == a.fixed);
      for (size_t s = 0; s < b.n.size(); ++s) {
        CHECK(std::isnan(b.cv[s]));
        CHECK(std::isnan(b.silverman[s]));
        CHECK(std::isnan(b.cv_bandwidth[s]));
        CHECK(std::isnan(b.rate[s]));
        CHECK(std::isfinite(a.cv[s]));
      }
    }
  }
}
