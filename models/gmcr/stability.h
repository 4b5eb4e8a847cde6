// Stability analysis of a conflict: Nash, GMR, SMR, SEQ, SIM and SEQ-SIM for every state
// and player, and the equilibria of each concept (see docs/models/gmcr.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/gmcr/conflict.h"

namespace statecraft::gmcr {

enum class Concept { Nash, GMR, SMR, SEQ, SIM, SEQSIM };
constexpr std::array<Concept, 6> kConcepts = {Concept::Nash, Concept::GMR, Concept::SMR,
                                              Concept::SEQ,  Concept::SIM, Concept::SEQSIM};
const char* to_string(Concept c);

// Textbook: Fang, Hipel & Kilgour's n-DM definitions (opponents may move again, just not
// twice in a row). GmcrPy: gmcr-py's sanctioning chains, each opponent moving at most once.
enum class Semantics { Textbook, GmcrPy };

struct AnalysisOptions {
  Semantics semantics = Semantics::Textbook;
  // Players as groups of decision makers (gmcr-py's coalition analysis); empty = each
  // decision maker on its own.
  std::vector<std::vector<int>> coalitions;
  bool simultaneous = true;  // compute SIM and SEQ-SIM (exponential in the opponents' moves)
  // Search sanctions state by state even for single decision makers (a slower, direct
  // reading of the definitions; the tests use it to cross-check the fast path).
  bool explicit_search = false;
  int threads = 1;
};

struct Player {
  std::vector<int> dms;
  State mask = 0;
  std::string name;
};

struct Analysis {
  std::vector<Player> players;
  // stable[concept][player][state index]; SIM/SEQ-SIM empty when not computed.
  std::array<std::vector<std::vector<std::uint8_t>>, 6> stable;
  std::array<std::vector<State>, 6> equilibria;  // decimal codes, ascending
  bool has(Concept c) const { return !stable[int(c)].empty(); }
};

Analysis analyse(const Conflict& conflict, const AnalysisOptions& options);

// All unilateral moves of `player` from state index `from` (state indices).
std::vector<int> unilateral_moves(const Conflict& c, const Player& player, int from);

}  // namespace statecraft::gmcr
