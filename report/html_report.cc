#include "report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace statecraft::report {
namespace {

const char* kPalette[] = {"#1b6ca8", "#d1495b", "#2e8b57", "#edae49", "#6a4c93", "#00798c",
                          "#8d6a9f", "#c05746", "#3d5a80", "#7a9e7e", "#b56576", "#355070"};

const char* kStyle = R"(
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}.muted{color:#666}.card{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:12px 0}
table{border-collapse:collapse;margin:6px 0;font-size:14px}th,td{border-bottom:1px solid #eee;padding:4px 10px;text-align:left}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:12px}.legend span{display:inline-block;margin-right:12px;font-size:13px}
.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
svg text{font:11px system-ui,sans-serif;fill:#444}pre{white-space:pre-wrap;font-size:13px;background:#f6f6f6;padding:8px}
)";

std::string num(double v) { return fmt::format("{:.1f}", v); }

const Json* find_issue(const Json& run, const std::string& id) {
  for (const auto& is : run["issues"])
    if (is["id"] == id) return &is;
  return nullptr;
}

// One model's trajectories on one issue: a line per actor over the rounds, a dashed line at
// the forecast, the scale's ends labelled.
std::string trajectory_chart(const Json& issue_result, const Json& scale,
                             const std::string& title) {
  const double w = 340, h = 200, left = 40, right = 10, top = 22, bottom = 26;
  const double lo = scale["min"].get<double>(), hi = scale["max"].get<double>();
  const auto& traj = issue_result["trajectory"];
  const std::size_t rounds = traj.size();
  auto X = [&](std::size_t r) {
    return left + (rounds > 1 ? double(r) / double(rounds - 1) : 0.5) * (w - left - right);
  };
  auto Y = [&](double v) { return top + (1 - (v - lo) / (hi - lo)) * (h - top - bottom); };
  std::string svg =
      fmt::format(R"(<svg width="{}" height="{}" viewBox="0 0 {} {}" role="img"><title>{}</title>)",
                  w, h, w, h, escape_html(title));
  svg +=
      fmt::format(R"(<text x="{}" y="14" font-weight="600">{}</text>)", left, escape_html(title));
  svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#ccc"/>)",
                     left, top, w - left - right, h - top - bottom);
  svg += fmt::format(R"(<text x="4" y="{}">{}</text><text x="4" y="{}">{}</text>)", Y(hi) + 4,
                     num(hi), Y(lo), num(lo));
  svg += fmt::format(
      R"(<text x="{}" y="{}">round 0</text><text x="{}" y="{}" text-anchor="end">{}</text>)", left,
      h - 8, w - right, h - 8, rounds - 1);
  const auto& actors = issue_result["actors"];
  for (std::size_t a = 0; a < actors.size(); ++a) {
    const std::string name = escape_html(actors[a].get<std::string>());
    if (rounds == 1) {  // no bargaining rounds: the positions as dots
      svg += fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}"><title>{}: {}</title></circle>)", X(0),
          Y(traj[0][a].get<double>()), kPalette[a % 12], name, num(traj[0][a].get<double>()));
      continue;
    }
    std::string points;
    for (std::size_t r = 0; r < rounds; ++r)
      points += fmt::format("{:.1f},{:.1f} ", X(r), Y(traj[r][a].get<double>()));
    svg += fmt::format(
        R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"><title>{}</title></polyline>)",
        points, kPalette[a % 12], name);
  }
  const double outcome = issue_result["outcome"].get<double>();
  svg += fmt::format(
      R"(<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#000" stroke-dasharray="5,3"><title>forecast {}</title></line>)",
      left, w - right, Y(outcome), Y(outcome), num(outcome));
  return svg + "</svg>";
}

// Interval bars: one row per label with a 5-95% bar and a median (or mean) dot.
std::string interval_chart(const std::vector<std::tuple<std::string, double, double, double>>& rows,
                           double lo, double hi, const std::string& title) {
  const double w = 520, row_h = 22, left = 150, right = 20, top = 24;
  const double h = top + row_h * double(rows.size()) + 22;
  auto X = [&](double v) {
    return left + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (w - left - right);
  };
  std::string svg =
      fmt::format(R"(<svg width="{}" height="{}" viewBox="0 0 {} {}" role="img"><title>{}</title>)",
                  w, h, w, h, escape_html(title));
  svg += fmt::format(R"(<text x="0" y="14" font-weight="600">{}</text>)", escape_html(title));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& [label, a, mid, b] = rows[k];
    const double y = top + row_h * double(k) + row_h / 2;
    svg += fmt::format(R"(<text x="0" y="{:.1f}">{}</text>)", y + 4, escape_html(label));
    svg += fmt::format(
        R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="6" stroke-linecap="round"/>)",
        X(a), X(b), y, y, kPalette[k % 12]);
    svg += fmt::format(
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#000"><title>{}: {} ({} – {})</title></circle>)",
        X(mid), y, escape_html(label), num(mid), num(a), num(b));
  }
  const double axis = top + row_h * double(rows.size()) + 4;
  svg += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#999"/>)", left, w - right,
                     axis, axis);
  svg +=
      fmt::format(R"(<text x="{}" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text>)",
                  left, axis + 14, num(lo), w - right, axis + 14, num(hi));
  return svg + "</svg>";
}

std::string run_sections(const Json& run) {
  std::string out = "<h2>Forecasts</h2><table><tr><th>issue</th>";
  for (const auto& r : run["runs"])
    out += "<th>" +
           escape_html(r["model"].get<std::string>() + ":" + r["variant"].get<std::string>()) +
           "</th>";
  out += "</tr>";
  for (std::size_t i = 0; i < run["issues"].size(); ++i) {
    const auto& is = run["issues"][i];
    out += fmt::format("<tr><td>{}<br><span class=muted>{} … {}</span></td>",
                       escape_html(is["id"].get<std::string>()),
                       escape_html(is["scale"]["low"].get<std::string>()),
                       escape_html(is["scale"]["high"].get<std::string>()));
    for (const auto& r : run["runs"]) {
      const auto& ir = r["issues"][i];
      std::string veto;
      if (ir["detail"].contains("institution") &&
          ir["detail"]["institution"].value("applied", false) &&
          ir["detail"]["institution"]["unconstrained_outcome"] != ir["outcome"])
        veto = fmt::format("<br><span class=muted>veto held it (free: {})</span>",
                           num(ir["detail"]["institution"]["unconstrained_outcome"].get<double>()));
      out += fmt::format("<td class=num>{}{}</td>", num(ir["outcome"].get<double>()), veto);
    }
    out += "</tr>";
  }
  out +=
      "</table><h2>Trajectories</h2><p class=muted>Every actor's position per round (dashed: the "
      "forecast).</p>";
  for (std::size_t i = 0; i < run["issues"].size(); ++i) {
    const auto& is = run["issues"][i];
    out += fmt::format("<h3>{} — {}</h3><div class=card><div class=legend>",
                       escape_html(is["id"].get<std::string>()), escape_html(is.value("name", "")));
    const auto& actors = run["runs"][0]["issues"][i]["actors"];
    for (std::size_t a = 0; a < actors.size(); ++a)
      out += fmt::format(R"(<span><i style="background:{}"></i>{}</span>)", kPalette[a % 12],
                         escape_html(actors[a].get<std::string>()));
    out += "</div><div class=charts>";
    for (const auto& r : run["runs"])
      out +=
          trajectory_chart(r["issues"][i], is["scale"],
                           r["model"].get<std::string>() + ":" + r["variant"].get<std::string>());
    out += "</div></div>";
  }
  return out;
}

// The exchange model's trades: who gave way on what, in return for what (first round in
// full, then the count per round).
std::string exchange_sections(const Json& run) {
  std::string out;
  for (const auto& r : run["runs"]) {
    if (r["model"] != "exchange" || !r["detail"].contains("rounds")) continue;
    const auto& rounds = r["detail"]["rounds"];
    std::vector<std::string> counts;
    for (const auto& round : rounds) counts.push_back(std::to_string(round["exchanges"].size()));
    out += fmt::format(
        "<h2 id=exchanges>Exchanges ({}:{})</h2><p class=muted>Trades across linked issues: each "
        "side moves its vote on the issue it cares less about towards the other. Exchanges per "
        "round: {}.</p>",
        escape_html(r["model"].get<std::string>()), escape_html(r["variant"].get<std::string>()),
        fmt::join(counts, ", "));
    if (rounds.empty() || rounds[0]["exchanges"].empty()) continue;
    out +=
        "<table><tr><th>gives way</th><th>on</th><th>from → to</th><th>in return</th>"
        "<th>on</th><th>from → to</th><th>gains</th></tr>";
    for (const auto& e : rounds[0]["exchanges"])
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=num>{} → {}</td><td>{}</td><td>{}</td>"
          "<td class=num>{} → {}</td><td class=num>{:.3f} / {:.3f}</td></tr>",
          escape_html(e["i"]["actor"].get<std::string>()),
          escape_html(e["i"]["supply"].get<std::string>()), num(e["i"]["from"].get<double>()),
          num(e["i"]["to"].get<double>()), escape_html(e["j"]["actor"].get<std::string>()),
          escape_html(e["j"]["supply"].get<std::string>()), num(e["j"]["from"].get<double>()),
          num(e["j"]["to"].get<double>()), e["gain_i"].get<double>(), e["gain_j"].get<double>());
    out += "</table>";
  }
  return out;
}

std::string conflict_sections(const Json& conflicts) {
  std::string out = "<h2 id=conflicts>Conflicts (graph model)</h2>";
  for (const auto& c : conflicts) {
    out += fmt::format(
        "<h3>{} — {}</h3><div class=card><p class=muted>{} feasible states, {} "
        "semantics</p><table><tr><th>concept</th><th>equilibria</th></tr>",
        escape_html(c["conflict"].get<std::string>()), escape_html(c["name"].get<std::string>()),
        c["feasible_states"].get<std::size_t>(), escape_html(c["semantics"].get<std::string>()));
    for (const auto& [concept_name, list] : c["equilibria"].items()) {
      std::string states;
      for (std::size_t k = 0; k < list.size() && k < 8; ++k)
        states += escape_html(list[k]["description"].get<std::string>()) + "<br>";
      if (list.size() > 8) states += fmt::format("… {} states in all", list.size());
      out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", escape_html(concept_name),
                         list.empty() ? "none" : states);
    }
    out += "</table>";
    if (c.contains("status_quo")) {
      const auto& sq = c["status_quo"];
      const auto eq = sq["equilibrium_under"].get<std::vector<std::string>>();
      out += fmt::format(
          "<p><b>Status quo:</b> {} — {}</p><table><tr><th>decision maker</th><th>stable "
          "under</th><th>improving moves</th></tr>",
          escape_html(sq["state"]["description"].get<std::string>()),
          eq.empty() ? std::string("not an equilibrium")
                     : "equilibrium under " + escape_html(fmt::format("{}", fmt::join(eq, ", "))));
      for (const auto& [dm, info] : sq["decision_makers"].items()) {
        std::string moves;
        for (const auto& m : info["improvements"])
          moves += escape_html(m["description"].get<std::string>()) + "<br>";
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape_html(dm),
            escape_html(fmt::format(
                "{}", fmt::join(info["stable_under"].get<std::vector<std::string>>(), ", "))),
            moves.empty() ? "none" : moves);
      }
      out += "</table><p><b>Equilibria reachable by improvements:</b></p><ul>";
      int listed = 0;
      for (const auto& r : sq["reachable_equilibria"]) {
        if (!r["reachable_by_improvements"].get<bool>() || r["improving_path"].empty()) continue;
        ++listed;
        std::string steps;
        for (const auto& s : r["improving_path"])
          steps +=
              escape_html(s["mover"].get<std::string>() + " " + s["change"].get<std::string>()) +
              "; ";
        out += fmt::format("<li>{} ← {}</li>", escape_html(r["description"].get<std::string>()),
                           steps);
      }
      out += "</ul>";
    }
    out += "</div>";
  }
  return out;
}

std::string mc_section(const Json& run, const Json& mc) {
  std::string out = fmt::format(
      "<h2 id=montecarlo>Monte Carlo</h2><p class=muted>{} runs, seed {}; {} (5–95% bars, dot = "
      "median).</p>",
      mc["runs"].get<int>(), mc["seed"].get<std::uint64_t>(),
      escape_html(mc["distribution"].get<std::string>()));
  const auto& models = mc["models"];
  if (models.empty()) return out;
  for (std::size_t i = 0; i < models[0]["issues"].size(); ++i) {
    const std::string id = models[0]["issues"][i]["issue"].get<std::string>();
    const Json* is = find_issue(run, id);
    const double lo = is ? (*is)["scale"]["min"].get<double>() : 0,
                 hi = is ? (*is)["scale"]["max"].get<double>() : 100;
    std::vector<std::tuple<std::string, double, double, double>> rows;
    std::string sens;
    for (const auto& m : models) {
      const auto& e = m["issues"][i]["outcome"];
      rows.emplace_back(m["model"].get<std::string>() + ":" + m["variant"].get<std::string>(),
                        e["p05"].get<double>(), e["median"].get<double>(), e["p95"].get<double>());
      const auto& s = m["issues"][i]["sensitivity"];
      if (!s.empty())
        sens += fmt::format("<li>{}: most sensitive to {} (ρ = {:+.2f})</li>",
                            escape_html(m["model"].get<std::string>()),
                            escape_html(s[0]["parameter"].get<std::string>()),
                            s[0]["spearman"].get<double>());
    }
    out += "<div class=card>" + interval_chart(rows, lo, hi, id) + "<ul>" + sens + "</ul></div>";
  }
  return out;
}

std::string whatif_section(const Json& w) {
  std::string ids =
      fmt::format("{}", fmt::join(w["interventions"].get<std::vector<std::string>>(), " + "));
  std::string out = fmt::format(
      "<h2 class=whatif>What if: {}</h2><p class=muted>{} paired runs; bars: 5–95% of the shift, "
      "dot: mean "
      "shift.</p>",
      escape_html(ids), w["runs"].get<int>());
  for (const auto& m : w["models"]) {
    std::vector<std::tuple<std::string, double, double, double>> rows;
    double span = 1;
    for (const auto& e : m["issues"]) {
      rows.emplace_back(e["issue"].get<std::string>(), e["shift"]["p05"].get<double>(),
                        e["shift"]["mean"].get<double>(), e["shift"]["p95"].get<double>());
      span = std::max({span, std::abs(e["shift"]["p05"].get<double>()),
                       std::abs(e["shift"]["p95"].get<double>())});
    }
    out += "<div class=card>" +
           interval_chart(rows, -span, span,
                          m["model"].get<std::string>() + ":" + m["variant"].get<std::string>()) +
           "</div>";
  }
  return out;
}

std::string pit_counts(const Json& r) {
  if (!r.contains("pit")) return "—";
  std::string out;
  for (const auto& bin : r["pit"]["bins"])
    out += (out.empty() ? "" : " ") + std::to_string(bin["count"].get<int>());
  return out;
}

std::string backtest_section(const Json& b) {
  std::string out = fmt::format(
      "<h2 id=backtest>Backtest</h2><p class=muted>hit = within {}% of the scale width of the "
      "outcome; CRPS in % of the scale (= the absolute error for a point forecast); cov. 90% = "
      "share of outcomes inside the central 90% interval; skill = 1 − MAE / MAE of "
      "persistence (&gt; 0 beats “nothing changes”); PIT counts: where each outcome fell in the "
      "forecast distribution, flat = calibrated, piled at the ends = intervals too narrow.{}</p>"
      "<table><tr><th>model</th><th>MAE</th><th>MAE % of scale</th><th>hit rate</th>"
      "<th>CRPS</th><th>cov. 90%</th><th>skill</th><th>PIT counts (10 bins)</th></tr>",
      b["tolerance_pct"].get<double>(),
      b.value("in_sample", false) ? " In sample: no outcome is dated after the scenario's as_of."
                                  : "");
  auto row = [](const Json& r) {
    const auto opt = [&](const char* key, const char* sub, double scale, const char* f) {
      if (!r.contains(key) || (sub && !r[key].contains(sub))) return std::string("—");
      return fmt::format(fmt::runtime(f), scale * (sub ? r[key][sub] : r[key]).get<double>());
    };
    return fmt::format(
        "<tr><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{:.0f}%</td>"
        "<td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td>{}</td></tr>",
        escape_html(r["model"].get<std::string>()), num(r["mae"].get<double>()),
        num(r["mae_pct_of_scale"].get<double>()), 100 * r["hit_rate"].get<double>(),
        opt("crps_pct_of_scale", nullptr, 1, "{:.1f}"),
        opt("coverage", "nominal_90", 100, "{:.0f}%"),
        opt("skill_vs_persistence", "mae", 1, "{:+.2f}"), pit_counts(r));
  };
  for (const auto& r : b["models"]) out += row(r);
  if (b.contains("ensembles"))
    for (const auto& r : b["ensembles"]) out += row(r);
  else
    out += row(b["ensemble"]);
  if (b.contains("baselines"))
    for (const auto& r : b["baselines"]) out += row(r);
  out +=
      "</table><table><tr><th>issue</th><th>date</th><th>outcome</th><th>ensemble "
      "forecast</th></tr>";
  for (const auto& o : b["ensemble"]["outcomes"])
    out +=
        fmt::format("<tr><td>{}{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
                    escape_html(o["issue"].get<std::string>()),
                    o.contains("actor") ? " (" + escape_html(o["actor"].get<std::string>()) + ")"
                                        : std::string(),
                    escape_html(o["date"].get<std::string>()), num(o["outcome"].get<double>()),
                    num(o["forecast"].get<double>()));
  return out + "</table>";
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_report(const ReportInputs& in) {
  const Json& run = in.run;
  const auto& sc = run["scenario"];
  std::string body =
      fmt::format("<h1>{}</h1><p class=muted>scenario {} · as of {} · statecraft {}</p>",
                  escape_html(sc.value("title", sc["id"].get<std::string>())),
                  escape_html(sc["id"].get<std::string>()), escape_html(sc.value("as_of", "")),
                  escape_html(run["statecraft"].get<std::string>()));
  body += run_sections(run);
  body += exchange_sections(run);
  if (run.contains("conflicts")) body += conflict_sections(run["conflicts"]);
  if (!in.monte_carlo.is_null()) body += mc_section(run, in.monte_carlo);
  for (const auto& w : in.whatifs) body += whatif_section(w);
  if (!in.backtest.is_null()) body += backtest_section(in.backtest);
  return fmt::format(
      "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
      "content=\"width=device-width\">"
      "<title>{}</title><style>{}</style></head><body><main>{}</main></body></html>\n",
      escape_html(sc["id"].get<std::string>()), kStyle, body);
}

}  // namespace statecraft::report
