// The only source of randomness: pcg64 seeded per (master seed, run index), with our own
// transforms, because standard-library distributions differ between library versions.
#pragma once

#include <cstdint>
#include <pcg_random.hpp>

namespace statecraft {

class Rng {
 public:
  // Independent streams for each run index under one master seed. Only tests and the
  // reference-compatible paths use this; runs draw from core/seed_tree.h.
  Rng(std::uint64_t master_seed, std::uint64_t run_index);
  // The stream of a seed-tree node: state and increment both derive from the 128-bit key.
  static Rng from_key(std::uint64_t key_high, std::uint64_t key_low);

  std::uint64_t next_u64() { return engine_(); }
  double uniform();                         // [0, 1), 53 random bits
  double uniform(double low, double high);  // [low, high)
  std::uint64_t below(std::uint64_t n);     // uniform integer in [0, n), unbiased; n > 0
  double normal();                          // standard normal (Box-Muller)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double gamma(double shape);       // shape > 0, scale 1 (Marsaglia-Tsang)
  double beta(double a, double b);  // a, b > 0
  double triangular(double low, double mode, double high);

 private:
  explicit Rng(pcg64 engine) : engine_(engine) {}
  pcg64 engine_;
};

}  // namespace statecraft
