// The report's "What would flip it" section: one `statecraft flip --format json` document
// (docs/models/linkage.md, "What would flip it") as a table and a tornado chart.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

// `anchor` is the section's id (the contents link to it). Throws nlohmann's json exceptions
// when the document lacks fields it needs.
std::string flip_section(const Json& flip, const std::string& anchor);

}  // namespace statecraft::report
