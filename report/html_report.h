// A self-contained HTML report (inline CSS and SVG charts; opens offline) built from the
// result documents: the `run` result JSON and, optionally, Monte Carlo, what-if and
// backtest JSON files.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace statecraft::report {

struct ReportInputs {
  Json run;                   // `statecraft run --format json` document (required)
  Json monte_carlo;           // the "monte_carlo" object of an mc result, or null
  std::vector<Json> whatifs;  // "whatif" objects
  Json backtest;              // the "backtest" object, or null
};

std::string html_report(const ReportInputs& inputs);

// Escapes text for HTML element content and attribute values.
std::string escape_html(const std::string& text);

}  // namespace statecraft::report
