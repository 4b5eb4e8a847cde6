// Loads and fully validates a scenario YAML file (format: docs/scenario-format.md).
#pragma once

#include <string>
#include <string_view>

#include "core/scenario.h"

namespace statecraft::io {

// Throws ScenarioError listing every problem found, each with file:line:column.
ScenarioPtr load_scenario_text(const std::string& text, const std::string& file);
ScenarioPtr load_scenario_file(const std::string& path);

// Largest scenario file read (bytes); larger files are rejected before parsing.

}  // namespace statecraft::io
