// Embind bindings of attention over vector queries and keys (core/attention_nd.h,
// core/train_attention.h): type conversion only, like bindings.cpp. Matrices come in as
// (pointer, rows) row-major blocks that api.js allocated and validated; the scoring crosses as a
// value_object (NdSpecArgs) whose projections are pointers into the same memory (0: none).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <vector>

#include "attention_nd.h"
#include "marshal.h"
#include "train_attention.h"

using emscripten::val;
using nw_bind::guarded;
using nw_bind::to_f64;

namespace {

nw::RowMatrix matrix(std::uintptr_t ptr, std::size_t rows, int cols) {
  return Eigen::Map<const nw::RowMatrix>(reinterpret_cast<const double*>(ptr),
                                         static_cast<Eigen::Index>(rows), cols);
}

Eigen::VectorXd vector(std::uintptr_t ptr, std::size_t n) {
  return Eigen::Map<const Eigen::VectorXd>(reinterpret_cast<const double*>(ptr),
                                           static_cast<Eigen::Index>(n));
}

struct NdSpecArgs {
  int score = 0;
  int kernel = 0;
  double w = 1.0;
  double projection = 0;  // pointer (distance), projection_rows x dims
  int projection_rows = 0;
  double query_projection = 0;  // pointers (dot), rank x dims each
  double key_projection = 0;
  int rank = 0;
};

nw::ScoreSpec spec_of(const NdSpecArgs& a, int dims) {
  nw::ScoreSpec s;
  s.score = static_cast<nw::Score>(a.score);
  s.kernel = static_cast<nw::Kernel>(a.kernel);
  s.w = a.w;
  if (a.projection != 0)
    s.projection = matrix(static_cast<std::uintptr_t>(a.projection),
                          static_cast<std::size_t>(a.projection_rows), dims);
  if (a.query_projection != 0) {
    s.query_projection = matrix(static_cast<std::uintptr_t>(a.query_projection),
                                static_cast<std::size_t>(a.rank), dims) /
                         std::sqrt(static_cast<double>(a.rank));
    s.key_projection = matrix(static_cast<std::uintptr_t>(a.key_projection),
                              static_cast<std::size_t>(a.rank), dims);
  }
  return s;
}

std::vector<bool> mask(std::uintptr_t ptr, std::size_t n) {
  std::vector<bool> out;
  for (std::size_t k = 0; k < n; ++k) out.push_back(reinterpret_cast<const double*>(ptr)[k] != 0);
  return out;
}

val names_of(const char* const* names, int count) {
  val out = val::array();
  for (int k = 0; k < count; ++k) out.call<void>("push", val(names[k]));
  return out;
}

val score_names() { return names_of(nw::score_names().data(), nw::kScoreCount); }
val model_names() { return names_of(nw::attention_model_names().data(), nw::kAttentionModelCount); }
val limits_nd() {
  val out = val::object();
  out.set("maxDims", nw::kMaxDims);
  out.set("maxRank", nw::kMaxRank);
  return out;
}

val generate_data_nd(int n, double noise, double seed, double x_max, int dims,
                     std::uintptr_t relevant, std::size_t count) {
  return guarded([&] {
    const nw::NdDataset d = nw::generate_data_nd(n, noise, static_cast<std::uint64_t>(seed), x_max,
                                                 dims, mask(relevant, count));
    val out = val::object();
    out.set("x", to_f64(d.x.data(), static_cast<std::size_t>(d.x.size())));
    out.set("y", to_f64(d.y));
    return out;
  });
}

val true_function_nd(std::uintptr_t x, std::size_t m, int dims, std::uintptr_t relevant,
                     std::size_t count) {
  return guarded(
      [&] { return to_f64(nw::true_function_nd(matrix(x, m, dims), mask(relevant, count))); });
}

val predict_nd(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::uintptr_t v, std::size_t n,
               int dims, const NdSpecArgs& spec) {
  return guarded([&] {
    return to_f64(
        nw::predict_nd(matrix(q, m, dims), matrix(k, n, dims), vector(v, n), spec_of(spec, dims)));
  });
}

val attention_weights_nd(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::size_t n, int dims,
                         const NdSpecArgs& spec) {
  return guarded([&] {
    std::vector<double> out(m * n);
    nw::attention_weights_nd(matrix(q, m, dims), matrix(k, n, dims), spec_of(spec, dims),
                             out.data());
    return to_f64(out);
  });
}

val to_f64_index(const std::vector<Eigen::Index>& v) {
  std::vector<double> d(v.begin(), v.end());
  return to_f64(d);
}

val attention_binned_nd(std::uintptr_t q, std::size_t m, std::uintptr_t k, std::size_t n, int dims,
                        const NdSpecArgs& spec, int max_rows, int max_cols) {
  return guarded([&] {
    const nw::NdBinnedAttention b = nw::attention_binned_nd(
        matrix(q, m, dims), matrix(k, n, dims), spec_of(spec, dims), max_rows, max_cols);
    val out = val::object();
    out.set("rows", static_cast<double>(b.cells.rows()));
    out.set("cols", static_cast<double>(b.cells.cols()));
    out.set("data", to_f64(b.cells.data(), static_cast<std::size_t>(b.cells.size())));
    out.set("rowStart", to_f64_index(b.row_start));
    out.set("colStart", to_f64_index(b.col_start));
    return out;
  });
}

val unit_circle(std::uintptr_t x, std::size_t n, double period) {
  return guarded([&] {
    const nw::RowMatrix c = nw::unit_circle(vector(x, n), period);
    return to_f64(c.data(), static_cast<std::size_t>(c.size()));
  });
}

val max_abs_difference(std::uintptr_t a, std::uintptr_t b, std::size_t n) {
  return guarded([&] { return val(nw::max_abs_difference(vector(a, n), vector(b, n))); });
}

val loss_nd(std::uintptr_t k, std::uintptr_t v, std::size_t n, int dims, const NdSpecArgs& spec,
            bool leave_one_out) {
  return guarded([&] {
    return val(nw::loss_nd(matrix(k, n, dims), vector(v, n), spec_of(spec, dims), leave_one_out));
  });
}

val training_loss_nd(std::uintptr_t k, std::uintptr_t v, std::size_t n, int dims, int model,
                     std::uintptr_t params, std::size_t count, int kernel, bool leave_one_out) {
  return guarded([&] {
    const double* p = reinterpret_cast<const double*>(params);
    const nw::NdLoss l = nw::training_loss_nd(
        matrix(k, n, dims), vector(v, n), static_cast<nw::AttentionModel>(model),
        std::vector<double>(p, p + count), static_cast<nw::Kernel>(kernel), leave_one_out);
    val out = val::object();
    out.set("loss", l.loss);
    out.set("gradient", to_f64(l.gradient));
    return out;
  });
}

val loo_curve_nd(std::uintptr_t k, std::uintptr_t v, std::size_t n, int dims, int kernel,
                 std::uintptr_t h, std::size_t count) {
  return guarded([&] {
    return to_f64(nw::loo_curve_nd(matrix(k, n, dims), vector(v, n),
                                   static_cast<nw::Kernel>(kernel), vector(h, count)));
  });
}

val select_bandwidth_nd(std::uintptr_t k, std::uintptr_t v, std::size_t n, int dims, int kernel) {
  return guarded([&] {
    const nw::NdBandwidthChoice c =
        nw::select_bandwidth_nd(matrix(k, n, dims), vector(v, n), static_cast<nw::Kernel>(kernel));
    val out = val::object();
    out.set("bandwidth", c.bandwidth);
    out.set("looLoss", c.loo_loss);
    return out;
  });
}

val dimension_study(std::uintptr_t sizes, std::size_t count, std::uintptr_t dims,
                    std::size_t dcount, int repeats, double seed, double noise, int test_points) {
  return guarded([&] {
    std::vector<int> s, d;
    for (std::size_t k = 0; k < count; ++k)
      s.push_back(static_cast<int>(reinterpret_cast<const double*>(sizes)[k]));
    for (std::size_t k = 0; k < dcount; ++k)
      d.push_back(static_cast<int>(reinterpret_cast<const double*>(dims)[k]));
    const std::vector<nw::DimensionRow> rows =
        nw::dimension_study(s, d, repeats, static_cast<std::uint64_t>(seed), noise, test_points);
    val out = val::array();
    for (const nw::DimensionRow& r : rows) {
      val row = val::object();
      row.set("dims", r.dims);
      row.set("n", to_f64(r.n));
      row.set("mse", to_f64(r.mse));
      row.set("bandwidth", to_f64(r.bandwidth));
      row.set("rate", to_f64(r.rate));
      out.call<void>("push", row);
    }
    return out;
  });
}

struct AttentionTrainArgs {
  int model = 0;
  int kernel = 0;
  int rank = 0;
  double init = 0;  // pointer (0: the seeded start)
  int init_count = 0;
  double learning_rate = 0.5;
  int epochs = 5;
  int batch_size = 0;
  bool leave_one_out = true;
  double seed = 0;
  bool until_converged = false;
  double tolerance = 1e-8;
  bool history = false;
};

val train_attention(std::uintptr_t k, std::uintptr_t v, std::size_t n, int dims,
                    const AttentionTrainArgs& a) {
  return guarded([&] {
    nw::AttentionTrainOptions o;
    o.model = static_cast<nw::AttentionModel>(a.model);
    o.kernel = static_cast<nw::Kernel>(a.kernel);
    o.rank = a.rank;
    if (a.init != 0) {
      const double* p = reinterpret_cast<const double*>(static_cast<std::uintptr_t>(a.init));
      o.init.assign(p, p + a.init_count);
    }
    o.learning_rate = a.learning_rate;
    o.epochs = a.epochs;
    o.batch_size = a.batch_size;
    o.leave_one_out = a.leave_one_out;
    o.seed = static_cast<std::uint64_t>(a.seed);
    o.until_converged = a.until_converged;
    o.tolerance = a.tolerance;
    o.keep_history = a.history;
    nw::AttentionTrainer trainer(matrix(k, n, dims), vector(v, n), o);
    while (!trainer.done()) trainer.step();
    const nw::AttentionTrainResult& r = trainer.result();
    val out = val::object();
    out.set("model", val(nw::attention_model_names()[static_cast<std::size_t>(r.model)]));
    out.set("params", to_f64(r.params));
    out.set("init", to_f64(r.init));
    out.set("losses", to_f64(r.losses));
    out.set("epochs", r.epochs);
    out.set("steps", static_cast<double>(r.losses.size()));
    out.set("converged", r.converged);
    out.set("diverged", r.diverged);
    if (a.history) out.set("history", to_f64(r.history));
    return out;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(nadaraya_watson_nd) {
  emscripten::value_object<NdSpecArgs>("NdSpecArgs")
      .field("score", &NdSpecArgs::score)
      .field("kernel", &NdSpecArgs::kernel)
      .field("w", &NdSpecArgs::w)
      .field("projection", &NdSpecArgs::projection)
      .field("projectionRows", &NdSpecArgs::projection_rows)
      .field("queryProjection", &NdSpecArgs::query_projection)
      .field("keyProjection", &NdSpecArgs::key_projection)
      .field("rank", &NdSpecArgs::rank);
  emscripten::value_object<AttentionTrainArgs>("AttentionTrainArgs")
      .field("model", &AttentionTrainArgs::model)
      .field("kernel", &AttentionTrainArgs::kernel)
      .field("rank", &AttentionTrainArgs::rank)
      .field("init", &AttentionTrainArgs::init)
      .field("initCount", &AttentionTrainArgs::init_count)
      .field("learningRate", &AttentionTrainArgs::learning_rate)
      .field("epochs", &AttentionTrainArgs::epochs)
      .field("batchSize", &AttentionTrainArgs::batch_size)
      .field("leaveOneOut", &AttentionTrainArgs::leave_one_out)
      .field("seed", &AttentionTrainArgs::seed)
      .field("untilConverged", &AttentionTrainArgs::until_converged)
      .field("tolerance", &AttentionTrainArgs::tolerance)
      .field("history", &AttentionTrainArgs::history);
  emscripten::function("scoreNames", &score_names);
  emscripten::function("attentionModelNames", &model_names);
  emscripten::function("limitsNd", &limits_nd);
  emscripten::function("generateDataNd", &generate_data_nd);
  emscripten::function("trueFunctionNd", &true_function_nd);
  emscripten::function("predictNd", &predict_nd);
  emscripten::function("attentionWeightsNd", &attention_weights_nd);
  emscripten::function("lossNd", &loss_nd);
  emscripten::function("attentionBinnedNd", &attention_binned_nd);
  emscripten::function("unitCircle", &unit_circle);
  emscripten::function("maxAbsDifference", &max_abs_difference);
  emscripten::function("trainingLossNd", &training_loss_nd);
  emscripten::function("looCurveNd", &loo_curve_nd);
  emscripten::function("selectBandwidthNd", &select_bandwidth_nd);
  emscripten::function("trainAttention", &train_attention);
  emscripten::function("dimensionStudy", &dimension_study);
}
