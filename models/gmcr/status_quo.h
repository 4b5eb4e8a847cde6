// Status-quo analysis: which states can be reached from the status quo, by whom, and
// whether by improvements only.
#pragma once

#include <vector>

#include "models/gmcr/stability.h"

namespace statecraft::gmcr {

struct Move {
  int player = 0;
  State from = 0, to = 0;
};

struct Reachability {
  State target = 0;
  bool reachable = false;                  // by any sequence of unilateral moves
  std::vector<Move> path;                  // a shortest such sequence
  bool reachable_by_improvements = false;  // every move an improvement for its mover
  std::vector<Move> improving_path;
};

// For each target (e.g. the equilibria of a concept), the shortest paths from `status_quo`.
std::vector<Reachability> reach_from(const Conflict& c, const std::vector<Player>& players,
                                     State status_quo, const std::vector<State>& targets);

}  // namespace statecraft::gmcr
