// "What would flip it" (issue 14 §4): for a conclusion written as a margin (margin > 0 <=>
// the conclusion holds), a tornado over every uncertain number of the scenario and, for the
// most influential ones, the value at which the conclusion flips. Works for a run or a
// what-if: the evaluation is injected. See docs/models/linkage.md ("What would flip it").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"
#include "experiments/sampling.h"

namespace statecraft {

// The conclusion's margin on a scenario; must be a pure function (it is called from
// several threads at once when FlipOptions::threads > 1).
using MarginFunction = std::function<double(const Scenario&)>;

struct FlipOptions {
  int top = 5;          // thresholds for this many inputs (by swing)
  int grid = 8;         // samples per searched segment before bisection
  int bisections = 40;  // halvings of the bracketing interval
  int threads = 1;      // results never depend on it
};

struct FlipInput {
  Parameter parameter;
  double margin_at_low = 0, margin_at_high = 0;
  double swing = 0;                 // |margin_at_high - margin_at_low|
  bool searched = false;            // among the top inputs
  std::optional<double> threshold;  // where the conclusion flips, nearest the declared value
  bool within_cited_range = false;
  double search_low = 0, search_high = 0;  // the interval searched (cited range + validity)
};

struct FlipReport {
  double margin = 0;  // at the declared values
  bool holds = false;
  std::vector<FlipInput> inputs;  // by swing, largest first (ties: parameter order)
};

// The interval a parameter may take at all: the scale for positions and status
// quo, [0, 1] for saliences, [high / 1000, 4 x high] for
// capabilities, and for a response slope the
// cited range widened to +-10 x (target width / driver scale width), beyond which the
// response saturates against its bounds for nearly every driver value.
std::pair<double, double> validity_bounds(const Scenario& scenario, const Parameter& parameter);

FlipReport what_would_flip(const Scenario& scenario, const MarginFunction& margin,
                           const FlipOptions& options = {});

// {"margin", "holds", "inputs": [{"name", "declared", "cited_range", "margin_at_low",
// "margin_at_high", "swing", "threshold", "threshold_within_cited_range", "searched",
// "verdict"}]}; `verdict` in words, e.g. "flips at 37.2 (inside the cited range 30-60)"
// or "no flip within [0, 100]".
Json to_json(const FlipReport& report);
std::string verdict(const FlipInput& input);

}  // namespace statecraft
