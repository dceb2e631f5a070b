// Choosing the bandwidth h: leave-one-out cross-validation and Silverman's rule of thumb.
//
// The leave-one-out (LOO) loss of h is the training loss of the parametric model at w = 1/h, so
// the LOO-CV bandwidth and the h = 1/|w| that leave-one-out SGD converges to minimise the same
// function.
//
// h = infinity (w = 0) is a value, not an error: every weight is 1/(n - 1), so each point is
// predicted by the mean of the other values (average pooling). Its LOO loss is the limit of the
// curve as h grows, and it is a candidate of the LOO-CV search.
//
// The long computations are also resumable tasks (BandwidthSearch, LossCurve): construct, call
// step() until done(), read the result. One step is one LOO loss evaluation (or a slice of the
// exact boxcar sweep), so a caller can show progress and cancel between steps. The one-shot
// functions below run the same tasks to completion, so both give identical results.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels.h"
#include "minimize.h"
#include "nadaraya_watson.h"

namespace nw {

// What a bandwidth search minimises.
//   kLooCv: the leave-one-out loss (loo_loss).
//   kAicC: the corrected Akaike criterion of Hurvich, Simonoff and Tsai (1998),
//     AIC_c(h) = log(sigma^2) + (1 + tr H / n) / (1 - (tr H + 2) / n),
//     sigma^2 = (1/n) sum_i (y_i - f(x_i))^2 with all n pairs (LossEvaluator::smoother_fit), H the
//     smoother matrix; +infinity where tr H + 2 >= n (h so small that the fit interpolates).
enum class Criterion { kLooCv, kAicC };
inline constexpr int kCriterionCount = 2;
// Their names in the enum's order, as the JS API spells them ("loo-cv", "aic"): the one table.
const std::array<const char*, kCriterionCount>& criterion_names();

// L(w) at each scale of `scales` (w >= 0; w = 0 is h = infinity, w = +infinity the h -> 0 limit),
// with leave-one-out keys (the LOO loss) or with each point's own key among the keys (the chapter's
// training loss without LOO). With refine_minimum, after the scan the best scale is refined by
// Brent's method on log w between its neighbours; minimum() is then that point, or none when the
// best scale is the last one (the loss still falling there: without LOO it falls towards 0 as w
// grows). With Criterion::kAicC the curve is AIC_c(w) instead (leave_one_out is then ignored:
// AIC_c is a criterion of the in-sample fit; n >= 3).
class LossCurve {
 public:
  LossCurve(const ConstVec& keys, const ConstVec& values, Kernel kernel, const ConstVec& scales,
            bool leave_one_out, bool refine_minimum = false,
            Estimator estimator = Estimator::kLocalConstant,
            Criterion criterion = Criterion::kLooCv);

  bool done() const { return done_; }
  void step();  // one loss evaluation
  std::int64_t work_done() const { return evaluations_; }
  std::int64_t work_total() const;  // an estimate while refining

  // losses()[k] = L(scales[k]); NaN where not yet computed.
  const Eigen::VectorXd& losses() const { return losses_; }
  // {has, w, loss}: the refined minimum (only with refine_minimum, once done).
  struct Minimum {
    bool has = false;
    double w = 0.0;
    double loss = 0.0;
  };
  const Minimum& minimum() const { return minimum_; }

 private:
  double value(double w);  // the criterion at scale w
  Eigen::VectorXd keys_, values_, scales_, losses_;
  std::unique_ptr<LossEvaluator> loss_;  // the keys sorted once for every evaluation
  Kernel kernel_;
  Criterion criterion_;
  bool loo_, refine_;
  Eigen::Index next_ = 0;
  std::int64_t evaluations_ = 0;
  std::unique_ptr<BrentMinimizer> brent_;
  Minimum minimum_;
  bool done_ = false;
};

// LOO loss for each bandwidth (each h > 0; h = +infinity is average pooling). Returns
// bandwidths.size() values (a LossCurve of the scales 1/h run to completion).
Eigen::VectorXd loo_curve(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                          const ConstVec& bandwidths,
                          Estimator estimator = Estimator::kLocalConstant);

// AIC_c (see Criterion) at each bandwidth (each h > 0; +infinity is average pooling): a LossCurve
// with Criterion::kAicC run to completion. n >= 3.
Eigen::VectorXd aic_curve(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                          const ConstVec& bandwidths,
                          Estimator estimator = Estimator::kLocalConstant);

struct BandwidthRange {
  double lo = 0.0;  // the smallest positive gap between sorted keys, halved
  double hi = 0.0;  // twice the key range (max - min)
};

// The data's bandwidth scale: [half the smallest gap, twice the key range]. Needs two distinct
// keys; if all keys are equal it returns [1, 1] (every bandwidth then gives the same weights).
BandwidthRange bandwidth_search_range(const ConstVec& keys);

struct BandwidthChoice {
  double bandwidth = 1.0;  // +infinity when average pooling is the best
  double loo_loss = 0.0;   // loo_loss at that bandwidth
  double aic = 0.0;        // aic_c at that bandwidth (Criterion::kAicC searches; else NaN)
};

// AIC_c from the in-sample residual sum of squares and tr H of n pairs (see Criterion).
double aic_c(double rss, double trace, Eigen::Index n);

// The global minimiser of the LOO loss over h in (0, infinity], as a resumable task.
//
// Boxcar (n <= kExactBoxcarMaxN): exact. The LOO loss of the boxcar is piecewise constant in h:
// it changes only where h crosses a distance |x_i - x_j| between two keys. A sweep over all
// pairwise distances in increasing order (each point's neighbours enter its window one by one,
// O(1) update of its prediction and of the loss) visits every piece, O(n^2 log n) time and O(n)
// memory; the best few pieces are then re-evaluated with loo_loss, and the returned bandwidth is
// the geometric middle of the best piece (+infinity if it is the last, unbounded piece).
//
// Every other kernel (and the boxcar beyond kExactBoxcarMaxN points): a scan of log-spaced
// bandwidths from half the smallest key gap to twice the key range (grid_points, 0 = automatic:
// 100 for the Gaussian, 200 for its local-linear estimator, 800 for the compact kernels,
// thinned by sqrt(2000 / n) beyond n = 2000 to at least 60), kTailPoints more up to 1000 times
// the key range (every window holds every key there: a smooth, slowly varying curve), Brent
// refinement (in log h, to 1e-9, or to 1e-6 for
// compact kernels beyond kFineRefineMaxN keys) of the best few local minima
// of the scan (Gaussian 4, compact kernels 8, or 16 up to kBreakpointsMaxN points), and finally
// h = infinity: the best of all these is returned. Beyond 1000
// times the key range the curve is within a relative 1e-6 of its limit at infinity. The compact
// kernels' curves have kinks where h crosses a pairwise key distance, and a minimum can sit on
// one, narrower than the scan's step: up to kBreakpointsMaxN points every pairwise distance is
// added to the scan, so every kink is evaluated.
class BandwidthSearch {
 public:
  static constexpr Eigen::Index kExactBoxcarMaxN = 4000;
  static constexpr Eigen::Index kBreakpointsMaxN = 150;
  static constexpr int kTailPoints = 24;  // scan points from 2 to 1000 times the key range
  // Brent brackets end at 1e-9 in log h, or 1e-6 for compact kernels beyond this many keys.
  static constexpr Eigen::Index kFineRefineMaxN = 2000;

  // criterion kAicC: the same scan and refinement (the exact boxcar sweep is for the LOO loss
  // only), of AIC_c; the result's loo_loss is then the LOO loss at the chosen bandwidth. Values
  // that are all equal fit exactly at every h (sigma^2 = 0): AIC_c is -infinity everywhere and
  // average pooling (h = infinity) is returned.
  // estimator: the smoother whose criterion is minimised (local linear: no exact boxcar sweep).
  BandwidthSearch(const ConstVec& keys, const ConstVec& values, Kernel kernel, int grid_points = 0,
                  Criterion criterion = Criterion::kLooCv,
                  Estimator estimator = Estimator::kLocalConstant);
  ~BandwidthSearch();

  bool done() const { return phase_ == Phase::kDone; }
  void step();
  std::int64_t work_done() const { return work_done_; }
  std::int64_t work_total() const;  // an estimate until done
  bool exact() const { return sweep_ != nullptr; }
  // Valid once done().
  const BandwidthChoice& result() const { return best_; }

 private:
  enum class Phase { kGrid, kRefine, kInfinity, kSweep, kVerify, kDone };
  static constexpr std::int64_t kSweepSlice = 1 << 18;  // sweep events per step
  struct Sweep;
  double loss_at_log_h(double log_h);
  double loo(double w) { return loss_->loss(w, true); }
  // The criterion at scale w (what the scan and Brent minimise).
  double objective(double w);
  // Fills in the result's other measure once the search is done (the LOO loss of an AIC_c choice).
  void finish();
  void start_refine();
  double refine_tolerance() const;
  void consider(double h, double loss);

  Eigen::VectorXd keys_, values_;
  Kernel kernel_;
  std::unique_ptr<LossEvaluator> loss_;  // the keys sorted once for every evaluation
  Phase phase_ = Phase::kGrid;
  // Scan and refinement.
  std::vector<double> log_h_;  // the scan's points (log h), ascending
  std::vector<double> grid_;
  std::vector<int> minima_;
  size_t refining_ = 0;
  std::unique_ptr<BrentMinimizer> brent_;
  // Exact boxcar sweep.
  std::unique_ptr<Sweep> sweep_;
  std::vector<double> verify_;
  size_t verifying_ = 0;
  std::int64_t work_done_ = 0;
  Criterion criterion_ = Criterion::kLooCv;
  BandwidthChoice best_{1.0, INFINITY, NAN};
  double best_value_ = INFINITY;  // the criterion at best_.bandwidth
};

// The one-shot LOO-CV choice: a BandwidthSearch run to completion. n >= 2.
BandwidthChoice select_bandwidth_loo_cv(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                                        int grid_points = 0,
                                        Estimator estimator = Estimator::kLocalConstant);

// The AIC_c choice: a BandwidthSearch with Criterion::kAicC run to completion. n >= 3.
BandwidthChoice select_bandwidth_aic(const ConstVec& keys, const ConstVec& values, Kernel kernel,
                                     Estimator estimator = Estimator::kLocalConstant);

// Silverman's rule: h = 0.9 min(sd, IQR / 1.34) n^(-1/5), sd with the n - 1 denominator, the
// quartiles by linear interpolation between order statistics (numpy's default). If IQR = 0 the
// sd is used; if both are 0 (all keys equal) h = 1. n >= 2.
double silverman_bandwidth(const ConstVec& keys);

}  // namespace nw
