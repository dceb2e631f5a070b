// Embind bindings: type conversion only. Arrays come in as (pointer, length) pairs into
// WebAssembly memory that api.js allocated with _malloc, filled once and validated (copyIn); they
// are wrapped as Eigen::Map without a further copy, and api.js frees them after the call. Arrays go
// out as fresh Float64Arrays (a typed_memory_view into the heap would be detached by memory
// growth). Options cross as value_object structs. Validation happens in api.js before any call
// reaches this file; these functions assume valid arguments.
//
// A C++ exception that still escapes the core (an allocation failing at the 1 GB heap limit, a
// violated precondition) is caught here and returned as {__nwError: message} (from the two plain C
// exports below, as a status and takeLastError()), which api.js turns into a JS Error, instead of
// aborting the module. The core and this file are built with WebAssembly's own exceptions
// (NW_WASM_EXCEPTIONS in CMakeLists.txt): the core's destructors run as one passes.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bandwidth.h"
#include "classify.h"
#include "confidence_band.h"
#include "dataset.h"
#include "kernels.h"
#include "marshal.h"
#include "nadaraya_watson.h"
#include "parametric.h"

using emscripten::val;
using nw_bind::guarded;
using nw_bind::in;
using nw_bind::InArray;
using nw_bind::to_f64;
using nw_bind::train_options;
using nw_bind::TrainArgs;

namespace {

nw::Kernel kernel_of(int k) { return static_cast<nw::Kernel>(k); }
nw::Estimator estimator_of(int e) { return static_cast<nw::Estimator>(e); }

val estimator_names() {
  val out = val::array();
  for (const char* name : nw::estimator_names()) out.call<void>("push", val(name));
  return out;
}

val criterion_names() {
  val out = val::array();
  for (const char* name : nw::criterion_names()) out.call<void>("push", val(name));
  return out;
}

// The core's kernel table (kernels.h), one object per kernel in enum order: {name, formula,
// compact, trainable}. The API's kernels, trainableKernels and kernelInfo all come from it.
val kernel_table() {
  val out = val::array();
  for (int k = 0; k < nw::kKernelCount; ++k) {
    val row = val::object();
    row.set("name", val(nw::kernel_names()[k]));
    // Through std::string, which Embind decodes as UTF-8 (a const char* is read as Latin-1).
    row.set("formula", val(std::string(nw::kernel_formulas()[k])));
    row.set("compact", val(nw::kernel_is_compact(kernel_of(k))));
    row.set("trainable", val(nw::kernel_is_trainable(kernel_of(k))));
    out.call<void>("push", row);
  }
  return out;
}

// K(u) for n values, written into the room api.js reserved (`out`, n doubles): no vector and no
// Float64Array built here.
val kernel_values(std::uintptr_t u, std::size_t n, int kernel, std::uintptr_t out) {
  return guarded([&] {
    const InArray us = in(u, n);
    nw::kernel_values(kernel_of(kernel), us.data(), static_cast<std::size_t>(us.size()),
                      reinterpret_cast<double*>(out));
    return val::undefined();
  });
}

val generate_data(int n, double noise, double seed, double x_max) {
  return guarded([&] {
    const nw::Dataset d = nw::generate_data(n, noise, static_cast<std::uint64_t>(seed), x_max);
    val out = val::object();
    out.set("x", to_f64(d.x));
    out.set("y", to_f64(d.y));
    return out;
  });
}

val true_function(std::uintptr_t x, std::size_t n) {
  return guarded([&] {
    const InArray xs = in(x, n);
    Eigen::VectorXd v(xs.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = nw::true_function(xs[i]);
    return to_f64(v);
  });
}

val test_inputs(double x_max, double step) {
  return guarded([&] { return to_f64(nw::test_inputs(x_max, step)); });
}

val mean_squared_error(std::uintptr_t a, std::uintptr_t b, std::size_t n) {
  return guarded([&] { return val(nw::mean_squared_error(in(a, n), in(b, n))); });
}

val average_pooling(std::uintptr_t v, std::size_t n) {
  return guarded([&] { return val(nw::average_pooling(in(v, n))); });
}

nw::Evaluation evaluation_of(bool dense) {
  return dense ? nw::Evaluation::kDense : nw::Evaluation::kWindowed;
}

std::string take_last_error() { return std::move(nw_bind::last_error()); }

val to_f64_index(const std::vector<Eigen::Index>& v) {
  std::vector<double> d(v.begin(), v.end());
  return to_f64(d);
}

val attention_binned(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::size_t n, int kernel,
                     double w, int max_rows, int max_cols, int estimator) {
  return guarded([&] {
    const nw::BinnedAttention b = nw::attention_binned(in(q, m), in(k, n), kernel_of(kernel), w,
                                                       max_rows, max_cols, estimator_of(estimator));
    val out = val::object();
    out.set("rows", static_cast<double>(b.cells.rows()));
    out.set("cols", static_cast<double>(b.cells.cols()));
    out.set("data", to_f64(b.cells.data(), static_cast<size_t>(b.cells.size())));
    out.set("rowStart", to_f64_index(b.row_start));
    out.set("colStart", to_f64_index(b.col_start));
    out.set("sortedKeys", to_f64(b.sorted_keys));
    return out;
  });
}

val training_loss(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, double w,
                  bool leave_one_out) {
  return guarded([&] {
    const nw::LossAndGradient lg =
        nw::training_loss(in(k, n), in(v, n), kernel_of(kernel), w, leave_one_out);
    val out = val::object();
    out.set("loss", lg.loss);
    out.set("gradient", lg.gradient);
    return out;
  });
}

val loo_loss(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, double w, bool dense,
             int estimator) {
  return guarded([&] {
    return val(nw::training_loss(in(k, n), in(v, n), kernel_of(kernel), w, true, {},
                                 evaluation_of(dense), false, estimator_of(estimator))
                   .loss);
  });
}

val loo_curve(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, std::uintptr_t h,
              std::size_t count, int estimator) {
  return guarded([&] {
    return to_f64(nw::loo_curve(in(k, n), in(v, n), kernel_of(kernel), in(h, count),
                                estimator_of(estimator)));
  });
}

val aic_curve(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel, std::uintptr_t h,
              std::size_t count, int estimator) {
  return guarded([&] {
    return to_f64(nw::aic_curve(in(k, n), in(v, n), kernel_of(kernel), in(h, count),
                                estimator_of(estimator)));
  });
}

val select_bandwidth_loo_cv(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel,
                            int estimator) {
  return guarded([&] {
    const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(in(k, n), in(v, n), kernel_of(kernel),
                                                              0, estimator_of(estimator));
    val out = val::object();
    out.set("bandwidth", c.bandwidth);
    out.set("looLoss", c.loo_loss);
    return out;
  });
}

val select_bandwidth_aic(std::uintptr_t k, std::uintptr_t v, std::size_t n, int kernel,
                         int estimator) {
  return guarded([&] {
    const nw::BandwidthChoice c =
        nw::select_bandwidth_aic(in(k, n), in(v, n), kernel_of(kernel), estimator_of(estimator));
    val out = val::object();
    out.set("bandwidth", c.bandwidth);
    out.set("looLoss", c.loo_loss);
    out.set("aic", c.aic);
    return out;
  });
}

val silverman_bandwidth(std::uintptr_t k, std::size_t n) {
  return guarded([&] { return val(nw::silverman_bandwidth(in(k, n))); });
}

val train_parametric(std::uintptr_t k, std::uintptr_t v, std::size_t n, const TrainArgs& args) {
  return guarded([&] {
    return nw_bind::train_result(nw::train_parametric(in(k, n), in(v, n), train_options(args)));
  });
}

// labels cross as doubles holding integers in [0, classes) (api.js checked them).
val classify(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::uintptr_t labels,
             std::size_t n, int classes, int kernel, double w) {
  return guarded([&] {
    const InArray l = in(labels, n);
    std::vector<int> ints(n);
    for (std::size_t j = 0; j < n; ++j) ints[j] = static_cast<int>(l[static_cast<Eigen::Index>(j)]);
    const nw::Classification c =
        nw::classify(in(q, m), in(k, n), ints, classes, kernel_of(kernel), w);
    val out = val::object();
    out.set("classes", c.classes);
    out.set("probabilities",
            to_f64(c.probabilities.data(), static_cast<size_t>(c.probabilities.size())));
    val predicted = val::global("Int32Array").new_(m);
    predicted.call<void>("set", val(emscripten::typed_memory_view(m, c.predicted.data())));
    out.set("predicted", predicted);
    return out;
  });
}

val confidence_band(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::uintptr_t v,
                    std::size_t n, int kernel, double w, double level, int estimator) {
  return guarded([&] {
    const nw::ConfidenceBand b = nw::confidence_band(
        in(q, m), in(k, n), in(v, n), kernel_of(kernel), w, level, estimator_of(estimator));
    val out = val::object();
    out.set("fit", to_f64(b.fit));
    out.set("se", to_f64(b.se));
    out.set("lower", to_f64(b.lower));
    out.set("upper", to_f64(b.upper));
    out.set("sigma", b.sigma);
    out.set("z", b.z);
    return out;
  });
}

int max_classes() { return nw::kMaxClasses; }

// Bytes the heap has in use (dlmalloc's count), for the long-session memory test.
val heap_in_use() { return val(static_cast<double>(mallinfo().uordblks)); }

}  // namespace

std::string& nw_bind::last_error() {
  static std::string message;
  return message;
}

// predict and attentionWeights, the calls a page makes on every slider step, are plain C exports
// (EXPORTED_FUNCTIONS in CMakeLists.txt), not Embind functions: without dynamic code generation
// (-sDYNAMIC_EXECUTION=0; the page's Content-Security-Policy has no 'unsafe-eval') Embind calls
// through its generic invoker, which took about 0.5 us of a 1 x 1 predict's 2-2.3 us in Node. They
// write their result into room api.js reserved (`out`, m or m n doubles) and return 0, or 1 with
// the message of the C++ exception they caught for takeLastError().
extern "C" {

EMSCRIPTEN_KEEPALIVE int nw_predict(std::uintptr_t q, std::size_t m, std::uintptr_t k,
                                    std::uintptr_t v, std::size_t n, int kernel, double w,
                                    int dense, std::uintptr_t out, int estimator) {
  return nw_bind::status([&] {
    nw::predict_into(in(q, m), in(k, n), in(v, n), kernel_of(kernel), w, evaluation_of(dense != 0),
                     reinterpret_cast<double*>(out), estimator_of(estimator));
  });
}

EMSCRIPTEN_KEEPALIVE int nw_attention_weights(std::uintptr_t q, std::size_t m, std::uintptr_t k,
                                              std::size_t n, int kernel, double w, int dense,
                                              std::uintptr_t out, int estimator) {
  return nw_bind::status([&] {
    nw::attention_weights_into(in(q, m), in(k, n), kernel_of(kernel), w, evaluation_of(dense != 0),
                               reinterpret_cast<double*>(out), estimator_of(estimator));
  });
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(nadaraya_watson) {
  emscripten::function("takeLastError", &take_last_error);
  nw_bind::register_train_args();
  emscripten::function("kernelTable", &kernel_table);
  emscripten::function("kernelValues", &kernel_values);
  emscripten::function("estimatorNames", &estimator_names);
  emscripten::function("criterionNames", &criterion_names);
  emscripten::function("generateData", &generate_data);
  emscripten::function("trueFunction", &true_function);
  emscripten::function("testInputs", &test_inputs);
  emscripten::function("averagePooling", &average_pooling);
  emscripten::function("meanSquaredError", &mean_squared_error);
  emscripten::function("attentionBinned", &attention_binned);
  emscripten::function("trainingLoss", &training_loss);
  emscripten::function("looLoss", &loo_loss);
  emscripten::function("looCurve", &loo_curve);
  emscripten::function("aicCurve", &aic_curve);
  emscripten::function("selectBandwidthLooCv", &select_bandwidth_loo_cv);
  emscripten::function("selectBandwidthAic", &select_bandwidth_aic);
  emscripten::function("silvermanBandwidth", &silverman_bandwidth);
  emscripten::function("trainParametric", &train_parametric);
  emscripten::function("classify", &classify);
  emscripten::function("confidenceBand", &confidence_band);
  emscripten::function("maxClasses", &max_classes);
  emscripten::function("heapInUse", &heap_in_use);
}
