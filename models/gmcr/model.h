// The graph model of conflict as a registered conflict model: it builds the states,
// analyses stability and, from the status quo, finds who could do better and which
// equilibria can be reached. Presentation lives with the front ends (io/conflict_json.h,
// cli/conflict_text.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/registry.h"
#include "models/gmcr/stability.h"
#include "models/gmcr/status_quo.h"

namespace statecraft::gmcr {

struct PlayerAtStatusQuo {
  std::vector<State> improvements;  // the player's own moves that leave all its members better off
  std::vector<Concept> stable_under;
};

struct StatusQuoFindings {
  State state = 0;
  std::vector<Concept> equilibrium_under;
  std::vector<PlayerAtStatusQuo> players;  // as Analysis::players
  std::vector<Reachability> reach;         // to every equilibrium of a shown concept
};

struct Findings final : ConflictFindings {
  std::shared_ptr<const ConflictSpec> spec;  // names, options and preferences as written
  std::shared_ptr<const Conflict> conflict;
  std::shared_ptr<const Analysis> analysis;
  std::vector<Concept> shown;  // the concepts asked for that were computed
  Semantics semantics = Semantics::Textbook;
  std::optional<StatusQuoFindings> status_quo;
  std::string model() const override { return "gmcr"; }
};

std::unique_ptr<ConflictModel> make_gmcr_model();

// Parses a state: option ids/names separated by commas ("" or "none" = nothing taken), a
// Y/N string with option 0 first, or a decimal code. OptionError when it names nothing valid.
State parse_state(const ConflictSpec& spec, const std::string& text);

}  // namespace statecraft::gmcr
