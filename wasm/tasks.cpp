// Embind bindings of the core's resumable tasks (bandwidth.h, parametric.h, consistency.h):
// type conversion only. Each task class owns its core object (which owns copies of its data), so
// the arrays api.js copied in can be freed right after construction. A constructor never throws
// across the boundary: a failure is kept and read with error(), which api.js turns into a JS
// Error (and deletes the object). step() returns {__nwError} the same way as bindings.cpp.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bandwidth.h"
#include "consistency.h"
#include "marshal.h"
#include "parametric.h"

using emscripten::val;

namespace {

using nw_bind::in;
using nw_bind::to_f64;

template <class F>
std::string capture(F&& body) {
  try {
    body();
  } catch (const std::bad_alloc&) {
    return "out of memory (the WebAssembly heap is limited to 1 GB)";
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

val error_val(const std::string& message) {
  val out = val::object();
  out.set("__nwError", val(message));
  return out;
}

val progress(std::int64_t done, std::int64_t total) {
  val out = val::object();
  out.set("done", static_cast<double>(done));
  out.set("total", static_cast<double>(total));
  return out;
}

// Runs up to `units` steps of a task; returns done() or {__nwError}.
template <class T>
val run_steps(T* task, int units) {
  if (!task) return error_val("the task could not be created");
  bool finished = false;
  const std::string e = capture([&] {
    for (int i = 0; i < units && !task->done(); ++i) task->step();
    finished = task->done();
  });
  return e.empty() ? val(finished) : error_val(e);
}

class BandwidthSearchTask {
 public:
  // criterion, estimator: indices in nw::Criterion and nw::Estimator (criterion_names(), ...).
  BandwidthSearchTask(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, int criterion,
                      int estimator)
      : aic_(static_cast<nw::Criterion>(criterion) == nw::Criterion::kAicC) {
    error_ = capture([&] {
      task_ = std::make_unique<nw::BandwidthSearch>(
          in(k, n), in(v, n), static_cast<nw::Kernel>(kernel), 0,
          static_cast<nw::Criterion>(criterion), static_cast<nw::Estimator>(estimator));
    });
  }
  std::string error() const { return error_; }
  val step(int units) { return run_steps(task_.get(), units); }
  val progress() const { return ::progress(task_->work_done(), task_->work_total()); }
  val result() const {
    val out = val::object();
    out.set("bandwidth", task_->result().bandwidth);
    out.set("looLoss", task_->result().loo_loss);
    if (aic_) out.set("aic", task_->result().aic);
    out.set("exact", task_->exact());
    return out;
  }

 private:
  bool aic_;
  std::unique_ptr<nw::BandwidthSearch> task_;
  std::string error_;
};

class LossCurveTask {
 public:
  LossCurveTask(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, std::uintptr_t w,
                std::size_t m, bool leave_one_out, bool refine_minimum, int criterion,
                int estimator) {
    error_ = capture([&] {
      task_ = std::make_unique<nw::LossCurve>(in(k, n), in(v, n), static_cast<nw::Kernel>(kernel),
                                              in(w, m), leave_one_out, refine_minimum,
                                              static_cast<nw::Estimator>(estimator),
                                              static_cast<nw::Criterion>(criterion));
    });
  }
  std::string error() const { return error_; }
  val step(int units) { return run_steps(task_.get(), units); }
  val progress() const { return ::progress(task_->work_done(), task_->work_total()); }
  val result() const {
    val out = val::object();
    out.set("losses", to_f64(task_->losses()));
    const nw::LossCurve::Minimum& m = task_->minimum();
    if (m.has) {
      val min = val::object();
      min.set("w", m.w);
      min.set("loss", m.loss);
      out.set("minimum", min);
    } else {
      out.set("minimum", val::null());
    }
    return out;
  }

 private:
  std::unique_ptr<nw::LossCurve> task_;
  std::string error_;
};

class TrainingTask {
 public:
  TrainingTask(std::uintptr_t k, std::uintptr_t v, std::size_t n, const nw_bind::TrainArgs& a) {
    error_ = capture([&] {
      const nw::TrainOptions o = nw_bind::train_options(a);
      task_ = std::make_unique<nw::ParametricTrainer>(in(k, n), in(v, n), o);
    });
  }
  std::string error() const { return error_; }
  val step(int units) { return run_steps(task_.get(), units); }
  // {done, total}: rows evaluated (the unit of a step's work); epochs and steps: how far it is.
  val progress() const {
    val out = ::progress(task_->rows_done(), task_->rows_total());
    out.set("epochs", task_->result().epochs);
    out.set("steps", static_cast<double>(task_->result().losses.size()));
    return out;
  }
  int stepsPerEpoch() const { return task_->steps_per_epoch(); }
  val result() const { return nw_bind::train_result(task_->result()); }

 private:
  std::unique_ptr<nw::ParametricTrainer> task_;
  std::string error_;
};

struct StudyArgs {
  double seed = 0.0;
  double noise = 0.5;
  int kernel = 0;
  double bandwidth = 1.0;
  double x_max = 5.0;
  bool fixed_only = false;
};

class ConsistencyTask {
 public:
  ConsistencyTask(std::uintptr_t sizes, std::uintptr_t repeats, std::size_t count,
                  std::uintptr_t queries, std::size_t m, const StudyArgs& a) {
    error_ = capture([&] {
      nw::ConsistencyOptions o;
      for (std::size_t s = 0; s < count; ++s) {
        o.sizes.push_back(static_cast<int>(in(sizes, count)[s]));
        o.repeats.push_back(static_cast<int>(in(repeats, count)[s]));
      }
      o.seed = static_cast<std::uint64_t>(a.seed);
      o.noise = a.noise;
      o.kernel = static_cast<nw::Kernel>(a.kernel);
      o.bandwidth = a.bandwidth;
      o.x_max = a.x_max;
      o.fixed_only = a.fixed_only;
      task_ = std::make_unique<nw::ConsistencyStudy>(o, in(queries, m));
    });
  }
  std::string error() const { return error_; }
  val step(int units) { return run_steps(task_.get(), units); }
  val progress() const { return ::progress(task_->work_done(), task_->work_total()); }
  val result() const {
    const nw::ConsistencyRows& r = task_->rows();
    val out = val::object();
    out.set("n", to_f64(r.n));
    out.set("fixed", to_f64(r.fixed));
    out.set("cv", to_f64(r.cv));
    out.set("silverman", to_f64(r.silverman));
    out.set("rate", to_f64(r.rate));
    out.set("cvBandwidth", to_f64(r.cv_bandwidth));
    return out;
  }

 private:
  std::unique_ptr<nw::ConsistencyStudy> task_;
  std::string error_;
};

// nw::rate_line of two arrays of n entries: the reference line of the consistency study.
val rate_line(std::uintptr_t n_ptr, std::uintptr_t err_ptr, std::size_t n, double exponent) {
  return nw_bind::guarded([&] {
    const double* a = reinterpret_cast<const double*>(n_ptr);
    const double* b = reinterpret_cast<const double*>(err_ptr);
    return to_f64(
        nw::rate_line(std::vector<double>(a, a + n), std::vector<double>(b, b + n), exponent));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(nadaraya_watson_tasks) {
  emscripten::function("rateLine", &rate_line);
  using emscripten::class_;
  emscripten::value_object<StudyArgs>("StudyArgs")
      .field("seed", &StudyArgs::seed)
      .field("noise", &StudyArgs::noise)
      .field("kernel", &StudyArgs::kernel)
      .field("bandwidth", &StudyArgs::bandwidth)
      .field("xMax", &StudyArgs::x_max)
      .field("fixedOnly", &StudyArgs::fixed_only);
  class_<BandwidthSearchTask>("BandwidthSearchTask")
      .constructor<std::uintptr_t, std::uintptr_t, std::size_t, int, int, int>()
      .function("error", &BandwidthSearchTask::error)
      .function("step", &BandwidthSearchTask::step)
      .function("progress", &BandwidthSearchTask::progress)
      .function("result", &BandwidthSearchTask::result);
  class_<LossCurveTask>("LossCurveTask")
      .constructor<std::uintptr_t, std::uintptr_t, std::size_t, int, std::uintptr_t, std::size_t,
                   bool, bool, int, int>()
      .function("error", &LossCurveTask::error)
      .function("step", &LossCurveTask::step)
      .function("progress", &LossCurveTask::progress)
      .function("result", &LossCurveTask::result);
  class_<TrainingTask>("TrainingTask")
      .constructor<std::uintptr_t, std::uintptr_t, std::size_t, const nw_bind::TrainArgs&>()
      .function("error", &TrainingTask::error)
      .function("step", &TrainingTask::step)
      .function("progress", &TrainingTask::progress)
      .function("stepsPerEpoch", &TrainingTask::stepsPerEpoch)
      .function("result", &TrainingTask::result);
  class_<ConsistencyTask>("ConsistencyTask")
      .constructor<std::uintptr_t, std::uintptr_t, std::size_t, std::uintptr_t, std::size_t,
                   const StudyArgs&>()
      .function("error", &ConsistencyTask::error)
      .function("step", &ConsistencyTask::step)
      .function("progress", &ConsistencyTask::progress)
      .function("result", &ConsistencyTask::result);
}
