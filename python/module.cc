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
#include "experiments/institutions.h"
#include "experiments/monte_carlo.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "models/gmcr/report.h"

namespace py = pybind11;
using namespace statecraft;

namespace {

ScenarioPtr load(const std::optional<std::string>& scenario) {
  if (!scenario) return io::load_default_scenario();
  if (scenario->find('\n') != std::string::npos)
    return io::load_scenario_text(*scenario, "<python>");
  return io::load_input(*scenario);
}

int threads_or_all(int threads) {
  if (threads < 0) throw OptionError("threads", "expected 0 (all cores) or more");
  return threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
}

McOptions experiment_options(const std::vector<std::string>& models, int runs, std::uint64_t seed,
                             int threads, const std::map<std::string, std::string>& params) {
  McOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = threads_or_all(threads);
  for (const auto& name :
       models.empty() ? std::vector<std::string>{"compromise:mean", "bdm", "smp"} : models) {
    const ModelSpec spec = parse_model_spec(name);
    std::map<std::string, std::string> mine;
    const auto accepted = spec.model->param_names();
    for (const auto& [k, v] : params)
      if (std::find(accepted.begin(), accepted.end(), k) != accepted.end()) mine[k] = v;
    o.models.push_back({spec, mine});
  }
  return o;
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
                const std::map<std::string, std::string>& params) {
  const ScenarioPtr s = load(scenario);
  McOptions o = experiment_options(
      models.empty() ? std::vector<std::string>{"compromise:mean", "compromise:median", "bdm",
                                                "smp", "exchange"}
                     : models,
      1, seed, threads, params);
  std::vector<ModelResult> results;
  for (const auto& m : o.models) {
    ModelOptions mo;
    mo.variant = m.spec.variant;
    mo.rounds = rounds;
    mo.seed = seed;
    mo.threads = o.threads;
    mo.params = m.params;
    ModelResult r = m.spec.model->run(*s, mo);
    apply_institutions(*s, r);
    results.push_back(std::move(r));
  }
  Json doc = io::result_to_json(*s, results);
  Json conflicts = Json::array();
  for (const auto& c : s->conflicts)
    conflicts.push_back(gmcr::report_conflict(c, {}, std::nullopt, {}).json);
  if (!conflicts.empty()) doc["conflicts"] = conflicts;
  return doc.dump();
}

std::string mc(const std::optional<std::string>& scenario, int runs,
               const std::vector<std::string>& models, std::uint64_t seed, int threads,
               const std::vector<std::string>& interventions) {
  const ScenarioPtr s = load(scenario);
  McOptions o = experiment_options(models, runs, seed, threads, {});
  o.interventions = interventions;
  const auto point = run_point(*s, o);
  py::gil_scoped_release release;
  return summarize_monte_carlo(*s, o, run_monte_carlo(*s, o), point).dump();
}

std::string whatif(const std::optional<std::string>& scenario,
                   const std::vector<std::string>& interventions, int runs,
                   const std::vector<std::string>& models, std::uint64_t seed, int threads) {
  if (interventions.empty()) throw OptionError("interventions", "name at least one intervention");
  const ScenarioPtr s = load(scenario);
  McOptions base = experiment_options(models, runs, seed, threads, {});
  McOptions changed = base;
  changed.interventions = interventions;
  const auto pb = run_point(*s, base), pc = run_point(*s, changed);
  py::gil_scoped_release release;
  return summarize_whatif(*s, changed, run_monte_carlo(*s, base), run_monte_carlo(*s, changed), pb,
                          pc)
      .dump();
}

std::string backtest_(const std::optional<std::string>& scenario,
                      const std::vector<std::string>& models, double tolerance,
                      const std::optional<std::string>& outcomes) {
  const ScenarioPtr s = load(scenario);
  const auto o = experiment_options(models, 1, 1, 1, {});
  BacktestOptions bo;
  bo.tolerance = tolerance;
  return backtest(*s, outcomes ? io::load_outcomes_file(*outcomes, *s) : s->outcomes, o, bo).dump();
}

std::string conflict(const std::optional<std::string>& scenario, const std::string& semantics) {
  const ScenarioPtr s = load(scenario);
  gmcr::AnalysisOptions o;
  if (semantics == "gmcr-py")
    o.semantics = gmcr::Semantics::GmcrPy;
  else if (semantics != "textbook")
    throw OptionError("semantics", "expected textbook or gmcr-py, got '" + semantics + "'");
  Json all = Json::array();
  for (const auto& c : s->conflicts)
    all.push_back(gmcr::report_conflict(c, o, std::nullopt, {}).json);
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
  m.def("run", &run, py::arg("scenario") = py::none(),
        py::arg("models") = std::vector<std::string>{}, py::arg("rounds") = 0, py::arg("seed") = 1,
        py::arg("threads") = 0, py::arg("params") = std::map<std::string, std::string>{});
  m.def("mc", &mc, py::arg("scenario") = py::none(), py::arg("runs") = 1000,
        py::arg("models") = std::vector<std::string>{}, py::arg("seed") = 1, py::arg("threads") = 0,
        py::arg("interventions") = std::vector<std::string>{});
  m.def("whatif", &whatif, py::arg("scenario"), py::arg("interventions"), py::arg("runs") = 1000,
        py::arg("models") = std::vector<std::string>{}, py::arg("seed") = 1,
        py::arg("threads") = 0);
  m.def("backtest", &backtest_, py::arg("scenario") = py::none(),
        py::arg("models") = std::vector<std::string>{}, py::arg("tolerance") = 10.0,
        py::arg("outcomes") = py::none());
  m.def("conflict", &conflict, py::arg("scenario") = py::none(), py::arg("semantics") = "textbook");
  m.def("models", &models);
}
