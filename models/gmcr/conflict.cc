#include "models/gmcr/conflict.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/errors.h"
#include "core/limits.h"

namespace statecraft::gmcr {

void Conflict::finalize() {
  const std::size_t m = options.size();
  if (m == 0) throw OptionError("conflict " + name, "a conflict needs at least one option");
  if (m > limits().options)
    throw LimitError(Location{"", 0, 0, "conflict " + name}, "options", "options of conflict",
                     std::to_string(m), std::to_string(limits().options));
  const State count = State(1) << m;
  index_of.assign(count, -1);
  states.clear();
  for (State s = 0; s < count; ++s) {
    bool ok = true;
    for (const auto& p : infeasible)
      if (p.matches(s)) {
        ok = false;
        break;
      }
    if (!ok) continue;
    index_of[s] = std::int32_t(states.size());
    states.push_back(s);
  }
  if (states.empty())
    throw OptionError("conflict " + name, "the infeasibility conditions rule out every state");
}

State Conflict::option_mask(int dm) const {
  State mask = 0;
  for (int o : dms[dm].options) mask |= State(1) << o;
  return mask;
}

bool Conflict::perceives(int dm, State s) const {
  for (const auto& p : dms[dm].misperceived)
    if (p.matches(s)) return false;
  return true;
}

std::string Conflict::describe(State s) const {
  std::string out;
  for (std::size_t o = 0; o < options.size(); ++o)
    if (s >> o & 1)
      out += (out.empty() ? "" : ", ") + dms[options[o].dm].name + ": " + options[o].name;
  return out.empty() ? "no option taken" : out;
}

std::string Conflict::yn(State s) const {
  std::string out;
  for (std::size_t o = 0; o < options.size(); ++o) out += (s >> o & 1) ? 'Y' : 'N';
  return out;
}

std::vector<int> payoff_from_ranking(const Conflict& c, const std::string& dm,
                                     const std::vector<std::vector<State>>& ranking) {
  const int n = int(c.states.size());
  std::vector<int> payoff(c.states.size(), 0);
  std::vector<bool> seen(c.states.size(), false);
  for (std::size_t k = 0; k < ranking.size(); ++k)
    for (State s : ranking[k]) {
      const int i = c.index(s);
      if (i < 0)
        throw OptionError(
            "preferences of " + dm,
            fmt::format("ranking names state {} ({}), which is infeasible", s, c.yn(s)));
      if (seen[i])
        throw OptionError(
            "preferences of " + dm,
            fmt::format("ranking names state {} ({}) twice: contradictory preferences", s,
                        c.yn(s)));
      seen[i] = true;
      payoff[i] = n - int(k);
    }
  for (int i = 0; i < n; ++i)
    if (!seen[i])
      throw OptionError("preferences of " + dm,
                        fmt::format("ranking is incomplete: feasible state {} ({}) is missing",
                                    c.states[i], c.yn(c.states[i])));
  return payoff;
}

std::vector<int> payoff_from_statements(const Conflict& c,
                                        const std::vector<Statement>& statements) {
  const std::size_t p = statements.size();
  if (p > 62) throw OptionError("preferences", "at most 62 prioritised statements are supported");
  std::vector<std::uint64_t> score(c.states.size(), 0);
  for (std::size_t i = 0; i < c.states.size(); ++i)
    for (std::size_t k = 0; k < p; ++k) {
      bool any = false;
      for (const auto& conj : statements[k]) any = any || conj.matches(c.states[i]);
      if (any) score[i] += std::uint64_t(1) << (p - 1 - k);
    }
  const std::set<std::uint64_t> distinct(score.begin(), score.end());
  std::map<std::uint64_t, int> rank;
  int r = 0;
  for (auto v : distinct) rank[v] = ++r;
  std::vector<int> payoff(c.states.size());
  for (std::size_t i = 0; i < c.states.size(); ++i) payoff[i] = rank[score[i]];
  return payoff;
}

}  // namespace statecraft::gmcr
