#include "cli/show_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "core/errors.h"
#include "core/explain.h"
#include "io/input_file.h"
#include "io/result_json.h"

namespace statecraft::cli {
namespace {

std::string num(double v) { return fmt::format("{:.4g}", v); }

std::string sources_of(const std::vector<std::string>& keys) {
  return keys.empty() ? "" : fmt::format("  [{}]", fmt::join(keys, ", "));
}

std::string range_of(const Quantity& q, double factor = 1) {
  return q.range
             ? fmt::format(" ({}-{})", num(q.range->first * factor), num(q.range->second * factor))
             : "";
}

std::string conjunction_text(const ConflictSpec& c, const ConflictConjunction& conj) {
  std::vector<std::string> parts;
  for (const auto& lit : conj)
    parts.push_back(
        fmt::format("{}{}", lit.taken ? "" : "not ", c.options[std::size_t(lit.option)].id));
  return fmt::format("{}", fmt::join(parts, " and "));
}

}  // namespace

std::string show_text(const Scenario& s) {
  std::string out = fmt::format("{} ({}{})\n", s.title.empty() ? s.id : s.title, s.id,
                                s.as_of.empty() ? "" : ", as of " + s.as_of);
  if (!s.description.empty()) out += s.description + "\n";
  out += fmt::format("file: {}\n", s.origin);

  std::size_t id_width = 8, name_width = 12;  // columns as wide as the longest id and name
  for (const auto& a : s.actors) {
    id_width = std::max(id_width, a.id.size());
    name_width = std::max(name_width, a.name.size());
  }
  out += fmt::format("\nActors ({})\n", s.actors.size());
  for (const auto& a : s.actors)
    out += fmt::format("  {:<{}} {:<{}} capability {}{}{}\n", a.id, id_width, a.name, name_width,
                       num(a.capability.value), range_of(a.capability),
                       sources_of(a.capability.sources));

  out +=
      fmt::format("\nIssues ({}; salience 0-100{})\n", s.issues.size(),
                  s.salience_basis == SalienceBasis::Budget ? ", a shared budget per actor" : "");
  for (const auto& is : s.issues) {
    out += fmt::format("  {} — {}{}\n", is.id, is.name,
                       is.institution ? " [institution: " + *is.institution + "]" : "");
    out += fmt::format("    scale {} = \"{}\" … {} = \"{}\"\n", num(is.scale.min), is.scale.low,
                       num(is.scale.max), is.scale.high);
    if (is.status_quo)
      out += fmt::format("    status quo {}{}{}\n", num(is.status_quo->value),
                         range_of(*is.status_quo), sources_of(is.status_quo->sources));
    for (const auto& st : is.stances)
      out +=
          fmt::format("    {:<{}} position {:>5}{:<12} salience {:>4}{}{}\n", s.actors[st.actor].id,
                      id_width, num(st.position.value), range_of(st.position),
                      num(st.salience.value * 100), range_of(st.salience, 100),
                      st.capability ? "  capability here " + num(st.capability->value) : "");
    std::vector<std::string> absent;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      bool has = false;
      for (const auto& st : is.stances) has = has || st.actor == a;
      if (!has) absent.push_back(s.actors[a].id);
    }
    if (!absent.empty()) out += fmt::format("    sitting out: {}\n", fmt::join(absent, ", "));
  }

  if (!s.institutions.empty()) {
    out += fmt::format("\nInstitutions ({})\n", s.institutions.size());
    for (const auto& inst : s.institutions) {
      std::vector<std::string> holders;
      for (auto h : inst.veto_holders) holders.push_back(s.actors[h].id);
      out += fmt::format("  {} — {} ({}; holders: {}){}\n", inst.id, inst.name, inst.kind,
                         fmt::join(holders, ", "), sources_of(inst.sources));
    }
  }

  out += fmt::format("\nInterventions ({})\n", s.interventions.size());
  for (const auto& iv : s.interventions)
    out += fmt::format("  {} — {}\n    {}\n", iv.id, iv.name, describe_intervention(s, iv));

  out += fmt::format("\nConflicts ({})\n", s.conflicts.size());
  for (const auto& c : s.conflicts) {
    out += fmt::format("  {} — {}\n", c.id, c.name);
    for (const auto& dm : c.dms) {
      std::vector<std::string> options;
      for (int o : dm.options) options.push_back(c.options[std::size_t(o)].id);
      out += fmt::format("    {:<8} options: {}\n", dm.id, fmt::join(options, ", "));
    }
    for (const auto& inf : c.infeasible)
      out += fmt::format("    infeasible: {}\n", conjunction_text(c, inf));
  }

  out += fmt::format("\nResponses ({})\n", s.responses.size());
  for (const auto& r : s.responses) {
    const std::string driver =
        r.driver_actor ? fmt::format("{}'s position on {}", s.actors[*r.driver_actor].id,
                                     s.issues[r.driver_issue].id)
                       : fmt::format("the outcome of {}", s.issues[r.driver_issue].id);
    out += fmt::format(
        "  {}'s {} on {} responds to {}: slope {}{} per point from {}{}\n", s.actors[r.actor].id,
        r.field == Response::Field::Position ? "position" : "salience", s.issues[r.issue].id,
        driver, num(r.slope.value), range_of(r.slope), num(r.reference), sources_of(r.sources));
  }

  out += fmt::format("\nOutcomes ({})\n", s.outcomes.size());
  for (const auto& o : s.outcomes)
    out += fmt::format("  {:<10} {}{} = {}{}\n", o.date, s.issues[o.issue].id,
                       o.actor ? " (" + s.actors[*o.actor].id + "'s position)" : "", num(o.value),
                       sources_of(o.sources));

  out += fmt::format("\nSources ({})\n", s.sources.size());
  for (const auto& src : s.sources)
    out += fmt::format("  {:<16} {}{}{}\n", src.key, src.author.empty() ? "" : src.author + ": ",
                       src.title, src.date.empty() ? "" : " (" + src.date + ")");
  return out;
}

int show_command(const ShowArgs& args) {
  if (args.format != "text" && args.format != "json")
    throw OptionError("--format", fmt::format("expected text or json, got '{}'", args.format));
  const ScenarioPtr s =
      args.input.empty() ? io::load_default_scenario() : io::load_input(args.input);
  if (args.format == "json") {
    Json doc = {{"scenario",
                 {{"id", s->id}, {"title", s->title}, {"as_of", s->as_of}, {"origin", s->origin}}}};
    Json issues = Json::array();
    for (const auto& is : s->issues) issues.push_back(io::issue_to_json(is));
    doc["issues"] = issues;
    doc["inputs"] = io::inputs_to_json(*s);
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << show_text(*s);
  }
  return 0;
}

}  // namespace statecraft::cli
