// Importer for the actor table of the Scholz BDM replication
// (columns Actor, Capability, Position, Salience; salience in [0, 1]).
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

// One issue named after the file; ImportError naming file:line and column on bad input.
ScenarioPtr load_bdm_csv_text(const std::string& text, const std::string& file);
ScenarioPtr load_bdm_csv_file(const std::string& path);

}  // namespace statecraft::io
