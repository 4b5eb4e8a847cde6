// Backtests: a scenario's forecast (each model, the ensemble, and the baselines beside
// them) against dated real outcomes — issue outcomes and actors' own positions — scored
// per horizon after the scenario's as_of (experiments/evaluate.h does the scoring).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"
#include "experiments/ensemble.h"
#include "experiments/evaluate.h"
#include "experiments/pipeline.h"

namespace statecraft {

struct BacktestOptions {
  double tolerance = 10;  // a forecast within this % of the scale width of the outcome is a hit
  std::optional<double> horizon;                     // years after as_of; later outcomes not scored
  std::vector<double> horizon_edges = {1, 2, 3, 5};  // report buckets (years)
  int mc_runs = 1000;  // Monte Carlo runs per model for the intervals (0 = point forecasts only)
  std::optional<EnsembleWeights> weights;  // --ensemble: fixed weights and conformal half widths
};

// Scores the outcomes dated after the scenario's as_of (if none is, the scenario's own
// history, flagged "in_sample": true). JSON: "models" (one entry per model, with "model",
// "mae", "mae_pct_of_scale", "hit_rate", "direction_rate", "crps_pct_of_scale",
// "coverage", "skill_vs_persistence", "horizons", "outcomes"), "ensemble" (the equal-weight
// mixture), "ensembles" (every ensemble variant), "baselines" (persistence, status quo,
// compromise). OptionError if there is nothing to score.
Json backtest(const Scenario& scenario, const std::vector<Outcome>& outcomes,
              const ForecastFn& forecast, const BacktestOptions& options);

// The request's forecast (forecast_with(request, options.mc_runs)) scored on its base
// scenario; adds "monte_carlo_runs" and "seed".
Json backtest(const PreparedRequest& request, const std::vector<Outcome>& outcomes,
              const BacktestOptions& options);

}  // namespace statecraft
