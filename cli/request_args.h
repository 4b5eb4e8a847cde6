// Command-line options -> the pipeline's RunRequest (experiments/pipeline.h), shared by run,
// mc, whatif and backtest so each reads models, rounds, seed and parameters the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiments/ensemble.h"
#include "experiments/pipeline.h"

namespace statecraft::cli {

struct RequestArgs {
  std::string input;                       // empty = the embedded Korean scenario
  std::vector<std::string> models;         // empty = the pipeline's defaults
  std::vector<std::string> params;         // key=value or model.key=value
  std::vector<std::string> interventions;  // ids
  int rounds = 0;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  bool no_institutions = false;
  std::string ensemble;  // weights file of `statecraft fit`; empty = none
};

// The fitted ensemble named by --ensemble, if any (located errors from the file).
std::optional<EnsembleWeights> load_ensemble(const RequestArgs& args);

// Per issue, the ensemble of the models' point forecasts (`runs`, one per `models` entry)
// and their Monte Carlo samples samples[m][i] when there are any (else empty).
// {"weights": ..., "issues": [...]}.
Json ensemble_json(const EnsembleWeights& weights, const Scenario& scenario,
                   const std::vector<ModelChoice>& models, const std::vector<ModelResult>& runs,
                   const std::vector<std::vector<std::vector<double>>>& samples = {});

// Loads the input (or the embedded default) and fills a request.
RunRequest to_request(const RequestArgs& args);

}  // namespace statecraft::cli
