// libFuzzer harness over the core API. The bytes choose an operation, a kernel, a bandwidth and
// finite key/value/query arrays (the JS layer rejects non-finite numbers before the core sees
// them, so the harness maps them to finite values too). Every result must be finite and every
// attention row must sum to 1; a violation aborts, which the fuzzer reports as a crash.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bandwidth.h"
#include "dataset.h"
#include "nadaraya_watson.h"
#include "parametric.h"

namespace {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // Any 8 bytes as a double, made finite; values span the whole double range.
  double finite() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
    double v;
    std::memcpy(&v, &bits, 8);
    if (!std::isfinite(v)) v = static_cast<double>(bits % 2001) - 1000.0;
    return v;
  }
  // Mostly "reasonable" numbers (small integers and fractions), sometimes any finite double.
  double number() {
    const uint8_t mode = byte();
    if (mode < 200) return (static_cast<int>(byte()) - 128) / 16.0;
    return finite();
  }
  bool done() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

#define require(ok)                                                                    \
  do {                                                                                 \
    if (!(ok)) {                                                                       \
      std::fprintf(stderr, "fuzz_core: check failed at line %d: %s\n", __LINE__, #ok); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

bool finite_all(const Eigen::VectorXd& v) { return v.allFinite(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  const int op = in.byte() % 7;
  const auto kernel = static_cast<nw::Kernel>(in.byte() % nw::kKernelCount);
  double h = std::fabs(in.finite());
  if (!(h > 0.0)) h = 1.0;
  const double w = nw::scale_from_bandwidth(h);
  const int n = 1 + in.byte() % 40;
  const int m = in.byte() % 20;
  Eigen::VectorXd keys(n), values(n), queries(m);
  for (int i = 0; i < n; ++i) keys[i] = in.number();
  for (int i = 0; i < n; ++i) values[i] = in.number();
  for (int i = 0; i < m; ++i) queries[i] = in.number();
  // Values are bounded as the tutorial's are; keys, queries and h span the double range.
  for (int i = 0; i < n; ++i) values[i] = std::fmod(values[i], 1e6);

  switch (op) {
    case 0: {
      const Eigen::VectorXd f = nw::predict(queries, keys, values, kernel, w);
      require(finite_all(f));
      const double lo = values.minCoeff(), hi = values.maxCoeff();
      for (int i = 0; i < m; ++i)
        require(f[i] >= lo - 1e-9 * (1 + std::fabs(lo)) && f[i] <= hi + 1e-9 * (1 + std::fabs(hi)));
      break;
    }
    case 1: {
      const nw::RowMatrixXd a = nw::attention_weights(queries, keys, kernel, w);
      require(a.allFinite());
      for (int i = 0; i < m; ++i) require(std::fabs(a.row(i).sum() - 1.0) < 1e-12);
      break;
    }
    case 2: {
      if (n < 2) break;
      const nw::LossAndGradient lg = nw::training_loss(keys, values, kernel, w, in.byte() & 1);
      require(std::isfinite(lg.loss) && lg.loss >= 0.0);
      break;
    }
    case 3: {
      if (n < 2 || !nw::kernel_is_trainable(kernel)) break;
      nw::TrainOptions opt;
      opt.kernel = kernel;
      opt.w0_from_seed = false;
      opt.w0 = std::fmod(in.number(), 100.0);
      opt.learning_rate = std::fabs(std::fmod(in.number(), 2.0));
      opt.epochs = 1 + in.byte() % 5;
      opt.batch_size = in.byte() % (n + 1);
      opt.leave_one_out = in.byte() & 1;
      opt.seed = in.byte();
      const nw::TrainResult r = nw::train_parametric(keys, values, opt);
      require(r.losses.size() == r.ws.size() && !r.losses.empty());
      for (double l : r.losses) require(!std::isnan(l));
      break;
    }
    case 4: {
      if (n < 2) break;
      const nw::BandwidthChoice c = nw::select_bandwidth_loo_cv(keys, values, kernel, 24);
      require(c.bandwidth > 0.0 && !std::isnan(c.loo_loss));
      require(nw::silverman_bandwidth(keys) > 0.0);
      break;
    }
    case 5: {
      const nw::Dataset d =
          nw::generate_data(1 + in.byte() % 64, std::fabs(std::fmod(in.number(), 3.0)), in.byte(),
                            1.0 + std::fabs(std::fmod(in.number(), 100.0)));
      require(finite_all(d.x) && finite_all(d.y));
      break;
    }
    default: {
      if (n < 2) break;
      Eigen::VectorXd hs(3);
      hs << h, h * 2, h / 2 + 1e-300;
      const Eigen::VectorXd c = nw::loo_curve(keys, values, kernel, hs);
      for (int i = 0; i < 3; ++i) require(!std::isnan(c[i]));
      break;
    }
  }
  return 0;
}
