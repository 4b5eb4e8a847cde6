#include "io/response_yaml.h"

#include <fmt/format.h>

#include <functional>
#include <limits>
#include <map>

#include "io/source_refs.h"

namespace statecraft::io {
namespace {

using YAML::Node;

std::string field_text(Response::Field f) {
  return f == Response::Field::Position ? "position" : "salience";
}

std::string label(const Scenario& s, const Response& r) {
  return fmt::format("response of '{}' ({} on '{}')", s.actors[r.actor].id, field_text(r.field),
                     s.issues[r.issue].id);
}

std::optional<std::size_t> actor_ref(YamlReader& r, const Node& node, const Scenario& s,
                                     const std::string& what) {
  auto id = r.text(node, what);
  if (!id) return std::nullopt;
  auto index = s.actor_index(*id);
  if (!index) r.problem(node, fmt::format("{}: unknown actor '{}'", what, *id));
  return index;
}

std::optional<std::size_t> issue_ref(YamlReader& r, const Node& node, const Scenario& s,
                                     const std::string& what) {
  auto id = r.text(node, what);
  if (!id) return std::nullopt;
  auto index = s.issue_index(*id);
  if (!index) r.problem(node, fmt::format("{}: unknown issue '{}'", what, *id));
  return index;
}

std::optional<Quantity> read_slope(YamlReader& r, const Node& node, const Scenario& s,
                                   const std::string& owner) {
  const std::string what = owner + " slope";
  if (!r.check_map(node, what, {"value"}, {"range", "source", "note"})) return std::nullopt;
  Quantity q;
  auto value = r.number(node["value"], what);
  if (!value) return std::nullopt;
  q.value = *value;
  if (node["range"]) {
    q.range = r.range(node["range"], what + " range");
    if (q.range && (*value < q.range->first || *value > q.range->second))
      r.problem(node["range"], fmt::format("{} range: [{}, {}] does not contain the value {}", what,
                                           q.range->first, q.range->second, *value));
  }
  if (node["source"]) q.sources = read_source_keys(r, node["source"], s, what + " source");
  if (node["note"]) q.note = r.text(node["note"], what + " note").value_or("");
  return q;
}

// Reads one response; nullopt if a problem makes it unusable (problems are recorded).
std::optional<Response> read_response(YamlReader& r, const Node& item, const Scenario& s) {
  const std::string what = "response";
  if (!r.check_map(item, what, {"actor", "issue", "driver", "slope", "source"},
                   {"field", "reference", "bounds", "note"}))
    return std::nullopt;
  Response resp;
  bool ok = true;
  auto actor = item["actor"] ? actor_ref(r, item["actor"], s, what + " actor") : std::nullopt;
  auto issue = item["issue"] ? issue_ref(r, item["issue"], s, what + " issue") : std::nullopt;
  ok = actor && issue;
  if (item["field"]) {
    auto f = r.text(item["field"], what + " field");
    if (f && *f == "salience")
      resp.field = Response::Field::Salience;
    else if (f && *f != "position") {
      r.problem(item["field"],
                fmt::format("{} field: expected position or salience, got '{}'", what, *f));
      ok = false;
    }
  }
  if (actor && issue && !find_stance(s, *actor, *issue)) {
    r.problem(item["actor"], fmt::format("{}: actor '{}' has no position on issue '{}' to respond",
                                         what, s.actors[*actor].id, s.issues[*issue].id));
    ok = false;
  }
  std::optional<std::size_t> driver_issue, driver_actor;
  const Node driver = item["driver"];
  if (driver && r.check_map(driver, what + " driver", {"issue"}, {"actor"})) {
    driver_issue = issue_ref(r, driver["issue"], s, what + " driver issue");
    if (driver["actor"]) {
      driver_actor = actor_ref(r, driver["actor"], s, what + " driver actor");
      if (!driver_actor) ok = false;
    }
    if (driver_issue && driver_actor && !find_stance(s, *driver_actor, *driver_issue)) {
      r.problem(driver["actor"],
                fmt::format("{} driver: actor '{}' has no position on issue '{}'", what,
                            s.actors[*driver_actor].id, s.issues[*driver_issue].id));
      ok = false;
    }
    // A response may follow another actor's position on the same issue, but not the
    // issue's own outcome or the actor's own position: they would feed back on themselves.
    if (driver_issue && issue && *driver_issue == *issue && !driver["actor"]) {
      r.problem(driver["issue"],
                fmt::format("{} driver: the outcome of issue '{}' cannot drive a position on that "
                            "same issue (it would feed back on itself); drive it by another issue, "
                            "or by another actor's position there",
                            what, s.issues[*issue].id));
      ok = false;
    }
    if (driver_issue && issue && *driver_issue == *issue && driver_actor && actor &&
        *driver_actor == *actor) {
      r.problem(driver["actor"],
                fmt::format("{} driver: actor '{}' cannot respond to its own position on '{}'",
                            what, s.actors[*actor].id, s.issues[*issue].id));
      ok = false;
    }
  }
  ok = ok && driver_issue.has_value();
  auto slope = item["slope"] ? read_slope(r, item["slope"], s, what) : std::nullopt;
  ok = ok && slope.has_value();
  if (item["source"]) resp.sources = read_source_keys(r, item["source"], s, what + " source");
  if (item["note"]) resp.note = r.text(item["note"], what + " note").value_or("");
  if (slope && slope->sources.empty()) slope->sources = resp.sources;
  std::optional<double> reference;
  if (item["reference"]) {
    reference = r.number(item["reference"], what + " reference");
    if (reference && driver_issue) {
      const Scale& sc = s.issues[*driver_issue].scale;
      if (*reference < sc.min || *reference > sc.max)
        r.problem(item["reference"],
                  fmt::format("{} reference: {} is outside the driver issue's scale [{}, {}]", what,
                              *reference, sc.min, sc.max));
    }
    ok = ok && reference.has_value();
  }
  std::optional<std::pair<double, double>> bounds;
  if (item["bounds"]) {
    bounds = r.range(item["bounds"], what + " bounds");
    ok = ok && bounds.has_value();
  }
  if (!ok) return std::nullopt;
  const bool salience = resp.field == Response::Field::Salience;
  const Scale& sc = s.issues[*issue].scale;
  const double lo = salience ? 0 : sc.min, hi = salience ? 100 : sc.max;
  if (bounds && (bounds->first < lo || bounds->second > hi)) {
    r.problem(item["bounds"],
              fmt::format("{} bounds: [{}, {}] reach outside {} [{}, {}]", what, bounds->first,
                          bounds->second, salience ? "the salience range" : "the scale", lo, hi));
    return std::nullopt;
  }
  resp.actor = *actor;
  resp.issue = *issue;
  resp.driver_issue = *driver_issue;
  resp.driver_actor = driver_actor;
  resp.slope = *slope;
  if (reference) {
    resp.reference = *reference;
    resp.reference_stated = true;
  }
  // Saliences are 0-100 in the file and [0, 1] inside, like the positions block.
  const double unit = salience ? 100 : 1;
  if (bounds) resp.bounds = std::make_pair(bounds->first / unit, bounds->second / unit);
  if (salience) {
    resp.slope.value /= unit;
    if (resp.slope.range)
      resp.slope.range = {resp.slope.range->first / unit, resp.slope.range->second / unit};
  }
  return resp;
}

// One response per actor, issue, field and driver (several drivers add their shifts).
bool same_target(const Response& a, const Response& b) {
  return a.actor == b.actor && a.issue == b.issue && a.field == b.field &&
         a.driver_issue == b.driver_issue && a.driver_actor == b.driver_actor;
}

}  // namespace

const Stance* find_stance(const Scenario& s, std::size_t actor, std::size_t issue) {
  for (const auto& st : s.issues[issue].stances)
    if (st.actor == actor) return &st;
  return nullptr;
}

void read_responses(YamlReader& r, const YAML::Node& node, Scenario& s,
                    std::vector<std::optional<YAML::Node>>& declared) {
  declared.resize(s.responses.size());
  if (!r.check_sequence(node, "responses")) return;
  for (const auto& item : node) {
    auto resp = read_response(r, item, s);
    if (!resp) continue;
    bool placed = false;
    for (std::size_t k = 0; k < s.responses.size() && !placed; ++k) {
      if (!same_target(s.responses[k], *resp)) continue;
      placed = true;
      if (declared[k]) {
        r.problem(item, fmt::format("{}: declared twice with the same driver (one response per "
                                    "actor, issue, field and driver; the first is at line {})",
                                    label(s, *resp), r.where(*declared[k]).line));
      } else {  // inherited from the extended file: this snapshot replaces it
        s.responses[k] = std::move(*resp);
        declared[k].emplace(item);  // emplace: Node's operator= would overwrite the tree
      }
    }
    if (!placed) {
      s.responses.push_back(std::move(*resp));
      declared.emplace_back(std::in_place, item);
    }
  }
}

void check_responses(YamlReader& r, const YAML::Node& root, const Scenario& s,
                     const std::vector<std::optional<YAML::Node>>& declared) {
  auto at = [&](std::size_t k) -> Node {
    return k < declared.size() && declared[k] ? *declared[k] : root;
  };
  auto label = [&](const Response& resp) {
    const std::size_t k = std::size_t(&resp - s.responses.data());
    const bool inherited = !(k < declared.size() && declared[k]);
    return io::label(s, resp) + (inherited ? " (inherited from the extended file)" : "");
  };
  for (std::size_t k = 0; k < s.responses.size(); ++k) {
    const Response& resp = s.responses[k];
    const Stance* st = find_stance(s, resp.actor, resp.issue);
    if (!st) {
      r.problem(at(k), fmt::format("{}: the actor no longer holds a position there", label(resp)));
      continue;
    }
    if (!resp.bounds) continue;
    const bool salience = resp.field == Response::Field::Salience;
    const Quantity& base = salience ? st->salience : st->position;
    const double unit = salience ? 100 : 1;
    const auto [lo, hi] = *resp.bounds;
    const auto [blo, bhi] = base.range.value_or(std::make_pair(base.value, base.value));
    if (base.value < lo || base.value > hi || blo < lo || bhi > hi)
      r.problem(at(k), fmt::format("{}: bounds [{}, {}] must contain the stated {} {} and its "
                                   "range [{}, {}] (a response of zero must leave it unchanged)",
                                   label(resp), lo * unit, hi * unit, field_text(resp.field),
                                   base.value * unit, blo * unit, bhi * unit));
    const Scale& sc = s.issues[resp.issue].scale;
    if (!salience && (lo < sc.min || hi > sc.max))
      r.problem(at(k), fmt::format("{}: bounds [{}, {}] reach outside the scale [{}, {}]",
                                   label(resp), lo, hi, sc.min, sc.max));
  }
  // Positions driven by other actors' positions are computed in dependency order; a cycle
  // through such drivers alone would define a position by itself.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> by_target;
  for (std::size_t k = 0; k < s.responses.size(); ++k)
    if (s.responses[k].field == Response::Field::Position && s.responses[k].driver_actor)
      by_target[{s.responses[k].actor, s.responses[k].issue}].push_back(k);
  std::map<std::pair<std::size_t, std::size_t>, int> state;  // 1 on the path, 2 done
  std::vector<std::size_t> path;
  bool reported = false;
  std::function<void(std::pair<std::size_t, std::size_t>)> visit =
      [&](std::pair<std::size_t, std::size_t> node) {
        state[node] = 1;
        for (std::size_t k : by_target[node]) {
          const auto next =
              std::make_pair(*s.responses[k].driver_actor, s.responses[k].driver_issue);
          path.push_back(k);
          if (state[next] == 1 && !reported) {
            std::string cycle;
            for (std::size_t j : path)
              cycle +=
                  fmt::format("{}'{}' on '{}'", cycle.empty() ? "" : " <- ",
                              s.actors[s.responses[j].actor].id, s.issues[s.responses[j].issue].id);
            r.problem(at(k), fmt::format("responses: a cycle through actor-position drivers ({} "
                                         "<- ...): a position would depend on itself; drive one "
                                         "of them by an issue's outcome instead",
                                         cycle));
            reported = true;
          } else if (state[next] == 0) {
            visit(next);
          }
          path.pop_back();
        }
        state[node] = 2;
      };
  for (const auto& [node, list] : by_target)
    if (state[node] == 0) visit(node);
}

void resolve_default_references(Scenario& s) {
  for (auto& resp : s.responses) {
    if (resp.reference_stated) continue;
    if (resp.driver_actor) {
      const Stance* st = find_stance(s, *resp.driver_actor, resp.driver_issue);
      resp.reference = st ? st->position.value : 0;
      continue;
    }
    const IssueData d = issue_data(s, resp.driver_issue);
    double sum = 0, weight = 0;
    for (std::size_t k = 0; k < d.position.size(); ++k) {
      const double w = d.capability[k] * d.salience[k];
      sum += w * d.position[k];
      weight += w;
    }
    resp.reference = weight > 0 ? sum / weight : s.issues[resp.driver_issue].scale.min;
  }
}

}  // namespace statecraft::io
