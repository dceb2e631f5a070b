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
