// Kernel shape functions K(u) of the scaled distance u = (q - x) / h = (q - x) w.
//
// Attention weights are a softmax over keys, so normalising constants cancel and only the shape
// matters. Compact kernels are zero for |u| > 1 (their "support").
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace nw {

enum class Kernel {
  kGaussian = 0,      // exp(-u^2 / 2)
  kBoxcar = 1,        // 1 for |u| <= 1
  kEpanechnikov = 2,  // 1 - u^2 for |u| <= 1 (the real one; d2l's code mislabels the triangle)
  kTriangular = 3,    // 1 - |u| for |u| <= 1
  kTricube = 4,       // (1 - |u|^3)^3 for |u| <= 1
  kCosine = 5,        // cos(pi u / 2) for |u| <= 1
  kConstant = 6,      // 1 everywhere: every key gets weight 1/n (average pooling)
};

constexpr int kKernelCount = 7;

constexpr double kPi = 3.14159265358979323846;

// Names in enum order, as the JS API spells them.
const std::array<const char*, kKernelCount>& kernel_names();

// Each kernel's K(u) as text for readers (plain Unicode, e.g. "1 − u²"), in enum order: the
// formula kernel_value computes, without the support (kernel_is_compact says where it applies:
// |u| <= 1). The API's kernelInfo, the page's kernel gallery and the README's table read it.
const std::array<const char*, kKernelCount>& kernel_formulas();

// Parses a name; returns false if it is unknown.
bool kernel_from_name(const std::string& name, Kernel* out);

// cos(pi u / 2), the cosine kernel inside its support. Out of line on purpose: inlined, the WASM
// build computed it for every pair of a dense row, inside the support or not (2x slower rows).
double cosine_in_support(double u);

// K(u) >= 0, with K(0) = 1 (kernel_values for an array). For the Gaussian prefer gaussian_score
// (log domain). Defined here so that the per-pair loops of the core (dense rows, the compact
// kernels' paired pass) inline it.
inline double kernel_value(Kernel k, double u) {
  const double a = std::fabs(u);
  switch (k) {
    case Kernel::kGaussian:
      return std::exp(-0.5 * u * u);
    case Kernel::kBoxcar:
      return a <= 1.0 ? 1.0 : 0.0;
    case Kernel::kEpanechnikov:
      return a <= 1.0 ? 1.0 - u * u : 0.0;
    case Kernel::kTriangular:
      return a <= 1.0 ? 1.0 - a : 0.0;
    case Kernel::kTricube: {
      if (a > 1.0) return 0.0;
      const double t = 1.0 - a * a * a;
      return t * t * t;
    }
    case Kernel::kCosine:
      return a <= 1.0 ? cosine_in_support(u) : 0.0;
    case Kernel::kConstant:
      return 1.0;
  }
  return 0.0;
}

// The kernel k as a compile-time constant: f(KernelTag<K>()) is called for K = k, so that a loop
// inside f evaluates kernel_value(K, u) inlined, without a switch per pair. with_compact_kernel
// instantiates f for the five compact kernels only (k must be one: else std::logic_error).
template <Kernel K>
struct KernelTag {
  static constexpr Kernel kernel = K;
};
template <class F>
decltype(auto) with_compact_kernel(Kernel k, F&& f) {
  switch (k) {
    case Kernel::kBoxcar:
      return f(KernelTag<Kernel::kBoxcar>());
    case Kernel::kEpanechnikov:
      return f(KernelTag<Kernel::kEpanechnikov>());
    case Kernel::kTriangular:
      return f(KernelTag<Kernel::kTriangular>());
    case Kernel::kTricube:
      return f(KernelTag<Kernel::kTricube>());
    case Kernel::kCosine:
      return f(KernelTag<Kernel::kCosine>());
    case Kernel::kGaussian:
    case Kernel::kConstant:
      break;
  }
  throw std::logic_error("with_compact_kernel: not a compact kernel");
}
template <class F>
decltype(auto) with_kernel(Kernel k, F&& f) {
  if (k == Kernel::kGaussian) return f(KernelTag<Kernel::kGaussian>());
  if (k == Kernel::kConstant) return f(KernelTag<Kernel::kConstant>());
  return with_compact_kernel(k, std::forward<F>(f));
}

// out[i] = K(u[i]) for i < n (kernel_value; the Gaussian through exp_strict, the same bits natively
// and in WASM): the kernel's shape, K(0) = 1, for any finite u (0 outside a compact support and
// where the Gaussian underflows).
void kernel_values(Kernel k, const double* u, std::size_t n, double* out);

// dK/du (zero outside the support; 0 at the kinks of the triangular kernel and boxcar edges).
double kernel_derivative(Kernel k, double u);

// True for kernels that vanish for |u| > 1.
bool kernel_is_compact(Kernel k);

// True for kernels whose weights depend smoothly on w inside the support (SGD can train w):
// gaussian, epanechnikov, triangular, tricube, cosine. Boxcar and constant weights do not change
// with w almost everywhere (their gradient is 0), so they cannot be trained.
bool kernel_is_trainable(Kernel k);

}  // namespace nw
