// Importer for KTAB's SMP input CSV (examples/smp/doc in KTAB):
//   line 1: scenario name, description, number of actors, number of dimensions
//   line 2: header (Actor, Description, Power, then position/salience names per dimension)
//   then:   name, description, capability, position_1, salience_1, ... (0-100 each)
// Each actor's saliences share one budget (sum <= 100), so the scenario says
// `salience_basis: budget`.
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

ScenarioPtr load_ktab_csv_text(const std::string& text, const std::string& file);
ScenarioPtr load_ktab_csv_file(const std::string& path);

// True when the text looks like a KTAB SMP CSV rather than a BDM actor table.
bool looks_like_ktab_csv(const std::string& text);

}  // namespace statecraft::io
