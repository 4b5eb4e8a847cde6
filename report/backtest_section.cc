#include "report/backtest_section.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <vector>

#include "report/charts.h"
#include "report/run_lookup.h"

namespace statecraft::report {
namespace {

// How many outcomes a score row was scored on: its "n", or (older files) its outcome rows.
std::optional<std::size_t> scored_n(const Json& r) {
  if (r.contains("n")) return r.at("n").get<std::size_t>();
  if (r.contains("outcomes")) return r.at("outcomes").size();
  return std::nullopt;
}

// A method's per-outcome rows summed over issue outcomes or over actor positions.
struct Tally {
  std::size_t n = 0, hits = 0;
  double pct_sum = 0;
};
Tally tally(const Json& rows, bool actors) {
  Tally t;
  for (const auto& o : rows) {
    if (o.contains("actor") != actors) continue;
    ++t.n;
    t.pct_sum += o.at("error_pct_of_scale").get<double>();
    t.hits += o.at("hit").get<bool>();
  }
  return t;
}

// Naive forecasts the report scores itself, shaped like the file's rows (per-outcome rows
// included): the middle of the scale on every outcome, and for older files, which lack the
// backtest's own baselines, the status quo on the issue outcomes that state one. A baseline
// the file already has is not scored twice.
std::vector<Json> computed_baselines(const Json& run, const Json& b,
                                     const std::set<std::string>& in_file) {
  const double tolerance = b.at("tolerance_pct").get<double>();
  std::vector<Json> out;
  for (const std::string label : {"status quo", "middle of the scale"}) {
    if (in_file.count(label)) continue;
    Json rows = Json::array();
    double abs_sum = 0;
    std::size_t moved = 0, right = 0;
    for (const auto& o : b.at("ensemble").at("outcomes")) {
      const std::string issue = o.at("issue").get<std::string>();
      const Json* is = find_issue(run, issue);
      if (!is) continue;
      const ScaleInfo s = scale_of(*is);
      double forecast = (s.min + s.max) / 2;
      if (label == "status quo") {
        const Json* in = find_input_issue(run, issue);
        // The issue's status quo says nothing about an actor's own position.
        if (o.contains("actor") || !in || !in->at("status_quo").is_object()) continue;
        forecast = in->at("status_quo").at("value").get<double>();
      }
      const double value = o.at("outcome").get<double>();
      const double pct = 100 * std::abs(forecast - value) / (s.max - s.min);
      Json row = {{"issue", issue},
                  {"forecast", forecast},
                  {"error_pct_of_scale", pct},
                  {"hit", pct <= tolerance + 1e-9}};
      if (o.contains("actor")) row["actor"] = o.at("actor");
      if (o.contains("reference")) {
        const double ref = o.at("reference").get<double>();
        row["reference"] = ref;
        if (value != ref) {
          ++moved;
          right += (forecast - ref) * (value - ref) > 0;
        }
      }
      rows.push_back(std::move(row));
      abs_sum += std::abs(forecast - value);
    }
    if (rows.empty()) continue;
    const double n = double(rows.size());
    const Tally issues = tally(rows, false), actors = tally(rows, true);
    Json r = {{"model", label},
              {"n", rows.size()},
              {"mae", abs_sum / n},
              {"mae_pct_of_scale", (issues.pct_sum + actors.pct_sum) / n},
              {"hit_rate", double(issues.hits + actors.hits) / n},
              {"outcomes", rows}};
    if (moved) r["direction_rate"] = double(right) / double(moved);
    out.push_back(std::move(r));
  }
  return out;
}

// A method that forecasts the value at as_of on every outcome never moves, so its direction
// rate is 0% by construction, not a finding: persistence always, and e.g. the status quo out
// of sample (where it is that value).
bool never_moves(const Json& r) {
  if (r.at("model") == "persistence") return true;
  if (!r.contains("outcomes")) return false;
  bool any = false;
  for (const auto& o : r.at("outcomes")) {
    if (!o.contains("reference")) continue;
    any = true;
    if (std::abs(o.at("forecast").get<double>() - o.at("reference").get<double>()) > 1e-9)
      return false;
  }
  return any;
}

std::string pit_counts(const Json& r) {
  if (!r.contains("pit")) return "—";
  std::string out;
  for (const auto& bin : r.at("pit").at("bins"))
    out += (out.empty() ? "" : " ") + std::to_string(bin.at("count").get<int>());
  return out;
}

// `key` of `j` formatted with `f` after scaling, or "—" when absent.
std::string optional_number(const Json& j, const char* key, double scale, const char* f) {
  if (!j.is_object() || !j.contains(key)) return "—";
  return fmt::format(fmt::runtime(f), scale * j.at(key).get<double>());
}

// One method's scores. `models_n` is the models' count of outcomes: a row scored on fewer
// is greyed and says "k of N", so a baseline that only some outcomes allow is not read as
// beating the models on all of them.
std::string score_row(const Json& r, std::size_t models_n) {
  const auto n = scored_n(r);
  const bool fewer = n && *n < models_n;
  const Json none;
  const Json& cov = r.contains("coverage") ? r.at("coverage") : none;
  const Json& skill = r.contains("skill_vs_persistence") ? r.at("skill_vs_persistence") : none;
  return fmt::format(
      "<tr{}><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td "
      "class=num>{:.0f}%</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td "
      "class=num>{}</td><td class=num>{}</td><td>{}</td></tr>",
      fewer ? " class=fewer" : "", escape_html(r.at("model").get<std::string>()),
      !n      ? std::string("—")
      : fewer ? fmt::format("{} of {}", *n, models_n)
              : std::to_string(*n),
      num(r.at("mae").get<double>()), num(r.at("mae_pct_of_scale").get<double>()),
      100 * r.at("hit_rate").get<double>(),
      never_moves(r) ? std::string("—") : optional_number(r, "direction_rate", 100, "{:.0f}%"),
      optional_number(r, "crps_pct_of_scale", 1, "{:.1f}"),
      optional_number(cov, "nominal_50", 100, "{:.0f}%"),
      optional_number(cov, "nominal_90", 100, "{:.0f}%"),
      optional_number(skill, "mae", 1, "{:+.2f}"), pit_counts(r));
}

// MAE per horizon (years from as_of to the outcome), one column per bucket, as the CLI's
// "per horizon" lines, for the methods the file scores. Buckets are merged in order over the
// methods (one may lack some).
std::string horizon_table(const std::vector<Json>& methods) {
  std::vector<std::string> buckets;
  for (const auto& r : methods) {
    if (!r.contains("horizons")) continue;
    std::size_t next = 0;
    for (const auto& h : r.at("horizons")) {
      const std::string name = h.at("horizon").get<std::string>();
      auto at = std::find(buckets.begin(), buckets.end(), name);
      if (at == buckets.end()) at = buckets.insert(buckets.begin() + std::ptrdiff_t(next), name);
      next = std::size_t(at - buckets.begin()) + 1;
    }
  }
  if (buckets.empty()) return "";
  std::string out =
      "<h3>Per horizon</h3><p class=muted>MAE in % of the scale by the time from the scenario's "
      "as_of to the outcome (n = outcomes in that span).</p><table><tr><th>method</th>";
  for (const auto& b : buckets) out += "<th>" + escape_html(b) + "</th>";
  out += "</tr>";
  for (const auto& r : methods) {
    if (!r.contains("horizons")) continue;  // e.g. the baselines the report scores itself
    out += "<tr><td>" + escape_html(r.at("model").get<std::string>()) + "</td>";
    for (const auto& b : buckets) {
      std::string cell = "—";
      for (const auto& h : r.at("horizons"))
        if (h.at("horizon") == b)
          cell = fmt::format("{} <span class=muted>(n={})</span>",
                             num(h.at("mae_pct_of_scale").get<double>()),
                             h.at("n").get<std::size_t>());
      out += "<td class=num>" + cell + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>";
}

// Issue outcomes and actors' positions scored apart, from each method's per-outcome rows
// (the file scores them together): a model can place an issue well and its actors badly.
std::string split_table(const Json& b, const std::vector<Json>& methods) {
  bool actors = false;
  for (const auto& o : b.at("ensemble").at("outcomes")) actors = actors || o.contains("actor");
  if (!actors) return "";
  std::string out =
      "<h3>Issue outcomes and actors' positions</h3><p class=muted>The same scores for the "
      "issues' outcomes and for the outcomes that are one actor's position, apart.</p><table>"
      "<tr><th rowspan=2>method</th><th colspan=3>issue outcomes</th><th colspan=3>actors' "
      "positions</th></tr><tr><th>n</th><th>MAE % of scale</th><th>hit rate</th><th>n</th>"
      "<th>MAE % of scale</th><th>hit rate</th></tr>";
  for (const auto& r : methods) {
    out += "<tr><td>" + escape_html(r.at("model").get<std::string>()) + "</td>";
    for (bool of_actors : {false, true}) {
      const Tally t = r.contains("outcomes") ? tally(r.at("outcomes"), of_actors) : Tally{};
      if (t.n == 0) {
        out += "<td class=num>0</td><td class=num>—</td><td class=num>—</td>";
        continue;
      }
      out += fmt::format("<td class=num>{}</td><td class=num>{}</td><td class=num>{:.0f}%</td>",
                         t.n, num(t.pct_sum / double(t.n)), 100.0 * double(t.hits) / double(t.n));
    }
    out += "</tr>";
  }
  return out + "</table>";
}

// Every outcome with the ensemble's and persistence's forecasts, as the CLI lists them.
std::string outcome_table(const Json& b) {
  const Json* persistence = nullptr;
  if (b.contains("baselines"))
    for (const auto& m : b.at("baselines"))
      if (m.at("model") == "persistence" && m.contains("outcomes")) persistence = &m.at("outcomes");
  std::string out = fmt::format(
      "<h3>Outcomes</h3><table><tr><th>issue</th><th>actor</th><th>date</th><th>outcome</th>"
      "<th>ensemble forecast</th>{}</tr>",
      persistence ? "<th>persistence</th>" : "");
  for (const auto& o : b.at("ensemble").at("outcomes")) {
    const std::string actor = o.contains("actor") ? o.at("actor").get<std::string>() : "";
    std::string per;
    if (persistence) {
      per = "<td class=num>—</td>";
      for (const auto& p : *persistence)
        if (p.at("issue") == o.at("issue") && p.at("date") == o.at("date") &&
            (p.contains("actor") ? p.at("actor").get<std::string>() : "") == actor)
          per = "<td class=num>" + num(p.at("forecast").get<double>()) + "</td>";
    }
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td>{}</tr>",
        escape_html(o.at("issue").get<std::string>()), actor.empty() ? "—" : escape_html(actor),
        escape_html(o.at("date").get<std::string>()), num(o.at("outcome").get<double>()),
        num(o.at("forecast").get<double>()), per);
  }
  return out + "</table>";
}

}  // namespace

std::string backtest_section(const Json& run, const Json& b) {
  // Every method in the CLI's order and with its labels: models, ensembles, the file's
  // baselines, then the ones the report scores.
  std::vector<Json> methods;
  for (const auto& r : b.at("models")) methods.push_back(r);
  if (b.contains("ensembles"))
    for (const auto& r : b.at("ensembles")) methods.push_back(r);
  else
    methods.push_back(b.at("ensemble"));
  std::set<std::string> in_file;
  if (b.contains("baselines"))
    for (const auto& r : b.at("baselines")) {
      methods.push_back(r);
      in_file.insert(r.at("model").get<std::string>());
    }
  const std::vector<Json> computed = computed_baselines(run, b, in_file);
  methods.insert(methods.end(), computed.begin(), computed.end());
  std::size_t models_n = 0;
  for (const auto& r : b.at("models")) models_n = std::max(models_n, scored_n(r).value_or(0));

  std::size_t actor_outcomes = 0;
  const Json& outcomes = b.at("ensemble").at("outcomes");
  for (const auto& o : outcomes) actor_outcomes += o.contains("actor");
  std::string out = fmt::format(
      "<h2 id=backtest>Backtest</h2><p class=muted>{} outcomes ({} of an issue, {} an actor's "
      "position).{} n = outcomes the method was scored on; hit = within {}% of the scale width "
      "of the outcome; dir = moved the way reality did from the value at as_of (— for a method "
      "that never moves); CRPS in % of the scale (= the absolute error for a point forecast); "
      "cov. 50% / 90% = share of outcomes inside the central 50% / 90% interval; skill = 1 − "
      "MAE / MAE of persistence (&gt; 0 beats “nothing changes”); PIT counts: where each "
      "outcome fell in the forecast distribution, flat = calibrated, piled at the ends = "
      "intervals too narrow. Baselines: persistence = the value at as_of carried forward; "
      "status quo = the issue's stated status quo (only issue outcomes that state one); "
      "compromise = the capability × salience weighted mean of the stated positions; middle of "
      "the scale = scored by this report on the same outcomes.</p>"
      "<table><tr><th>method</th><th>n</th><th>MAE</th><th>MAE % of scale</th><th>hit rate</th>"
      "<th>dir</th><th>CRPS</th><th>cov. 50%</th><th>cov. 90%</th><th>skill</th>"
      "<th>PIT counts (10 bins)</th></tr>",
      outcomes.size(), outcomes.size() - actor_outcomes, actor_outcomes,
      b.value("in_sample", false) ? " In sample: no outcome is dated after the scenario's as_of."
                                  : "",
      b.at("tolerance_pct").get<double>());
  std::vector<std::string> fewer;
  for (const auto& r : methods) {
    out += score_row(r, models_n);
    if (const auto n = scored_n(r); n && *n < models_n)
      fewer.push_back(fmt::format("{} ({})", r.at("model").get<std::string>(), *n));
  }
  out += "</table>";
  if (!fewer.empty())
    out += fmt::format(
        "<p class=\"muted small\">In grey, scored on fewer outcomes than the models ({}): {}. "
        "Their scores are not comparable with the models'.</p>",
        models_n, escape_html(fmt::format("{}", fmt::join(fewer, ", "))));
  return out + horizon_table(methods) + split_table(b, methods) + outcome_table(b);
}

}  // namespace statecraft::report
