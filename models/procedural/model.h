#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/registry.h"

namespace statecraft {

// A one-dimensional agenda-setter model of a body with a voting rule (Romer-Rosenthal /
// Tsebelis): docs/models/procedural.md.
std::unique_ptr<Model> make_procedural_model();

namespace procedural {

struct Voter {
  double ideal = 0, weight = 0;  // weight > 0
};

// Whether a coalition with `weight` of the `total` vote weight carries the rule.
bool carries(const VotingProcedure& rule, double weight, double total);

// The setter's best proposal that a winning coalition weakly prefers to the status quo
// (symmetric single-peaked preferences: voter m accepts x iff |x - p_m| <= |sq - p_m|).
double setter_proposal(const VotingProcedure& rule, const std::vector<Voter>& voters,
                       double setter_ideal, double status_quo);

// The points no winning coalition can overturn: [low, high].
std::pair<double, double> core(const VotingProcedure& rule, const std::vector<Voter>& voters);

}  // namespace procedural
}  // namespace statecraft
