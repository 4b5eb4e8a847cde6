// Ensembles of models: fixed or fitted non-negative weights that sum to one, combined
// point forecasts and mixture distributions, fitting by cross-validated stacking (with the
// simple average as the fallback a fit must beat out of fold), and the weights file.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "experiments/conformal.h"

namespace statecraft {

struct EnsembleWeights {
  std::vector<std::string> models;  // model labels ("bdm", "compromise:mean")
  std::vector<double> weights;      // >= 0, summing to 1
  std::string method = "average";   // "stacking" or "average"
  std::string reason;               // why this method was kept
  int folds = 0, cases = 0, outcomes = 0;
  double cv_mae_pct_stacking = std::numeric_limits<double>::quiet_NaN();
  double cv_mae_pct_average = std::numeric_limits<double>::quiet_NaN();
  ConformalBand conformal;  // from the out-of-fold residuals of the chosen method
  std::string origin;       // the file it was read from, for messages
};

EnsembleWeights equal_weights(const std::vector<std::string>& models);

// The weights for the models actually run, in their order. OptionError naming the weights
// file when a model with positive weight is not among them; models the file does not
// name get weight 0.
std::vector<double> weights_for(const EnsembleWeights& weights,
                                const std::vector<std::string>& labels);

// Weighted mean over the models that gave a forecast (weights renormalised over them);
// nullopt when none did or their weights are all zero.
std::optional<double> combine_points(const std::vector<double>& weights,
                                     const std::vector<std::optional<double>>& points);

// A mixture distribution: each model contributes round(w * total) samples (weights
// renormalised over models with samples), picked at evenly spaced quantiles of its own
// sorted samples, so the result is deterministic. Empty if no model has samples.
std::vector<double> mixture_samples(const std::vector<double>& weights,
                                    const std::vector<const std::vector<double>*>& samples,
                                    std::size_t total);

// One issue's ensemble forecast for run/mc/whatif --ensemble: the weighted point, the
// mixture's central intervals, and the weights file's conformal intervals (if calibrated).
struct EnsembleForecast {
  double point = 0;
  std::pair<double, double> mixture50, mixture90;
  std::optional<std::pair<double, double>> conformal50, conformal90;
};
// points[m] / samples[m] per model run (nullopt / nullptr: that model gave none); labels are
// the models run, matched to the weights by weights_for(). nullopt if no weighted model ran.
std::optional<EnsembleForecast> ensemble_forecast(
    const EnsembleWeights& weights, const std::vector<std::string>& labels,
    const std::vector<std::optional<double>>& points,
    const std::vector<const std::vector<double>*>& samples, double scale_min, double scale_max,
    std::size_t mixture_size = 4000);
Json to_json(const EnsembleForecast& forecast);

// Rows to fit on: every model's forecast and the outcome in % of the scale width, and the
// catalogue case each row belongs to (folds split cases, never a case's outcomes).
struct StackingData {
  std::vector<std::vector<double>> x;  // [row][model]
  std::vector<double> y;               // [row]
  std::vector<int> group;              // [row] case index
  int groups = 0;                      // case count (0 = the largest index + 1)
};

// Non-negative weights summing to one minimising the mean squared error of x.w against y
// (accelerated projected gradient onto the simplex; deterministic).
std::vector<double> fit_simplex_weights(const std::vector<std::vector<double>>& x,
                                        const std::vector<double>& y);

// Case index -> fold, a seeded shuffle dealt round-robin (folds = min(folds, groups)).
std::vector<int> assign_folds(int groups, int folds, std::uint64_t seed);

struct FitOptions {
  int folds = 5;
  std::uint64_t seed = 1;
  std::vector<double> levels = {0.5, 0.9};  // conformal levels
};

// Out-of-fold predictions of the stacked and the averaged ensemble for every row.
struct OutOfFold {
  int folds = 0;
  std::vector<int> fold_of_group;
  std::vector<double> stacking, average;
};
OutOfFold cross_validate(const StackingData& data, const FitOptions& options);

// Fits the weights on every row and decides between stacking and the average on the
// out-of-fold MAE; the conformal band comes from the chosen method's out-of-fold residuals.
// OptionError if there are fewer than two cases or no model.
EnsembleWeights fit_ensemble(const StackingData& data, const std::vector<std::string>& labels,
                             const FitOptions& options);

std::string weights_to_yaml(const EnsembleWeights& weights);
// ScenarioError with file:line:column for every problem.
EnsembleWeights weights_from_yaml(const std::string& text, const std::string& file);
EnsembleWeights load_weights_file(const std::string& path);

Json to_json(const EnsembleWeights& weights);

}  // namespace statecraft
