#include "experiments/flip.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.h"
#include "core/parallel.h"

namespace statecraft {
namespace {

double margin_at(const Scenario& s, const MarginFunction& margin, const Parameter& p, double v) {
  Scenario copy = s;
  set_parameter(p, v, copy);
  return margin(copy);
}

double scale_width(const Issue& is) {
  return is.scale.max > is.scale.min ? is.scale.max - is.scale.min : 1;
}

// Walks from `from` to `to` (grid samples); the first flip of `holds` is bracketed and
// bisected.
std::optional<double> first_flip(const Scenario& s, const MarginFunction& margin,
                                 const Parameter& p, double from, double to, bool holds,
                                 const FlipOptions& o) {
  if (from == to) return std::nullopt;
  double prev = from;
  for (int g = 1; g <= o.grid; ++g) {
    const double x = from + (to - from) * double(g) / double(o.grid);
    if ((margin_at(s, margin, p, x) > 0) != holds) {
      double a = prev, b = x;  // holds at a, not at b
      for (int k = 0; k < o.bisections; ++k) {
        const double m = 0.5 * (a + b);
        ((margin_at(s, margin, p, m) > 0) == holds ? a : b) = m;
      }
      // The first value at which the conclusion no longer holds (exact when the flip
      // falls on a grid point, e.g. a slope's effect vanishing at 0).
      return b;
    }
    prev = x;
  }
  return std::nullopt;
}

std::string number(double v) { return fmt::format("{:.4g}", v); }

}  // namespace

std::pair<double, double> validity_bounds(const Scenario& s, const Parameter& p) {
  switch (p.kind) {
    case Parameter::Kind::Position:
    case Parameter::Kind::StatusQuo:
      return {s.issues[p.issue].scale.min, s.issues[p.issue].scale.max};
    case Parameter::Kind::Salience:
      return {0, 1};
    case Parameter::Kind::Capability:
    case Parameter::Kind::IssueCapability:
      // Models need a positive capability; a thousandth of the range's top stands for "none".
      return {std::max(p.high, 0.0) / 1000, 4 * std::max(p.high, 0.0)};
    case Parameter::Kind::ResponseSlope: {
      const Response& r = s.responses[p.stance];
      const double target =
          r.field == Response::Field::Position ? scale_width(s.issues[r.issue]) : 1.0;
      const double m = 10 * target / scale_width(s.issues[r.driver_issue]);
      return {std::min(p.low, -m), std::max(p.high, m)};
    }
  }
  return {p.low, p.high};
}

FlipReport what_would_flip(const Scenario& s, const MarginFunction& margin, const FlipOptions& o) {
  if (o.top < 0 || o.grid < 1 || o.bisections < 0)
    throw OptionError("flip", "expected top >= 0, grid >= 1 and bisections >= 0");
  FlipReport report;
  report.margin = margin(s);
  report.holds = report.margin > 0;
  const auto params = uncertain_parameters(s);
  report.inputs.resize(params.size());
  parallel_for(params.size(), o.threads, [&](std::size_t k) {
    FlipInput& in = report.inputs[k];
    in.parameter = params[k];
    in.margin_at_low = margin_at(s, margin, params[k], params[k].low);
    in.margin_at_high = margin_at(s, margin, params[k], params[k].high);
    in.swing = std::abs(in.margin_at_high - in.margin_at_low);
    const auto [lo, hi] = validity_bounds(s, params[k]);
    in.search_low = std::min(lo, params[k].low);
    in.search_high = std::max(hi, params[k].high);
  });
  std::stable_sort(report.inputs.begin(), report.inputs.end(),
                   [](const FlipInput& a, const FlipInput& b) { return a.swing > b.swing; });
  const std::size_t top = std::min<std::size_t>(std::size_t(o.top), report.inputs.size());
  parallel_for(top, o.threads, [&](std::size_t k) {
    FlipInput& in = report.inputs[k];
    const Parameter& p = in.parameter;
    in.searched = true;
    const double v0 = std::clamp(p.mode, in.search_low, in.search_high);
    // Inside the cited range first, then beyond it; the flip nearest the declared value wins.
    std::optional<double> down =
        first_flip(s, margin, p, v0, std::max(p.low, in.search_low), report.holds, o);
    if (!down && (margin_at(s, margin, p, p.low) > 0) == report.holds)
      down = first_flip(s, margin, p, p.low, in.search_low, report.holds, o);
    std::optional<double> up =
        first_flip(s, margin, p, v0, std::min(p.high, in.search_high), report.holds, o);
    if (!up && (margin_at(s, margin, p, p.high) > 0) == report.holds)
      up = first_flip(s, margin, p, p.high, in.search_high, report.holds, o);
    if (down && up)
      in.threshold = (v0 - *down <= *up - v0) ? down : up;
    else
      in.threshold = down ? down : up;
    in.within_cited_range = in.threshold && *in.threshold >= p.low && *in.threshold <= p.high;
  });
  return report;
}

std::string verdict(const FlipInput& in) {
  const Parameter& p = in.parameter;
  const std::string cited = number(p.low) + " to " + number(p.high);
  if (!in.searched) return "not searched (outside the top inputs)";
  if (!in.threshold)
    return fmt::format("no flip within [{}, {}] (cited range {})", number(in.search_low),
                       number(in.search_high), cited);
  return fmt::format("flips at {} ({} the cited range {}; declared {})", number(*in.threshold),
                     in.within_cited_range ? "inside" : "outside", cited, number(p.mode));
}

Json to_json(const FlipReport& r) {
  Json inputs = Json::array();
  for (const auto& in : r.inputs) {
    const Parameter& p = in.parameter;
    inputs.push_back({{"name", p.name},
                      {"declared", p.mode},
                      {"cited_range", {p.low, p.high}},
                      {"margin_at_low", in.margin_at_low},
                      {"margin_at_high", in.margin_at_high},
                      {"swing", in.swing},
                      {"searched", in.searched},
                      {"search_interval", {in.search_low, in.search_high}},
                      {"threshold", in.threshold ? Json(*in.threshold) : Json(nullptr)},
                      {"threshold_within_cited_range", in.within_cited_range},
                      {"verdict", verdict(in)}});
  }
  return {{"margin", r.margin}, {"holds", r.holds}, {"inputs", std::move(inputs)}};
}

}  // namespace statecraft
