#include "kernels.h"

#include <cmath>

#include "simd_exp.h"

namespace nw {

namespace {
// The kernels in enum order: the name the JS API spells and K(u) as text (kernels.h).
struct KernelRow {
  const char* name;
  const char* formula;
};
constexpr std::array<KernelRow, kKernelCount> kKernelTable = {{
    {"gaussian", "exp(−u²/2)"},
    {"boxcar", "1"},
    {"epanechnikov", "1 − u²"},
    {"triangular", "1 − |u|"},
    {"tricube", "(1 − |u|³)³"},
    {"cosine", "cos(πu/2)"},
    {"constant", "1"},
}};

template <const char* KernelRow::*Field>
std::array<const char*, kKernelCount> column() {
  std::array<const char*, kKernelCount> out{};
  for (int k = 0; k < kKernelCount; ++k) out[k] = kKernelTable[k].*Field;
  return out;
}
}  // namespace

const std::array<const char*, kKernelCount>& kernel_names() {
  static const std::array<const char*, kKernelCount> names = column<&KernelRow::name>();
  return names;
}

const std::array<const char*, kKernelCount>& kernel_formulas() {
  static const std::array<const char*, kKernelCount> formulas = column<&KernelRow::formula>();
  return formulas;
}

void kernel_values(Kernel k, const double* u, std::size_t n, double* out) {
  for (std::size_t i = 0; i < n; ++i)
    out[i] = k == Kernel::kGaussian ? exp_strict(-0.5 * u[i] * u[i]) : kernel_value(k, u[i]);
}

bool kernel_from_name(const std::string& name, Kernel* out) {
  const auto& names = kernel_names();
  for (int i = 0; i < kKernelCount; ++i) {
    if (name == names[i]) {
      *out = static_cast<Kernel>(i);
      return true;
    }
  }
  return false;
}

double cosine_in_support(double u) { return std::cos(0.5 * kPi * u); }

double kernel_derivative(Kernel k, double u) {
  const double a = std::fabs(u);
  const double sign = u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : 0.0);
  switch (k) {
    case Kernel::kGaussian:
      return -u * std::exp(-0.5 * u * u);
    case Kernel::kEpanechnikov:
      return a <= 1.0 ? -2.0 * u : 0.0;
    case Kernel::kTriangular:
      return a <= 1.0 ? -sign : 0.0;
    case Kernel::kTricube: {
      // d/du (1 - |u|^3)^3 = 3 (1 - |u|^3)^2 (-3 u |u|).
      if (a > 1.0) return 0.0;
      const double t = 1.0 - a * a * a;
      return -9.0 * t * t * u * a;
    }
    case Kernel::kCosine:
      return a <= 1.0 ? -0.5 * kPi * std::sin(0.5 * kPi * u) : 0.0;
    case Kernel::kBoxcar:
    case Kernel::kConstant:
      return 0.0;
  }
  return 0.0;
}

bool kernel_is_compact(Kernel k) { return k != Kernel::kGaussian && k != Kernel::kConstant; }

bool kernel_is_trainable(Kernel k) { return k != Kernel::kBoxcar && k != Kernel::kConstant; }

}  // namespace nw
