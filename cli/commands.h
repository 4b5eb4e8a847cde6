// The `statecraft` subcommands. Each returns the process exit code and throws the
// project's typed errors, which main() turns into one line on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/request_args.h"

namespace statecraft::cli {

struct RunArgs {
  RequestArgs request;           // scenario, models, rounds, seed, threads, interventions
  std::string format = "table";  // table | json | csv
  std::string out_dir = "out";   // empty = write no files
  bool why = false;              // table: each forecast's plain-language reason
};

int run_command(const RunArgs& args);

struct ConflictArgs {
  std::string input;                    // scenario YAML or gmcr-py .gmcr; empty = Korean default
  std::string conflict;                 // one conflict id; empty = all
  std::vector<std::string> concepts;    // empty = all six
  std::string status_quo;               // overrides the conflict's own
  std::string semantics = "textbook";   // textbook | gmcr-py
  std::vector<std::string> coalitions;  // "A,B": decision makers acting as one player
  std::string format = "table";
  int threads = 0;
};
int conflict_command(const ConflictArgs& args);
struct ReportArgs {
  std::string result;  // run result JSON
  std::string output;  // default: next to the result, .html
  std::string mc, backtest;
  std::vector<std::string> whatifs;
  std::vector<std::string> flips;
};
int report_command(const ReportArgs& args);

// Scenario files, or outcomes files (a map with `outcomes:` and no `scenario:`), checked
// against `outcomes_scenario` (empty = the Korean default).
int validate_command(const std::vector<std::string>& files,
                     const std::string& outcomes_scenario = "");
int models_command(const std::string& format);

// `statecraft limits`: every limit, its current value and what it caps.
int limits_command();

// Ends the process with a typed error (exit code 2) once `seconds` of wall time pass, so no
// input can make a command run forever; 0 = no limit. Outputs are written atomically, so a
// stopped command leaves none half-written.
void start_time_limit(double seconds);
int import_command(const std::string& kind, const std::string& file, const std::string& output);

}  // namespace statecraft::cli
