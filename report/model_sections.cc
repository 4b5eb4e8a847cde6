#include "report/model_sections.h"

#include <fmt/format.h>

#include "report/charts.h"

namespace statecraft::report {

std::string trajectory_section(const Json& run, const Palette& palette) {
  std::string out =
      "<h2 id=trajectories>Trajectories</h2><p class=muted>Every actor's position per round "
      "(dashed black: the forecast). Each actor keeps its colour and line style in every "
      "chart.</p>";
  for (std::size_t i = 0; i < run.at("issues").size(); ++i) {
    const auto& is = run.at("issues").at(i);
    out +=
        fmt::format("<h3>{} — {}</h3><div class=card><div class=charts>",
                    escape_html(is.at("id").get<std::string>()), escape_html(is.value("name", "")));
    for (const auto& r : run.at("runs"))
      out += trajectory_chart(
          r.at("issues").at(i), scale_of(is),
          r.at("model").get<std::string>() + ":" + r.at("variant").get<std::string>(), palette);
    out += "</div></div>";
  }
  return out;
}

// The exchange model's trades: who gave way on what, in return for what (first round in
// full, then the count per round).
std::string exchange_sections(const Json& run) {
  std::string out;
  for (const auto& r : run.at("runs")) {
    if (r.at("model") != "exchange" || !r.at("detail").contains("rounds")) continue;
    const auto& rounds = r.at("detail").at("rounds");
    std::vector<std::string> counts;
    for (const auto& round : rounds) counts.push_back(std::to_string(round.at("exchanges").size()));
    out += fmt::format(
        "<h2 id=exchanges>Exchanges ({}:{})</h2><p class=muted>Trades across linked issues: each "
        "side moves its vote on the issue it cares less about towards the other. Exchanges per "
        "round: {}.</p>",
        escape_html(r.at("model").get<std::string>()),
        escape_html(r.at("variant").get<std::string>()), fmt::join(counts, ", "));
    if (rounds.empty() || rounds.at(0).at("exchanges").empty()) continue;
    out +=
        "<table><tr><th>gives way</th><th>on</th><th>from → to</th><th>in return</th>"
        "<th>on</th><th>from → to</th><th>gains</th></tr>";
    for (const auto& e : rounds.at(0).at("exchanges"))
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=num>{} → {}</td><td>{}</td><td>{}</td>"
          "<td class=num>{} → {}</td><td class=num>{:.3f} / {:.3f}</td></tr>",
          escape_html(e.at("i").at("actor").get<std::string>()),
          escape_html(e.at("i").at("supply").get<std::string>()),
          num(e.at("i").at("from").get<double>()), num(e.at("i").at("to").get<double>()),
          escape_html(e.at("j").at("actor").get<std::string>()),
          escape_html(e.at("j").at("supply").get<std::string>()),
          num(e.at("j").at("from").get<double>()), num(e.at("j").at("to").get<double>()),
          e.at("gain_i").get<double>(), e.at("gain_j").get<double>());
    out += "</table>";
  }
  return out;
}

namespace {

// The equilibria the status quo reaches by a chain of unilateral improvements. An empty
// path reaches the status quo itself (it is an equilibrium already); when that is all, say
// so rather than print an empty list.
std::string reachable_by_improvements(const Json& reachable) {
  std::string items;
  bool status_quo_itself = false;
  for (const auto& r : reachable) {
    if (!r.at("reachable_by_improvements").get<bool>()) continue;
    if (r.at("improving_path").empty()) {
      status_quo_itself = true;
      continue;
    }
    std::string steps;
    for (const auto& s : r.at("improving_path"))
      steps +=
          escape_html(s.at("mover").get<std::string>() + " " + s.at("change").get<std::string>()) +
          "; ";
    items +=
        fmt::format("<li>{} ← {}</li>", escape_html(r.at("description").get<std::string>()), steps);
  }
  if (!items.empty())
    return "<p><b>Equilibria reachable by improvements:</b></p><ul>" + items + "</ul>";
  return fmt::format("<p><b>Equilibria reachable by improvements:</b> {}</p>",
                     status_quo_itself
                         ? "none but the status quo itself (already an equilibrium: no move needed)"
                         : "none");
}

}  // namespace

std::string conflict_sections(const Json& conflicts) {
  std::string out = "<h2 id=conflicts>Conflicts (graph model)</h2>";
  for (const auto& c : conflicts) {
    out += fmt::format(
        "<h3>{} — {}</h3><div class=card><p class=muted>{} feasible states, {} "
        "semantics</p><table><tr><th>concept</th><th>equilibria</th></tr>",
        escape_html(c.at("conflict").get<std::string>()),
        escape_html(c.at("name").get<std::string>()), c.at("feasible_states").get<std::size_t>(),
        escape_html(c.at("semantics").get<std::string>()));
    for (const auto& [concept_name, list] : c.at("equilibria").items()) {
      std::string states;
      for (std::size_t k = 0; k < list.size() && k < 8; ++k)
        states += escape_html(list.at(k).at("description").get<std::string>()) + "<br>";
      if (list.size() > 8) states += fmt::format("… {} states in all", list.size());
      out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", escape_html(concept_name),
                         list.empty() ? "none" : states);
    }
    out += "</table>";
    if (c.contains("status_quo")) {
      const auto& sq = c.at("status_quo");
      const auto eq = sq.at("equilibrium_under").get<std::vector<std::string>>();
      out += fmt::format(
          "<p><b>Status quo:</b> {} — {}</p><table><tr><th>decision maker</th><th>stable "
          "under</th><th>improving moves</th></tr>",
          escape_html(sq.at("state").at("description").get<std::string>()),
          eq.empty() ? std::string("not an equilibrium")
                     : "equilibrium under " + escape_html(fmt::format("{}", fmt::join(eq, ", "))));
      for (const auto& [dm, info] : sq.at("decision_makers").items()) {
        std::string moves;
        for (const auto& m : info.at("improvements"))
          moves += escape_html(m.at("description").get<std::string>()) + "<br>";
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape_html(dm),
            escape_html(fmt::format(
                "{}", fmt::join(info.at("stable_under").get<std::vector<std::string>>(), ", "))),
            moves.empty() ? "none" : moves);
      }
      out += "</table>" + reachable_by_improvements(sq.at("reachable_equilibria"));
    }
    out += "</div>";
  }
  return out;
}

}  // namespace statecraft::report
