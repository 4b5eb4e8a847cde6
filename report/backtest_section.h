// The report's backtest section: every method's scores as the CLI labels them (with how
// many outcomes each was scored on), per horizon, issue outcomes and actors' positions apart,
// and every outcome beside the ensemble's and persistence's forecasts.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

// `run` is the run document (issue scales and inputs), `backtest` the "backtest" object.
std::string backtest_section(const Json& run, const Json& backtest);

}  // namespace statecraft::report
