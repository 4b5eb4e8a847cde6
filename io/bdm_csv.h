// Importer for the actor table of the Scholz BDM replication
// (columns Actor, Capability, Position, Salience; salience in [0, 1]).
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

// One issue named after the file; ImportError naming file:line and column on bad input.
ScenarioPtr load_bdm_csv_text(const std::string& text, const std::string& file);
ScenarioPtr load_bdm_csv_file(const std::string& path);

// True when the first cell of the text (after any byte-order mark) is "Actor".
bool looks_like_bdm_csv(const std::string& text);

}  // namespace statecraft::io
