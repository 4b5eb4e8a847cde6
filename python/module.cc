// The `statecraft` Python module (pybind11): the same engine as the CLI. Functions take a
// scenario as a file path, YAML text, or None (the embedded Korean default) and return the
// CLI's JSON documents as text; statecraft/__init__.py turns them into dicts.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.h"
#include "core/registry.h"
#include "experiments/backtest.h"
#include "experiments/monte_carlo.h"
#include "experiments/pipeline.h"
#include "io/conflict_json.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"

namespace py = pybind11;
using namespace statecraft;

namespace {

ScenarioPtr load(const std::optional<std::string>& scenario) {
  if (!scenario) return io::load_default_scenario();
  if (scenario->find('\n') != std::string::npos)
    return io::load_scenario_text(*scenario, "<python>");
  return io::load_input(*scenario);
}

// The same request the CLI builds from its options (experiments/pipeline.h).
RunRequest request(const std::optional<std::string>& scenario,
                   const std::vector<std::string>& models, int rounds, std::uint64_t seed,
                   int threads, const std::map<std::string, std::string>& params,
                   const std::vector<std::string>& interventions) {
  RunRequest r;
  r.scenario = load(scenario);
  for (const auto& m : models) r.models.push_back({m, 0, {}});
  for (const auto& [k, v] : params) r.params.push_back(k + "=" + v);
  r.rounds = rounds;
  r.seed = seed;
  r.threads = threads;
  r.interventions = interventions;
  return r;
}

std::string validate(const std::optional<std::string>& scenario) {
  const ScenarioPtr s = load(scenario);
  std::size_t positions = 0;
  for (const auto& is : s->issues) positions += is.stances.size();
  return Json{{"scenario", s->id},
              {"actors", s->actors.size()},
              {"issues", s->issues.size()},
              {"positions", positions},
              {"sources", s->sources.size()},
              {"interventions", s->interventions.size()},
              {"outcomes", s->outcomes.size()},
              {"conflicts", s->conflicts.size()}}
      .dump();
}

std::string run(const std::optional<std::string>& scenario, const std::vector<std::string>& models,
                int rounds, std::uint64_t seed, int threads,
                const std::map<std::string, std::string>& params,
                const std::vector<std::string>& interventions) {
  const RunRequest r = request(scenario, models, rounds, seed, threads, params, interventions);
  py::gil_scoped_release release;
  return run_forecast(r).dump();
}

// Models that cannot run the scenario are left out of an experiment (as the CLI does).
// Also returns the point forecast of the models kept.
McOptions experiment(const RunRequest& r, int runs, std::vector<ModelResult>& point) {
  McOptions o;
  o.request = prepare(r);
  o.runs = runs;
  point = keep_runnable_models(o.request).runs;
  return o;
}

std::string mc(const std::optional<std::string>& scenario, int runs,
               const std::vector<std::string>& models, std::uint64_t seed, int threads,
               const std::vector<std::string>& interventions, int rounds,
               const std::map<std::string, std::string>& params) {
  const RunRequest r = request(scenario, models, rounds, seed, threads, params, interventions);
  py::gil_scoped_release release;
  std::vector<ModelResult> point;
  const McOptions o = experiment(r, runs, point);
  return summarize_monte_carlo(o, run_monte_carlo(o), point).dump();
}

std::string whatif(const std::optional<std::string>& scenario,
                   const std::vector<std::string>& interventions, int runs,
                   const std::vector<std::string>& models, std::uint64_t seed, int threads,
                   int rounds, const std::map<std::string, std::string>& params) {
  if (interventions.empty()) throw OptionError("interventions", "name at least one intervention");
  const RunRequest r = request(scenario, models, rounds, seed, threads, params, interventions);
  py::gil_scoped_release release;
  std::vector<ModelResult> pc;
  const McOptions changed = experiment(r, runs, pc);
  McOptions base = changed;
  base.request = changed.request.baseline();
  const auto pb = run_point(base);
  return summarize_whatif(changed, run_monte_carlo(base), run_monte_carlo(changed), pb, pc).dump();
}

std::string backtest_(const std::optional<std::string>& scenario,
                      const std::vector<std::string>& models, double tolerance,
                      const std::optional<std::string>& outcomes, int rounds, std::uint64_t seed,
                      const std::map<std::string, std::string>& params) {
  const RunRequest r = request(scenario, models, rounds, seed, 0, params, {});
  const PreparedRequest p = prepare(r);
  BacktestOptions bo;
  bo.tolerance = tolerance;
  return backtest(p, outcomes ? io::load_outcomes_file(*outcomes, *p.base) : p.base->outcomes, bo)
      .dump();
}

std::string conflict(const std::optional<std::string>& scenario, const std::string& semantics) {
  const ScenarioPtr s = load(scenario);
  ConflictOptions o;
  o.variant = semantics;
  const ConflictModel& model = registry().default_conflict_model();
  Json all = Json::array();
  for (const auto& c : s->conflicts) all.push_back(io::conflict_document(model.analyse(c, o, {})));
  return all.dump();
}

std::string models() { return io::models_to_json(registry()).dump(); }

}  // namespace

PYBIND11_MODULE(_statecraft, m) {
  m.doc() = "statecraft engine (see the statecraft package for the documented API)";
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      input_error(e.what());
    }
  });
  m.def("validate", &validate, py::arg("scenario") = py::none());
  using Strings = std::vector<std::string>;
  using Params = std::map<std::string, std::string>;
  m.attr("DEFAULT_SEED") = kDefaultSeed;
  m.attr("DEFAULT_MODELS") = default_models();
  m.def("run", &run, py::arg("scenario") = py::none(), py::arg("models") = Strings{},
        py::arg("rounds") = 0, py::arg("seed") = kDefaultSeed, py::arg("threads") = 0,
        py::arg("params") = Params{}, py::arg("interventions") = Strings{});
  m.def("mc", &mc, py::arg("scenario") = py::none(), py::arg("runs") = 1000,
        py::arg("models") = Strings{}, py::arg("seed") = kDefaultSeed, py::arg("threads") = 0,
        py::arg("interventions") = Strings{}, py::arg("rounds") = 0, py::arg("params") = Params{});
  m.def("whatif", &whatif, py::arg("scenario"), py::arg("interventions"), py::arg("runs") = 1000,
        py::arg("models") = Strings{}, py::arg("seed") = kDefaultSeed, py::arg("threads") = 0,
        py::arg("rounds") = 0, py::arg("params") = Params{});
  m.def("backtest", &backtest_, py::arg("scenario") = py::none(), py::arg("models") = Strings{},
        py::arg("tolerance") = 10.0, py::arg("outcomes") = py::none(), py::arg("rounds") = 0,
        py::arg("seed") = kDefaultSeed, py::arg("params") = Params{});
  m.def("conflict", &conflict, py::arg("scenario") = py::none(), py::arg("semantics") = "textbook");
  m.def("models", &models);
}
