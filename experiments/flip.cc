#include "experiments/flip.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

// Walks from `from` to `to` (grid samples); the first value at which `stays` fails for the
// margin is bracketed and bisected.
template <class Stays>
std::optional<double> first_flip(const Scenario& s, const MarginFunction& margin,
                                 const Parameter& p, double from, double to, const Stays& stays,
                                 const FlipOptions& o) {
  if (from == to) return std::nullopt;
  double prev = from;
  for (int g = 1; g <= o.grid; ++g) {
    const double x = from + (to - from) * double(g) / double(o.grid);
    if (!stays(margin_at(s, margin, p, x))) {
      double a = prev, b = x;  // stays at a, not at b
      for (int k = 0; k < o.bisections; ++k) {
        const double m = 0.5 * (a + b);
        (stays(margin_at(s, margin, p, m)) ? a : b) = m;
      }
      // The first value at which it no longer stays (exact when that falls on a grid point,
      // e.g. a slope's effect vanishing at 0).
      return b;
    }
    prev = x;
  }
  return std::nullopt;
}

// From `from` to the end of the cited range `end`, then beyond it to `bound`.
template <class Stays>
std::optional<double> walk(const Scenario& s, const MarginFunction& margin, const Parameter& p,
                           double from, double end, double bound, const Stays& stays,
                           const FlipOptions& o) {
  std::optional<double> found = first_flip(s, margin, p, from, end, stays, o);
  if (!found && stays(margin_at(s, margin, p, end)))
    found = first_flip(s, margin, p, end, bound, stays, o);
  return found;
}

bool inside(const Parameter& p, double v) { return v >= p.low && v <= p.high; }

// Whether the conclusion does not hold with this margin (at one end of a cited range).
bool flipped(double m, bool holds) { return (m > 0) != holds; }

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
    const Parameter& p = params[k];
    const bool salience = p.kind == Parameter::Kind::Salience ||
                          (p.kind == Parameter::Kind::ResponseSlope &&
                           s.responses[p.stance].field == Response::Field::Salience);
    in.unit = salience ? 100 : 1;
  });
  std::stable_sort(report.inputs.begin(), report.inputs.end(),
                   [](const FlipInput& a, const FlipInput& b) { return a.swing > b.swing; });
  // Thresholds for the top inputs, and for every input whose own cited range already takes
  // the margin to or across zero at one end (the tornado shows it): a flip there is never
  // left unnamed because other inputs swing the margin more.
  const std::size_t top = std::min<std::size_t>(std::size_t(o.top), report.inputs.size());
  std::vector<std::size_t> searched;
  for (std::size_t k = 0; k < report.inputs.size(); ++k) {
    const FlipInput& in = report.inputs[k];
    if (k < top || flipped(in.margin_at_low, report.holds) ||
        flipped(in.margin_at_high, report.holds))
      searched.push_back(k);
  }
  parallel_for(searched.size(), o.threads, [&](std::size_t j) {
    FlipInput& in = report.inputs[searched[j]];
    const Parameter& p = in.parameter;
    in.searched = true;
    const auto holds = [&](double m) { return !flipped(m, report.holds); };
    const double v0 = std::clamp(p.mode, in.search_low, in.search_high);
    const double low_end = std::max(p.low, in.search_low),
                 high_end = std::min(p.high, in.search_high);
    // Inside the cited range first, then beyond it; the flip nearest the declared value wins.
    const std::optional<double> down = walk(s, margin, p, v0, low_end, in.search_low, holds, o);
    const std::optional<double> up = walk(s, margin, p, v0, high_end, in.search_high, holds, o);
    if (down && up)
      in.threshold = (v0 - *down <= *up - v0) ? down : up;
    else
      in.threshold = down ? down : up;
    if (!in.threshold) return;
    const double t = *in.threshold;
    in.within_cited_range = inside(p, t);
    in.margin_at_threshold = margin_at(s, margin, p, t);
    in.reversal = t;
    in.reversal_within_cited_range = in.within_cited_range;
    // A margin of exactly 0 is a tie, not yet a reversal. Where does the sign reverse (< 0)?
    // Right past the threshold, on the same side of the cited range's end: a crossing at the
    // threshold. Otherwise a tie: e.g. an effect that vanishes at the end of the cited range
    // and reverses only beyond it, or that stays zero.
    if (!report.holds || in.margin_at_threshold != 0) return;
    const bool below = t < v0;
    const double bound = below ? in.search_low : in.search_high;
    const auto not_reversed = [](double m) { return m >= 0; };
    const std::optional<double> r =
        in.within_cited_range
            ? walk(s, margin, p, t, below ? low_end : high_end, bound, not_reversed, o)
            : first_flip(s, margin, p, t, bound, not_reversed, o);
    const double width = in.search_high - in.search_low;
    const double next_to =
        std::max(1e-9 * width, 2 * width / o.grid / std::ldexp(1.0, o.bisections));
    if (r && std::abs(*r - t) <= next_to && inside(p, *r) == in.within_cited_range) return;
    in.tie = true;
    in.reversal = r;
    in.reversal_within_cited_range = r && inside(p, *r);
  });
  return report;
}

std::string verdict(const FlipInput& in, bool effect) {
  const Parameter& p = in.parameter;
  const auto n = [&](double v) { return number(v * in.unit); };
  const std::string cited = n(p.low) + " to " + n(p.high);
  if (!in.searched)
    return "not searched (outside the top inputs, and neither end of its cited range flips the "
           "conclusion)";
  if (!in.threshold)
    return fmt::format("no flip within [{}, {}] (cited range {})", n(in.search_low),
                       n(in.search_high), cited);
  const double t = *in.threshold;
  if (!in.tie)
    return fmt::format("flips at {} ({} the cited range {}; declared {})", n(t),
                       in.within_cited_range ? "inside" : "outside", cited, n(p.mode));
  const char* where = t == p.low              ? "the low end of"
                      : t == p.high           ? "the high end of"
                      : in.within_cited_range ? "inside"
                                              : "outside";
  std::string out = fmt::format("{} at {} ({} the cited range {}; declared {})",
                                effect ? "the effect vanishes" : "the conclusion reaches a tie",
                                n(t), where, cited, n(p.mode));
  if (!in.reversal)
    return out + fmt::format(" and does not reverse within [{}, {}]", n(in.search_low),
                             n(in.search_high));
  const double r = *in.reversal;
  if (in.reversal_within_cited_range)
    return out + fmt::format(" and flips at {} (inside the cited range)", n(r));
  if (std::abs(r - t) <= 1e-9 * (in.search_high - in.search_low))
    return out + fmt::format(" and reverses only {} it, outside the cited range",
                             r < t ? "below" : "above");
  return out + fmt::format(" and reverses only at {}, outside the cited range", n(r));
}

Json to_json(const FlipReport& r, bool effect) {
  Json inputs = Json::array();
  for (const auto& in : r.inputs) {
    const Parameter& p = in.parameter;
    const double u = in.unit;
    const auto scaled = [u](const std::optional<double>& v) { return v ? Json(*v * u) : Json(); };
    inputs.push_back({{"name", p.name},
                      {"declared", p.mode * u},
                      {"cited_range", {p.low * u, p.high * u}},
                      {"margin_at_low", in.margin_at_low},
                      {"margin_at_high", in.margin_at_high},
                      {"swing", in.swing},
                      {"searched", in.searched},
                      {"search_interval", {in.search_low * u, in.search_high * u}},
                      {"threshold", scaled(in.threshold)},
                      {"threshold_within_cited_range", in.within_cited_range},
                      {"threshold_kind", in.threshold ? Json(in.tie ? "tie" : "reversal") : Json()},
                      {"margin_at_threshold", in.threshold ? Json(in.margin_at_threshold) : Json()},
                      {"reversal", scaled(in.reversal)},
                      {"reversal_within_cited_range", in.reversal_within_cited_range},
                      {"verdict", verdict(in, effect)}});
  }
  return {{"margin", r.margin},
          {"holds", r.holds},
          {"salience_scale", "0-100"},
          {"inputs", std::move(inputs)}};
}

}  // namespace statecraft
