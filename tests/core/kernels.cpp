#include "kernels.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using nw::Kernel;

TEST_CASE("kernels: values at hand-computed points") {
  CHECK(nw::kernel_value(Kernel::kGaussian, 0.0) == 1.0);
  CHECK(nw::kernel_value(Kernel::kGaussian, 2.0) == doctest::Approx(std::exp(-2.0)));
  CHECK(nw::kernel_value(Kernel::kBoxcar, 0.99) == 1.0);
  CHECK(nw::kernel_value(Kernel::kBoxcar, 1.0) == 1.0);
  CHECK(nw::kernel_value(Kernel::kBoxcar, 1.01) == 0.0);
  CHECK(nw::kernel_value(Kernel::kEpanechnikov, 0.5) == doctest::Approx(0.75));
  CHECK(nw::kernel_value(Kernel::kEpanechnikov, -1.5) == 0.0);
  CHECK(nw::kernel_value(Kernel::kTriangular, -0.25) == doctest::Approx(0.75));
  CHECK(nw::kernel_value(Kernel::kTricube, 0.5) == doctest::Approx(0.669921875));  // (7/8)^3
  CHECK(nw::kernel_value(Kernel::kCosine, 0.5) == doctest::Approx(std::sqrt(0.5)));
  CHECK(nw::kernel_value(Kernel::kCosine, 1.2) == 0.0);
  CHECK(nw::kernel_value(Kernel::kConstant, 1e9) == 1.0);
}

TEST_CASE("kernels: derivatives match central finite differences inside the support") {
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Kernel kernel = static_cast<Kernel>(k);
    for (double u : {-0.9, -0.5, -0.1, 0.2, 0.7}) {
      CAPTURE(k);
      CAPTURE(u);
      const double eps = 1e-6;
      const double fd =
          (nw::kernel_value(kernel, u + eps) - nw::kernel_value(kernel, u - eps)) / (2 * eps);
      CHECK(nw::kernel_derivative(kernel, u) == doctest::Approx(fd).epsilon(1e-6));
    }
  }
}

TEST_CASE("kernels: names round-trip, compact and trainable sets") {
  for (int k = 0; k < nw::kKernelCount; ++k) {
    Kernel parsed;
    REQUIRE(nw::kernel_from_name(nw::kernel_names()[k], &parsed));
    CHECK(static_cast<int>(parsed) == k);
  }
  Kernel unused;
  CHECK_FALSE(nw::kernel_from_name("epanechikov", &unused));
  CHECK_FALSE(nw::kernel_is_compact(Kernel::kGaussian));
  CHECK(nw::kernel_is_compact(Kernel::kTricube));
  CHECK(nw::kernel_is_trainable(Kernel::kCosine));
  CHECK_FALSE(nw::kernel_is_trainable(Kernel::kBoxcar));
  CHECK_FALSE(nw::kernel_is_trainable(Kernel::kConstant));
}

TEST_CASE("kernels: with_kernel fixes each kernel at compile time, with_compact_kernel the five") {
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Kernel kernel = static_cast<Kernel>(k);
    CAPTURE(k);
    // The tag names the kernel asked for, and its kernel_value is the runtime kernel's, bit for
    // bit.
    const Kernel fixed = nw::with_kernel(kernel, [](auto tag) { return decltype(tag)::kernel; });
    CHECK(fixed == kernel);
    for (double u : {-1.0, -0.3, 0.0, 0.7, 1.0, 1.5}) {
      const double v =
          nw::with_kernel(kernel, [u](auto tag) { return nw::kernel_value(tag.kernel, u); });
      CHECK(v == nw::kernel_value(kernel, u));
    }
    if (nw::kernel_is_compact(kernel)) {
      CHECK(nw::with_compact_kernel(kernel, [](auto tag) { return decltype(tag)::kernel; }) ==
            kernel);
    } else {
      CHECK_THROWS_AS(
          nw::with_compact_kernel(kernel, [](auto tag) { return decltype(tag)::kernel; }),
          std::logic_error);
    }
  }
  // The cosine kernel out of line (cosine_in_support) is the same function inside the support.
  CHECK(nw::kernel_value(Kernel::kCosine, 0.25) == std::cos(0.125 * nw::kPi));
}

TEST_CASE("kernels: kernel_values is K(u) at the support's edges, beyond it and at huge |u|") {
  // Each kernel written out independently here, outside the support 0 for the compact ones.
  const auto expected = [](Kernel k, double u) {
    const double a = std::fabs(u);
    switch (k) {
      case Kernel::kGaussian:
        return std::exp(-0.5 * u * u);
      case Kernel::kBoxcar:
        return a <= 1.0 ? 1.0 : 0.0;
      case Kernel::kEpanechnikov:
        return a <= 1.0 ? (1.0 - a) * (1.0 + a) : 0.0;
      case Kernel::kTriangular:
        return a <= 1.0 ? 1.0 - a : 0.0;
      case Kernel::kTricube:
        return a <= 1.0 ? std::pow(1.0 - a * a * a, 3.0) : 0.0;
      case Kernel::kCosine:
        return a <= 1.0 ? std::cos(nw::kPi * u / 2.0) : 0.0;
      case Kernel::kConstant:
        return 1.0;
    }
    return -1.0;
  };
  const double big = 1e300;
  const std::vector<double> u = {0.0,  -0.0, 1.0,   -1.0, std::nextafter(1.0, 2.0),
                                 0.5,  -0.3, 0.999, 1.5,  -2.0,
                                 38.0, 40.0, 1e8,   big,  -big};
  std::vector<double> out(u.size());
  for (int k = 0; k < nw::kKernelCount; ++k) {
    const Kernel kernel = static_cast<Kernel>(k);
    nw::kernel_values(kernel, u.data(), u.size(), out.data());
    for (std::size_t i = 0; i < u.size(); ++i) {
      CAPTURE(nw::kernel_names()[k]);
      CAPTURE(u[i]);
      CHECK(out[i] >= 0.0);
      CHECK(out[i] == doctest::Approx(expected(kernel, u[i])).epsilon(1e-15));
      if (expected(kernel, u[i]) == 0.0) CHECK(out[i] == 0.0);  // exactly, not a tiny residue
    }
    CHECK(out[0] == 1.0);  // K(0) = 1 for every kernel
  }
  nw::kernel_values(Kernel::kGaussian, u.data(), 0, nullptr);  // n = 0 touches nothing
}

TEST_CASE("kernels: one formula per kernel, in the names' order") {
  const auto& f = nw::kernel_formulas();
  for (int k = 0; k < nw::kKernelCount; ++k) {
    CAPTURE(nw::kernel_names()[k]);
    REQUIRE(f[k] != nullptr);
    CHECK(std::string(f[k]).size() > 0);
  }
  CHECK(std::string(f[static_cast<int>(Kernel::kEpanechnikov)]) == "1 \u2212 u\u00b2");
  CHECK(std::string(f[static_cast<int>(Kernel::kConstant)]) == "1");
}
