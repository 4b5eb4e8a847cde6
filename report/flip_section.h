// The report's "What would flip it" section: one `statecraft flip --format json` document
// (docs/models/linkage.md, "What would flip it") as a table and a tornado chart.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

// What is wrong with a document that claims to be a flip result ("" if nothing): a missing
// field or one of the wrong type, named by its JSON path. Call it before flip_section.
std::string flip_document_problem(const Json& flip);

// `anchor` is the section's id (the contents link to it). The document must have passed
// flip_document_problem.
std::string flip_section(const Json& flip, const std::string& anchor);

}  // namespace statecraft::report
