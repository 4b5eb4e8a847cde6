#include "report/flip_section.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/charts.h"

namespace statecraft::report {

namespace {

constexpr std::size_t kRows = 12;  // the inputs a reader can take in; the JSON has them all

// The chart's row label: the table's row number and the input's name, cut to fit.
std::string chart_label(std::size_t row, const std::string& name) {
  const std::string cut = name.size() > 20 ? name.substr(0, 19) + "…" : name;
  return fmt::format("{}. {}", row, cut);
}

// The input's path with break opportunities after each "/", so long names wrap.
std::string wrapped_name(const Json& input) {
  std::string out;
  for (char c : escape_html(input.at("name").get<std::string>())) {
    out += c;
    if (c == '/') out += "<wbr>";
  }
  return out;
}

// The threshold in a few words (the declared value and the range are in their own columns),
// the same reading as the CLI's verdict: a flip where the sign reverses, a tie where the
// margin only reaches zero (for an intervention: its effect vanishes).
std::string verdict(const Json& flip, const Json& input) {
  if (!input.at("searched").get<bool>()) return "not searched";
  if (input.at("threshold").is_null())
    return fmt::format("no flip within {:.4g} – {:.4g}",
                       input.at("search_interval").at(0).get<double>(),
                       input.at("search_interval").at(1).get<double>());
  const double t = input.at("threshold").get<double>();
  const bool within = input.at("threshold_within_cited_range").get<bool>();
  if (input.at("threshold_kind").get<std::string>() == "reversal")
    return fmt::format("<b>flips at {:.4g}</b> ({} the cited range)", t,
                       within ? "inside" : "outside");
  const double low = input.at("cited_range").at(0).get<double>(),
               high = input.at("cited_range").at(1).get<double>();
  const char* where = t == low    ? "the low end of"
                      : t == high ? "the high end of"
                      : within    ? "inside"
                                  : "outside";
  std::string out = fmt::format(
      "<b>{} at {:.4g}</b> ({} the cited range); ",
      flip.at("intervention").is_null() ? "reaches a tie" : "the effect vanishes", t, where);
  const Json& r = input.at("reversal");
  if (r.is_null())
    return out + fmt::format("no reversal within {:.4g} – {:.4g}",
                             input.at("search_interval").at(0).get<double>(),
                             input.at("search_interval").at(1).get<double>());
  if (input.at("reversal_within_cited_range").get<bool>())
    return out +
           fmt::format("then <b>flips at {:.4g}</b> (inside the cited range)", r.get<double>());
  return out +
         fmt::format("reverses only {} the cited range", r.get<double>() < t ? "below" : "above");
}

std::string range_text(const Json& input) {
  return fmt::format("{:.4g} – {:.4g}", input.at("cited_range").at(0).get<double>(),
                     input.at("cited_range").at(1).get<double>());
}

bool is_pair(const Json& x) {
  return x.is_array() && x.size() == 2 && x[0].is_number() && x[1].is_number();
}

}  // namespace

std::string flip_document_problem(const Json& flip) {
  if (!flip.is_object()) return "expected a JSON object";
  for (const char* key : {"conclusion", "scenario", "issue", "model"})
    if (!flip.contains(key) || !flip[key].is_string())
      return fmt::format("'{}' must be a string", key);
  if (!flip.contains("intervention") ||
      !(flip.at("intervention").is_null() || flip.at("intervention").is_string()))
    return "'intervention' must be a string or null";
  // Saliences on the scenario file's 0-100, as the inputs section shows them (a file written
  // before that had them 0-1 and no such field: run statecraft flip again).
  if (!flip.contains("salience_scale") || flip.at("salience_scale") != "0-100")
    return "'salience_scale' must be \"0-100\" (a flip result of an older statecraft: run "
           "statecraft flip again)";
  if (!flip.contains("margin") || !flip.at("margin").is_number())
    return "'margin' must be a number";
  if (!flip.contains("holds") || !flip.at("holds").is_boolean())
    return "'holds' must be true or false";
  for (const char* key : {"runs", "runs_with_unsettled_responses"})
    if (flip.contains(key) && !flip[key].is_number_unsigned())
      return fmt::format("'{}' must be a count", key);
  if (!flip.contains("runs")) return "'runs' must be a count";
  if (!flip.contains("inputs") || !flip.at("inputs").is_array()) return "'inputs' must be an array";
  for (std::size_t k = 0; k < flip.at("inputs").size(); ++k) {
    const Json& in = flip.at("inputs").at(k);
    const auto at = [k](const char* what) { return fmt::format("inputs[{}]: {}", k, what); };
    if (!in.is_object()) return at("expected an object");
    if (!in.contains("name") || !in.at("name").is_string()) return at("'name' must be a string");
    for (const char* key : {"declared", "margin_at_low", "margin_at_high", "swing"})
      if (!in.contains(key) || !in[key].is_number())
        return at(fmt::format("'{}' must be a number", key).c_str());
    for (const char* key : {"cited_range", "search_interval"})
      if (!in.contains(key) || !is_pair(in[key]))
        return at(fmt::format("'{}' must be two numbers", key).c_str());
    for (const char* key : {"searched", "threshold_within_cited_range"})
      if (!in.contains(key) || !in[key].is_boolean())
        return at(fmt::format("'{}' must be true or false", key).c_str());
    for (const char* key : {"threshold", "reversal"})
      if (!in.contains(key) || !(in[key].is_null() || in[key].is_number()))
        return at(fmt::format("'{}' must be a number or null", key).c_str());
    if (!in.contains("reversal_within_cited_range") ||
        !in.at("reversal_within_cited_range").is_boolean())
      return at("'reversal_within_cited_range' must be true or false");
    const bool kind_ok = in.contains("threshold_kind") &&
                         (in.at("threshold").is_null() ? in.at("threshold_kind").is_null()
                                                       : (in.at("threshold_kind") == "reversal" ||
                                                          in.at("threshold_kind") == "tie"));
    if (!kind_ok)
      return at("'threshold_kind' must be \"reversal\" or \"tie\" (null without a threshold)");
  }
  return "";
}

std::string flip_title(const Json& flip) {
  std::string out = escape_html(flip.at("issue").get<std::string>()) + " (";
  if (!flip.at("intervention").is_null())
    out += escape_html(flip.at("intervention").get<std::string>()) + ", ";
  return out + escape_html(flip.at("model").get<std::string>()) + ")";
}

std::string flip_section(const Json& flip, const std::string& anchor) {
  // The inputs that swing the margin most, and after them any other whose threshold was
  // searched because its own cited range takes the margin to zero.
  std::vector<const Json*> shown;
  std::size_t silent = 0, extra = 0;
  for (const auto& input : flip.at("inputs")) {
    if (input.at("swing").get<double>() <= 0) {
      ++silent;
      continue;
    }
    if (shown.size() < kRows) {
      shown.push_back(&input);
    } else if (input.at("searched").get<bool>()) {
      shown.push_back(&input);
      ++extra;
    }
  }
  const std::size_t moving = flip.at("inputs").size() - silent;
  std::string out = fmt::format(
      "<h2 id={}>What would flip it: {}</h2><p><b>{}</b> (margin {:+.3f}; it {} at the declared "
      "values).</p><p class=muted>Each uncertain input set to the low and then the high end of "
      "its cited range, every other input as declared: the margin of the conclusion at each end "
      "(positive: it still holds) and the swing between them. For the top inputs, and for any "
      "whose own cited range takes the margin to zero, the value at which the conclusion stops "
      "holding, inside the cited range or beyond it: it <b>flips</b> where the margin changes "
      "sign, and reaches a <b>tie</b> where the margin only reaches zero ({}). Saliences are on "
      "0–100, as in the scenario file. {} of {} inputs move the margin; the {} that swing most "
      "are shown{}. {} model runs{}.</p>",
      anchor, flip_title(flip), escape_html(flip.at("conclusion").get<std::string>()),
      flip.at("margin").get<double>(), flip.at("holds").get<bool>() ? "holds" : "does not hold",
      flip.at("intervention").is_null() ? "the outcome sits on the midpoint"
                                        : "the intervention's effect vanishes",
      moving, flip.at("inputs").size(), shown.size() - extra,
      extra > 0 ? fmt::format(", then {} more whose cited range takes the margin to zero", extra)
                : std::string(),
      flip.at("runs").get<int>(),
      flip.value("runs_with_unsettled_responses", 0) > 0
          ? fmt::format(", {} of them with responses that did not settle (a cycle or the "
                        "iteration limit: their margin is the last run's)",
                        flip.at("runs_with_unsettled_responses").get<int>())
          : std::string());
  out +=
      "<table><tr><th>#</th><th>input</th><th>declared</th><th>cited range</th><th>margin at "
      "low</th>"
      "<th>margin at high</th><th>swing</th><th>what would flip it</th></tr>";
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const Json* in = shown[k];
    out += fmt::format(
        "<tr><td class=num>{}</td><td>{}</td><td class=num>{:.4g}</td><td class=num>{}</td><td "
        "class=num>{:+.2f}</td>"
        "<td class=num>{:+.2f}</td><td class=num>{:.2f}</td><td>{}</td></tr>",
        k + 1, wrapped_name(*in), (*in).at("declared").get<double>(), range_text(*in),
        (*in).at("margin_at_low").get<double>(), (*in).at("margin_at_high").get<double>(),
        (*in).at("swing").get<double>(), verdict(flip, *in));
  }
  out += "</table>";
  // The tornado: per input the margin across its cited range, the dot at the declared values.
  std::vector<IntervalRow> rows;
  double extent = std::abs(flip.at("margin").get<double>());
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const Json* in = shown[k];
    const double lo = (*in).at("margin_at_low").get<double>(),
                 hi = (*in).at("margin_at_high").get<double>();
    rows.push_back({chart_label(k + 1, (*in).at("name").get<std::string>()),
                    flip.at("margin").get<double>(), std::min(lo, hi), std::max(lo, hi),
                    "#0072B2"});
    extent = std::max({extent, std::abs(lo), std::abs(hi)});
  }
  if (!rows.empty())
    out += "<div class=charts>" +
           shift_chart(rows, nice_span(extent), "Tornado: the margin over each input's cited range",
                       "margin of the conclusion (> 0: it holds)", "margin over the cited range",
                       "margin 0: the conclusion no longer holds") +
           "</div>";
  return out;
}

}  // namespace statecraft::report
