#include "report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "report/backtest_section.h"
#include "report/charts.h"
#include "report/flip_section.h"
#include "report/inputs_section.h"
#include "report/model_sections.h"
#include "report/palette.h"
#include "report/run_lookup.h"

namespace statecraft::report {
namespace {

const char* kStyle = R"(
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:28px;margin:0 0 8px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}.muted{color:#595959}.small{font-size:13px}
.card{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:12px 0}
.title-page{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:28px 32px;margin-bottom:24px}
.kicker{text-transform:uppercase;letter-spacing:.08em;color:#595959;font-size:12px;margin:0}
.question{font-size:17px;max-width:60em}
table{border-collapse:collapse;margin:6px 0;font-size:14px}th,td{border-bottom:1px solid #e6e6e6;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f0f0f0}tr.fewer td{color:#595959;font-style:italic}td:first-child{white-space:nowrap}.wide{overflow-x:auto}td.num{text-align:right;font-variant-numeric:tabular-nums}td.num span{white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:12px}svg.chart{max-width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#333}svg text.t{font-weight:600;font-size:12px}
svg text.words{fill:#595959;font-style:italic}svg text.lab{font-weight:600}
i.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
sup.cite{font-size:11px;margin-left:2px}sup.cite a{text-decoration:none}
.why{font-size:14px;margin:4px 0 10px}.why li{margin:4px 0}
dl.interventions dt{font-weight:600;margin-top:8px}dl.interventions dd{margin:2px 0 0 16px}
ol.bib li{margin:4px 0;font-size:14px}pre{white-space:pre-wrap;font-size:13px;background:#f6f6f6;padding:8px}
@media print{
 body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
 .title-page{border:none;padding:0;break-after:page;page-break-after:always}
 .card{border:none;padding:0;margin:6px 0;break-inside:avoid}
 h2,h3{break-after:avoid;page-break-after:avoid}table,svg,.why li{break-inside:avoid}
 a{color:inherit;text-decoration:none}nav{display:none}
}
)";

std::string label_of(const Json& r) {
  return r.at("model").get<std::string>() + ":" + r.at("variant").get<std::string>();
}

// The Monte Carlo summary of one model on one issue, when the mc file has that model and
// is a baseline run (no interventions applied).
const Json* mc_entry(const Json& mc, const std::string& label, const std::string& issue) {
  if (mc.is_null() || !mc.value("interventions", Json::array()).empty()) return nullptr;
  for (const auto& m : mc.at("models"))
    if (label_of(m) == label)
      for (const auto& e : m.at("issues"))
        if (e.at("issue") == issue) return &e;
  return nullptr;
}

std::string veto_note(const Json& ir) {
  if (!ir.at("detail").contains("institution")) return "";
  const Json& inst = ir.at("detail").at("institution");
  if (inst.value("applied", false) && inst.at("unconstrained_outcome") != ir.at("outcome"))
    return fmt::format("<br><span class=\"muted small\">veto held it (alone: {})</span>",
                       num(inst.at("unconstrained_outcome").get<double>()));
  return "";
}

std::string forecast_section(const Json& run, const Json& mc, const Palette& palette) {
  std::string out =
      "<h2 id=forecasts>Forecasts</h2><p class=muted>Each model's forecast on the issue's scale "
      "(dot)";
  out += mc.is_null() ? "" : " with its Monte Carlo 5–95% interval (bar)";
  out +=
      "; above the axis the status quo (SQ) and every actor's stated position. Below each chart, "
      "why the forecast lands where it does.</p><div class=wide><table><tr><th>issue</th>";
  for (const auto& r : run.at("runs")) out += "<th>" + escape_html(label_of(r)) + "</th>";
  out += "</tr>";
  for (std::size_t i = 0; i < run.at("issues").size(); ++i) {
    const auto& is = run.at("issues").at(i);
    const std::string id = is.at("id").get<std::string>();
    out += fmt::format(R"(<tr><td><a href="#f-{0}">{0}</a></td>)", escape_html(id));
    for (const auto& r : run.at("runs")) {
      const auto& ir = r.at("issues").at(i);
      std::string interval;
      if (const Json* e = mc_entry(mc, label_of(r), id))
        interval = fmt::format("<br><span class=muted>{}–{}</span>",
                               num(e->at("outcome").at("p05").get<double>()),
                               num(e->at("outcome").at("p95").get<double>()));
      out += fmt::format("<td class=num>{}{}{}</td>", num(ir.at("outcome").get<double>()), interval,
                         veto_note(ir));
    }
    out += "</tr>";
  }
  out += "</table></div>";
  for (std::size_t i = 0; i < run.at("issues").size(); ++i) {
    const auto& is = run.at("issues").at(i);
    const std::string id = is.at("id").get<std::string>();
    std::vector<IntervalRow> rows;
    std::string why;
    for (const auto& r : run.at("runs")) {
      IntervalRow row{
          label_of(r), r.at("issues").at(i).at("outcome").get<double>(), {}, {}, "#333333"};
      if (const Json* e = mc_entry(mc, row.label, id)) {
        row.low = e->at("outcome").at("p05").get<double>();
        row.high = e->at("outcome").at("p95").get<double>();
      }
      rows.push_back(row);
      if (r.at("issues").at(i).contains("why"))
        why += fmt::format("<li><b>{}</b>: {}</li>", escape_html(row.label),
                           escape_html(r.at("issues").at(i).at("why").get<std::string>()));
    }
    std::vector<Marker> markers;
    if (const Json* in = find_input_issue(run, id)) {
      if ((*in).at("status_quo").is_object())
        markers.push_back({"SQ", (*in).at("status_quo").at("value").get<double>(), "#000000"});
      for (const auto& st : (*in).at("stances"))
        markers.push_back({st.at("actor").get<std::string>(),
                           st.at("position").at("value").get<double>(),
                           palette.style(st.at("actor").get<std::string>()).colour});
    }
    out += fmt::format(R"(<h3 id="f-{}">{} — {}</h3><div class=card>)", escape_html(id),
                       escape_html(id), escape_html(is.value("name", "")));
    out += scale_chart(rows, scale_of(is), markers, is.value("name", id));
    if (!why.empty()) out += "<p><b>Why</b></p><ul class=why>" + why + "</ul>";
    out += "</div>";
  }
  return out;
}

// Which models' Monte Carlo runs ended with responses that did not settle (a count in an mc
// summary, {baseline, with} in a what-if); "" when all settled or the file predates it.
std::string unsettled_note(const Json& summary) {
  std::vector<std::string> parts;
  for (const auto& m : summary.at("models")) {
    if (!m.contains("runs_with_unsettled_responses")) continue;
    const Json& n = m.at("runs_with_unsettled_responses");
    if (n.is_object() && n.at("baseline").get<int>() + n.at("with").get<int>() > 0)
      parts.push_back(fmt::format("{} {} without, {} with", escape_html(label_of(m)),
                                  n.at("baseline").get<int>(), n.at("with").get<int>()));
    else if (n.is_number() && n.get<int>() > 0)
      parts.push_back(fmt::format("{} {}", escape_html(label_of(m)), n.get<int>()));
  }
  if (parts.empty()) return "";
  return fmt::format(
      "<p class=\"muted small\">Runs (of {}) whose responses did not settle — a cycle or the "
      "iteration limit; their last run's values count in the ranges: {}.</p>",
      summary.at("runs").get<int>(), fmt::format("{}", fmt::join(parts, "; ")));
}

std::string mc_section(const Json& run, const Json& mc) {
  std::vector<std::string> ivs;
  for (const auto& iv : mc.value("interventions", Json::array()))
    ivs.push_back(iv.get<std::string>());
  std::string out = fmt::format(
      "<h2 id=montecarlo>Monte Carlo</h2><p class=muted>{} runs, seed {}; inputs drawn from {}{}. "
      "Every model in the file, with its point forecast, mean, median and 5–95% interval.</p>",
      mc.at("runs").get<int>(), mc.at("seed").get<std::uint64_t>(),
      escape_html(mc.at("distribution").get<std::string>()),
      ivs.empty()
          ? std::string()
          : escape_html(fmt::format("; with the interventions {} applied", fmt::join(ivs, " + "))));
  const auto& models = mc.at("models");
  if (models.empty()) return out;
  out +=
      "<table><tr><th>issue</th><th>model</th><th>point</th><th>mean</th><th>median</th><th>5%"
      "</th><th>95%</th><th>most sensitive to</th></tr>";
  for (std::size_t i = 0; i < models.at(0).at("issues").size(); ++i) {
    const std::string id = models.at(0).at("issues").at(i).at("issue").get<std::string>();
    for (const auto& m : models) {
      const auto& e = m.at("issues").at(i);
      const auto& s = e.at("sensitivity");
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td "
          "class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td>{}</td></tr>",
          escape_html(id), escape_html(label_of(m)),
          e.contains("point") ? num(e.at("point").get<double>()) : "—",
          num(e.at("outcome").at("mean").get<double>()),
          num(e.at("outcome").at("median").get<double>()),
          num(e.at("outcome").at("p05").get<double>()),
          num(e.at("outcome").at("p95").get<double>()),
          s.empty() ? std::string("—")
                    : fmt::format("{} (ρ = {:+.2f})",
                                  escape_html(s.at(0).at("parameter").get<std::string>()),
                                  s.at(0).at("spearman").get<double>()));
    }
  }
  (void)run;
  return out + "</table>" + unsettled_note(mc);
}

// The largest shift any what-if shows, so every what-if chart shares one axis.
double whatif_span(const std::vector<Json>& whatifs) {
  double extent = 0;
  for (const auto& w : whatifs)
    for (const auto& m : w.at("models"))
      for (const auto& e : m.at("issues"))
        extent = std::max({extent, std::abs(e.at("shift").at("p05").get<double>()),
                           std::abs(e.at("shift").at("p95").get<double>()),
                           std::abs(e.value("point_shift", 0.0))});
  return nice_span(extent);
}

// Would each actor accept the package? Per model, under its own utility (what-if JSON
// "packages"; docs/models/linkage.md, "Package deals").
// "; 94% of draws": the share of Monte Carlo draws agreeing with a point verdict (files from
// before the shares were recorded have none).
std::string draw_share(const Json& actor) {
  const char* key = actor.at("verdict") == "better" ? "better_share" : "worse_share";
  if (!actor.contains(key)) return "";
  return fmt::format("; {:.0f}% of draws", 100 * actor.at(key).get<double>());
}

std::string package_section(const Json& w) {
  if (!w.contains("packages") || w.at("packages").empty()) return "";
  std::string out =
      "<h3>Who is better off</h3><p class=muted>Each model's own utility, with the actors' "
      "baseline stances as their ideal points: would each actor accept this package as a "
      "deal? The number is the change of its utility (the model's units), then the share of "
      "the paired Monte Carlo draws in which the package leaves it the same side "
      "off.</p><table><tr>"
      "<th>model</th><th>better off</th><th>worse off</th><th>indifferent</th></tr>";
  for (const auto& m : w.at("packages")) {
    out +=
        fmt::format("<tr><td title=\"{}\">{}</td>", escape_html(m.at("utility").get<std::string>()),
                    escape_html(m.at("model").get<std::string>()));
    for (const char* verdict : {"better", "worse", "indifferent"}) {
      std::vector<std::string> who;
      for (const auto& a : m.at("actors"))
        if (a.at("verdict") == verdict)
          who.push_back(verdict == std::string("indifferent")
                            ? escape_html(a.at("actor").get<std::string>())
                            : fmt::format("{} ({:+.3g}{})",
                                          escape_html(a.at("actor").get<std::string>()),
                                          a.at("difference").get<double>(), draw_share(a)));
      out +=
          fmt::format("<td>{}</td>", who.empty() ? "—" : fmt::format("{}", fmt::join(who, ", ")));
    }
    out += "</tr>";
  }
  return out + "</table>";
}

// How the responses carried the what-if (what-if JSON models[m].responses): per response
// and model, the driver and the responding value without and with, and the value's change
// over the paired draws. Empty for a scenario without responses or an older file.
std::string response_section(const Json& w) {
  // Rows grouped by response (the same order in every model), as the CLI prints them.
  std::size_t count = 0;
  for (const auto& m : w.at("models"))
    if (m.contains("responses") && m.at("responses").is_array())
      count = std::max(count, m.at("responses").size());
  if (count == 0) return "";
  std::string out =
      "<h3>Through the responses</h3><p class=muted>Each response's value (an actor's position "
      "or salience that follows another issue) at the point forecasts without and with, beside "
      "the driver value it was computed from, the part of the change the response made (an "
      "intervention that shifts or sets the value itself makes the rest, noted as its own) and "
      "that part over the paired runs: how the intervention reached the issues it does not "
      "touch directly. \"cycle\" or \"max_iterations\" marks a run whose responses did not "
      "settle (its last run's values are shown).</p><div class=wide><table><tr><th>response</th>"
      "<th>model</th><th>driver</th><th>baseline</th><th>with</th><th>change</th><th>by the "
      "response</th><th>5–95% of the response's part</th></tr>";
  for (std::size_t j = 0; j < count; ++j)
    for (const auto& m : w.at("models")) {
      if (!m.contains("responses") || !m.at("responses").is_array() ||
          j >= m.at("responses").size())
        continue;
      const Json& e = m.at("responses").at(j);
      // at(): a missing field throws (the report command turns it into a typed error).
      auto text = [&](const char* key) { return escape_html(e.at(key).get<std::string>()); };
      auto number = [&](const char* key) { return e.at(key).get<double>(); };
      const Json& c = e.at("change_over_draws");
      std::string unsettled;
      for (const char* arm : {"solved_baseline", "solved_with"})
        if (e.contains(arm) && e.at(arm) != "converged")
          unsettled += fmt::format(" <span class=muted>({} {})</span>", text(arm),
                                   arm == std::string("solved_baseline") ? "without" : "with");
      // Older files lack the split: the whole change is then the response's.
      const double own = e.contains("from_intervention") ? number("from_intervention") : 0.0;
      const std::string own_note =
          std::abs(own) > 1e-9
              ? fmt::format(" <span class=muted>(intervention's own {:+.1f})</span>", own)
              : "";
      out += fmt::format(
          "<tr><td>{} {} on {} ← {}</td><td>{}{}</td><td class=num>{} → {}</td><td "
          "class=num>{}</td><td class=num>{}</td><td class=num>{:+.1f}{}</td><td "
          "class=num>{:+.1f}</td><td class=num>{:+.1f} … {:+.1f}</td></tr>",
          text("actor"), text("field"), text("issue"), text("driver"), escape_html(label_of(m)),
          unsettled, num(number("driver_baseline")), num(number("driver_with")),
          num(number("value_baseline")), num(number("value_with")), number("change"), own_note,
          number("change") - own, c.at("p05").get<double>(), c.at("p95").get<double>());
    }
  return out + "</table></div>" + unsettled_note(w);
}

std::string whatif_section(const Json& run, const Json& w, double span) {
  const auto ids = w.at("interventions").get<std::vector<std::string>>();
  std::vector<std::string> names, words;
  for (const auto& id : ids) {
    std::string name = id, text;
    if (run.contains("inputs"))
      for (const auto& iv : run.at("inputs").at("interventions"))
        if (iv.at("id") == id) {
          name = iv.value("name", id);
          text = iv.at("in_words").get<std::string>();
        }
    names.push_back(name);
    if (!text.empty())
      words.push_back(fmt::format("<p><b>{}:</b> {}</p>", escape_html(name), escape_html(text)));
  }
  std::string out = fmt::format(
      "<h2 class=whatif>What if: {}</h2>{}<p class=muted>{} paired runs on common random numbers. "
      "Baseline and \"with\" are the point forecasts; the difference is \"with\" minus baseline, "
      "its 5–95% range over the paired runs. In the charts the dot is the mean difference over the "
      "paired runs and the bar its 5–95% range; all what-if charts share one axis, and the black "
      "line is no change.</p>",
      escape_html(fmt::format("{}", fmt::join(names, " + "))), fmt::join(words, ""),
      w.at("runs").get<int>());
  out +=
      "<table><tr><th>issue</th><th>model</th><th>baseline</th><th>with</th><th>difference</th>"
      "<th>5–95% of the difference</th><th>direction</th></tr>";
  for (const auto& m : w.at("models"))
    for (const auto& e : m.at("issues"))
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td "
          "class=num>{:+.1f}</td><td class=num>{:+.1f} … {:+.1f}</td><td>{}</td></tr>",
          escape_html(e.at("issue").get<std::string>()), escape_html(label_of(m)),
          num(e.at("baseline").get<double>()), num(e.at("intervention").get<double>()),
          e.value("point_shift",
                  e.at("intervention").get<double>() - e.at("baseline").get<double>()),
          e.at("shift").at("p05").get<double>(), e.at("shift").at("p95").get<double>(),
          escape_html(e.value("direction", std::string())));
  out += "</table>" + response_section(w) + package_section(w) + "<div class=charts>";
  for (const auto& m : w.at("models")) {
    std::vector<IntervalRow> rows;
    for (const auto& e : m.at("issues"))
      rows.push_back({e.at("issue").get<std::string>(), e.at("shift").at("mean").get<double>(),
                      e.at("shift").at("p05").get<double>(), e.at("shift").at("p95").get<double>(),
                      "#D55E00"});
    out += "<div class=card>" +
           shift_chart(rows, span, label_of(m), "change of the forecast (scale points)") + "</div>";
  }
  return out + "</div>";
}

}  // namespace

std::string document_scenario(const Json& document) {
  if (!document.is_object() || !document.contains("scenario")) return "";
  const Json& s = document.at("scenario");
  if (s.is_string()) return s.get<std::string>();
  if (s.is_object() && s.contains("id") && s.at("id").is_string())
    return s.at("id").get<std::string>();
  return "";
}

std::string html_report(const ReportInputs& in) {
  const Json& run = in.run;
  const auto& sc = run.at("scenario");
  const Palette palette(actor_ids(run));
  const Citations cite(run.contains("inputs") ? run.at("inputs").at("sources") : Json());
  std::vector<std::string> contents = {"<a href=#inputs>Inputs</a>",
                                       "<a href=#forecasts>Forecasts and why</a>",
                                       "<a href=#trajectories>Trajectories</a>"};
  std::string body = inputs_section(run, cite, palette);
  body += interventions_section(run, cite);
  if (body.find("id=interventions") != std::string::npos)
    contents.insert(contents.begin() + 1, "<a href=#interventions>Interventions</a>");
  body += forecast_section(run, in.monte_carlo, palette);
  body += trajectory_section(run, palette);
  const std::string exchanges = exchange_sections(run);
  if (!exchanges.empty()) contents.push_back("<a href=#exchanges>Exchanges</a>");
  body += exchanges;
  if (run.contains("conflicts")) {
    body += conflict_sections(run.at("conflicts"));
    contents.push_back("<a href=#conflicts>Conflicts</a>");
  }
  if (!in.monte_carlo.is_null()) {
    body += mc_section(run, in.monte_carlo);
    contents.push_back("<a href=#montecarlo>Monte Carlo</a>");
  }
  const double span = whatif_span(in.whatifs);
  for (const auto& w : in.whatifs) body += whatif_section(run, w, span);
  if (!in.whatifs.empty())
    contents.push_back("What if … (" + std::to_string(in.whatifs.size()) + ")");
  for (std::size_t k = 0; k < in.flips.size(); ++k) {
    const std::string anchor = fmt::format("flip{}", k + 1);
    body += flip_section(in.flips[k], anchor);
    contents.push_back(
        fmt::format("<a href=#{}>What would flip it: {}</a>", anchor, flip_title(in.flips[k])));
  }
  if (!in.backtest.is_null()) {
    body += backtest_section(run, in.backtest);
    contents.push_back("<a href=#backtest>Backtest</a>");
  }
  const std::string bibliography = cite.bibliography();
  if (!bibliography.empty()) contents.push_back("<a href=#sources>Sources</a>");
  body += bibliography;
  return fmt::format(
      "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
      "content=\"width=device-width\">"
      "<title>{}</title><style>{}</style></head><body><main>{}{}</main></body></html>\n",
      escape_html(sc.value("title", sc.at("id").get<std::string>())), kStyle,
      title_page(run, contents), body);
}

}  // namespace statecraft::report
