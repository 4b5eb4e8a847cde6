// A conflict model's findings as a result document, and the words both the document and
// the terminal summary use for states and moves.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/conflict_model.h"
#include "core/result.h"
#include "models/gmcr/model.h"

namespace statecraft::io {

// The full document, built on first use: for a 2^20-state conflict it runs to gigabytes,
// and the terminal summary never needs it. Reads like a const Json.
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

// Options, every state's stability per player, the equilibria and the status-quo analysis.
ConflictDocument conflict_document(const ConflictFindingsPtr& findings);

// The GMCR findings behind a generic pointer (std::logic_error for another model's).
const gmcr::Findings& gmcr_findings(const ConflictFindings& findings);

// "North Korea: Tilt to Moscow; China: Keep the lifeline" ("none" for a player taking nothing).
std::string describe_state(const gmcr::Findings& f, gmcr::State s);
// What a move changes: "takes 'A' and drops 'B'".
std::string describe_change(const gmcr::Findings& f, gmcr::State from, gmcr::State to);
// A preference statement: "'A' and not 'B' or 'C'".
std::string describe_statement(const gmcr::Findings& f, const ConflictStatement& statement);

}  // namespace statecraft::io
