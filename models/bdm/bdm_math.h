// Bueno de Mesquita's expected-utility model on one issue, as specified by Scholz,
// Calbert & Smith (2011). Pure numerics: no scenario, no I/O (see docs/models/bdm.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/registry.h"

namespace statecraft::bdm {

struct Config {
  // Reproduce the replication code's documented quirks (compromise key, dead
  // capitulation branch, first-seen median tie rule, exact summation order).
  bool reference = false;
  // Evaluate every win probability by its O(n) textbook sum (O(n^3) per round) instead of
  // the sorted prefix sums (O(n^2)); kept as the test oracle of the fast path.
  bool direct = false;
  double q = 1.0;  // status-quo probability in U_sq
  int rounds = 10;
};

enum class OfferType { Confrontation, Compromise, Capitulation };
const char* to_string(OfferType type);

struct Offer {
  std::size_t receiver = 0;  // the actor that moves
  std::size_t proposer = 0;
  OfferType type = OfferType::Confrontation;
  double eu_receiver = 0;  // EU_a(a -> b), from the receiver's perspective
  double eu_proposer = 0;  // EU_a(b -> a), from the receiver's perspective
  double new_position = 0;
};

struct Round {
  std::vector<double> risk;       // r_k used during the round
  std::vector<Offer> offers;      // accepted offers, receiver order
  std::vector<double> positions;  // after the simultaneous update
  double weighted_mean = 0;
  double median = 0;
};

struct Run {
  double range = 0;  // R: max - min of the initial positions
  std::vector<double> initial_positions;
  double initial_weighted_mean = 0;
  double initial_median = 0;
  std::vector<Round> rounds;
};

// capability, salience (in [0, 1]) and position per actor, all the same length.
Run simulate(const std::vector<double>& capability, const std::vector<double>& salience,
             const std::vector<double>& position, const Config& config,
             const RunContext& context = {});

}  // namespace statecraft::bdm
