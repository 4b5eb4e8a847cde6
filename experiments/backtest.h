// Backtests: each model's forecast against dated real outcomes.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"
#include "experiments/pipeline.h"

namespace statecraft {

struct BacktestOptions {
  double tolerance = 10;  // a forecast within this % of the scale width of the outcome is a hit
};

// Per model (and an ensemble: the mean of the models' forecasts): every outcome's error,
// the mean absolute error on the issue scale and in % of the scale width, the hit rate,
// and, where the issue has a status quo, whether the forecast moved in the same direction
// from it as reality.
Json backtest(const PreparedRequest& request, const std::vector<Outcome>& outcomes,
              const BacktestOptions& options);

}  // namespace statecraft
