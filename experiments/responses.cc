#include "experiments/responses.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace statecraft {
namespace {

// What a response writes: one field of one actor's stance on one issue.
struct Target {
  std::size_t actor = 0, issue = 0;
  Response::Field field = Response::Field::Position;
  auto key() const { return std::tuple(actor, issue, field); }
  bool operator<(const Target& o) const { return key() < o.key(); }
};

Target target_of(const Response& r) { return {r.actor, r.issue, r.field}; }

const char* field_name(Response::Field f) {
  return f == Response::Field::Position ? "position" : "salience";
}

std::string describe(const Scenario& s, const Target& t) {
  return fmt::format("{} {} on {}", s.actors[t.actor].id, field_name(t.field),
                     s.issues[t.issue].id);
}

std::string describe_driver(const Scenario& s, const Response& r) {
  if (r.driver_actor)
    return fmt::format("position of {} on {}", s.actors[*r.driver_actor].id,
                       s.issues[r.driver_issue].id);
  return fmt::format("outcome of {}", s.issues[r.driver_issue].id);
}

Location where(const Scenario& s, std::size_t j) {
  return Location{s.origin, 0, 0, fmt::format("responses[{}]", j)};
}

const Stance* find_stance(const Scenario& s, std::size_t actor, std::size_t issue) {
  for (const auto& st : s.issues[issue].stances)
    if (st.actor == actor) return &st;
  return nullptr;
}

Stance* find_stance(Scenario& s, std::size_t actor, std::size_t issue) {
  for (auto& st : s.issues[issue].stances)
    if (st.actor == actor) return &st;
  return nullptr;
}

double stance_value(const Stance& st, Response::Field f) {
  return f == Response::Field::Position ? st.position.value : st.salience.value;
}

// The interval a target's value is clamped to: the scale (salience [0, 1]) intersected with
// the bounds of every response on it.
std::pair<double, double> target_bounds(const Scenario& s, const Target& t) {
  double lo = 0, hi = 1;
  if (t.field == Response::Field::Position) {
    lo = s.issues[t.issue].scale.min;
    hi = s.issues[t.issue].scale.max;
  }
  for (const auto& r : s.responses)
    if (!(target_of(r) < t) && !(t < target_of(r)) && r.bounds) {
      lo = std::max(lo, r.bounds->first);
      hi = std::min(hi, r.bounds->second);
    }
  return {lo, hi};
}

double width_of(std::pair<double, double> b) { return b.second > b.first ? b.second - b.first : 1; }

double issue_width(const Scenario& s, std::size_t issue) {
  const Scale& sc = s.issues[issue].scale;
  return sc.max > sc.min ? sc.max - sc.min : 1;
}

void validate(const Scenario& s) {
  std::vector<Problem> problems;
  for (std::size_t j = 0; j < s.responses.size(); ++j) {
    const Response& r = s.responses[j];
    auto bad = [&](std::string m) { problems.push_back({where(s, j), std::move(m)}); };
    if (r.actor >= s.actors.size() || r.issue >= s.issues.size() ||
        r.driver_issue >= s.issues.size() ||
        (r.driver_actor && *r.driver_actor >= s.actors.size())) {
      bad("refers to an actor or issue the scenario does not have");
      continue;
    }
    if (!find_stance(s, r.actor, r.issue))
      bad(fmt::format("{} holds no stance on {} to respond with", s.actors[r.actor].id,
                      s.issues[r.issue].id));
    if (r.driver_actor && !find_stance(s, *r.driver_actor, r.driver_issue))
      bad(fmt::format("the driver {} holds no stance on {}", s.actors[*r.driver_actor].id,
                      s.issues[r.driver_issue].id));
    if (!std::isfinite(r.slope.value) || !std::isfinite(r.reference))
      bad("expected a finite slope and reference");
    if (r.bounds && !(r.bounds->first <= r.bounds->second))
      bad("expected bounds [low, high] with low <= high");
  }
  if (problems.empty())
    for (std::size_t j = 0; j < s.responses.size(); ++j) {
      const Target t = target_of(s.responses[j]);
      const auto b = target_bounds(s, t);
      if (!(b.first <= b.second))
        problems.push_back({where(s, j), fmt::format("the bounds of the responses of {} and its "
                                                     "scale leave no value",
                                                     describe(s, t))});
    }
  if (!problems.empty()) throw ResponseError(std::move(problems));
}

struct TargetValue {
  double base = 0, unclamped = 0, value = 0;
};

// Values of every target, in `order` groups, written into `out`.
std::map<Target, TargetValue> apply_into(const Scenario& in, const std::vector<std::size_t>& order,
                                         const std::vector<double>& outcome_driver, Scenario& out) {
  std::map<Target, TargetValue> values;
  std::size_t k = 0;
  while (k < order.size()) {
    const Target t = target_of(in.responses[order[k]]);
    TargetValue tv;
    tv.base = stance_value(*find_stance(in, t.actor, t.issue), t.field);
    double shift = 0;
    for (; k < order.size() && !(target_of(in.responses[order[k]]) < t) &&
           !(t < target_of(in.responses[order[k]]));
         ++k) {
      const Response& r = in.responses[order[k]];
      const double driver = r.driver_actor
                                ? find_stance(out, *r.driver_actor, r.driver_issue)->position.value
                                : outcome_driver[order[k]];
      shift += r.slope.value * (driver - r.reference);
    }
    const auto b = target_bounds(in, t);
    tv.unclamped = tv.base + shift;
    tv.value = std::clamp(tv.unclamped, b.first, b.second);
    Stance& st = *find_stance(out, t.actor, t.issue);
    (t.field == Response::Field::Position ? st.position.value : st.salience.value) = tv.value;
    values[t] = tv;
  }
  return values;
}

}  // namespace

std::vector<std::size_t> response_order(const Scenario& s) {
  validate(s);
  // Targets in first-appearance order; an edge u -> t when a response of t reads u's position.
  std::vector<Target> targets;
  std::map<Target, std::size_t> index;
  for (const auto& r : s.responses)
    if (index.emplace(target_of(r), targets.size()).second) targets.push_back(target_of(r));
  const std::size_t n = targets.size();
  std::vector<std::set<std::size_t>> readers(n);
  std::vector<std::size_t> indegree(n, 0);
  for (const auto& r : s.responses) {
    if (!r.driver_actor) continue;
    auto it = index.find({*r.driver_actor, r.driver_issue, Response::Field::Position});
    if (it == index.end()) continue;
    const std::size_t reader = index.at(target_of(r));
    if (readers[it->second].insert(reader).second) ++indegree[reader];
  }
  // Kahn's algorithm, always taking the earliest ready target: a deterministic order.
  std::vector<std::size_t> sorted;
  std::set<std::size_t> ready;
  for (std::size_t t = 0; t < n; ++t)
    if (indegree[t] == 0) ready.insert(t);
  while (!ready.empty()) {
    const std::size_t t = *ready.begin();
    ready.erase(ready.begin());
    sorted.push_back(t);
    for (std::size_t u : readers[t])
      if (--indegree[u] == 0) ready.insert(u);
  }
  if (sorted.size() < n) {
    // Walk backwards along unresolved edges from an unresolved target until one repeats.
    std::vector<bool> done(n, false);
    for (std::size_t t : sorted) done[t] = true;
    std::size_t at = 0;
    while (done[at]) ++at;
    std::vector<std::size_t> path;
    std::vector<int> seen(n, -1);
    while (seen[at] < 0) {
      seen[at] = int(path.size());
      path.push_back(at);
      for (std::size_t u : readers[at])
        if (!done[u]) {
          at = u;
          break;
        }
    }
    std::vector<std::string> names;
    for (std::size_t k = std::size_t(seen[at]); k < path.size(); ++k)
      names.push_back(describe(s, targets[path[k]]));
    names.push_back(describe(s, targets[at]));
    std::size_t first = 0;
    while (target_of(s.responses[first]) < targets[at] ||
           targets[at] < target_of(s.responses[first]))
      ++first;
    throw ResponseError(
        where(s, first),
        fmt::format("positions respond to each other in a cycle ({}); an actor-position driver "
                    "needs a value that does not depend on its own response",
                    fmt::join(names, " -> ")));
  }
  std::vector<std::size_t> order;
  for (std::size_t t : sorted)
    for (std::size_t j = 0; j < s.responses.size(); ++j)
      if (index.at(target_of(s.responses[j])) == t) order.push_back(j);
  return order;
}

Scenario apply_responses(const Scenario& s, const std::vector<std::size_t>& order,
                         const std::vector<double>& outcome_driver) {
  Scenario out = s;
  apply_into(s, order, outcome_driver, out);
  return out;
}

ResponseRun run_with_responses(const Scenario& s, const RunModel& run_model,
                               const ResponseOptions& options) {
  if (!(options.tolerance >= 0) || options.max_iterations < 1 || !(options.damping >= 0) ||
      !(options.damping < 1))
    throw OptionError("responses",
                      "expected tolerance >= 0, max_iterations >= 1 and damping in [0, 1)");
  Json diag = {{"responses", s.responses.size()}};
  if (s.responses.empty()) {
    ResponseRun out{run_model(s), std::move(diag)};
    out.diagnostics["status"] = "no responses";
    out.diagnostics["converged"] = true;
    out.diagnostics["iterations"] = 1;
    return out;
  }
  const std::vector<std::size_t> order = response_order(s);
  std::vector<std::size_t> fed_back;  // responses driven by an outcome
  for (std::size_t j = 0; j < s.responses.size(); ++j)
    if (!s.responses[j].driver_actor) fed_back.push_back(j);

  auto outcomes_of = [&](const ModelResult& r) {
    std::vector<double> o(s.responses.size(), 0);
    for (std::size_t j : fed_back) {
      const std::size_t i = s.responses[j].driver_issue;
      if (i >= r.issues.size() || r.issues[i].issue != s.issues[i].id)
        throw OptionError("responses", fmt::format("model {} gave no outcome for {}, which a "
                                                   "response reads",
                                                   r.model, s.issues[i].id));
      o[j] = r.issues[i].outcome;
    }
    return o;
  };

  struct Step {
    std::vector<double> driver, outcome;
    std::vector<double> issue_outcomes;  // every issue, for the cycle mean
    std::map<Target, TargetValue> values;
    double residual = 0;
  };
  std::vector<Step> steps;
  std::vector<double> d(s.responses.size(), 0);
  for (std::size_t j : fed_back) d[j] = s.responses[j].reference;  // run 1: no shift from outcomes
  ModelResult result;
  std::string status = "max_iterations";
  std::optional<std::size_t> cycle_start;
  // Scratch copies, made once: each pass rewrites every responding value (in dependency
  // order) and touches nothing else, so they need no reset between passes.
  Scenario in = s, fed = s;
  for (int t = 0; t < options.max_iterations; ++t) {
    Step step;
    step.driver = d;
    step.values = apply_into(s, order, d, in);
    result = run_model(in);
    step.outcome = outcomes_of(result);
    for (const auto& ir : result.issues) step.issue_outcomes.push_back(ir.outcome);
    if (fed_back.empty()) {
      steps.push_back(std::move(step));
      status = "converged";
      break;
    }
    const auto next_values = apply_into(s, order, step.outcome, fed);
    for (const auto& [target, tv] : step.values)
      step.residual = std::max(step.residual, std::abs(next_values.at(target).value - tv.value) /
                                                  width_of(target_bounds(s, target)));
    steps.push_back(step);
    if (step.residual <= options.tolerance) {
      status = "converged";
      break;
    }
    for (std::size_t j : fed_back) d[j] = d[j] + (1 - options.damping) * (step.outcome[j] - d[j]);
    // A pure model fed a driver state it has seen before repeats itself from there on.
    for (std::size_t k = 0; k + 1 < steps.size() && !cycle_start; ++k) {
      double gap = 0;
      for (std::size_t j : fed_back)
        gap = std::max(
            gap, std::abs(d[j] - steps[k].driver[j]) / issue_width(s, s.responses[j].driver_issue));
      if (gap <= options.tolerance) cycle_start = k;
    }
    if (cycle_start) {
      status = "cycle";
      break;
    }
  }

  auto target_json = [&](const std::map<Target, TargetValue>& values) {
    Json j = Json::object();
    for (const auto& [t, tv] : values) j[describe(s, t)] = tv.value;
    return j;
  };
  auto driver_json = [&](const std::vector<double>& v) {
    Json j = Json::object();
    for (std::size_t k : fed_back) j[describe_driver(s, s.responses[k])] = v[k];
    return j;
  };
  Json residuals = Json::array();
  for (const auto& st : steps) residuals.push_back(st.residual);
  const Step& last = steps.back();
  diag["outcome_driven"] = fed_back.size();
  diag["status"] = status;
  diag["converged"] = status == "converged";
  diag["iterations"] = steps.size();
  diag["residual"] = last.residual;
  diag["tolerance"] = options.tolerance;
  diag["damping"] = options.damping;
  diag["max_iterations"] = options.max_iterations;
  diag["residuals"] = std::move(residuals);
  if (cycle_start) {
    Json states = Json::array();
    for (std::size_t k = *cycle_start; k < steps.size(); ++k)
      states.push_back({{"iteration", k + 1},
                        {"drivers", driver_json(steps[k].driver)},
                        {"values", target_json(steps[k].values)},
                        {"outcomes", driver_json(steps[k].outcome)}});
    // Each issue's mean outcome over the runs of the cycle: the cycle-aware forecast.
    Json means = Json::object();
    const double period = double(steps.size() - *cycle_start);
    for (std::size_t i = 0; i < result.issues.size(); ++i) {
      double sum = 0;
      Json values = Json::array();
      for (std::size_t k = *cycle_start; k < steps.size(); ++k) {
        sum += steps[k].issue_outcomes[i];
        values.push_back(steps[k].issue_outcomes[i]);
      }
      means[result.issues[i].issue] = sum / period;
      if (options.cycle_forecast == ResponseOptions::CycleForecast::CycleMean) {
        auto& ir = result.issues[i];
        if (!ir.detail.is_object()) ir.detail = Json::object();
        ir.detail["responses_cycle"] = {{"last_run_outcome", ir.outcome},
                                        {"cycle_outcomes", std::move(values)}};
        ir.outcome = sum / period;
      }
    }
    diag["cycle"] = {{"period", steps.size() - *cycle_start},
                     {"states", std::move(states)},
                     {"mean_outcomes", std::move(means)}};
    diag["cycle_forecast"] = options.cycle_forecast == ResponseOptions::CycleForecast::CycleMean
                                 ? "cycle_mean"
                                 : "last_run";
  } else {
    diag["cycle"] = nullptr;
  }
  Json per = Json::array();
  for (std::size_t j = 0; j < s.responses.size(); ++j) {
    const Response& r = s.responses[j];
    const Target t = target_of(r);
    const TargetValue& tv = last.values.at(t);
    const double driver = r.driver_actor
                              ? find_stance(s, *r.driver_actor, r.driver_issue)->position.value
                              : last.driver[j];
    // The driver as the run saw it: a position driver may itself have responded.
    double used = driver;
    if (r.driver_actor) {
      auto it = last.values.find({*r.driver_actor, r.driver_issue, Response::Field::Position});
      if (it != last.values.end()) used = it->second.value;
    }
    Json e = {{"actor", s.actors[r.actor].id},
              {"issue", s.issues[r.issue].id},
              {"field", field_name(r.field)},
              {"driver", describe_driver(s, r)},
              {"driver_value", used},
              {"reference", r.reference},
              {"slope", r.slope.value},
              {"base", tv.base},
              {"shift", r.slope.value * (used - r.reference)},
              {"value", tv.value},
              {"clamped", tv.value != tv.unclamped}};
    if (!r.driver_actor) e["driver_outcome_of_last_run"] = last.outcome[j];
    per.push_back(std::move(e));
  }
  diag["per_response"] = std::move(per);
  return {std::move(result), std::move(diag)};
}

void pin_set_responses(const std::vector<Change>& changes, Scenario& s) {
  for (const Change& ch : changes) {
    if (!ch.set || !ch.issue || ch.field == Change::Field::Capability) continue;
    const Response::Field field =
        ch.field == Change::Field::Position ? Response::Field::Position : Response::Field::Salience;
    const Stance* st = find_stance(s, ch.actor, *ch.issue);
    if (!st) continue;
    const double v = stance_value(*st, field);
    for (auto& r : s.responses)
      if (r.actor == ch.actor && r.issue == *ch.issue && r.field == field)
        r.bounds = std::pair(v, v);
  }
}

Json response_effects(const Json& base, const Json& with) {
  Json out = Json::array();
  if (!base.contains("per_response") || !with.contains("per_response")) return out;
  const Json& b = base["per_response"];
  const Json& w = with["per_response"];
  for (std::size_t j = 0; j < b.size() && j < w.size(); ++j) {
    const double v0 = b[j]["value"].get<double>(), v1 = w[j]["value"].get<double>();
    // An intervention that shifts or sets the responding value moves its starting point:
    // that part is the intervention's own, the rest is the response's.
    const double own = w[j]["base"].get<double>() - b[j]["base"].get<double>();
    out.push_back({{"actor", b[j]["actor"]},
                   {"issue", b[j]["issue"]},
                   {"field", b[j]["field"]},
                   {"driver", b[j]["driver"]},
                   {"driver_baseline", b[j]["driver_value"]},
                   {"driver_with", w[j]["driver_value"]},
                   {"value_baseline", v0},
                   {"value_with", v1},
                   {"change", v1 - v0},
                   {"from_intervention", own},
                   {"through_response", v1 - v0 - own},
                   {"solved_baseline", base.value("status", std::string("converged"))},
                   {"solved_with", with.value("status", std::string("converged"))}});
  }
  return out;
}

}  // namespace statecraft
