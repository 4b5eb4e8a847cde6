// A conflict's analysis as a result document and as sentences a reader understands.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/conflict_spec.h"
#include "core/result.h"
#include "models/gmcr/stability.h"

namespace statecraft::gmcr {

// The full result document, built on first use: for a 2^20-state conflict it runs to
// gigabytes, and the terminal summary never needs it. Reads like a const Json.
class ConflictDocument {
 public:
  explicit ConflictDocument(std::function<Json()> build) : build_(std::move(build)) {}
  const Json& get() const {
    if (!json_) json_ = build_();
    return *json_;
  }
  // Hands the built document over (moved, not copied: it can be gigabytes); a later use
  // builds it again.
  operator Json() const {
    Json out = std::move(const_cast<Json&>(get()));
    json_.reset();
    return out;
  }
  const Json& operator[](const char* key) const { return get()[key]; }

 private:
  std::function<Json()> build_;
  mutable std::optional<Json> json_;
};

struct ConflictResult {
  ConflictDocument json;  // the full result (states, stability table, equilibria, status quo)
  std::string text;       // the summary for the terminal
};

// `status_quo` overrides the conflict's own; `concepts` limits what is shown (empty = all).
ConflictResult report_conflict(const ConflictSpec& spec, const AnalysisOptions& options,
                               std::optional<State> status_quo,
                               const std::vector<Concept>& concepts);

// Parses a state: option ids/names separated by commas ("" or "none" = nothing taken), a
// Y/N string with option 0 first, or a decimal code. OptionError when it names nothing valid.
State parse_state(const ConflictSpec& spec, const std::string& text);

}  // namespace statecraft::gmcr
