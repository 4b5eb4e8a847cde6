#include "core/changes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace statecraft {
namespace {

Location at(const Location& where, const std::string& suffix) {
  Location l = where;
  l.field += suffix;
  return l;
}

const Stance* stance_of(const Issue& issue, std::size_t actor) {
  for (const auto& st : issue.stances)
    if (st.actor == actor) return &st;
  return nullptr;
}

double effective_capability(const Scenario& s, const Issue& is, std::size_t actor) {
  const Stance* st = stance_of(is, actor);
  return st && st->capability ? st->capability->value : s.actors[actor].capability.value;
}

}  // namespace

std::vector<Problem> validate_change(const Change& ch, const Scenario& s, const Location& where) {
  std::vector<Problem> out;
  auto problem = [&](const std::string& suffix, std::string message) {
    out.push_back({at(where, suffix), std::move(message)});
  };
  if (ch.actor >= s.actors.size()) {
    problem(".actor", "unknown actor");
    return out;
  }
  if (bool(ch.set) == bool(ch.shift)) {
    problem("", "give exactly one of set (a new value) or shift (an amount added)");
    return out;
  }
  const double v = ch.set ? *ch.set : *ch.shift;
  if (!std::isfinite(v)) {
    problem(".value", fmt::format("expected a finite number, got {}", v));
    return out;
  }
  const std::string& actor = s.actors[ch.actor].id;
  if (ch.field != Change::Field::Capability || ch.issue) {
    if (!ch.issue || *ch.issue >= s.issues.size()) {
      problem(".issue", "a position or salience change needs a known issue");
      return out;
    }
    const Issue& is = s.issues[*ch.issue];
    if (!stance_of(is, ch.actor)) {
      problem(".actor",
              fmt::format("'{}' holds no position on '{}' (it sits the issue out)", actor, is.id));
      return out;
    }
    if (ch.field == Change::Field::Position && ch.set && (v < is.scale.min || v > is.scale.max))
      problem(".value", fmt::format("position {} of {} on {} is outside the scale [{}, {}]", v,
                                    actor, is.id, is.scale.min, is.scale.max));
    if (ch.field == Change::Field::Salience && ch.set && (v < 0 || v > 1))
      problem(".value",
              fmt::format("salience of {} on {}: expected 0-100, got {}", actor, is.id, v * 100));
    if (ch.field == Change::Field::Capability) {
      const double base = effective_capability(s, is, ch.actor);
      if (ch.set && !(v > 0))
        problem(".value", fmt::format("capability of {} on {}: expected a positive number, got {}",
                                      actor, is.id, v));
      if (ch.shift && !(base + v > 0))
        problem(".value", fmt::format("capability of {} on {}: the shift {} leaves {} (must stay "
                                      "positive)",
                                      actor, is.id, v, base + v));
    }
    return out;
  }
  // A scenario-wide capability.
  const Quantity& q = s.actors[ch.actor].capability;
  if (ch.set && !(v > 0))
    problem(".value",
            fmt::format("capability of {}: expected a positive number, got {}", actor, v));
  if (ch.shift) {
    const double low = q.range ? std::min(q.range->first, q.value) : q.value;
    if (!(low + v > 0))
      problem(".value", fmt::format("capability of {}: the shift {} leaves {} at the low end of "
                                    "its range (must stay positive)",
                                    actor, v, low + v));
  }
  return out;
}

void apply_changes(const std::vector<Change>& changes, Scenario& s) {
  for (const Change& ch : changes) {
    auto next = [&](double current, double lo, double hi) {
      return ch.set ? *ch.set : std::clamp(current + *ch.shift, lo, hi);
    };
    if (ch.field == Change::Field::Capability && !ch.issue) {
      auto& q = s.actors[ch.actor].capability;
      q.value = ch.set ? *ch.set : q.value + *ch.shift;
      continue;
    }
    Issue& is = s.issues[*ch.issue];
    for (auto& st : is.stances) {
      if (st.actor != ch.actor) continue;
      switch (ch.field) {
        case Change::Field::Position:
          st.position.value = next(st.position.value, is.scale.min, is.scale.max);
          break;
        case Change::Field::Salience:
          st.salience.value = next(st.salience.value, 0, 1);
          break;
        case Change::Field::Capability: {
          const double base =
              st.capability ? st.capability->value : s.actors[st.actor].capability.value;
          if (!st.capability) st.capability = Quantity{base, std::nullopt, {}, ""};
          st.capability->value = ch.set ? *ch.set : base + *ch.shift;
          break;
        }
      }
    }
  }
}

const Intervention& find_intervention(const Scenario& s, const std::string& id) {
  for (const auto& iv : s.interventions)
    if (iv.id == id) return iv;
  std::vector<std::string> ids;
  for (const auto& iv : s.interventions) ids.push_back(iv.id);
  throw OptionError(
      "intervention",
      fmt::format("scenario '{}' has no intervention '{}' (it has: {})", s.id, id,
                  ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids, ", "))));
}

void apply_intervention(const Intervention& iv, Scenario& s) {
  if (iv.at_round != 0)
    throw OptionError("intervention " + iv.id,
                      "only interventions at round 0 are supported by the models");
  std::vector<Problem> problems;
  for (std::size_t k = 0; k < iv.changes.size(); ++k) {
    auto p =
        validate_change(iv.changes[k], s,
                        Location{"", 0, 0, fmt::format("intervention {} change {}", iv.id, k + 1)});
    problems.insert(problems.end(), p.begin(), p.end());
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  apply_changes(iv.changes, s);
}

}  // namespace statecraft
