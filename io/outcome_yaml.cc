#include "io/outcome_yaml.h"

#include <fmt/format.h>

#include "core/errors.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"
#include "io/source_refs.h"

namespace statecraft::io {

void read_outcomes(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.check_sequence(node, "outcomes")) return;
  for (const auto& item : node) {
    Outcome out;
    if (!r.check_map(item, "outcome", {"issue", "date", "value", "source"}, {"actor", "note"}))
      continue;
    std::optional<std::size_t> issue;
    if (auto id = r.text(item["issue"], "outcome issue")) {
      issue = s.issue_index(*id);
      if (!issue) r.problem(item["issue"], fmt::format("outcome issue: unknown issue '{}'", *id));
    }
    // `actor:` records that actor's own position on the issue, not the issue's outcome.
    bool actor_ok = true;
    if (item["actor"]) {
      const auto id = r.text(item["actor"], "outcome actor");
      out.actor = id ? s.actor_index(*id) : std::nullopt;
      actor_ok = out.actor.has_value();
      if (id && !out.actor)
        r.problem(item["actor"], fmt::format("outcome actor: unknown actor '{}'", *id));
      if (out.actor && issue) {
        bool holds = false;
        for (const auto& st : s.issues[*issue].stances) holds = holds || st.actor == *out.actor;
        if (!holds)
          r.problem(item["actor"], fmt::format("outcome actor: {} holds no position on issue '{}'",
                                               *id, s.issues[*issue].id));
        actor_ok = holds;
      }
    }
    if (item["date"]) out.date = r.date(item["date"], "outcome date").value_or("");
    const auto value = item["value"] ? r.number(item["value"], "outcome value") : std::nullopt;
    if (issue && value) {
      const Scale& sc = s.issues[*issue].scale;
      if (*value < sc.min || *value > sc.max)
        r.problem(item["value"], fmt::format("outcome value: {} is outside the scale [{}, {}]",
                                             *value, sc.min, sc.max));
    }
    if (item["source"]) out.sources = read_source_keys(r, item["source"], s, "outcome source");
    if (item["note"]) out.note = r.text(item["note"], "outcome note").value_or("");
    if (!issue || !value || !actor_ok) continue;
    out.issue = *issue;
    out.value = *value;
    s.outcomes.push_back(std::move(out));
  }
}

std::vector<Outcome> load_outcomes_text(const std::string& text, const std::string& file,
                                        const Scenario& scenario) {
  const YAML::Node root = parse_yaml(text, file);
  YamlReader r(file);
  Scenario s = scenario;  // the file's own sources join the scenario's
  s.outcomes.clear();
  if (r.check_map(root, "outcomes file", {"outcomes"}, {"sources"})) {
    if (root["sources"])
      for (const auto& [key, value] : r.entries(root["sources"], "sources")) {
        Source src;
        src.key = key.Scalar();
        if (r.check_map(value, "source '" + src.key + "'", {"title"},
                        {"author", "date", "kind", "url", "note"}))
          src.title = r.text(value["title"], "source title").value_or("");
        s.sources.push_back(src);
      }
    read_outcomes(r, root["outcomes"], s);
  }
  if (!r.ok()) throw ScenarioError(r.take_problems());
  return s.outcomes;
}

std::vector<Outcome> load_outcomes_file(const std::string& path, const Scenario& scenario) {
  return load_outcomes_text(read_text_file(path), path, scenario);
}

}  // namespace statecraft::io
