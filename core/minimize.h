// One-dimensional minimisation by Brent's method, written in reverse communication: the caller
// asks for the next argument, evaluates the objective itself and tells the value back. So a long
// minimisation (each evaluation may be an O(n window) leave-one-out loss) can be run one
// evaluation at a time, paused, resumed and cancelled (the tasks of bandwidth.h), and gives the
// same sequence of arguments as a plain loop.
//
// Brent (1973), "Algorithms for Minimization without Derivatives", ch. 5: parabolic interpolation
// through the three best points, with a golden-section step whenever the parabola's step is not
// acceptable (outside the bracket, or not smaller than half the step before last).
#pragma once

namespace nw {

class BrentMinimizer {
 public:
  // Minimises on [a, b] (a < b) to an absolute tolerance `tol` in the argument (plus 1e-12
  // relative), with at most `max_evaluations` evaluations.
  BrentMinimizer(double a, double b, double tol, int max_evaluations = 101);

  // True once the bracket is small enough (or the evaluations are used up).
  bool done() const { return done_; }
  // The argument whose value is wanted next (only while !done()).
  double next() const { return u_; }
  // Reports f(next()).
  void tell(double f);

  // The best argument and value so far.
  double x() const { return x_; }
  double fx() const { return fx_; }
  int evaluations() const { return evaluations_; }

 private:
  void propose();  // computes the next u_ or sets done_

  double a_, b_, tol_;
  int max_evaluations_;
  double x_ = 0, w_ = 0, v_ = 0, fx_ = 0, fw_ = 0, fv_ = 0, d_ = 0, e_ = 0, u_ = 0;
  int evaluations_ = 0;
  bool done_ = false;
};

}  // namespace nw
