// Convergence you can see (issue 15 §7): does an iterative model's per-issue trajectory
// settle, cycle, or still move when the rounds run out? Reports the period and the values
// cycled through, and offers a documented cycle-aware forecast. docs/models/linkage.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

struct ConvergenceOptions {
  // Two states are the same when no actor's position differs by more than this fraction
  // of the scale width.
  double tolerance = 1e-9;
  // Without an exact repeat, the trajectory is "oscillating" when, over the last `window`
  // rounds, the forecast or some actor's position reverses direction with both moves
  // larger than this fraction of the scale width.
  double oscillation = 0.05;
  int window = 4;
  // A last step no larger than this fraction of the scale width, without swings, is
  // "settling" (e.g. SMP stopped by its own change-ratio rule while positions still drift).
  double settling = 0.01;
  // What the issue's outcome becomes: the last round's (the model's own rule), or, when a
  // cycle is detected and a per-round forecast series is known, the mean over the cycle.
  enum class Forecast { Last, CycleMean } forecast = Forecast::Last;
};

struct ConvergenceReport {
  // not_iterative: one state only; converged: the last state repeats; cycle: a state repeats
  // with period >= 2 (a deterministic model then repeats forever); oscillating: no exact
  // repeat, but the forecast or a position still swings back and forth by more than
  // `oscillation` within the last `window` rounds; settling: no such swing and the last round moved
  // no position by more than `settling`; not_converged: still moving by more than that.
  enum class Status { NotIterative, Converged, Cycle, Oscillating, Settling, NotConverged };
  Status status = Status::NotIterative;
  int rounds = 0;  // rounds run (trajectory size - 1)
  int settled_round =
      0;           // converged: first round of the final state; cycle: first round of the cycle
  int period = 0;  // cycle only
  double last_change = 0;  // max |x_T - x_{T-1}| over actors, fraction of the scale width
  std::vector<std::vector<double>> cycle_states;  // [state in cycle][actor]
  std::vector<double> cycle_forecasts;            // per cycle state, when a series was given
  std::optional<double> cycle_mean;               // mean of cycle_forecasts
  std::optional<std::pair<double, double>> recent_forecast_range;  // min, max over `window`
  // With a forecast series: the forecast did not change over the cycle (cycle) or the
  // window (otherwise) — positions move, the forecast does not.
  bool forecast_steady = false;
  // Oscillating / not converged: the last `window` states and forecasts (the values the
  // trajectory moves through when it neither settles nor repeats exactly).
  std::vector<std::vector<double>> recent_states;
  std::vector<double> recent_forecasts;
};

const char* to_string(ConvergenceReport::Status status);

// `trajectory` is [round][actor] (round 0 = input); `forecasts`, if not empty, is the
// model's forecast after each round (same length as the trajectory); `width` the scale's.
ConvergenceReport analyse_convergence(const std::vector<std::vector<double>>& trajectory,
                                      const std::vector<double>& forecasts, double width,
                                      const ConvergenceOptions& options = {});

Json to_json(const ConvergenceReport& report, const std::vector<std::string>& actors);

// The model's forecast after each round when its detail records one (BDM: the weighted
// median of each round); empty otherwise.
std::vector<double> forecast_series(const IssueResult& issue);

// Adds detail["convergence"] to each issue of `result`; with Forecast::CycleMean and a
// detected cycle, sets the outcome to the cycle mean and keeps the last round's as
// detail["convergence"]["last_round_outcome"].
void add_convergence(const Scenario& scenario, ModelResult& result,
                     const ConvergenceOptions& options = {});

// One line for a table from detail["convergence"]; empty when converged or not iterative.
// E.g. "oscillating: forecast 76.6-89.1 over rounds 7-10, no settled value".
std::string describe_convergence(const Json& convergence);

// One issue (the pipeline's per-issue hook); `scale` is that issue's.
void add_convergence(const Scale& scale, IssueResult& issue,
                     const ConvergenceOptions& options = {});

}  // namespace statecraft
