#pragma once

#include "core/conflict_spec.h"
#include "models/gmcr/conflict.h"

namespace statecraft::gmcr {

// States, feasibility and payoffs of a conflict as written. Throws ScenarioError (naming
// the conflict and decision maker) for an empty feasible set, or a ranking that is
// incomplete, repeats a state or names an infeasible one.
Conflict build_conflict(const ConflictSpec& spec);

}  // namespace statecraft::gmcr
