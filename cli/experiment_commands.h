// `statecraft mc` and `statecraft whatif`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/request_args.h"

namespace statecraft::cli {

struct ExperimentArgs {
  std::vector<std::string> positional;  // [SCENARIO] then interventions
  RequestArgs request;                  // models, rounds, seed, threads, params (input unused)
  int runs = 1000;
  std::string format = "table";
  std::string out_dir = "out";
  bool quiet = false;
  std::string db;         // SQLite study file; empty = none
  std::string outcomes;   // backtest: external outcomes file
  double tolerance = 10;  // backtest: hit if within this % of the scale
};

int mc_command(const ExperimentArgs& args);
int whatif_command(const ExperimentArgs& args);
int backtest_command(const ExperimentArgs& args);

}  // namespace statecraft::cli
