// The `statecraft` subcommands. Each returns the process exit code and throws the
// project's typed errors, which main() turns into one line on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace statecraft::cli {

struct RunArgs {
  std::string input;                // empty = the embedded Korean scenario
  std::vector<std::string> models;  // empty = the default set
  int rounds = 0;
  std::uint64_t seed = 1;
  int threads = 0;                  // 0 = every core
  std::string format = "table";     // table | json | csv
  std::string out_dir = "out";      // empty = write no files
  std::vector<std::string> params;  // key=value
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
};
int report_command(const ReportArgs& args);

int validate_command(const std::vector<std::string>& files);
int models_command(const std::string& format);

// `statecraft limits`: every limit, its current value and what it caps.
int limits_command();

// Ends the process with a typed error (exit code 2) once `seconds` of wall time pass, so no
// input can make a command run forever; 0 = no limit. Outputs are written atomically, so a
// stopped command leaves none half-written.
void start_time_limit(double seconds);
int import_command(const std::string& kind, const std::string& file, const std::string& output);

// The models `statecraft run` uses when none are named.
const std::vector<std::string>& default_models();

}  // namespace statecraft::cli
