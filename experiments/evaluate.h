// Forecasts scored against real outcomes, beside the baselines: per model, the ensemble
// (a mixture over models, optionally with fitted weights) and the conformal ensemble, with
// persistence, the status quo and the capability x salience compromise next to them.
// Model evaluation is injected (ForecastFn) so any runner can feed it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"
#include "experiments/ensemble.h"
#include "experiments/monte_carlo.h"
#include "experiments/pipeline.h"
#include "experiments/scores.h"

namespace statecraft {

// What one model forecast for one scenario.
struct ModelForecast {
  std::string label;            // "bdm", "compromise:mean"
  std::string error;            // non-empty: the model could not run this scenario, and why
  std::string note;             // e.g. why it has no Monte Carlo samples
  std::vector<double> outcome;  // [issue]
  std::vector<std::map<std::size_t, double>> position;  // [issue] actor index -> final position
  std::vector<std::vector<double>> outcome_samples;     // [issue][run]; empty = no Monte Carlo
  std::vector<std::map<std::size_t, std::vector<double>>>
      position_samples;  // [issue] actor -> runs
};

// Runs every model on a scenario. Must be safe to call from several threads at once.
using ForecastFn = std::function<std::vector<ModelForecast>(const Scenario&)>;

// The default runner: the pipeline's forecast() of `request` with its scenario replaced by
// the one given (the request's interventions and changes applied to it; no conflict
// analysis). A model that cannot run is reported with its reason and the others still
// forecast. With mc_runs > 0 also that many Monte Carlo runs per model (run_monte_carlo,
// the seed tree's draws, so the samples are those of `statecraft mc`).
ForecastFn forecast_with(const PreparedRequest& request, int mc_runs);

// ModelForecast from results the caller already has (point, and optionally samples).
ModelForecast to_forecast(const Scenario& scenario, const std::string& label,
                          const ModelResult& point, const McSamples* samples, std::size_t model);

// One scenario and the outcomes to score it against.
struct Case {
  std::string id;
  ScenarioPtr scenario;
  std::vector<Outcome> outcomes;
  std::optional<double> horizon_years;  // score only outcomes within this many years of as_of
};

struct EvaluateOptions {
  ScoreOptions score;
  std::vector<double> horizon_edges = {1, 2, 3, 5};  // buckets: <=1, 1-2, 2-3, 3-5, >5 years
  std::optional<double> max_horizon;                 // overrides every case's horizon
  std::optional<EnsembleWeights> weights;  // fixed weights (--ensemble): nothing is refitted
  FitOptions fit;                          // otherwise: stacking, scored out of fold
  std::size_t mixture_size = 4000;         // samples in the ensemble's mixture
  int threads = 1;                         // cases in parallel (results do not depend on it)
  // Score outcomes dated on/before as_of when a case has none after it (backtest of a
  // scenario against its own history; flagged in_sample). Evaluate never does.
  bool allow_in_sample = false;
  bool rows = false;            // include every scored outcome per method
  bool folds_by_issue = false;  // cross-validation units: each (case, issue), not each case
};

// Every method's scores overall and per horizon bucket, skill against persistence, the
// ensemble's weights and the conformal levels achieved. OptionError if nothing is scored.
Json evaluate(const std::vector<Case>& cases, const ForecastFn& forecast,
              const EvaluateOptions& options);

// Stacking weights and conformal half widths fitted on every case (the decision between
// stacking and the average made out of fold).
EnsembleWeights fit_cases(const std::vector<Case>& cases, const ForecastFn& forecast,
                          const EvaluateOptions& options);

// Days since 1970-01-01 of an ISO date YYYY, YYYY-MM or YYYY-MM-DD (missing parts: 1).
long date_days(const std::string& iso);

}  // namespace statecraft
