#include "minimize.h"

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("minimize: Brent finds the minimum of a parabola and of a non-symmetric function") {
  nw::BrentMinimizer b(0.0, 5.0, 1e-10);
  while (!b.done()) b.tell((b.next() - 2.0) * (b.next() - 2.0) + 1.0);
  CHECK(b.x() == doctest::Approx(2.0).epsilon(1e-8));
  CHECK(b.fx() == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(b.evaluations() < 60);

  // f(x) = x - log(x) has its minimum 1 at x = 1.
  nw::BrentMinimizer c(0.1, 4.0, 1e-10);
  while (!c.done()) c.tell(c.next() - std::log(c.next()));
  CHECK(c.x() == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(c.fx() == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE("minimize: Brent stays in the bracket and stops at the evaluation cap") {
  // A monotone function: the minimum is at the bracket's end, never outside it.
  nw::BrentMinimizer b(1.0, 2.0, 1e-12, 7);
  int calls = 0;
  while (!b.done()) {
    CHECK(b.next() >= 1.0);
    CHECK(b.next() <= 2.0);
    b.tell(b.next());
    ++calls;
  }
  CHECK(calls <= 7);
  CHECK(b.x() < 1.1);  // golden steps shrink the bracket by 0.618 each
  b.tell(0.0);         // ignored once done
  CHECK(b.evaluations() == calls);
}
