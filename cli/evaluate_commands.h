// `statecraft evaluate CATALOGUE` and `statecraft fit CATALOGUE -o weights.yaml`, and the
// scores table shared with `backtest`.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace statecraft::cli {

struct EvaluateArgs {
  std::string catalogue;
  std::vector<std::string> models;  // empty = compromise:mean, bdm, smp
  std::vector<std::string> params;
  int runs = 0;  // Monte Carlo runs per case for the models' intervals (0 = point forecasts)
  std::uint64_t seed = 1;
  int threads = 0;
  int folds = 5;
  double tolerance = 10;
  double horizon = 0;    // years; 0 = every outcome after as_of (or the case's own horizon)
  std::string ensemble;  // weights file: fixed weights, nothing refitted
  std::string format = "table";
  std::string out_dir = "out";
  std::string output;  // fit: the weights file to write
  bool no_institutions = false;
  bool rows = false;
};

// The two subcommands, registered on `app`; dispatch() runs the one parsed, if any.
struct EvaluateCommands {
  EvaluateArgs evaluate_args, fit_args;
  CLI::App* evaluate = nullptr;
  CLI::App* fit = nullptr;
  bool dispatch(int& exit_code) const;
};
void add_evaluate_commands(CLI::App& app, EvaluateCommands& commands);

int evaluate_command(const EvaluateArgs& args);
int fit_command(const EvaluateArgs& args);

// The per-method scores table of an evaluate() or backtest() result: MAE, hit rate,
// direction, coverage, CRPS and skill against persistence for every model, ensemble and
// baseline, the conformal levels achieved and the PIT histogram.
std::string scores_table(const Json& methods, const Json& ensemble);
// The whole backtest table (scores, horizons and each outcome beside persistence).
std::string backtest_table(const Json& backtest);

}  // namespace statecraft::cli
