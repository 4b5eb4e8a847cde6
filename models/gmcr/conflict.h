// A discrete conflict for the graph model (GMCR): decision makers controlling binary
// options, feasible states, and each decision maker's preference over them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace statecraft::gmcr {

using State = std::uint64_t;  // bit k set = option k taken (option 0 = least significant)

enum class Direction { Both, Forward, Backward };  // Forward: may only be taken (N->Y)

// A conjunction of option values: state s matches if (s & mask) == value.
struct Pattern {
  State mask = 0, value = 0;
  bool matches(State s) const { return (s & mask) == value; }
};

// A preference statement: a disjunction of conjunctions (gmcr-py's option prioritisation).
using Statement = std::vector<Pattern>;

struct OptionDef {
  std::string name;
  int dm = 0;
  Direction direction = Direction::Both;
};

struct DecisionMaker {
  std::string name;
  std::vector<int> options;           // option indices
  std::vector<int> payoff;            // per feasible state index; higher = preferred
  std::vector<Pattern> misperceived;  // states matching any are not perceived by this DM
};

struct Conflict {
  std::string name;
  std::vector<OptionDef> options;
  std::vector<DecisionMaker> dms;
  std::vector<Pattern> infeasible;

  // Filled by finalize(): feasible states ascending, and code -> index (-1 = infeasible).
  std::vector<State> states;
  std::vector<std::int32_t> index_of;

  void finalize();  // computes the feasible states; throws OptionError if none
  int index(State s) const { return s < index_of.size() ? index_of[s] : -1; }
  State option_mask(int dm) const;
  bool perceives(int dm, State s) const;
  std::string describe(State s) const;  // "Option A, Option C" or "no option taken"
  std::string yn(State s) const;        // option 0 first
};

// Payoffs from a ranking (most preferred first; each entry a tie group of states).
// Throws OptionError naming the DM if a feasible state is missing, repeated or infeasible.
std::vector<int> payoff_from_ranking(const Conflict& c, const std::string& dm,
                                     const std::vector<std::vector<State>>& ranking);
// Payoffs from prioritised statements (most important first), weights 2^(p-1-i),
// renumbered 1..(number of distinct scores) as gmcr-py does.
std::vector<int> payoff_from_statements(const Conflict& c,
                                        const std::vector<Statement>& statements);

}  // namespace statecraft::gmcr
