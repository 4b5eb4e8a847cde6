#include "experiments/sampling.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.h"

namespace statecraft {

std::vector<Parameter> uncertain_parameters(const Scenario& s) {
  std::vector<Parameter> out;
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    const auto& q = s.actors[a].capability;
    if (q.range && q.range->first < q.range->second)
      out.push_back({"capability/" + s.actors[a].id, Parameter::Kind::Capability, a, 0, 0,
                     q.range->first, q.value, q.range->second});
  }
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    const Issue& is = s.issues[i];
    if (is.status_quo && is.status_quo->range &&
        is.status_quo->range->first < is.status_quo->range->second)
      out.push_back({"status_quo/" + is.id, Parameter::Kind::StatusQuo, 0, i, 0,
                     is.status_quo->range->first, is.status_quo->value,
                     is.status_quo->range->second});
    for (std::size_t k = 0; k < is.stances.size(); ++k) {
      const Stance& st = is.stances[k];
      const std::string who = is.id + "/" + s.actors[st.actor].id;
      auto add = [&](const std::optional<std::pair<double, double>>& r, double v,
                     Parameter::Kind kind, const char* what) {
        if (r && r->first < r->second)
          out.push_back(
              {std::string(what) + "/" + who, kind, st.actor, i, k, r->first, v, r->second});
      };
      add(st.position.range, st.position.value, Parameter::Kind::Position, "position");
      add(st.salience.range, st.salience.value, Parameter::Kind::Salience, "salience");
      if (st.capability)
        add(st.capability->range, st.capability->value, Parameter::Kind::IssueCapability,
            "capability");
    }
  }
  return out;
}

std::vector<double> draw_parameters(const std::vector<Parameter>& params, Rng& rng, Scenario& s) {
  std::vector<double> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    const double v = rng.triangular(p.low, std::clamp(p.mode, p.low, p.high), p.high);
    values.push_back(v);
    switch (p.kind) {
      case Parameter::Kind::Capability:
        s.actors[p.actor].capability.value = v;
        break;
      case Parameter::Kind::StatusQuo:
        s.issues[p.issue].status_quo->value = v;
        break;
      case Parameter::Kind::Position:
        s.issues[p.issue].stances[p.stance].position.value = v;
        break;
      case Parameter::Kind::Salience:
        s.issues[p.issue].stances[p.stance].salience.value = v;
        break;
      case Parameter::Kind::IssueCapability:
        s.issues[p.issue].stances[p.stance].capability->value = v;
        break;
    }
  }
  return values;
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
  for (const Change& ch : iv.changes) {
    auto update = [&](double current, double lo, double hi) {
      const double v = ch.set ? *ch.set : current + *ch.shift;
      return std::clamp(v, lo, hi);
    };
    if (ch.field == Change::Field::Capability && !ch.issue) {
      auto& q = s.actors[ch.actor].capability;
      q.value = update(q.value, 0, std::numeric_limits<double>::max());
      continue;
    }
    Issue& is = s.issues[*ch.issue];
    for (auto& st : is.stances) {
      if (st.actor != ch.actor) continue;
      switch (ch.field) {
        case Change::Field::Position:
          st.position.value = update(st.position.value, is.scale.min, is.scale.max);
          break;
        case Change::Field::Salience:
          st.salience.value = update(st.salience.value, 0, 1);
          break;
        case Change::Field::Capability: {
          const double base =
              st.capability ? st.capability->value : s.actors[st.actor].capability.value;
          if (!st.capability) st.capability = Quantity{base, std::nullopt, {}, ""};
          st.capability->value = update(base, 0, std::numeric_limits<double>::max());
          break;
        }
      }
    }
  }
}

}  // namespace statecraft
