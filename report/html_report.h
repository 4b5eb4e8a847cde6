// A self-contained HTML report (inline CSS and SVG charts; opens offline) built from the
// result documents: the `run` result JSON and, optionally, Monte Carlo, what-if and
// backtest JSON files.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace statecraft::report {

struct ReportInputs {
  Json run;                      // `statecraft run --format json` document (required)
  Json monte_carlo;              // the "monte_carlo" object of an mc result, or null
  std::vector<Json> whatifs;     // "whatif" objects
  Json backtest;                 // the "backtest" object, or null
  std::vector<Json> flips = {};  // `statecraft flip --format json` documents
};

// Throws nlohmann's json exceptions when a document lacks fields it needs.
std::string html_report(const ReportInputs& inputs);

// The scenario id a result document names ("scenario": "id" or {"id": ...}); "" if none.
// A report combines only documents of one scenario.
std::string document_scenario(const Json& document);

// Escapes text for HTML element content and attribute values.
std::string escape_html(const std::string& text);

}  // namespace statecraft::report
