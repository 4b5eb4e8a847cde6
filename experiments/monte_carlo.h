// Monte Carlo over a scenario's declared uncertainty, and counterfactuals on common
// random numbers. Run i draws its parameters from the seed tree's node seed -> McRun(i) ->
// Draws and runs each model at seed -> McRun(i) -> Model(label), so results depend on
// neither thread nor rank count nor batch size, and a what-if's two arms share their draws.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"
#include "experiments/pipeline.h"
#include "experiments/sampling.h"

namespace statecraft {

struct McOptions {
  PreparedRequest request;  // models, seed, threads, institutions, interventions, changes
  int runs = 1000;
  int batch = 256;  // runs between progress reports
  std::function<void(int done, int total)> progress;
  // Called once per finished batch with the samples so far and the run range [from, to)
  // just completed (study databases write it in one transaction).
  std::function<void(const struct McSamples&, int from, int to)> on_batch;
};

struct McSamples {
  std::vector<Parameter> parameters;
  std::vector<std::vector<double>> draws;  // [run][parameter]
  // [model][issue][run]
  std::vector<std::vector<std::vector<double>>> outcomes;
  // [model][issue][actor slot][run]: each actor's final position
  std::vector<std::vector<std::vector<std::vector<double>>>> positions;
  std::vector<std::vector<std::vector<std::string>>> actors;  // [model][issue][slot]
  // [model][response][run]: how far each response moved its value from the starting point
  // the scenario (and any intervention) gave it: value - base (the `responses:` order)
  std::vector<std::vector<std::vector<double>>> responses;
  // [model][run]: 1 when that run's response loop did not settle (a cycle or the iteration
  // limit; its last run's values stand), else 0
  std::vector<std::vector<double>> unsettled;
};

// Draws over the request's base scenario; each draw gets the request's interventions and
// changes applied before the models run.
McSamples run_monte_carlo(const McOptions& options);

// The point forecast with every parameter at its declared value (no draw).
std::vector<ModelResult> run_point(const McOptions& options);

// Summaries as a result document: per model and issue the outcome distribution, each
// actor's final position, and the parameters the outcome is most sensitive to.
Json summarize_monte_carlo(const McOptions& options, const McSamples& samples,
                           const std::vector<ModelResult>& point);

// Intervention minus baseline on the same draws, per model and issue, and per model how
// each response carried it (its value and driver at the point forecasts, and the change of
// its value over the paired draws).
Json summarize_whatif(const McOptions& options, const McSamples& baseline, const McSamples& changed,
                      const std::vector<ModelResult>& point_baseline,
                      const std::vector<ModelResult>& point_changed);

}  // namespace statecraft
