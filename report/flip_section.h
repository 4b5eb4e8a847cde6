// The report's "What would flip it" section: one `statecraft flip --format json` document
// (docs/models/linkage.md, "What would flip it") as a table and a tornado chart.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

// What is wrong with a document that claims to be a flip result ("" if nothing): a missing
// field or one of the wrong type, named by its JSON path. Call it before flip_section.
std::string flip_document_problem(const Json& flip);

// The section's subject for its heading and the report's contents, after "What would flip
// it: ": the issue, the intervention if any, and the model, e.g. "denuclearization_pressure
// (us_engages_russia, compromise:mean)" (HTML-escaped), so two files on the same issue (other
// models or interventions) stay apart. The document must have passed flip_document_problem.
std::string flip_title(const Json& flip);

// `anchor` is the section's id (the contents link to it). The document must have passed
// flip_document_problem.
std::string flip_section(const Json& flip, const std::string& anchor);

}  // namespace statecraft::report
