// Loads and fully validates a scenario YAML file (format: docs/scenario-format.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/scenario.h"

namespace statecraft::io {

// Reads the file a snapshot `extends`: given the file that names it and the name as
// written, returns {text, file name for messages}; throws InputError if it cannot.
using ScenarioFiles =
    std::function<std::pair<std::string, std::string>(const std::string&, const std::string&)>;

// `extends:` names resolved on disk, relative to the directory of the naming file.
ScenarioFiles files_on_disk();

// Throws ScenarioError listing every problem found, each with file:line:column. A snapshot
// that `extends` another file is merged onto it (rules: docs/scenario-format.md).
ScenarioPtr load_scenario_text(const std::string& text, const std::string& file);
ScenarioPtr load_scenario_text(const std::string& text, const std::string& file,
                               const ScenarioFiles& files);
ScenarioPtr load_scenario_file(const std::string& path);

}  // namespace statecraft::io
