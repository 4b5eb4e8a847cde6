// Dated real-world outcomes: the scenario's `outcomes:` section, or a separate outcomes
// file (`sources:` optional, then `outcomes:`) checked against a scenario.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/scenario.h"
#include "io/yaml_reader.h"

namespace statecraft::io {

// Appends every valid outcome of `node` to scenario.outcomes, reporting problems.
void read_outcomes(YamlReader& reader, const YAML::Node& node, Scenario& scenario);

// An outcomes file for `scenario`; ScenarioError listing every problem with file:line:column.
std::vector<Outcome> load_outcomes_text(const std::string& text, const std::string& file,
                                        const Scenario& scenario);
std::vector<Outcome> load_outcomes_file(const std::string& path, const Scenario& scenario);

}  // namespace statecraft::io
