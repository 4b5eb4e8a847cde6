// Split-conformal intervals: calibrated on the absolute residuals (in % of the scale
// width) of forecasts whose outcomes are known, they cover a new outcome with probability
// at least the nominal level when cases are exchangeable — whatever the models get wrong.
#pragma once

#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "core/result.h"

namespace statecraft {

// The finite-sample conformal quantile of |residuals|: the k-th smallest with
// k = ceil((n + 1) * level); +infinity when k > n (too few residuals for that level).
double conformal_quantile(std::vector<double> abs_residuals, double level);

struct ConformalLevel {
  double level = 0;       // nominal coverage, e.g. 0.9
  double half_width = 0;  // in % of the scale width; +infinity = unbounded
};

struct ConformalBand {
  int n = 0;  // calibration residuals
  std::vector<ConformalLevel> levels;

  std::optional<double> half_width(double level) const;  // nullopt if not calibrated
};

// Calibrates at each level (default 50% and 90%).
ConformalBand calibrate_conformal(const std::vector<double>& abs_residuals_pct,
                                  const std::vector<double>& levels = {0.5, 0.9});

// point +- half width (% of scale) on the scale, clipped to it (outcomes lie on the scale,
// so clipping never loses coverage).
std::pair<double, double> conformal_interval(double point, double half_width_pct, double scale_min,
                                             double scale_max);

// A predictive distribution from the calibration residuals: point +- each residual (both
// signs), clipped to the scale. Its central intervals approximate the conformal ones; it
// gives the conformal forecast a CRPS and a PIT.
std::vector<double> conformal_samples(double point, const std::vector<double>& abs_residuals_pct,
                                      double scale_min, double scale_max);

Json to_json(const ConformalBand& band);

}  // namespace statecraft
