// The seed tree: every random stream of a run derives from the user's seed by purpose and
// coordinates, in the spirit of NumPy's SeedSequence.spawn. A node is the user seed plus a
// path of (purpose, index) steps, e.g. seed -> Monte Carlo run 17 -> model "smp" -> turn 3;
// its stream is a pcg64 whose state and increment are a hash of the whole path. So no two
// purposes share a stream, distinct seeds give distinct streams, and a stream depends only
// on its coordinates, never on thread or rank count (docs/reliability.md, "Randomness").
#pragma once

#include <cstdint>
#include <string_view>

#include "core/rng.h"

namespace statecraft {

// What a branch of the tree is for. Values are part of every stream's identity: never
// renumber them (that would change every published study).
enum class StreamPurpose : std::uint64_t {
  Point = 1,       // the point forecast (declared values, no draw)
  McRun = 2,       // Monte Carlo run i (index = run)
  Draws = 3,       // the parameter draws of a run
  Model = 4,       // one model of a run (index = model_key of its label)
  Round = 5,       // a round of an iterative model (index = round)
  Turn = 6,        // a turn of SMP (index = turn)
  Transition = 7,  // one stochastic transition within a turn (index = option)
  Fold = 8,        // cross-validation folds of `fit`
};

class SeedTree {
 public:
  explicit SeedTree(std::uint64_t seed);

  // The child node for `purpose` and `index`; children of distinct (purpose, index) pairs,
  // and of distinct parents, have distinct keys.
  SeedTree child(StreamPurpose purpose, std::uint64_t index = 0) const;

  // The random stream of this node (a fresh engine at the stream's start).
  Rng rng() const;

  std::uint64_t seed() const { return seed_; }
  // The 128-bit key of this node (state and increment of its pcg64 derive from it).
  std::uint64_t key_high() const { return hi_; }
  std::uint64_t key_low() const { return lo_; }
  int depth() const { return depth_; }

 private:
  SeedTree(std::uint64_t seed, std::uint64_t hi, std::uint64_t lo, int depth)
      : seed_(seed), hi_(hi), lo_(lo), depth_(depth) {}
  std::uint64_t seed_;
  std::uint64_t hi_, lo_;
  int depth_ = 0;
};

// A stable 64-bit key for a model label such as "exchange:random_rate" (FNV-1a), so a
// model's stream does not depend on which other models run beside it.
std::uint64_t model_key(std::string_view label);

}  // namespace statecraft
