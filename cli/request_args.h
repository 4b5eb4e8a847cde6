// Command-line options -> the pipeline's RunRequest (experiments/pipeline.h), shared by run,
// mc, whatif and backtest so each reads models, rounds, seed and parameters the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
};

// Loads the input (or the embedded default) and fills a request.
RunRequest to_request(const RequestArgs& args);

}  // namespace statecraft::cli
