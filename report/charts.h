// The report's SVG charts (inline, no scripts): every axis labelled, scale ends in words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "report/palette.h"

namespace statecraft::report {

std::string escape_html(const std::string& text);
std::string num(double v);  // one decimal

// An issue's scale as the report draws it.
struct ScaleInfo {
  double min = 0, max = 100;
  std::string low, high;  // the ends in words
};
ScaleInfo scale_of(const Json& issue);  // from a result document's "issues" entry

// One model's trajectories on one issue: a line per actor over the rounds (colour and dash
// from the palette, the actor's label at the line's end), a dashed forecast line.
std::string trajectory_chart(const Json& issue_result, const ScaleInfo& scale,
                             const std::string& title, const Palette& palette);

// A row of a horizontal chart: a point, optionally with an interval around it.
struct IntervalRow {
  std::string label;
  double point = 0;
  std::optional<double> low, high;  // e.g. the 5th and 95th percentiles
  std::string colour = "#0072B2";
};
struct Marker {  // a labelled tick above the axis (status quo, an actor's position)
  std::string label;
  double value = 0;
  std::string colour = "#000000";
};

// Forecasts on the issue's scale: one row per model, the scale's words under the axis ends,
// markers (status quo, actors' stated positions) along the top.
std::string scale_chart(const std::vector<IntervalRow>& rows, const ScaleInfo& scale,
                        const std::vector<Marker>& markers, const std::string& title);

// Shifts on a symmetric axis [-span, span] with a zero line and labelled ticks; every
// chart given the same span shares one axis.
// `range_label` names the bars in their tooltips, `zero_label` the zero line.
std::string shift_chart(const std::vector<IntervalRow>& rows, double span, const std::string& title,
                        const std::string& axis_label,
                        const std::string& range_label = "5–95% of the shift",
                        const std::string& zero_label = "no change");

// A span that covers `extent` with a round number (1, 2, 5 x 10^k).
double nice_span(double extent);

}  // namespace statecraft::report
