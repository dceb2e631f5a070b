#include "minimize.h"

#include <cmath>

namespace nw {

namespace {
constexpr double kGolden = 0.3819660112501051;  // (3 - sqrt(5)) / 2
}

BrentMinimizer::BrentMinimizer(double a, double b, double tol, int max_evaluations)
    : a_(a), b_(b), tol_(tol), max_evaluations_(max_evaluations) {
  x_ = w_ = v_ = u_ = a + kGolden * (b - a);  // the first evaluation
}

void BrentMinimizer::tell(double fu) {
  if (done_) return;
  ++evaluations_;
  if (evaluations_ == 1) {
    fx_ = fw_ = fv_ = fu;
  } else {
    const double u = u_;
    if (fu <= fx_) {
      (u < x_ ? b_ : a_) = x_;
      v_ = w_, fv_ = fw_;
      w_ = x_, fw_ = fx_;
      x_ = u, fx_ = fu;
    } else {
      (u < x_ ? a_ : b_) = u;
      if (fu <= fw_ || w_ == x_) {
        v_ = w_, fv_ = fw_;
        w_ = u, fw_ = fu;
      } else if (fu <= fv_ || v_ == x_ || v_ == w_) {
        v_ = u, fv_ = fu;
      }
    }
  }
  propose();
}

void BrentMinimizer::propose() {
  const double m = 0.5 * (a_ + b_);
  const double tol1 = tol_ + 1e-12 * std::fabs(x_), tol2 = 2.0 * tol1;
  if (evaluations_ >= max_evaluations_ || std::fabs(x_ - m) <= tol2 - 0.5 * (b_ - a_)) {
    done_ = true;
    return;
  }
  bool parabolic = false;
  if (std::fabs(e_) > tol1) {
    // The parabola through (v, fv), (w, fw), (x, fx): its vertex is x + p / q.
    double r = (x_ - w_) * (fx_ - fv_);
    double q = (x_ - v_) * (fx_ - fw_);
    double p = (x_ - v_) * q - (x_ - w_) * r;
    q = 2.0 * (q - r);
    if (q > 0.0) p = -p;
    q = std::fabs(q);
    if (std::fabs(p) < std::fabs(0.5 * q * e_) && p > q * (a_ - x_) && p < q * (b_ - x_)) {
      e_ = d_;
      d_ = p / q;
      const double u = x_ + d_;
      if (u - a_ < tol2 || b_ - u < tol2) d_ = x_ < m ? tol1 : -tol1;
      parabolic = true;
    }
  }
  if (!parabolic) {
    e_ = (x_ < m ? b_ : a_) - x_;
    d_ = kGolden * e_;
  }
  u_ = std::fabs(d_) >= tol1 ? x_ + d_ : x_ + (d_ > 0 ? tol1 : -tol1);
}

}  // namespace nw
