#include "models/gmcr/build.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace statecraft::gmcr {
namespace {

Pattern to_pattern(const ConflictConjunction& conj) {
  Pattern p;
  for (const auto& lit : conj) {
    const State bit = State(1) << lit.option;
    p.mask |= bit;
    if (lit.taken) p.value |= bit;
  }
  return p;
}

Direction to_direction(OptionDirection d) {
  switch (d) {
    case OptionDirection::Both:
      return Direction::Both;
    case OptionDirection::Forward:
      return Direction::Forward;
    case OptionDirection::Backward:
      return Direction::Backward;
  }
  return Direction::Both;
}

}  // namespace

Conflict build_conflict(const ConflictSpec& spec) {
  const Location where{spec.origin, 0, 0, "conflict " + spec.id};
  Conflict c;
  c.name = spec.name.empty() ? spec.id : spec.name;
  for (const auto& o : spec.options)
    c.options.push_back({o.name.empty() ? o.id : o.name, o.dm, to_direction(o.direction)});
  for (const auto& conj : spec.infeasible) c.infeasible.push_back(to_pattern(conj));
  for (const auto& d : spec.dms) {
    DecisionMaker dm;
    dm.name = d.name.empty() ? d.id : d.name;
    dm.options = d.options;
    for (const auto& conj : d.misperceived) dm.misperceived.push_back(to_pattern(conj));
    c.dms.push_back(std::move(dm));
  }
  try {
    c.finalize();
    for (std::size_t k = 0; k < spec.dms.size(); ++k) {
      const auto& pref = spec.dms[k].preference;
      if (pref.use_ranking) {
        c.dms[k].payoff = payoff_from_ranking(c, c.dms[k].name, pref.ranking);
      } else {
        std::vector<Statement> statements;
        for (const auto& st : pref.statements) {
          Statement s;
          for (const auto& conj : st) s.push_back(to_pattern(conj));
          statements.push_back(std::move(s));
        }
        c.dms[k].payoff = payoff_from_statements(c, statements);
      }
    }
  } catch (const OptionError& e) {
    throw ScenarioError(where, e.problems().front().str());
  }
  if (spec.status_quo && c.index(*spec.status_quo) < 0)
    throw ScenarioError(where, fmt::format("the status quo {} ({}) is infeasible", *spec.status_quo,
                                           c.yn(*spec.status_quo)));
  return c;
}

}  // namespace statecraft::gmcr
