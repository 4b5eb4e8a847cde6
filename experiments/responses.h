// Positions that respond to other issues (issue 14): the scenario's `responses:` solved
// jointly with any issue model. Design and argument: docs/models/linkage.md.
//
// A response sets a responding actor's position (or salience) on one issue to
//   clamp(base + slope * (driver - reference), bounds)
// Drivers that are another actor's *input position* are applied before the run, in
// dependency order (a cycle among them is a ResponseError). Drivers that are an issue's
// *forecast outcome* are solved by an outer fixed-point loop: run -> read the driver
// outcomes -> set the responding values -> rerun, until the model's inputs stop changing.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "core/errors.h"
#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

// The model run the solver wraps: a pure function of the scenario (the caller binds the
// model, its options and, normally, the institutions so drivers read constrained outcomes).
using RunModel = std::function<ModelResult(const Scenario&)>;

// A `responses:` section the solver cannot use: a missing stance, an out-of-range index,
// bounds that exclude each other, or a cycle among actor-position drivers.
class ResponseError : public ScenarioError {
 public:
  using ScenarioError::ScenarioError;
  const char* kind() const override { return "response error"; }
};

struct ResponseOptions {
  // Converged when no responding value would change by more than this fraction of its
  // bounds' width if the last run's outcomes were fed back.
  double tolerance = 1e-9;
  int max_iterations = 50;  // model runs at most
  // Fraction of the old driver value kept each step, in [0, 1): 0 = plain fixed-point
  // iteration; larger values slow the feedback and can turn a cycle into convergence.
  double damping = 0;
  // When the loop cycles: keep the last run's outcomes (default), or replace each issue's
  // outcome by its mean over the runs of the cycle (the last run's outcome is kept in the
  // issue's detail as "responses_cycle"). Either way the diagnostics report the cycle.
  enum class CycleForecast { LastRun, CycleMean } cycle_forecast = CycleForecast::LastRun;
};

struct ResponseRun {
  ModelResult result;  // the last run (the fixed point when diagnostics say converged)
  Json diagnostics;    // see docs/models/linkage.md ("Diagnostics")
};

// Checks every response against the scenario and returns them in an order in which each
// actor-position driver is final before anything reads it. ResponseError on a problem.
std::vector<std::size_t> response_order(const Scenario& scenario);

// The scenario with every response applied: actor-position drivers read the scenario's
// own (already responded) positions; outcome drivers read `outcome_driver[j]` for the
// j-th response in scenario order (entries of position-driven responses are ignored).
Scenario apply_responses(const Scenario& scenario, const std::vector<std::size_t>& order,
                         const std::vector<double>& outcome_driver);

// Runs `run_model` on the coupled system. Without responses it is exactly one plain run.
ResponseRun run_with_responses(const Scenario& scenario, const RunModel& run_model,
                               const ResponseOptions& options = {});

// A value an intervention (or any change) *sets* is decided: the responses on that actor,
// issue and field are pinned to it (bounds [v, v]) so they no longer move it; a *shift*
// only moves the base the responses start from. Call after applying `changes` to `scenario`.
void pin_set_responses(const std::vector<Change>& changes, Scenario& scenario);

// For a what-if: how each response carried the intervention, from the two runs'
// diagnostics. Per response: actor, issue, field, driver, driver_baseline, driver_with (the
// driver value the response was computed from in the last run: for an outcome driver the
// solver's iterate, which equals the model's outcome once converged), value_baseline,
// value_with, change (value_with - value_baseline), from_intervention (the change of the
// value's starting point: an intervention that shifts or sets it), through_response (change
// - from_intervention: what the response itself did), and solved_baseline / solved_with (the
// loop's status: converged, cycle or max_iterations), in scenario order.
Json response_effects(const Json& baseline_diagnostics, const Json& with_diagnostics);

}  // namespace statecraft
