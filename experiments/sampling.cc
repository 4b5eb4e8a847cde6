#include "experiments/sampling.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.h"

namespace statecraft {

std::string response_slope_name(const Scenario& s, const Response& r) {
  std::string name = "slope/" + s.issues[r.issue].id + "/" + s.actors[r.actor].id + "/" +
                     s.issues[r.driver_issue].id;
  if (r.driver_actor) name += "/" + s.actors[*r.driver_actor].id;
  if (r.field == Response::Field::Salience) name += "/salience";
  return name;
}

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
  for (std::size_t j = 0; j < s.responses.size(); ++j) {
    const Response& r = s.responses[j];
    if (r.slope.range && r.slope.range->first < r.slope.range->second)
      out.push_back({response_slope_name(s, r), Parameter::Kind::ResponseSlope, r.actor, r.issue, j,
                     r.slope.range->first, r.slope.value, r.slope.range->second});
  }
  return out;
}

void set_parameter(const Parameter& p, double v, Scenario& s) {
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
    case Parameter::Kind::ResponseSlope:
      s.responses[p.stance].slope.value = v;
      break;
  }
}

std::vector<double> draw_parameters(const std::vector<Parameter>& params, Rng& rng, Scenario& s) {
  std::vector<double> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    const double v = rng.triangular(p.low, std::clamp(p.mode, p.low, p.high), p.high);
    values.push_back(v);
    set_parameter(p, v, s);
  }
  return values;
}

}  // namespace statecraft
