#include "io/conflict_yaml.h"

#include <fmt/format.h>

#include "io/source_refs.h"

namespace statecraft::io {
namespace {

std::string trim_spaces(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(trim_spaces(s.substr(start, i - start)));
      start = i + 1;
    }
  return out;
}

int option_by_id(const ConflictSpec& spec, const std::string& id) {
  for (std::size_t k = 0; k < spec.options.size(); ++k)
    if (spec.options[k].id == id) return int(k);
  return -1;
}

class ConflictReader {
 public:
  ConflictReader(YamlReader& r, Scenario& s) : r_(r), s_(s) {}

  void read(const YAML::Node& node) {
    if (!r_.check_sequence(node, "conflicts")) return;
    for (const auto& item : node) read_one(item);
  }

 private:
  std::vector<std::string> sources(const YAML::Node& node, const std::string& what) {
    return read_source_keys(r_, node, s_, what);
  }

  void read_one(const YAML::Node& item) {
    ConflictSpec c;
    c.origin = r_.file();
    if (!r_.check_map(item, "conflict", {"id", "decision_makers", "source"},
                      {"name", "description", "infeasible", "exclusive", "status_quo", "note"}))
      return;
    if (auto id = r_.identifier(item["id"], "conflict id")) c.id = *id;
    const std::string what = "conflict '" + c.id + "'";
    for (const auto& other : s_.conflicts)
      if (!c.id.empty() && other.id == c.id)
        r_.problem(item["id"], fmt::format("duplicate conflict id '{}'", c.id));
    if (item["name"]) c.name = r_.text(item["name"], what + " name").value_or("");
    if (item["description"])
      c.description = r_.text(item["description"], what + " description").value_or("");
    if (item["note"]) c.note = r_.text(item["note"], what + " note").value_or("");
    c.sources = sources(item["source"], what + " source");
    // Options first (so statements can name options of any decision maker), then preferences.
    std::vector<YAML::Node> preference_nodes;
    if (r_.check_sequence(item["decision_makers"], what + " decision_makers")) {
      if (item["decision_makers"].size() < 2)
        r_.problem(item["decision_makers"],
                   what + ": a conflict needs at least two decision makers");
      for (const auto& d : item["decision_makers"]) preference_nodes.push_back(read_dm(d, c, what));
    }
    for (std::size_t k = 0; k < c.dms.size() && k < preference_nodes.size(); ++k)
      read_preferences(preference_nodes[k], c, c.dms[k], what);
    if (item["infeasible"] && r_.check_sequence(item["infeasible"], what + " infeasible"))
      for (const auto& n : item["infeasible"])
        if (auto conj = conjunction(n, c, what + " infeasible")) c.infeasible.push_back(*conj);
    if (item["exclusive"] && r_.check_sequence(item["exclusive"], what + " exclusive"))
      for (const auto& group : item["exclusive"]) {
        std::vector<int> opts;
        for (const auto& id : r_.text_list(group, what + " exclusive")) {
          const int k = option_by_id(c, id);
          if (k < 0)
            r_.problem(group, fmt::format("{} exclusive: unknown option '{}'", what, id));
          else
            opts.push_back(k);
        }
        for (std::size_t a = 0; a < opts.size(); ++a)
          for (std::size_t b = a + 1; b < opts.size(); ++b)
            c.infeasible.push_back({{opts[a], true}, {opts[b], true}});
      }
    if (item["status_quo"]) {
      std::uint64_t state = 0;
      bool ok = true;
      if (item["status_quo"].IsDefined() && item["status_quo"].IsSequence()) {
        for (const auto& n : item["status_quo"]) {
          const auto id = r_.text(n, what + " status_quo");
          const int k = id ? option_by_id(c, *id) : -1;
          if (k < 0) {
            if (id) r_.problem(n, fmt::format("{} status_quo: unknown option '{}'", what, *id));
            ok = false;
          } else {
            state |= std::uint64_t(1) << k;
          }
        }
      } else {
        r_.problem(item["status_quo"], what + " status_quo: expected the list of options taken");
        ok = false;
      }
      if (ok) c.status_quo = state;
    }
    s_.conflicts.push_back(std::move(c));
  }

  YAML::Node read_dm(const YAML::Node& d, ConflictSpec& c, const std::string& owner) {
    ConflictDecisionMaker dm;
    if (!r_.check_map(d, owner + " decision maker", {"id", "options", "preferences"},
                      {"name", "misperceived"}))
      return YAML::Node();
    if (auto id = r_.identifier(d["id"], owner + " decision maker id")) dm.id = *id;
    dm.actor = s_.actor_index(dm.id);
    dm.name = d["name"] ? r_.text(d["name"], owner + " decision maker name").value_or(dm.id)
                        : (dm.actor ? s_.actors[*dm.actor].name : dm.id);
    const std::string what = owner + " decision maker '" + dm.id + "'";
    for (const auto& other : c.dms)
      if (other.id == dm.id)
        r_.problem(d["id"], fmt::format("{}: duplicate decision maker '{}'", owner, dm.id));
    if (r_.check_sequence(d["options"], what + " options")) {
      if (d["options"].size() == 0)
        r_.problem(d["options"], what + ": expected at least one option");
      for (const auto& o : d["options"]) {
        ConflictOption opt;
        if (!r_.check_map(o, what + " option", {"id", "source"}, {"name", "direction", "note"}))
          continue;
        if (auto id = r_.identifier(o["id"], what + " option id")) opt.id = *id;
        if (option_by_id(c, opt.id) >= 0)
          r_.problem(o["id"], fmt::format("{}: duplicate option id '{}'", owner, opt.id));
        opt.name = o["name"] ? r_.text(o["name"], what + " option name").value_or(opt.id) : opt.id;
        opt.dm = int(c.dms.size());
        if (o["direction"]) {
          const auto dir = r_.text(o["direction"], what + " option direction");
          if (dir && *dir == "forward")
            opt.direction = OptionDirection::Forward;
          else if (dir && *dir == "backward")
            opt.direction = OptionDirection::Backward;
          else if (dir && *dir != "both")
            r_.problem(
                o["direction"],
                fmt::format("{} option direction: expected both, forward or backward, got '{}'",
                            what, *dir));
        }
        if (o["note"]) opt.note = r_.text(o["note"], what + " option note").value_or("");
        opt.sources = sources(o["source"], what + " option source");
        dm.options.push_back(int(c.options.size()));
        c.options.push_back(std::move(opt));
      }
    }
    if (d["misperceived"]) misperceived_.push_back({c.dms.size(), d["misperceived"]});
    c.dms.push_back(std::move(dm));
    return d["preferences"];
  }

  void read_preferences(const YAML::Node& node, ConflictSpec& c, ConflictDecisionMaker& dm,
                        const std::string& owner) {
    for (const auto& [index, mis] : misperceived_)
      if (&c.dms[index] == &dm && r_.check_sequence(mis, owner + " misperceived"))
        for (const auto& n : mis)
          if (auto conj = conjunction(n, c, owner + " misperceived"))
            dm.misperceived.push_back(*conj);
    const std::string what = owner + " preferences of '" + dm.id + "'";
    if (!node.IsDefined() ||
        !r_.check_map(node, what, {"source"}, {"statements", "ranking", "note"}))
      return;
    dm.preference.sources = sources(node["source"], what + " source");
    if (node["note"]) dm.preference.note = r_.text(node["note"], what + " note").value_or("");
    if (bool(node["statements"]) == bool(node["ranking"])) {
      r_.problem(node, what +
                           ": give exactly one of 'statements' (prioritised, most important first) "
                           "or 'ranking'");
      return;
    }
    if (node["statements"] && r_.check_sequence(node["statements"], what + " statements")) {
      if (node["statements"].size() == 0)
        r_.problem(node["statements"], what + " statements: expected at least one");
      for (const auto& st : node["statements"]) {
        const auto text = r_.text(st, what + " statement");
        if (!text) continue;
        std::string error;
        if (auto parsed = parse_statement(c, *text, error))
          dm.preference.statements.push_back(*parsed);
        else
          r_.problem(st, fmt::format("{} statement '{}': {}", what, *text, error));
      }
    }
    if (node["ranking"] && r_.check_sequence(node["ranking"], what + " ranking")) {
      dm.preference.use_ranking = true;
      for (const auto& entry : node["ranking"]) {
        std::uint64_t state = 0;
        if (!r_.check_sequence(entry, what + " ranking entry (the options taken in that state)"))
          continue;
        for (const auto& id : entry) {
          const auto t = r_.text(id, what + " ranking");
          const int k = t ? option_by_id(c, *t) : -1;
          if (k < 0 && t) r_.problem(id, fmt::format("{} ranking: unknown option '{}'", what, *t));
          if (k >= 0) state |= std::uint64_t(1) << k;
        }
        dm.preference.ranking.push_back({state});
      }
    }
  }

  std::optional<ConflictConjunction> conjunction(const YAML::Node& n, const ConflictSpec& c,
                                                 const std::string& what) {
    const auto text = r_.text(n, what);
    if (!text) return std::nullopt;
    std::string error;
    auto st = parse_statement(c, *text, error);
    if (st && st->size() != 1)
      error = "use one condition per entry ('|' is for preference statements)";
    if (!st || st->size() != 1) {
      r_.problem(n, fmt::format("{} '{}': {}", what, *text, error));
      return std::nullopt;
    }
    return st->front();
  }

  YamlReader& r_;
  Scenario& s_;
  std::vector<std::pair<std::size_t, YAML::Node>> misperceived_;
};

}  // namespace

std::optional<ConflictStatement> parse_statement(const ConflictSpec& spec, const std::string& text,
                                                 std::string& error) {
  ConflictStatement out;
  for (const auto& alternative : split(text, '|')) {
    ConflictConjunction conj;
    for (auto literal : split(alternative, '&')) {
      bool taken = true;
      if (!literal.empty() && literal[0] == '!') {
        taken = false;
        literal = trim_spaces(literal.substr(1));
      }
      if (literal.empty()) {
        error = "expected option ids joined by '&' and '|', each optionally negated with '!'";
        return std::nullopt;
      }
      const int k = option_by_id(spec, literal);
      if (k < 0) {
        error = fmt::format("unknown option '{}'", literal);
        return std::nullopt;
      }
      conj.push_back({k, taken});
    }
    out.push_back(std::move(conj));
  }
  return out;
}

void read_conflicts(YamlReader& reader, const YAML::Node& node, Scenario& scenario) {
  ConflictReader(reader, scenario).read(node);
}

}  // namespace statecraft::io
