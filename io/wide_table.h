// Importer for the wide issue table of the decision-making data sets (one row per issue,
// a position and a salience column per actor, a capability row, optional status quo and
// outcome columns): docs/catalogue.md, "The wide issue table".
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

// True when the text (after any leading `#` lines) has a header whose first column is
// `issue` and which names at least one `pos_<actor>` column.
bool looks_like_wide_table(const std::string& text);

// One scenario with an issue per row; ImportError naming file, line and column otherwise.
ScenarioPtr load_wide_table_text(const std::string& text, const std::string& path);
ScenarioPtr load_wide_table_file(const std::string& path);

}  // namespace statecraft::io
