#include "experiments/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "core/changes.h"
#include "core/errors.h"
#include "core/limits.h"
#include "experiments/convergence.h"
#include "experiments/institutions.h"
#include "experiments/responses.h"
#include "io/conflict_json.h"
#include "io/input_file.h"
#include "io/result_json.h"

namespace statecraft {
namespace {

// Collects problems instead of stopping at the first, so one answer lists them all.
struct Problems {
  std::vector<Problem> list;
  template <class F>
  void check(F&& f) {
    try {
      f();
    } catch (const InputError& e) {
      list.insert(list.end(), e.problems().begin(), e.problems().end());
    }
  }
};

// Routes "key=value" / "model.key=value" to the chosen models that declare `key`.
void route_params(const std::vector<std::string>& params, std::vector<ModelChoice>& models,
                  Problems& problems) {
  for (const auto& p : params) {
    problems.check([&] {
      const auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0)
        throw OptionError("param",
                          fmt::format("expected key=value or model.key=value, got '{}'", p));
      std::string key = p.substr(0, eq), model;
      if (const auto dot = key.find('.'); dot != std::string::npos) {
        model = key.substr(0, dot);
        key = key.substr(dot + 1);
      }
      bool used = false;
      for (auto& m : models) {
        const auto names = m.spec.model->param_names();
        if ((model.empty() || model == m.spec.model->name()) &&
            std::find(names.begin(), names.end(), key) != names.end()) {
          m.params[key] = p.substr(eq + 1);
          used = true;
        }
      }
      if (!used)
        throw OptionError("param",
                          fmt::format("no chosen model takes the parameter '{}'", p.substr(0, eq)));
    });
  }
}

void check_model(const ModelChoice& m, Problems& problems) {
  const std::string where = m.label();
  if (m.rounds < 0 || m.rounds > limits().rounds)
    problems.list.push_back({Location{"", 0, 0, "rounds"},
                             fmt::format("{}: expected 1..{} rounds (--limit rounds), got {}",
                                         where, limits().rounds, m.rounds)});
  const auto specs = m.spec.model->params();
  for (const auto& [key, value] : m.params) {
    const auto it =
        std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.name == key; });
    if (it == specs.end()) {
      problems.list.push_back(
          {Location{"", 0, 0, "param " + key},
           fmt::format("model '{}' has no parameter '{}'", m.spec.model->name(), key)});
      continue;
    }
    problems.check([&] { it->check(value); });
  }
}

}  // namespace

const std::vector<std::string>& default_models() {
  static const std::vector<std::string> models = {"compromise:mean", "compromise:median", "bdm",
                                                  "smp", "exchange"};
  return models;
}

std::string default_models_text() { return fmt::format("{}", fmt::join(default_models(), ", ")); }

int resolve_threads(int threads) {
  if (threads < 0 || threads > 1024)
    throw OptionError("threads", fmt::format("expected 0 (all cores) to 1024, got {}", threads));
  return threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

// What an intervention or an edit *sets* is decided: responses no longer move it.
void pin(const Scenario& base, const std::vector<std::string>& interventions,
         const std::vector<Change>& changes, Scenario& s) {
  std::vector<Change> all;
  for (const auto& id : interventions) {
    const auto& iv = find_intervention(base, id).changes;
    all.insert(all.end(), iv.begin(), iv.end());
  }
  all.insert(all.end(), changes.begin(), changes.end());
  pin_set_responses(all, s);
}

}  // namespace

Scenario PreparedRequest::apply_to(const Scenario& drawn) const {
  Scenario s = drawn;
  for (const auto& id : interventions) apply_intervention(find_intervention(*base, id), s);
  apply_changes(changes, s);
  pin(*base, interventions, changes, s);
  return s;
}

PreparedRequest PreparedRequest::baseline() const {
  PreparedRequest b = *this;
  b.interventions.clear();
  b.changes.clear();
  b.scenario = base;
  return b;
}

PreparedRequest prepare(const RunRequest& r) {
  Problems problems;
  PreparedRequest p;
  p.base = r.scenario ? r.scenario : io::load_default_scenario();
  p.seed = r.seed;
  p.institutions = r.institutions;
  p.conflicts = r.conflicts;
  p.interventions = r.interventions;
  p.changes = r.changes;
  problems.check([&] { p.threads = resolve_threads(r.threads); });
  if (r.rounds < 0 || r.rounds > limits().rounds)
    problems.list.push_back(
        {Location{"", 0, 0, "rounds"},
         fmt::format("expected 1..{} rounds (--limit rounds), got {}", limits().rounds, r.rounds)});
  std::vector<ModelRequest> models = r.models;
  if (models.empty())
    for (const auto& name : default_models()) models.push_back({name, 0, {}});
  for (const auto& m : models)
    problems.check([&] {
      p.models.push_back({parse_model_spec(m.spec), m.params, m.rounds ? m.rounds : r.rounds});
    });
  route_params(r.params, p.models, problems);
  for (const auto& m : p.models) check_model(m, problems);
  if (p.base->issues.empty())
    problems.list.push_back(
        {Location{p.base->origin, 0, 0, ""}, "the scenario has no issues to run a model on"});

  // Interventions, then changes, each checked against the scenario it applies to.
  Scenario s = *p.base;
  for (const auto& id : r.interventions)
    problems.check([&] { apply_intervention(find_intervention(*p.base, id), s); });
  for (std::size_t k = 0; k < r.changes.size(); ++k) {
    const Location where = k < r.change_locations.size()
                               ? r.change_locations[k]
                               : Location{"", 0, 0, fmt::format("changes[{}]", k)};
    auto found = validate_change(r.changes[k], s, where);
    if (found.empty())
      apply_changes({r.changes[k]}, s);
    else
      problems.list.insert(problems.list.end(), found.begin(), found.end());
  }
  if (!problems.list.empty()) throw InputError(std::move(problems.list));
  pin(*p.base, p.interventions, p.changes, s);
  p.scenario = std::make_shared<const Scenario>(std::move(s));
  return p;
}

SeedTree point_node(std::uint64_t seed) { return SeedTree(seed).child(StreamPurpose::Point); }

ModelResult run_model(const Scenario& s, const ModelChoice& m, const SeedTree& node, int threads,
                      bool institutions, const RunContext& context, bool detail) {
  ModelOptions o;
  o.variant = m.spec.variant;
  o.rounds = m.rounds;
  o.seed = node.seed();
  o.streams = node.child(StreamPurpose::Model, model_key(m.label()));
  o.threads = threads;
  o.params = m.params;
  o.detail = detail;
  // One model run as every front end gets it: convergence report, then the veto rules.
  const auto once = [&](const Scenario& x) {
    ModelResult r = m.spec.model->run(x, o, context);
    add_convergence(x, r);
    if (institutions) apply_institutions(x, r);
    return r;
  };
  if (s.responses.empty()) return once(s);
  // Positions that respond to other issues: the coupled system solved around the model
  // (experiments/responses.h, docs/models/linkage.md), its diagnostics kept in the result.
  ResponseRun coupled = run_with_responses(s, once);
  coupled.result.detail["responses"] = std::move(coupled.diagnostics);
  return std::move(coupled.result);
}

Forecast forecast(const PreparedRequest& p, const RunContext& context) {
  Forecast f;
  const SeedTree node = point_node(p.seed);
  for (const auto& m : p.models) {
    try {
      f.runs.push_back(
          run_model(*p.scenario, m, node, p.threads, p.institutions, context, p.detail));
      f.ran.push_back(m);
    } catch (const OptionError& e) {
      // This model cannot run this scenario (e.g. it needs a stance the scenario leaves
      // out); the others still do.
      f.failures.push_back({m.label(), e.problems().empty() ? e.what() : e.problems()[0].message});
    }
  }
  if (p.conflicts)
    for (const auto& spec : p.scenario->conflicts) {
      ConflictOptions o;
      o.threads = p.threads;
      f.conflicts.push_back(registry().default_conflict_model().analyse(spec, o, context));
    }
  return f;
}

Forecast keep_runnable_models(PreparedRequest& request) {
  Forecast f = forecast(request);
  if (f.ran.empty()) throw OptionError("model", "no chosen model can run this scenario");
  request.models = f.ran;
  return f;
}

Json forecast_document(const PreparedRequest& p, const Forecast& f) {
  // Interventions and edits are described against the scenario as written.
  Json doc = io::result_to_json(*p.scenario, f.runs, p.base.get());
  Json request = {{"seed", p.seed},
                  {"interventions", p.interventions},
                  {"changes", p.changes.size()},
                  {"institutions", p.institutions}};
  doc["request"] = request;
  if (!f.failures.empty()) {
    Json failures = Json::array();
    for (const auto& x : f.failures) failures.push_back({{"model", x.model}, {"reason", x.reason}});
    doc["failures"] = failures;
  }
  if (!f.conflicts.empty()) {
    Json conflicts = Json::array();
    for (const auto& c : f.conflicts) conflicts.push_back(io::conflict_document(c));
    doc["conflicts"] = std::move(conflicts);
  }
  return doc;
}

Json run_forecast(const RunRequest& request, const RunContext& context) {
  const PreparedRequest p = prepare(request);
  return forecast_document(p, forecast(p, context));
}

}  // namespace statecraft
