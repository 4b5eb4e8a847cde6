#pragma once

#include <memory>
#include <vector>

#include "core/registry.h"
#include "models/exchange/engine.h"

namespace statecraft {

// Stokman / Van den Bos exchange model: actors trade position moves across linked issues.
std::unique_ptr<Model> make_exchange_model();

namespace exchange {
// The opening board on the 0-100 scale (positions normalised by each issue's scale).
template <typename T>
Board<T> board_from(const Scenario& scenario);
// Issue pairs actors may trade across: the scenario's `links:` (each link's actors, or all
// holding both stances); without links, every pair of issues and every actor.
std::vector<IssuePair> trade_pairs(const Scenario& scenario);
}  // namespace exchange

}  // namespace statecraft
