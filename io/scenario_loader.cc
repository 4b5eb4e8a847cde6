#include "io/scenario_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core/errors.h"
#include "core/limits.h"
#include "core/magnitudes.h"
#include "io/conflict_yaml.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/response_yaml.h"
#include "io/source_refs.h"
#include "io/warnings.h"
#include "io/yaml_reader.h"

namespace statecraft::io {
namespace {

using YAML::Node;

template <class T>
void assign(T& field, std::optional<T> value) {
  if (value) field = std::move(*value);
}

// Builds a Scenario from a parsed tree, checking every value and cross-reference.
// Reading continues after a problem so that one run reports them all.
class Loader {
 public:
  // `base`: the scenario this file `extends` (already loaded and valid), or nullopt.
  Loader(const std::string& file, std::optional<Scenario> base)
      : r_(file), derived_(base.has_value()), s_(base ? std::move(*base) : Scenario{}) {
    base_as_of_ = s_.as_of;
  }

  Scenario load(const Node& root) {
    s_.origin = r_.file();
    // A snapshot restates only what changed: nothing but its own id is required.
    const std::vector<std::string> required =
        derived_ ? std::vector<std::string>{"scenario"}
                 : std::vector<std::string>{"scenario", "sources", "actors", "issues"};
    if (!r_.check_map(root, "scenario file", required,
                      {"extends", "title", "as_of", "description", "salience_basis", "sources",
                       "actors", "institutions", "issues", "links", "responses", "interventions",
                       "outcomes", "conflicts"}))
      return std::move(s_);
    if (root["scenario"]) assign(s_.id, r_.identifier(root["scenario"], "scenario"));
    if (root["title"]) assign(s_.title, r_.text(root["title"], "title"));
    if (root["as_of"]) assign(s_.as_of, r_.date(root["as_of"], "as_of"));
    if (derived_ && root["as_of"] && !base_as_of_.empty() && s_.as_of < base_as_of_)
      r_.problem(root["as_of"],
                 fmt::format("as_of: {} is before {} of the extended file", s_.as_of, base_as_of_));
    if (root["description"]) assign(s_.description, r_.text(root["description"], "description"));
    if (root["salience_basis"]) read_salience_basis(root["salience_basis"]);
    if (root["sources"]) read_sources(root["sources"]);
    if (root["actors"]) read_actors(root["actors"]);
    if (root["institutions"]) read_institutions(root["institutions"]);
    if (root["issues"]) read_issues(root["issues"]);
    if (root["links"]) read_links(root["links"]);
    if (root["responses"]) read_responses(r_, root["responses"], s_, declared_responses_);
    if (root["interventions"]) read_interventions(root["interventions"]);
    if (root["outcomes"]) read_merged_outcomes(root["outcomes"]);
    if (root["conflicts"]) read_merged_conflicts(root["conflicts"]);
    if (s_.salience_basis == SalienceBasis::Budget) check_salience_budgets(root["issues"]);
    check_responses(r_, root, s_, declared_responses_);
    warn_about_fractional_saliences();
    return std::move(s_);
  }

  YamlReader& reader() { return r_; }

 private:
  // --- references -------------------------------------------------------------------
  std::vector<std::string> source_keys(const Node& node, const std::string& what) {
    return read_source_keys(r_, node, s_, what);
  }

  std::optional<std::size_t> actor_ref(const Node& node, const std::string& what) {
    auto id = r_.text(node, what);
    if (!id) return std::nullopt;
    auto index = s_.actor_index(*id);
    if (!index) r_.problem(node, fmt::format("{}: unknown actor '{}'", what, *id));
    return index;
  }

  std::optional<std::size_t> issue_ref(const Node& node, const std::string& what) {
    auto id = r_.text(node, what);
    if (!id) return std::nullopt;
    auto index = s_.issue_index(*id);
    if (!index) r_.problem(node, fmt::format("{}: unknown issue '{}'", what, *id));
    return index;
  }

  // A value with an optional [low, high] range that must contain it and lie in [lo, hi].
  void check_bounds(const Node& node, const std::string& what, double value, double lo, double hi,
                    const std::string& bounds) {
    if (value < lo || value > hi)
      r_.problem(node, fmt::format("{}: {} is outside {}", what, value, bounds));
  }

  std::optional<std::pair<double, double>> read_range(const Node& node, const std::string& what,
                                                      std::optional<double> value, double lo,
                                                      double hi, const std::string& bounds) {
    auto range = r_.range(node, what);
    if (!range) return range;
    if (range->first < lo || range->second > hi)
      r_.problem(node, fmt::format("{}: [{}, {}] reaches outside {}", what, range->first,
                                   range->second, bounds));
    else if (value && (*value < range->first || *value > range->second))
      r_.problem(node, fmt::format("{}: [{}, {}] does not contain the value {}", what, range->first,
                                   range->second, *value));
    return range;
  }

  // A value the models cannot carry through double precision (core/magnitudes.h).
  bool check_magnitude(const Node& node, const std::string& what,
                       const std::optional<std::string>& problem) {
    if (problem) r_.problem(node, fmt::format("{}: {}", what, *problem));
    return !problem;
  }

  void check_capability_range(const Node& node, const std::string& what,
                              const std::optional<std::pair<double, double>>& range) {
    if (range && check_magnitude(node, what, capability_problem(range->first)))
      check_magnitude(node, what, capability_problem(range->second));
  }

  // --- sections -----------------------------------------------------------------------
  void read_salience_basis(const Node& node) {
    const auto text = r_.text(node, "salience_basis");
    if (text && *text == "budget")
      s_.salience_basis = SalienceBasis::Budget;
    else if (text && *text != "independent")
      r_.problem(node,
                 fmt::format("salience_basis: expected independent or budget, got '{}'", *text));
  }

  // Under a shared budget each actor's saliences over all issues sum to at most 100.
  void check_salience_budgets(const Node& issues) {
    std::vector<double> total(s_.actors.size(), 0.0);
    for (const auto& is : s_.issues)
      for (const auto& st : is.stances) total[st.actor] += st.salience.value;
    for (std::size_t a = 0; a < total.size(); ++a)
      if (total[a] > 1.0 + 1e-9)
        r_.problem(issues,
                   fmt::format("salience_basis budget: actor '{}' has saliences summing to {:.6g} "
                               "over the issues (expected at most 100)",
                               s_.actors[a].id, total[a] * 100));
  }

  void read_sources(const Node& node) {
    for (const auto& [key, value] : r_.entries(node, "sources")) {
      Source src;
      src.key = key.Scalar();
      const std::string what = "source '" + src.key + "'";
      if (r_.check_map(value, what, {"title"}, {"author", "date", "kind", "url", "note"})) {
        if (value["title"]) assign(src.title, r_.text(value["title"], what + " title"));
        if (value["author"]) assign(src.author, r_.text(value["author"], what + " author"));
        if (value["date"]) assign(src.date, r_.date(value["date"], what + " date"));
        if (value["kind"]) assign(src.kind, r_.text(value["kind"], what + " kind"));
        if (value["url"]) assign(src.url, r_.text(value["url"], what + " url"));
        if (value["note"]) assign(src.note, r_.text(value["note"], what + " note"));
      }
      replace_or_append(s_.sources, std::move(src),
                        [](const Source& a, const Source& b) { return a.key == b.key; });
    }
  }

  void read_actors(const Node& node) {
    if (!r_.check_sequence(node, "actors")) return;
    if (node.size() == 0 && !derived_) r_.problem(node, "actors: expected at least one actor");
    for (const auto& item : node) {
      Actor actor;
      if (!r_.check_map(item, "actor", {"id", "name", "capability"}, {"note"})) continue;
      if (item["id"]) assign(actor.id, r_.identifier(item["id"], "actor id"));
      const std::string what = "actor '" + actor.id + "'";
      if (!actor.id.empty() && !seen_actors_.insert(actor.id).second)
        r_.problem(item["id"], fmt::format("duplicate actor id '{}'", actor.id));
      if (item["name"]) assign(actor.name, r_.text(item["name"], what + " name"));
      if (item["note"]) assign(actor.note, r_.text(item["note"], what + " note"));
      if (item["capability"]) actor.capability = read_capability(item["capability"], what);
      // A snapshot restating an actor replaces it in place (indices stay valid).
      replace_or_append(s_.actors, std::move(actor),
                        [](const Actor& a, const Actor& b) { return a.id == b.id; });
    }
  }

  Quantity read_capability(const Node& node, const std::string& owner) {
    Quantity q;
    const std::string what = owner + " capability";
    if (!r_.check_map(node, what, {"value", "source"}, {"range", "note"})) return q;
    std::optional<double> value;
    if (node["value"]) value = r_.number(node["value"], what);
    if (value) {
      q.value = *value;
      if (*value < 0)
        r_.problem(node["value"], fmt::format("{}: expected >= 0, got {}", what, *value));
      else
        check_magnitude(node["value"], what, capability_problem(*value));
    }
    const double inf = std::numeric_limits<double>::max();
    if (node["range"]) {
      q.range = read_range(node["range"], what + " range", value, 0, inf, "[0, inf)");
      check_capability_range(node["range"], what + " range", q.range);
    }
    if (node["source"]) q.sources = source_keys(node["source"], what + " source");
    if (node["note"]) assign(q.note, r_.text(node["note"], what + " note"));
    return q;
  }

  void read_institutions(const Node& node) {
    if (!r_.check_sequence(node, "institutions")) return;
    for (const auto& item : node) {
      Institution inst;
      if (is_voting_institution(item)) {
        read_voting_institution(item);
        continue;
      }
      if (!r_.check_map(item, "institution", {"id", "kind", "veto", "source"}, {"name", "note"}))
        continue;
      if (item["id"]) assign(inst.id, r_.identifier(item["id"], "institution id"));
      const std::string what = "institution '" + inst.id + "'";
      if (!inst.id.empty() && !seen_institutions_.insert(inst.id).second)
        r_.problem(item["id"], fmt::format("duplicate institution id '{}'", inst.id));
      if (item["name"]) assign(inst.name, r_.text(item["name"], what + " name"));
      if (item["kind"]) {
        assign(inst.kind, r_.text(item["kind"], what + " kind"));
        if (inst.kind != "veto")
          r_.problem(item["kind"], fmt::format("{} kind: expected 'veto' or 'voting', got '{}'",
                                               what, inst.kind));
      }
      if (item["veto"] && r_.check_sequence(item["veto"], what + " veto")) {
        if (item["veto"].size() == 0)
          r_.problem(item["veto"], what + " veto: expected at least one actor");
        for (const auto& a : item["veto"])
          if (auto index = actor_ref(a, what + " veto")) inst.veto_holders.push_back(*index);
      }
      if (item["source"]) inst.sources = source_keys(item["source"], what + " source");
      if (item["note"]) assign(inst.note, r_.text(item["note"], what + " note"));
      replace_or_append(s_.institutions, std::move(inst),
                        [](const Institution& a, const Institution& b) { return a.id == b.id; });
    }
  }

  static bool is_voting_institution(const Node& item) {
    return item.IsMap() && item["kind"] && item["kind"].IsScalar() &&
           item["kind"].Scalar() == "voting";
  }

  // kind "voting": a body's voting rule, vote weights and agenda setter (procedural model).
  void read_voting_institution(const Node& item) {
    Institution inst;
    inst.kind = "voting";
    if (!r_.check_map(item, "institution",
                      {"id", "kind", "rule", "votes", "agenda_setter", "source"},
                      {"name", "note", "threshold"}))
      return;
    assign(inst.id, r_.identifier(item["id"], "institution id"));
    const std::string what = "institution '" + inst.id + "'";
    for (const auto& other : s_.institutions)
      if (!inst.id.empty() && other.id == inst.id)
        r_.problem(item["id"], fmt::format("duplicate institution id '{}'", inst.id));
    if (item["name"]) assign(inst.name, r_.text(item["name"], what + " name"));
    VotingProcedure v;
    const auto rule = r_.text(item["rule"], what + " rule");
    if (rule && *rule == "majority")
      v.rule = VotingProcedure::Rule::Majority;
    else if (rule && *rule == "qualified")
      v.rule = VotingProcedure::Rule::Qualified;
    else if (rule && *rule == "unanimity")
      v.rule = VotingProcedure::Rule::Unanimity;
    else if (rule)
      r_.problem(item["rule"], fmt::format("{} rule: expected majority, qualified or unanimity, "
                                           "got '{}'",
                                           what, *rule));
    const bool qualified = rule && *rule == "qualified";
    if (qualified && !item["threshold"])
      r_.problem(item, what + ": a qualified rule needs 'threshold' (percent of the vote weight)");
    if (!qualified && item["threshold"])
      r_.problem(item["threshold"], what + " threshold: only a qualified rule takes a threshold");
    if (qualified && item["threshold"]) {
      auto t = r_.number(item["threshold"], what + " threshold");
      if (t && !(*t > 50 && *t <= 100))
        r_.problem(item["threshold"],
                   fmt::format("{} threshold: expected a percent in (50, 100], got {}", what, *t));
      else if (t)
        v.threshold = *t / 100;
    }
    for (const auto& [key, value] : r_.entries(item["votes"], what + " votes")) {
      auto actor = actor_ref(key, what + " votes");
      auto weight = r_.number(value, what + " votes of '" + key.Scalar() + "'");
      if (weight && !(*weight > 0))
        r_.problem(value, fmt::format("{} votes of '{}': expected > 0, got {}", what, key.Scalar(),
                                      *weight));
      if (actor && weight && *weight > 0) v.votes.emplace_back(*actor, *weight);
    }
    if (item["votes"].IsMap() && item["votes"].size() == 0)
      r_.problem(item["votes"], what + " votes: expected at least one voting member");
    if (auto setter = actor_ref(item["agenda_setter"], what + " agenda_setter"))
      v.agenda_setter = *setter;
    inst.voting = v;
    inst.sources = source_keys(item["source"], what + " source");
    if (item["note"]) assign(inst.note, r_.text(item["note"], what + " note"));
    s_.institutions.push_back(std::move(inst));
  }

  // An issue decided by a voting body needs its agenda setter's position there.
  void check_agenda_setter(const Node& node, const Issue& issue) {
    for (const auto& inst : s_.institutions) {
      if (!issue.institution || inst.id != *issue.institution || !inst.voting) continue;
      bool held = false;
      for (const auto& st : issue.stances) held = held || st.actor == inst.voting->agenda_setter;
      if (!held)
        r_.problem(node, fmt::format("issue '{}' institution: the agenda setter '{}' of '{}' has "
                                     "no position on this issue",
                                     issue.id, s_.actors[inst.voting->agenda_setter].id, inst.id));
    }
  }

  void read_issues(const Node& node) {
    if (!r_.check_sequence(node, "issues")) return;
    if (node.size() == 0 && !derived_) r_.problem(node, "issues: expected at least one issue");
    for (const auto& item : node) {
      // An issue the extended file declares is restated partially: only `id` is required.
      std::optional<std::size_t> inherited;
      if (derived_ && item.IsMap() && item["id"] && item["id"].IsScalar())
        inherited = s_.issue_index(item["id"].Scalar());
      Issue issue = inherited ? s_.issues[*inherited] : Issue{};
      const auto required = inherited ? std::vector<std::string>{"id"}
                                      : std::vector<std::string>{"id", "scale", "positions"};
      if (!r_.check_map(item, "issue", required,
                        {"name", "description", "institution", "status_quo", "scale", "positions"}))
        continue;
      if (item["id"]) assign(issue.id, r_.identifier(item["id"], "issue id"));
      const std::string what = "issue '" + issue.id + "'";
      if (!issue.id.empty() && !seen_issues_.insert(issue.id).second)
        r_.problem(item["id"], fmt::format("duplicate issue id '{}'", issue.id));
      if (item["name"]) assign(issue.name, r_.text(item["name"], what + " name"));
      if (item["description"])
        assign(issue.description, r_.text(item["description"], what + " description"));
      bool scale_ok = inherited && !item["scale"];
      if (item["scale"]) {
        Scale scale;
        scale_ok = read_scale(item["scale"], what, scale);
        if (scale_ok) issue.scale = scale;
        if (scale_ok && inherited) check_inherited_on_scale(item["scale"], what, issue);
      }
      if (item["institution"]) {
        auto id = r_.text(item["institution"], what + " institution");
        bool found = false;
        for (const auto& inst : s_.institutions) found = found || (id && inst.id == *id);
        if (id && !found)
          r_.problem(item["institution"],
                     fmt::format("{} institution: unknown institution '{}'", what, *id));
        if (id) issue.institution = *id;
      }
      if (item["status_quo"] && scale_ok)
        issue.status_quo = read_status_quo(item["status_quo"], what, issue.scale);
      if (item["positions"] && scale_ok) read_stances(item["positions"], what, issue);
      if (item["institution"] && item["positions"] && scale_ok)
        check_agenda_setter(item["institution"], issue);
      if (inherited)
        s_.issues[*inherited] = std::move(issue);
      else
        s_.issues.push_back(std::move(issue));
    }
  }

  // A snapshot that restates a scale: what it inherits must still lie on it.
  void check_inherited_on_scale(const Node& node, const std::string& what, const Issue& issue) {
    const Scale& sc = issue.scale;
    auto off = [&](const Quantity& q) {
      const auto [lo, hi] = q.range.value_or(std::make_pair(q.value, q.value));
      return q.value < sc.min || q.value > sc.max || lo < sc.min || hi > sc.max;
    };
    for (const auto& st : issue.stances)
      if (off(st.position))
        r_.problem(node, fmt::format("{} scale: the inherited position of '{}' ({}) is not on "
                                     "the new {}; restate it",
                                     what, s_.actors[st.actor].id, st.position.value, bounds(sc)));
    if (issue.status_quo && off(*issue.status_quo))
      r_.problem(node, fmt::format("{} scale: the inherited status_quo is not on the new {}; "
                                   "restate it",
                                   what, bounds(sc)));
  }

  bool read_scale(const Node& node, const std::string& owner, Scale& scale) {
    const std::string what = owner + " scale";
    if (!r_.check_map(node, what, {"min", "max", "low", "high"}, {"points"})) return false;
    auto lo = node["min"] ? r_.number(node["min"], what + " min") : std::nullopt;
    auto hi = node["max"] ? r_.number(node["max"], what + " max") : std::nullopt;
    if (node["low"]) assign(scale.low, r_.text(node["low"], what + " low"));
    if (node["high"]) assign(scale.high, r_.text(node["high"], what + " high"));
    if (!lo || !hi) return false;
    if (!check_magnitude(node["min"], what + " min", scale_end_problem(*lo)) ||
        !check_magnitude(node["max"], what + " max", scale_end_problem(*hi)))
      return false;
    if (!(*lo < *hi)) {
      r_.problem(node, fmt::format("{}: min {} must be below max {}", what, *lo, *hi));
      return false;
    }
    if (!check_magnitude(node, what, scale_width_problem(*lo, *hi))) return false;
    scale.min = *lo;
    scale.max = *hi;
    if (node["points"]) read_scale_points(node["points"], what, scale);
    return true;
  }

  // `points: {0: "...", 50: "..."}`: what a position at each point means, on the scale.
  void read_scale_points(const Node& node, const std::string& what, Scale& scale) {
    for (const auto& [key, value] : r_.entries(node, what + " points")) {
      auto at = r_.number(key, what + " point");
      auto text = r_.text(value, what + " point description");
      if (!at || !text) continue;
      if (*at < scale.min || *at > scale.max)
        r_.problem(key, fmt::format("{} point: {} is outside {}", what, *at, bounds(scale)));
      else if (text->empty())
        r_.problem(value, fmt::format("{} point {}: expected a description", what, *at));
      else if (!scale.points.emplace(*at, *text).second)
        r_.problem(key, fmt::format("{} point: {} is described twice", what, *at));
    }
  }

  std::string bounds(const Scale& scale) {
    return fmt::format("the scale [{}, {}]", scale.min, scale.max);
  }

  Quantity read_status_quo(const Node& node, const std::string& owner, const Scale& scale) {
    Quantity q;
    const std::string what = owner + " status_quo";
    if (!r_.check_map(node, what, {"value", "source"}, {"range", "note"})) return q;
    auto value = node["value"] ? r_.number(node["value"], what) : std::nullopt;
    if (value) {
      q.value = *value;
      check_bounds(node["value"], what, *value, scale.min, scale.max, bounds(scale));
    }
    if (node["range"])
      q.range =
          read_range(node["range"], what + " range", value, scale.min, scale.max, bounds(scale));
    if (node["source"]) q.sources = source_keys(node["source"], what + " source");
    if (node["note"]) assign(q.note, r_.text(node["note"], what + " note"));
    return q;
  }

  void read_stances(const Node& node, const std::string& owner, Issue& issue) {
    std::set<std::size_t> seen;  // actors restated in this file
    for (const auto& [key, value] : r_.entries(node, owner + " positions")) {
      const std::string what = owner + " position of '" + key.Scalar() + "'";
      auto actor = actor_ref(key, owner + " positions");
      if (!r_.check_map(value, what, {"position", "salience", "source"},
                        {"range", "salience_range", "capability", "capability_range", "note"}) ||
          !actor)
        continue;
      Stance st;
      st.actor = *actor;
      const Scale& sc = issue.scale;
      auto pos = value["position"] ? r_.number(value["position"], what) : std::nullopt;
      if (pos) {
        st.position.value = *pos;
        check_bounds(value["position"], what, *pos, sc.min, sc.max, bounds(sc));
      }
      if (value["range"])
        st.position.range =
            read_range(value["range"], what + " range", pos, sc.min, sc.max, bounds(sc));
      auto sal =
          value["salience"] ? r_.number(value["salience"], what + " salience") : std::nullopt;
      if (sal) {
        check_bounds(value["salience"], what + " salience", *sal, 0, 100, "[0, 100]");
        if (*sal >= 0 && *sal <= 100)
          check_magnitude(value["salience"], what + " salience", salience_problem(*sal / 100));
        st.salience.value = *sal / 100;
        auto& seen = written_salience_[*actor];
        if (!seen.first.line && !seen.first.column) seen.first = r_.where(value["salience"]);
        seen.second = std::max(seen.second, *sal);
      }
      if (value["salience_range"]) {
        auto range =
            read_range(value["salience_range"], what + " salience_range", sal, 0, 100, "[0, 100]");
        if (range) st.salience.range = std::make_pair(range->first / 100, range->second / 100);
      }
      if (value["capability"]) {
        auto cap = r_.number(value["capability"], what + " capability");
        if (cap && *cap < 0)
          r_.problem(value["capability"],
                     fmt::format("{} capability: expected >= 0, got {}", what, *cap));
        else if (cap)
          check_magnitude(value["capability"], what + " capability", capability_problem(*cap));
        if (cap) st.capability = Quantity{*cap, std::nullopt, {}, ""};
      }
      if (value["capability_range"]) {
        if (!st.capability)
          r_.problem(value["capability_range"],
                     what + " capability_range: give 'capability' for this issue too");
        auto range = read_range(value["capability_range"], what + " capability_range",
                                st.capability ? std::optional(st.capability->value) : std::nullopt,
                                0, std::numeric_limits<double>::max(), "[0, inf)");
        check_capability_range(value["capability_range"], what + " capability_range", range);
        if (st.capability) st.capability->range = range;
      }
      if (value["source"]) {
        auto keys = source_keys(value["source"], what + " source");
        st.position.sources = st.salience.sources = keys;
        if (st.capability) st.capability->sources = keys;
      }
      if (value["note"]) assign(st.note, r_.text(value["note"], what + " note"));
      if (!seen.insert(st.actor).second)
        r_.problem(key, fmt::format("{}: actor '{}' has two positions", owner, key.Scalar()));
      // A restated stance (in a snapshot) replaces the inherited one whole.
      replace_or_append(issue.stances, std::move(st),
                        [](const Stance& a, const Stance& b) { return a.actor == b.actor; });
    }
    bool any_weight = false;
    for (const auto& st : issue.stances) {
      const double cap =
          st.capability ? st.capability->value : s_.actors[st.actor].capability.value;
      any_weight = any_weight || (cap > 0 && st.salience.value > 0);
    }
    if (node.IsDefined() && node.IsMap() && node.size() > 0 && !any_weight)
      r_.problem(node, owner +
                           " positions: at least one actor needs positive capability and "
                           "salience, or no model can weigh the positions");
    if (node.IsDefined() && node.IsMap() && node.size() == 0)
      r_.problem(node, owner + " positions: expected at least one actor");
  }

  void read_links(const Node& node) {
    if (!r_.check_sequence(node, "links")) return;
    for (const auto& item : node) {
      Link link;
      if (!r_.check_map(item, "link", {"issues", "source"}, {"actors", "note"})) continue;
      if (item["issues"] && r_.check_sequence(item["issues"], "link issues")) {
        for (const auto& i : item["issues"])
          if (auto index = issue_ref(i, "link issues")) link.issues.push_back(*index);
        std::set<std::size_t> distinct(link.issues.begin(), link.issues.end());
        if (distinct.size() < 2 || distinct.size() != link.issues.size())
          r_.problem(item["issues"], "link issues: expected two or more different issues");
      }
      if (item["actors"] && r_.check_sequence(item["actors"], "link actors"))
        for (const auto& a : item["actors"])
          if (auto index = actor_ref(a, "link actors")) link.actors.push_back(*index);
      if (item["source"]) link.sources = source_keys(item["source"], "link source");
      if (item["note"]) assign(link.note, r_.text(item["note"], "link note"));
      // The same issues and actors restated in a snapshot replace the inherited link.
      replace_or_append(s_.links, std::move(link), [](const Link& a, const Link& b) {
        return std::set(a.issues.begin(), a.issues.end()) ==
                   std::set(b.issues.begin(), b.issues.end()) &&
               std::set(a.actors.begin(), a.actors.end()) ==
                   std::set(b.actors.begin(), b.actors.end());
      });
    }
  }

  void read_interventions(const Node& node) {
    if (!r_.check_sequence(node, "interventions")) return;
    for (const auto& item : node) {
      Intervention iv;
      if (!r_.check_map(item, "intervention", {"id", "changes", "source"},
                        {"name", "description", "at_round"}))
        continue;
      if (item["id"]) assign(iv.id, r_.identifier(item["id"], "intervention id"));
      const std::string what = "intervention '" + iv.id + "'";
      if (!iv.id.empty() && !seen_interventions_.insert(iv.id).second)
        r_.problem(item["id"], fmt::format("duplicate intervention id '{}'", iv.id));
      if (item["name"]) assign(iv.name, r_.text(item["name"], what + " name"));
      if (item["description"])
        assign(iv.description, r_.text(item["description"], what + " description"));
      if (item["at_round"]) {
        auto round = r_.integer(item["at_round"], what + " at_round");
        if (round && (*round < 0 || *round > 100000))
          r_.problem(item["at_round"], what + " at_round: expected 0..100000");
        else if (round)
          iv.at_round = int(*round);
      }
      if (item["source"]) iv.sources = source_keys(item["source"], what + " source");
      if (item["changes"] && r_.check_sequence(item["changes"], what + " changes")) {
        if (item["changes"].size() == 0)
          r_.problem(item["changes"], what + " changes: expected at least one change");
        for (const auto& ch : item["changes"])
          if (auto change = read_change(ch, what)) iv.changes.push_back(*change);
      }
      replace_or_append(s_.interventions, std::move(iv),
                        [](const Intervention& a, const Intervention& b) { return a.id == b.id; });
    }
  }

  std::optional<Change> read_change(const Node& node, const std::string& owner) {
    const std::string what = owner + " change";
    if (!r_.check_map(node, what, {"actor", "field"}, {"issue", "set", "shift"}))
      return std::nullopt;
    Change ch;
    auto actor = node["actor"] ? actor_ref(node["actor"], what + " actor") : std::nullopt;
    auto field = node["field"] ? r_.text(node["field"], what + " field") : std::nullopt;
    if (field && *field == "position")
      ch.field = Change::Field::Position;
    else if (field && *field == "salience")
      ch.field = Change::Field::Salience;
    else if (field && *field == "capability")
      ch.field = Change::Field::Capability;
    else if (field) {
      r_.problem(node["field"],
                 fmt::format("{} field: expected position, salience or capability, got '{}'", what,
                             *field));
      field.reset();
    }
    if (node["issue"]) ch.issue = issue_ref(node["issue"], what + " issue");
    if (field && ch.field != Change::Field::Capability && !node["issue"])
      r_.problem(node, fmt::format("{}: a {} change needs an 'issue'", what, *field));
    if (actor && ch.issue) {
      bool holds = false;
      for (const auto& st : s_.issues[*ch.issue].stances) holds = holds || st.actor == *actor;
      if (!holds)
        r_.problem(node, fmt::format("{}: actor '{}' has no position on issue '{}'", what,
                                     s_.actors[*actor].id, s_.issues[*ch.issue].id));
    }
    if (bool(node["set"]) == bool(node["shift"])) {
      r_.problem(node, what + ": give exactly one of 'set' (new value) or 'shift' (amount added)");
      return std::nullopt;
    }
    const bool is_set = bool(node["set"]);
    auto value =
        r_.number(is_set ? node["set"] : node["shift"], what + (is_set ? " set" : " shift"));
    if (!actor || !field || !value || (ch.field != Change::Field::Capability && !ch.issue))
      return std::nullopt;
    if (is_set) {
      if (ch.field == Change::Field::Position) {
        const Scale& sc = s_.issues[*ch.issue].scale;
        check_bounds(node["set"], what + " set", *value, sc.min, sc.max, bounds(sc));
      } else if (ch.field == Change::Field::Salience) {
        check_bounds(node["set"], what + " set", *value, 0, 100, "[0, 100]");
        if (*value >= 0 && *value <= 100)
          check_magnitude(node["set"], what + " set", salience_problem(*value / 100));
      } else if (*value < 0) {
        r_.problem(node["set"], what + " set: a capability must be >= 0");
      } else {
        check_magnitude(node["set"], what + " set", capability_problem(*value));
      }
    } else if (ch.field == Change::Field::Capability) {
      check_magnitude(node["shift"], what + " shift",
                      std::abs(*value) <= kMaxCapability
                          ? std::nullopt
                          : std::optional(fmt::format("expected |shift| <= {:g}, got {:g}",
                                                      kMaxCapability, *value)));
    }
    const double scaled = ch.field == Change::Field::Salience ? *value / 100 : *value;
    (is_set ? ch.set : ch.shift) = scaled;
    ch.actor = *actor;
    if (!is_set && ch.field != Change::Field::Capability) warn_if_shift_leaves_scale(node, ch);
    return ch;
  }

  // A shift that takes the stated value off its scale is clamped when applied (core/
  // changes.cc): legal, but likely not what the author meant, so say so.
  void warn_if_shift_leaves_scale(const Node& node, const Change& ch) {
    const bool salience = ch.field == Change::Field::Salience;
    const Scale& sc = s_.issues[*ch.issue].scale;
    const double lo = salience ? 0 : sc.min, hi = salience ? 1 : sc.max;
    const double factor = salience ? 100 : 1;  // saliences are written 0-100
    for (const auto& st : s_.issues[*ch.issue].stances) {
      if (st.actor != ch.actor) continue;
      const double from = salience ? st.salience.value : st.position.value;
      const double to = from + *ch.shift;
      if (to >= lo && to <= hi) continue;
      warn(Problem{
          r_.where(node["shift"]),
          fmt::format("shift {:+g} takes {}'s stated {} on {} from {:g} to {:g}, off its "
                      "scale [{:g}, {:g}]; it is applied clamped, at {:g}",
                      *ch.shift * factor, s_.actors[ch.actor].id,
                      salience ? "salience" : "position", s_.issues[*ch.issue].id, from * factor,
                      to * factor, lo * factor, hi * factor, std::clamp(to, lo, hi) * factor)});
    }
  }

  // Outcomes restated with the same issue, actor and date replace the inherited ones.
  void read_merged_outcomes(const Node& node) {
    const std::size_t inherited = s_.outcomes.size();
    io::read_outcomes(r_, node, s_);
    auto same = [](const Outcome& a, const Outcome& b) {
      return a.issue == b.issue && a.actor == b.actor && a.date == b.date;
    };
    std::vector<Outcome> merged;
    for (std::size_t k = 0; k < inherited; ++k) {
      bool restated = false;
      for (std::size_t j = inherited; j < s_.outcomes.size(); ++j)
        restated = restated || same(s_.outcomes[k], s_.outcomes[j]);
      if (!restated) merged.push_back(std::move(s_.outcomes[k]));
    }
    for (std::size_t j = inherited; j < s_.outcomes.size(); ++j)
      merged.push_back(std::move(s_.outcomes[j]));
    s_.outcomes = std::move(merged);
  }

  // Conflicts restated by id replace the inherited ones (in place).
  void read_merged_conflicts(const Node& node) {
    std::vector<ConflictSpec> inherited = std::move(s_.conflicts);
    s_.conflicts.clear();
    read_conflicts(r_, node, s_);
    std::vector<ConflictSpec> fresh = std::move(s_.conflicts);
    s_.conflicts = std::move(inherited);
    for (auto& c : fresh)
      replace_or_append(s_.conflicts, std::move(c),
                        [](const ConflictSpec& a, const ConflictSpec& b) { return a.id == b.id; });
  }

  template <class T, class Same>
  static void replace_or_append(std::vector<T>& list, T item, Same same) {
    for (auto& existing : list)
      if (same(existing, item)) {
        existing = std::move(item);
        return;
      }
    list.push_back(std::move(item));
  }

  // Saliences are 0-100 here; an actor whose saliences all lie in (0, 1] most likely wrote
  // them 0-1 (the BDM CSV habit) and would count as nearly indifferent to every issue.
  void warn_about_fractional_saliences() {
    if (!r_.ok()) return;
    for (const auto& [actor, seen] : written_salience_)
      if (seen.second > 0 && seen.second <= 1)
        warn(Problem{seen.first,
                     fmt::format("actor '{}': every salience lies in [0, 1] (largest {}), read "
                                 "on the 0-100 scale as nearly no interest; if they were meant "
                                 "as fractions, multiply them by 100",
                                 s_.actors[actor].id, seen.second)});
  }

  YamlReader r_;
  bool derived_ = false;
  Scenario s_;
  std::string base_as_of_;
  std::set<std::string> seen_actors_, seen_institutions_, seen_issues_, seen_interventions_;
  std::vector<std::optional<Node>> declared_responses_;
  // Per actor: where its first salience is written, and the largest salience written.
  std::map<std::size_t, std::pair<Location, double>> written_salience_;
};

// Loads `text` and, first, the chain of files it `extends` (each relative to the file
// that names it). `chain` holds the files being loaded, to report a cycle.
Scenario load_chain(const std::string& text, const std::string& file, const ScenarioFiles& files,
                    std::vector<std::string>& chain) {
  check_utf8(text, file);
  const Node root = parse_yaml(text, file);
  std::optional<Scenario> base;
  if (root.IsMap() && root["extends"]) {
    YamlReader r(file);
    const auto name = r.text(root["extends"], "extends");
    if (!name) throw ScenarioError(r.take_problems());
    if (chain.size() >= 16)
      throw ScenarioError(r.where(root["extends"]),
                          "extends: more than 16 files in the chain of extended snapshots");
    std::pair<std::string, std::string> found;  // text, file name
    try {
      found = files(file, *name);
    } catch (const InputError& e) {
      throw ScenarioError(r.where(root["extends"]),
                          fmt::format("extends: cannot read '{}': {}", *name, e.what()));
    }
    for (const auto& seen : chain)
      if (seen == found.second)
        throw ScenarioError(r.where(root["extends"]),
                            fmt::format("extends: '{}' is already in the chain ({}): a snapshot "
                                        "cannot extend itself",
                                        *name, fmt::join(chain, " -> ")));
    chain.push_back(found.second);
    base = load_chain(found.first, found.second, files, chain);
    chain.pop_back();
  }
  Loader loader(file, std::move(base));
  Scenario scenario = loader.load(root);
  if (!loader.reader().ok()) throw ScenarioError(loader.reader().take_problems());
  return scenario;
}

}  // namespace

ScenarioFiles files_on_disk() {
  return [](const std::string& from, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path path = fs::path(name).is_absolute()
                              ? fs::path(name)
                              : (fs::path(from).parent_path() / name).lexically_normal();
    return std::make_pair(read_text_file(path.string(), limits().file_bytes), path.string());
  };
}

ScenarioPtr load_scenario_text(const std::string& text, const std::string& file,
                               const ScenarioFiles& files) {
  std::vector<std::string> chain{std::filesystem::path(file).lexically_normal().string()};
  Scenario scenario = load_chain(text, file, files, chain);
  resolve_default_references(scenario);
  return finish_import(std::move(scenario), file);
}

ScenarioPtr load_scenario_text(const std::string& text, const std::string& file) {
  return load_scenario_text(text, file, files_on_disk());
}

ScenarioPtr load_scenario_file(const std::string& path) {
  // Only the size cap here: load_chain checks the UTF-8 (uploads need it too).
  return load_scenario_text(read_text_file(path, limits().file_bytes), path);
}

}  // namespace statecraft::io
