// What the two binding files (bindings.cpp, tasks.cpp) share: arrays in as (pointer, length)
// into WebAssembly memory that api.js filled and validated (copyIn), arrays out as fresh
// Float64Arrays, C++ exceptions out as {__nwError: message} (or, from the plain C exports, a status
// and takeLastError()), and the training options as they cross from JS. Type conversion only.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <Eigen/Core>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "parametric.h"

namespace nw_bind {

using emscripten::val;

// A validated copy in WebAssembly memory, owned by api.js: n doubles at byte address ptr.
using InArray = Eigen::Map<const Eigen::VectorXd>;
inline InArray in(std::uintptr_t ptr, std::size_t n) {
  return InArray(reinterpret_cast<const double*>(ptr), static_cast<Eigen::Index>(n));
}

// Runs body(): true when it returns, false when it throws (the exception's message in *error).
template <class F>
bool completes(F&& body, std::string* error) {
  try {
    body();
    return true;
  } catch (const std::bad_alloc&) {
    *error = "out of memory (the WebAssembly heap is limited to 1 GB)";
  } catch (const std::exception& e) {
    *error = e.what();
  }
  return false;
}

// An Embind function's body: its result, or {__nwError: message}.
template <class F>
val guarded(F&& body) {
  val result = val::undefined();
  std::string error;
  if (completes([&] { result = body(); }, &error)) return result;
  val out = val::object();
  out.set("__nwError", val(error));
  return out;
}

// A plain C export's body (bindings.cpp): 0, or 1 with the message kept for last_error().
std::string& last_error();
template <class F>
int status(F&& body) {
  return completes(body, &last_error()) ? 0 : 1;
}

inline val to_f64(const double* data, size_t n) {
  val out = val::global("Float64Array").new_(n);
  out.call<void>("set", val(emscripten::typed_memory_view(n, data)));
  return out;
}
inline val to_f64(const Eigen::VectorXd& v) {
  return to_f64(v.data(), static_cast<size_t>(v.size()));
}
inline val to_f64(const std::vector<double>& v) { return to_f64(v.data(), v.size()); }

// nw::TrainOptions as it crosses from JS (a value_object: api.js passes a plain object with every
// field, already validated and completed with defaults). The kernel is its index, the seed a
// double holding an integer <= 2^53.
struct TrainArgs {
  int kernel = 0;
  bool w0_from_seed = true;
  double w0 = 0.0;
  double learning_rate = 0.5;
  int epochs = 5;
  int batch_size = 0;
  bool leave_one_out = true;
  double seed = 0.0;
  bool until_converged = false;
  double tolerance = 1e-8;
  double max_updates = 0.0;  // 0: no budget
};

inline nw::TrainOptions train_options(const TrainArgs& a) {
  nw::TrainOptions opt;
  opt.kernel = static_cast<nw::Kernel>(a.kernel);
  opt.w0_from_seed = a.w0_from_seed;
  opt.w0 = a.w0;
  opt.learning_rate = a.learning_rate;
  opt.epochs = a.epochs;
  opt.batch_size = a.batch_size;
  opt.leave_one_out = a.leave_one_out;
  opt.seed = static_cast<std::uint64_t>(a.seed);
  opt.until_converged = a.until_converged;
  opt.tolerance = a.tolerance;
  opt.max_updates = static_cast<std::int64_t>(a.max_updates);
  return opt;
}

// A training result as the JS object trainParametric returns.
inline val train_result(const nw::TrainResult& r) {
  val out = val::object();
  out.set("w", r.w);
  out.set("w0", r.w0);
  out.set("losses", to_f64(r.losses));
  out.set("ws", to_f64(r.ws));
  out.set("epochs", r.epochs);
  out.set("steps", static_cast<double>(r.losses.size()));
  out.set("converged", r.converged);
  out.set("diverged", r.diverged);
  out.set("budgetReached", r.budget_reached);
  return out;
}

// The value_object of TrainArgs (registered once, in bindings.cpp).
inline void register_train_args() {
  emscripten::value_object<TrainArgs>("TrainArgs")
      .field("kernel", &TrainArgs::kernel)
      .field("w0FromSeed", &TrainArgs::w0_from_seed)
      .field("w0", &TrainArgs::w0)
      .field("learningRate", &TrainArgs::learning_rate)
      .field("epochs", &TrainArgs::epochs)
      .field("batchSize", &TrainArgs::batch_size)
      .field("leaveOneOut", &TrainArgs::leave_one_out)
      .field("seed", &TrainArgs::seed)
      .field("untilConverged", &TrainArgs::until_converged)
      .field("tolerance", &TrainArgs::tolerance)
      .field("maxUpdates", &TrainArgs::max_updates);
}

}  // namespace nw_bind
