// Kernel shape functions K(u) of the scaled distance u = (q - x) / h = (q - x) w.
//
// Attention weights are a softmax over keys, so normalising constants cancel and only the shape
// matters. Compact kernels are zero for |u| > 1 (their "support").
#pragma once

#include <array>
#include <string>

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

// Names in enum order, as the JS API spells them.
const std::array<const char*, kKernelCount>& kernel_names();

// Parses a name; returns false if it is unknown.
bool kernel_from_name(const std::string& name, Kernel* out);

// K(u) >= 0, with K(0) = 1. For the Gaussian prefer gaussian_score (log domain).
double kernel_value(Kernel k, double u);

// dK/du (zero outside the support; 0 at the kinks of the triangular kernel and boxcar edges).
double kernel_derivative(Kernel k, double u);

// True for kernels that vanish for |u| > 1.
bool kernel_is_compact(Kernel k);

// True for kernels whose weights depend smoothly on w inside the support (SGD can train w):
// gaussian, epanechnikov, triangular, tricube, cosine. Boxcar and constant weights do not change
// with w almost everywhere (their gradient is 0), so they cannot be trained.
bool kernel_is_trainable(Kernel k);

}  // namespace nw
