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
  int top = 5;          // thresholds for this many inputs (by swing), and for every input whose
                        // cited range takes the margin to or across zero at either end
  int grid = 8;         // samples per searched segment before bisection
  int bisections = 40;  // halvings of the bracketing interval
  int threads = 1;      // results never depend on it
};

// Values are on the scale the model reads (saliences 0-1); `unit` converts to the scenario
// file's (to_json and verdict show them so).
struct FlipInput {
  Parameter parameter;
  double margin_at_low = 0, margin_at_high = 0;
  double swing = 0;       // |margin_at_high - margin_at_low|
  bool searched = false;  // among the top inputs, or its cited range takes the margin to zero
  // Where the conclusion stops holding (the margin reaches zero or crosses it), nearest the
  // declared value.
  std::optional<double> threshold;
  bool within_cited_range = false;
  double margin_at_threshold = 0;
  // The margin is exactly 0 at the threshold and the sign does not reverse right there (in
  // the same part of the line: the cited range, or beyond it): a tie, e.g. an effect that
  // vanishes at the end of the cited range, not a reversal.
  bool tie = false;
  // Where the sign actually reverses: the threshold itself unless it is a tie; after a tie,
  // the first value beyond it (same direction, up to the search bound) that reverses it.
  std::optional<double> reversal;
  bool reversal_within_cited_range = false;
  double search_low = 0, search_high = 0;  // the interval searched (cited range + validity)
  double unit = 1;  // the scenario file's scale over the model's: 100 for saliences (and
                    // slopes of salience responses), which files write 0-100
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

// {"margin", "holds", "salience_scale": "0-100", "inputs": [{"name", "declared",
// "cited_range", "margin_at_low", "margin_at_high", "swing", "searched", "search_interval",
// "threshold", "threshold_within_cited_range", "threshold_kind" ("reversal", "tie" or null),
// "margin_at_threshold", "reversal", "reversal_within_cited_range", "verdict"}]}, every value
// of an input on the scenario file's scale (saliences 0-100). `verdict` in words, e.g.
// "flips at 37.2 (inside the cited range 30 to 60; declared 45)", "no flip within [0, 100]" or
// for a tie "the conclusion reaches a tie at 0 (the low end of the cited range 0 to 0.6; declared
// 0.3) and reverses only below it, outside the cited range". `effect`: the margin is an
// intervention's effect, so a tie reads "the effect vanishes at ...".
Json to_json(const FlipReport& report, bool effect = false);
std::string verdict(const FlipInput& input, bool effect = false);

}  // namespace statecraft
