// One forecast pipeline for every front end. The CLI, the policy lab, the Python module,
// Monte Carlo, what-if and backtest all describe what they want as a RunRequest; `prepare`
// validates it once (every problem located, nothing clamped) and `forecast` runs it. The
// defaults — models, seed, threads — live here and nowhere else, so one question gets the
// same bytes whichever way it is asked.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"
#include "core/seed_tree.h"

namespace statecraft {

// The defaults of every front end.
constexpr std::uint64_t kDefaultSeed = 1;
const std::vector<std::string>& default_models();  // compromise:mean, ..., exchange
std::string default_models_text();                 // "compromise:mean, compromise:median, ..."

struct ModelRequest {
  std::string spec;  // "bdm" or "bdm:reference"
  int rounds = 0;    // 0 = the request's rounds, else the model's default
  std::map<std::string, std::string> params;
};

struct RunRequest {
  ScenarioPtr scenario;              // null = the embedded Korean default
  std::vector<ModelRequest> models;  // empty = default_models()
  // "key=value" for every chosen model that takes `key`, or "model.key=value" for one; a
  // parameter no chosen model takes is an error (the CLI's --param).
  std::vector<std::string> params;
  int rounds = 0;  // for models without their own; 0 = each model's default
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;                         // 0 = every core; results never depend on it
  std::vector<std::string> interventions;  // ids, applied in order
  std::vector<Change> changes;             // applied after the interventions
  std::vector<Location> change_locations;  // where each change came from (messages)
  bool institutions = true;                // veto rules on outcomes
  bool conflicts = true;                   // analyse the scenario's discrete conflicts
};

// A validated model of a request.
struct ModelChoice {
  ModelSpec spec;
  std::map<std::string, std::string> params;
  int rounds = 0;  // 0 = the model's default
  std::string label() const { return spec.label(); }
};

struct PreparedRequest {
  ScenarioPtr base;      // as loaded
  ScenarioPtr scenario;  // with the interventions and changes applied
  std::vector<ModelChoice> models;
  std::vector<std::string> interventions;
  std::vector<Change> changes;
  std::uint64_t seed = kDefaultSeed;
  int threads = 1;
  bool institutions = true;
  bool conflicts = true;
  // The models' explanatory detail (ModelOptions::detail): a front end that shows only the
  // outcomes turns it off, which spares e.g. SMP every intermediate turn's election.
  bool detail = true;

  // `drawn` (the base scenario, possibly with drawn parameters) with this request's
  // interventions and changes applied: what every Monte Carlo run evaluates.
  Scenario apply_to(const Scenario& drawn) const;
  // The same request without its interventions and changes (a what-if's baseline).
  PreparedRequest baseline() const;
};

// Checks everything (models, variants, parameters and their ranges, rounds, threads,
// interventions, changes); one InputError listing every problem.
PreparedRequest prepare(const RunRequest& request);

// 0 = every core; OptionError below 0 or above 1024.
int resolve_threads(int threads);

// One model on one scenario at `node` of the seed tree (the point forecast's node or a
// Monte Carlo run's), with what every run gets: veto rules and the finite-result check.
// `detail` = false skips the models' bulky explanatory detail (ModelOptions::detail).
ModelResult run_model(const Scenario& scenario, const ModelChoice& model, const SeedTree& node,
                      int threads, bool institutions, const RunContext& context = {},
                      bool detail = true);

// The point forecast's node: SeedTree(seed) -> Point.
SeedTree point_node(std::uint64_t seed);

struct ModelFailure {
  std::string model;   // label
  std::string reason;  // the model's own message
};

struct Forecast {
  std::vector<ModelResult> runs;  // the models that ran, in request order
  std::vector<ModelChoice> ran;   // their choices (same order)
  std::vector<ModelFailure> failures;
  // The registry's conflict model on each of the scenario's conflicts; the front ends
  // present them (io/conflict_json.h, cli/conflict_text.h).
  std::vector<ConflictFindingsPtr> conflicts;
};

// Runs every model; a model that cannot run this scenario (an InputError from it) is
// reported in `failures` and the others still run. Throws only for request-wide problems.
Forecast forecast(const PreparedRequest& request, const RunContext& context = {});

// For experiments (Monte Carlo, what-if): runs the point forecast, leaves the models that
// cannot run the scenario out of `request` (their reasons are the forecast's failures) and
// returns the forecast, whose runs are the point results of the models kept. OptionError
// when none can run.
Forecast keep_runnable_models(PreparedRequest& request);

// The canonical result document of a forecast.
Json forecast_document(const PreparedRequest& request, const Forecast& forecast);

// prepare + forecast + document: what `statecraft run --format json`, POST /api/run and
// statecraft.run() return.
Json run_forecast(const RunRequest& request, const RunContext& context = {});

}  // namespace statecraft
