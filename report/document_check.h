// Shape checks of the result documents a report reads, before it reads them: nlohmann's
// const operator[] on a missing key is undefined behaviour, so a hand-edited or truncated
// file must be refused here with a message naming the field, not met inside the renderer.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

// "" when the document has every field the report reads, with its type; otherwise the first
// problem, naming the field's path (e.g. "models[0].issues[2].shift.p05 must be a number").
std::string run_document_problem(const Json& run);            // `statecraft run --format json`
std::string monte_carlo_document_problem(const Json& mc);     // the "monte_carlo" object
std::string whatif_document_problem(const Json& whatif);      // the "whatif" object
std::string backtest_document_problem(const Json& backtest);  // the "backtest" object

}  // namespace statecraft::report
