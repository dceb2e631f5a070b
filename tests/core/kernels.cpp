#include "kernels.h"

#include <doctest/doctest.h>

#include <cmath>

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
