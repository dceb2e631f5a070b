// A fully specified pseudo-random engine with our own uniform and normal transforms.
//
// The standard <random> distributions are implementation-defined (libstdc++ and libc++ give
// different numbers for the same engine), so the tutorial's data would differ between the native
// build and the WebAssembly build. Everything here uses integer arithmetic, IEEE basic operations
// and the deterministic elementary functions of detmath.h, so a seed gives bit-identical numbers
// on every platform.
#pragma once

#include <cstdint>

namespace nw {

// xoshiro256** (Blackman & Vigna) seeded by four outputs of splitmix64(seed).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  // Next raw 64-bit output.
  std::uint64_t next_u64();

  // Uniform double in [0, 1): the top 53 bits of one output times 2^-53.
  double uniform();

  // Standard normal N(0, 1) by Marsaglia's polar method (two variates per accepted pair; the
  // second is kept for the next call).
  double normal();

  // Uniform integer in [0, bound) without modulo bias (rejection sampling); bound >= 1.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// One step of splitmix64: advances `state` and returns its mixed output (used for seeding).
std::uint64_t splitmix64(std::uint64_t& state);

}  // namespace nw
