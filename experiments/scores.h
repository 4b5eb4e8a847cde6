// Proper scores for forecasts against real outcomes: absolute error, hits within a
// tolerance, direction of change, interval coverage, CRPS and a PIT histogram. Pure
// functions of (targets, predictions); every quantity is expressed in % of the issue's
// scale width so that issues on different scales can be pooled.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace statecraft {

// One real outcome to score against.
struct Target {
  std::string case_id;               // catalogue case (or the scenario id)
  std::string issue;                 // issue id
  std::optional<std::string> actor;  // set: the actor's own position was observed
  std::string date;
  double horizon_years = 0;  // from the scenario's as_of to the outcome's date
  double value = 0;          // on the issue scale
  double scale_min = 0, scale_max = 100;
  // The value at the forecast date, persistence's forecast (the snapshot's status quo or the
  // actor's stated position, else the last observation on/before as_of; in sample, the last
  // observation before the target); direction is judged from it.
  std::optional<double> reference;

  double to_pct(double x) const { return 100 * (x - scale_min) / (scale_max - scale_min); }
};

// What one method predicted for one target (on the issue scale).
struct Prediction {
  double point = 0;
  std::vector<double> samples;  // predictive distribution, empty = point forecast only
  // Explicit central intervals (e.g. conformal) override the samples' quantiles.
  std::optional<std::pair<double, double>> interval50, interval90;
};

struct ScoreOptions {
  double tolerance_pct = 10;  // a hit: |error| within this % of the scale width
  int pit_bins = 10;
};

struct Scores {
  int n = 0;                  // targets scored
  double mae = 0;             // scale units
  double mae_pct = 0;         // % of the scale width
  double hit_rate = 0;        // share within the tolerance
  int direction_n = 0;        // targets whose outcome moved away from the reference
  double direction_rate = 0;  // share of those where the forecast moved the same way
  int coverage_n = 0;         // targets with an interval
  double coverage50 = 0, coverage90 = 0;
  double crps_pct = 0;             // mean CRPS in % of scale (= MAE for point forecasts)
  std::vector<int> pit_histogram;  // PIT counts over equal bins, targets with samples only
  int pit_n = 0;
};

// CRPS of the empirical distribution of `samples` at `y`, energy form
//   E|X - y| - E|X - X'| / 2,
// computed exactly in O(n log n) by sorting. With one sample it is |x - y|.
double crps_samples(std::vector<double> samples, double y);

// Probability integral transform of y under the empirical distribution: P(X < y) +
// P(X = y) / 2 (ties split, so a point mass at y gives 0.5).
double pit_value(const std::vector<double>& samples, double y);

// A central interval of the empirical distribution (R type-7 quantiles).
std::pair<double, double> central_interval(std::vector<double> samples, double level);

// Scores over every target with a prediction (nullopt = this method had none for it).
Scores score(const std::vector<Target>& targets,
             const std::vector<std::optional<Prediction>>& predictions,
             const ScoreOptions& options);

// 1 - score / reference score; nullopt when the reference is 0 or absent.
std::optional<double> skill(double score, double reference_score);

Json to_json(const Scores& scores, const ScoreOptions& options);

}  // namespace statecraft
