#include "core/seed_tree.h"

namespace statecraft {
namespace {

// The splitmix64 finaliser: a bijection on 64 bits with full avalanche.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

}  // namespace

SeedTree::SeedTree(std::uint64_t seed)
    : seed_(seed), hi_(mix(seed ^ 0x5EEDC0DE00000001ULL)), lo_(mix(seed + kGolden)), depth_(0) {}

SeedTree SeedTree::child(StreamPurpose purpose, std::uint64_t index) const {
  // Absorb (depth, purpose, index) into both lanes; each lane sees the other, so the key is
  // a hash of the whole path (order matters: seed->a->b differs from seed->b->a).
  const std::uint64_t p = static_cast<std::uint64_t>(purpose);
  const std::uint64_t step = mix(p * kGolden ^ mix(index + 0xD1B54A32D192ED03ULL * (depth_ + 1)));
  const std::uint64_t hi = mix(hi_ ^ step ^ mix(lo_ + 0xA24BAED4963EE407ULL));
  const std::uint64_t lo = mix((lo_ + kGolden * (step | 1)) ^ mix(hi_ ^ 0x9FB21C651E98DF25ULL));
  return SeedTree(seed_, hi, lo, depth_ + 1);
}

Rng SeedTree::rng() const { return Rng::from_key(hi_, lo_); }

std::uint64_t model_key(std::string_view label) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : label) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace statecraft
