// Embind bindings: type conversion only. Arrays cross as typed arrays, copied in both directions
// (a typed_memory_view into the heap would be detached by memory growth). Validation happens in
// api.js before any call reaches this file; these functions assume valid arguments.
//
// This file alone is compiled with -fexceptions: a C++ exception that still escapes the core (an
// allocation failing at the 1 GB heap limit, a violated precondition) is caught here and returned
// as {__nwError: message}, which api.js turns into a JS Error, instead of aborting the module.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bandwidth.h"
#include "dataset.h"
#include "kernels.h"
#include "nadaraya_watson.h"
#include "parametric.h"

using emscripten::val;

namespace {

// One copy from a Float64Array (api.js always passes one) straight into an Eigen vector.
Eigen::VectorXd to_vector(const val& array) {
  const size_t n = array["length"].as<size_t>();
  Eigen::VectorXd v(static_cast<Eigen::Index>(n));
  val(emscripten::typed_memory_view(n, v.data())).call<void>("set", array);
  return v;
}

template <class F>
val guarded(F&& body) {
  std::string error;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    error = "out of memory (the WebAssembly heap is limited to 1 GB)";
  } catch (const std::exception& e) {
    error = e.what();
  }
  val out = val::object();
  out.set("__nwError", val(error));
  return out;
}

val to_f64(const double* data, size_t n) {
  val out = val::global("Float64Array").new_(n);
  out.call<void>("set", val(emscripten::typed_memory_view(n, data)));
  return out;
}
val to_f64(const Eigen::VectorXd& v) { return to_f64(v.data(), static_cast<size_t>(v.size())); }
val to_f64(const std::vector<double>& v) { return to_f64(v.data(), v.size()); }

nw::Kernel kernel_of(int k) { return static_cast<nw::Kernel>(k); }

val kernel_names() {
  val out = val::array();
  for (const char* name : nw::kernel_names()) out.call<void>("push", val(name));
  return out;
}

val trainable_kernels() {
  val out = val::array();
  for (int k = 0; k < nw::kKernelCount; ++k)
    if (nw::kernel_is_trainable(kernel_of(k))) out.call<void>("push", val(nw::kernel_names()[k]));
  return out;
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

val true_function(const val& x) {
  return guarded([&] {
    Eigen::VectorXd v = to_vector(x);
    for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = nw::true_function(v[i]);
    return to_f64(v);
  });
}

val test_inputs(double x_max, double step) {
  return guarded([&] { return to_f64(nw::test_inputs(x_max, step)); });
}

val average_pooling(const val& values) {
  return guarded([&] { return val(nw::average_pooling(to_vector(values))); });
}

nw::Evaluation evaluation_of(bool dense) {
  return dense ? nw::Evaluation::kDense : nw::Evaluation::kWindowed;
}

val predict(const val& q, const val& k, const val& v, int kernel, double w, bool dense) {
  return guarded([&] {
    return to_f64(nw::predict(to_vector(q), to_vector(k), to_vector(v), kernel_of(kernel), w,
                              evaluation_of(dense)));
  });
}

val attention_weights(const val& q, const val& k, int kernel, double w, bool dense) {
  return guarded([&] {
    const nw::RowMatrixXd a = nw::attention_weights(to_vector(q), to_vector(k), kernel_of(kernel),
                                                    w, evaluation_of(dense));
    return to_f64(a.data(), static_cast<size_t>(a.size()));
  });
}

val to_f64_index(const std::vector<Eigen::Index>& v) {
  std::vector<double> d(v.begin(), v.end());
  return to_f64(d);
}

val attention_binned(const val& q, const val& k, int kernel, double w, int max_rows, int max_cols) {
  return guarded([&] {
    const nw::BinnedAttention b = nw::attention_binned(to_vector(q), to_vector(k), kernel_of(kernel),
                                                       w, max_rows, max_cols);
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

val training_loss(const val& k, const val& v, int kernel, double w, bool leave_one_out) {
  return guarded([&] {
    const nw::LossAndGradient lg =
        nw::training_loss(to_vector(k), to_vector(v), kernel_of(kernel), w, leave_one_out);
    val out = val::object();
    out.set("loss", lg.loss);
    out.set("gradient", lg.gradient);
    return out;
  });
}

val loo_loss(const val& k, const val& v, int kernel, double w, bool dense) {
  return guarded([&] {
    return val(nw::training_loss(to_vector(k), to_vector(v), kernel_of(kernel), w, true, {},
                                 evaluation_of(dense), false)
                   .loss);
  });
}

val loo_curve(const val& k, const val& v, int kernel, const val& bandwidths) {
  return guarded([&] {
    return to_f64(
        nw::loo_curve(to_vector(k), to_vector(v), kernel_of(kernel), to_vector(bandwidths)));
  });
}

val select_bandwidth_loo_cv(const val& k, const val& v, int kernel) {
  return guarded([&] {
    const nw::BandwidthChoice c =
        nw::select_bandwidth_loo_cv(to_vector(k), to_vector(v), kernel_of(kernel));
    val out = val::object();
    out.set("bandwidth", c.bandwidth);
    out.set("looLoss", c.loo_loss);
    return out;
  });
}

val silverman_bandwidth(const val& k) {
  return guarded([&] { return val(nw::silverman_bandwidth(to_vector(k))); });
}

// Options arrive as one plain object already validated and completed with defaults by api.js.
val train_parametric(const val& k, const val& v, const val& o) {
  return guarded([&] {
    nw::TrainOptions opt;
    opt.kernel = kernel_of(o["kernel"].as<int>());
    opt.w0_from_seed = o["w0FromSeed"].as<bool>();
    opt.w0 = o["w0"].as<double>();
    opt.learning_rate = o["learningRate"].as<double>();
    opt.epochs = o["epochs"].as<int>();
    opt.batch_size = o["batchSize"].as<int>();
    opt.leave_one_out = o["leaveOneOut"].as<bool>();
    opt.seed = static_cast<std::uint64_t>(o["seed"].as<double>());
    opt.until_converged = o["untilConverged"].as<bool>();
    opt.tolerance = o["tolerance"].as<double>();
    const nw::TrainResult r = nw::train_parametric(to_vector(k), to_vector(v), opt);
    val out = val::object();
    out.set("w", r.w);
    out.set("w0", r.w0);
    out.set("losses", to_f64(r.losses));
    out.set("ws", to_f64(r.ws));
    out.set("epochs", r.epochs);
    out.set("steps", static_cast<int>(r.losses.size()));
    out.set("converged", r.converged);
    return out;
  });
}

// Bytes the heap has in use (dlmalloc's count), for the long-session memory test.
val heap_in_use() { return val(static_cast<double>(mallinfo().uordblks)); }

}  // namespace

EMSCRIPTEN_BINDINGS(nadaraya_watson) {
  emscripten::function("kernelNames", &kernel_names);
  emscripten::function("trainableKernels", &trainable_kernels);
  emscripten::function("generateData", &generate_data);
  emscripten::function("trueFunction", &true_function);
  emscripten::function("testInputs", &test_inputs);
  emscripten::function("averagePooling", &average_pooling);
  emscripten::function("predict", &predict);
  emscripten::function("attentionWeights", &attention_weights);
  emscripten::function("attentionBinned", &attention_binned);
  emscripten::function("trainingLoss", &training_loss);
  emscripten::function("looLoss", &loo_loss);
  emscripten::function("looCurve", &loo_curve);
  emscripten::function("selectBandwidthLooCv", &select_bandwidth_loo_cv);
  emscripten::function("silvermanBandwidth", &silverman_bandwidth);
  emscripten::function("trainParametric", &train_parametric);
  emscripten::function("heapInUse", &heap_in_use);
}
