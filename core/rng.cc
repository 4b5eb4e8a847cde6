#include "core/rng.h"

#include <cmath>
#include <numbers>

namespace statecraft {
namespace {

// splitmix64: spreads nearby master seeds over the whole 128-bit state space.
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

pcg64 make_engine(std::uint64_t master_seed, std::uint64_t run_index) {
  std::uint64_t x = master_seed;
  const pcg_extras::pcg128_t state = (pcg_extras::pcg128_t(splitmix64(x)) << 64) | splitmix64(x);
  return pcg64(state, pcg_extras::pcg128_t(run_index));
}

}  // namespace

Rng::Rng(std::uint64_t master_seed, std::uint64_t run_index)
    : engine_(make_engine(master_seed, run_index)) {}

Rng Rng::from_key(std::uint64_t key_high, std::uint64_t key_low) {
  // The state from both key halves; the increment (stream) from both again, mixed apart, so
  // two nodes share neither a state nor a cycle.
  std::uint64_t a = key_high, b = key_low ^ 0x6A09E667F3BCC909ULL;
  const pcg_extras::pcg128_t state = (pcg_extras::pcg128_t(splitmix64(a)) << 64) | splitmix64(b);
  const pcg_extras::pcg128_t stream =
      (pcg_extras::pcg128_t(splitmix64(b) ^ key_high) << 64) | splitmix64(a);
  return Rng(pcg64(state, stream));
}

double Rng::uniform() { return double(engine_() >> 11) * 0x1.0p-53; }

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

std::uint64_t Rng::below(std::uint64_t n) {
  // Rejection on the top of the range keeps every value equally likely.
  const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
  std::uint64_t v;
  do v = engine_();
  while (v >= limit);
  return v % n;
}

double Rng::normal() {
  // 1 - u keeps the argument of log in (0, 1].
  const double u1 = 1.0 - uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::gamma(double shape) {
  if (shape < 1.0) {
    // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double u = 1.0 - uniform();
    return gamma(shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Rng::beta(double a, double b) {
  const double x = gamma(a);
  const double y = gamma(b);
  return x / (x + y);
}

double Rng::triangular(double low, double mode, double high) {
  if (!(high > low)) return low;
  const double u = uniform();
  const double split = (mode - low) / (high - low);
  if (u < split) return low + std::sqrt(u * (high - low) * (mode - low));
  return high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
}

}  // namespace statecraft
