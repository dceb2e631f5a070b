// Times the core natively on the benchmark sizes; prints one JSON object per (size, operation)
// with milliseconds per call. Read by bench/node-bench.cjs to show WASM/native ratios.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "dataset.h"
#include "nadaraya_watson.h"
#include "parametric.h"

namespace {
double time_ms(const std::function<void()>& fn, double budget_ms = 300.0) {
  using clock = std::chrono::steady_clock;
  fn();  // warm-up
  int reps = 0;
  const auto start = clock::now();
  double elapsed = 0.0;
  do {
    fn();
    ++reps;
    elapsed = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  } while (elapsed < budget_ms && reps < 1000);
  return elapsed / reps;
}
}  // namespace

int main(int argc, char** argv) {
  struct Size {
    int n, m;
    double h;
  };
  const Size sizes[] = {
      {50, 50, 0.5}, {10000, 2000, 0.5}, {200000, 2000, 0.01}, {1000000, 10000, 0.001}};
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  volatile double sink = 0.0;
  for (const Size& s : sizes) {
    if (quick && s.n > 10000) continue;
    const nw::Dataset d = nw::generate_data(s.n, 0.5, 1, 5.0);
    Eigen::VectorXd q(s.m);
    for (int i = 0; i < s.m; ++i) q[i] = 5.0 * i / s.m;
    const double w = 1.0 / s.h;
    auto report = [&](const char* op, double ms) {
      std::printf("{\"n\":%d,\"m\":%d,\"h\":%g,\"op\":\"%s\",\"ms\":%.6g}\n", s.n, s.m, s.h, op,
                  ms);
      std::fflush(stdout);
    };
    report("predict",
           time_ms([&] { sink = sink + nw::predict(q, d.x, d.y, nw::Kernel::kGaussian, w)[0]; }));
    if (static_cast<double>(s.n) * s.m <= 25e6)
      report("attentionWeights", time_ms([&] {
               sink = sink + nw::attention_weights(q, d.x, nw::Kernel::kGaussian, w)(0, 0);
             }));
    report("looLoss",
           time_ms([&] { sink = sink + nw::loo_loss(d.x, d.y, nw::Kernel::kGaussian, w); }));
    nw::TrainOptions opt;
    opt.w0_from_seed = false;
    opt.w0 = w;
    opt.epochs = 1;
    report("trainEpoch", time_ms([&] { sink = sink + nw::train_parametric(d.x, d.y, opt).w; }));
  }
  return sink == 12345.0;
}
