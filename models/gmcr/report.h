// A conflict's analysis as a result document and as sentences a reader understands.
#pragma once

#include <optional>
#include <string>

#include "core/conflict_spec.h"
#include "core/result.h"
#include "models/gmcr/stability.h"

namespace statecraft::gmcr {

struct ConflictResult {
  Json json;         // the full result (states, stability table, equilibria, status quo)
  std::string text;  // the summary for the terminal
};

// `status_quo` overrides the conflict's own; `concepts` limits what is shown (empty = all).
ConflictResult report_conflict(const ConflictSpec& spec, const AnalysisOptions& options,
                               std::optional<State> status_quo,
                               const std::vector<Concept>& concepts);

// Parses a state: option ids/names separated by commas ("" or "none" = nothing taken), a
// Y/N string with option 0 first, or a decimal code. OptionError when it names nothing valid.
State parse_state(const ConflictSpec& spec, const std::string& text);

}  // namespace statecraft::gmcr
