// Monte Carlo over a scenario's declared uncertainty, and counterfactuals on common
// random numbers. Run i draws its parameters from Rng(seed, i), so results do not depend
// on thread count or batch size.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"
#include "experiments/sampling.h"

namespace statecraft {

struct ModelChoice {
  ModelSpec spec;
  std::map<std::string, std::string> params;
};

struct McOptions {
  int runs = 1000;
  std::uint64_t seed = 1;
  int threads = 1;
  std::vector<ModelChoice> models;
  bool institutions = true;                // apply veto rules to every outcome
  std::vector<std::string> interventions;  // applied to every draw (whatif)
  int batch = 256;                         // runs between progress reports
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
};

McSamples run_monte_carlo(const Scenario& scenario, const McOptions& options);

// The point forecast with every parameter at its declared value (no draw).
std::vector<ModelResult> run_point(const Scenario& scenario, const McOptions& options);

// Summaries as a result document: per model and issue the outcome distribution, each
// actor's final position, and the parameters the outcome is most sensitive to.
Json summarize_monte_carlo(const Scenario& scenario, const McOptions& options,
                           const McSamples& samples, const std::vector<ModelResult>& point);

// Intervention minus baseline on the same draws, per model and issue.
Json summarize_whatif(const Scenario& scenario, const McOptions& options, const McSamples& baseline,
                      const McSamples& changed, const std::vector<ModelResult>& point_baseline,
                      const std::vector<ModelResult>& point_changed);

}  // namespace statecraft
