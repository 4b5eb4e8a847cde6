// Helpers shared by the tests: paths into the source tree and small scenario builders.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::test {

std::string source_path(const std::string& relative);  // e.g. "scenarios/korea_peninsula.yaml"
std::string read_file(const std::string& path);

// A scenario from YAML text; throws like the loader.
ScenarioPtr scenario_from_yaml(const std::string& yaml);

// A valid one-issue scenario with the given (capability, position, salience in [0, 1]).
struct ActorRow {
  double capability, position, salience;
};
ScenarioPtr one_issue_scenario(const std::vector<ActorRow>& rows, double min = 0, double max = 100);

// `statecraft <args>` run by the shell in `dir` (stdout/stderr captured there).
struct CliResult {
  int code;  // exit code, -1 if it did not exit normally
  std::string out, err;
};
CliResult run_statecraft(const std::string& dir, const std::string& args);

// Runs each `name[:variant]` with default options, in order.
std::vector<ModelResult> run_models(const Scenario& scenario,
                                    const std::vector<std::string>& specs);

}  // namespace statecraft::test
