// `statecraft mc` and `statecraft whatif`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace statecraft::cli {

struct ExperimentArgs {
  std::vector<std::string> positional;  // [SCENARIO] then interventions (whatif)
  std::vector<std::string> models;      // empty = compromise:mean, bdm, smp
  int runs = 1000;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string format = "table";
  std::string out_dir = "out";
  std::vector<std::string> params;
  bool no_institutions = false;
  bool quiet = false;
  std::string db;         // SQLite study file; empty = none
  std::string outcomes;   // backtest: external outcomes file
  double tolerance = 10;  // backtest: hit if within this % of the scale
};

int mc_command(const ExperimentArgs& args);
int whatif_command(const ExperimentArgs& args);
int backtest_command(const ExperimentArgs& args);

}  // namespace statecraft::cli
