// A discrete conflict as the user wrote it (scenario `conflicts:` or a gmcr-py file):
// decision makers, their binary options, infeasible combinations and preferences.
// models/gmcr turns it into states and stability tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace statecraft {

struct ConflictLiteral {
  int option = 0;
  bool taken = true;
};
using ConflictConjunction = std::vector<ConflictLiteral>;    // all must hold
using ConflictStatement = std::vector<ConflictConjunction>;  // any may hold

enum class OptionDirection { Both, Forward, Backward };

struct ConflictOption {
  std::string id;
  std::string name;
  int dm = 0;
  OptionDirection direction = OptionDirection::Both;
  std::vector<std::string> sources;
  std::string note;
};

struct ConflictPreference {
  // Prioritised statements, most important first; or an explicit ranking of states (most
  // preferred first, each entry a group of equally preferred state codes).
  std::vector<ConflictStatement> statements;
  std::vector<std::vector<std::uint64_t>> ranking;
  bool use_ranking = false;
  std::vector<std::string> sources;
  std::string note;
};

struct ConflictDecisionMaker {
  std::string id;
  std::string name;
  std::optional<std::size_t> actor;  // the scenario actor, when the id names one
  std::vector<int> options;
  ConflictPreference preference;
  std::vector<ConflictConjunction> misperceived;  // states this DM does not perceive
};

struct ConflictSpec {
  std::string id;
  std::string name;
  std::string description;
  std::string origin;  // file, for messages
  std::vector<ConflictOption> options;
  std::vector<ConflictDecisionMaker> dms;
  std::vector<ConflictConjunction> infeasible;
  std::optional<std::uint64_t> status_quo;  // state code (bit k = option k taken)
  std::vector<std::string> sources;
  std::string note;
};

}  // namespace statecraft
