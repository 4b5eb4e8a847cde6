#include "io/scenario_writer.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace statecraft::io {
namespace {

// Shortest text that reads back as the same double.
std::string num(double v) { return fmt::format("{}", v); }
// Saliences are stored in [0, 1] and written in percent; 12 digits hide the x100 noise.
std::string percent(double v) { return fmt::format("{:.12g}", v * 100); }

void sources(YAML::Emitter& out, const std::vector<std::string>& keys) {
  if (keys.size() == 1) {
    out << YAML::Key << "source" << YAML::Value << keys.front();
  } else if (!keys.empty()) {
    out << YAML::Key << "source" << YAML::Value << YAML::Flow << keys;
  }
}

void optional_text(YAML::Emitter& out, const char* key, const std::string& value) {
  if (!value.empty()) out << YAML::Key << key << YAML::Value << value;
}

void range(YAML::Emitter& out, const char* key, const std::optional<std::pair<double, double>>& r,
           std::string (*fmt_value)(double)) {
  if (!r) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq << fmt_value(r->first)
      << fmt_value(r->second) << YAML::EndSeq;
}

void quantity(YAML::Emitter& out, const char* key, const Quantity& q) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "value" << YAML::Value << num(q.value);
  range(out, "range", q.range, num);
  sources(out, q.sources);
  optional_text(out, "note", q.note);
  out << YAML::EndMap;
}

void stance(YAML::Emitter& out, const Scenario& s, const Stance& st) {
  out << YAML::Key << s.actors[st.actor].id << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "position" << YAML::Value << num(st.position.value);
  range(out, "range", st.position.range, num);
  out << YAML::Key << "salience" << YAML::Value << percent(st.salience.value);
  range(out, "salience_range", st.salience.range, percent);
  if (st.capability) {
    out << YAML::Key << "capability" << YAML::Value << num(st.capability->value);
    range(out, "capability_range", st.capability->range, num);
  }
  sources(out, st.position.sources);
  optional_text(out, "note", st.note);
  out << YAML::EndMap;
}

void issue(YAML::Emitter& out, const Scenario& s, const Issue& is) {
  out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << is.id;
  optional_text(out, "name", is.name);
  optional_text(out, "description", is.description);
  out << YAML::Key << "scale" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "min"
      << YAML::Value << num(is.scale.min) << YAML::Key << "max" << YAML::Value << num(is.scale.max)
      << YAML::Key << "low" << YAML::Value << is.scale.low << YAML::Key << "high" << YAML::Value
      << is.scale.high << YAML::EndMap;
  if (is.institution) out << YAML::Key << "institution" << YAML::Value << *is.institution;
  if (is.status_quo) quantity(out, "status_quo", *is.status_quo);
  out << YAML::Key << "positions" << YAML::Value << YAML::BeginMap;
  for (const auto& st : is.stances) stance(out, s, st);
  out << YAML::EndMap << YAML::EndMap;
}

const char* field_name(Change::Field f) {
  switch (f) {
    case Change::Field::Position:
      return "position";
    case Change::Field::Salience:
      return "salience";
    case Change::Field::Capability:
      return "capability";
  }
  return "?";
}

void voting(YAML::Emitter& out, const Scenario& s, const VotingProcedure& v) {
  using Rule = VotingProcedure::Rule;
  out << YAML::Key << "rule" << YAML::Value
      << (v.rule == Rule::Qualified   ? "qualified"
          : v.rule == Rule::Unanimity ? "unanimity"
                                      : "majority");
  if (v.rule == Rule::Qualified)
    out << YAML::Key << "threshold" << YAML::Value << percent(v.threshold);
  out << YAML::Key << "votes" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [actor, weight] : v.votes)
    out << YAML::Key << s.actors[actor].id << YAML::Value << num(weight);
  out << YAML::EndMap;
  out << YAML::Key << "agenda_setter" << YAML::Value << s.actors[v.agenda_setter].id;
}

void intervention(YAML::Emitter& out, const Scenario& s, const Intervention& iv) {
  out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << iv.id;
  optional_text(out, "name", iv.name);
  optional_text(out, "description", iv.description);
  if (iv.at_round) out << YAML::Key << "at_round" << YAML::Value << iv.at_round;
  sources(out, iv.sources);
  out << YAML::Key << "changes" << YAML::Value << YAML::BeginSeq;
  for (const auto& ch : iv.changes) {
    const bool salience = ch.field == Change::Field::Salience;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "actor" << YAML::Value
        << s.actors[ch.actor].id;
    if (ch.issue) out << YAML::Key << "issue" << YAML::Value << s.issues[*ch.issue].id;
    out << YAML::Key << "field" << YAML::Value << field_name(ch.field);
    if (ch.set)
      out << YAML::Key << "set" << YAML::Value << (salience ? percent(*ch.set) : num(*ch.set));
    if (ch.shift)
      out << YAML::Key << "shift" << YAML::Value
          << (salience ? percent(*ch.shift) : num(*ch.shift));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

std::string conjunction_text(const ConflictSpec& c, const ConflictConjunction& conj) {
  std::string out;
  for (const auto& l : conj)
    out += (out.empty() ? "" : " & ") + std::string(l.taken ? "" : "!") + c.options[l.option].id;
  return out;
}

std::string statement_text(const ConflictSpec& c, const ConflictStatement& st) {
  std::string out;
  for (const auto& conj : st) out += (out.empty() ? "" : " | ") + conjunction_text(c, conj);
  return out;
}

std::vector<std::string> taken_ids(const ConflictSpec& c, std::uint64_t state) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < c.options.size(); ++k)
    if (state >> k & 1) out.push_back(c.options[k].id);
  return out;
}

void conflict(YAML::Emitter& out, const ConflictSpec& c) {
  out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << c.id;
  optional_text(out, "name", c.name);
  optional_text(out, "description", c.description);
  sources(out, c.sources);
  out << YAML::Key << "decision_makers" << YAML::Value << YAML::BeginSeq;
  for (const auto& dm : c.dms) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << dm.id;
    if (dm.name != dm.id) out << YAML::Key << "name" << YAML::Value << dm.name;
    out << YAML::Key << "options" << YAML::Value << YAML::BeginSeq;
    for (int k : dm.options) {
      const auto& o = c.options[k];
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << o.id;
      if (o.name != o.id) out << YAML::Key << "name" << YAML::Value << o.name;
      if (o.direction != OptionDirection::Both)
        out << YAML::Key << "direction" << YAML::Value
            << (o.direction == OptionDirection::Forward ? "forward" : "backward");
      sources(out, o.sources);
      optional_text(out, "note", o.note);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!dm.misperceived.empty()) {
      out << YAML::Key << "misperceived" << YAML::Value << YAML::BeginSeq;
      for (const auto& conj : dm.misperceived) out << conjunction_text(c, conj);
      out << YAML::EndSeq;
    }
    out << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap;
    if (dm.preference.use_ranking) {
      out << YAML::Key << "ranking" << YAML::Value << YAML::BeginSeq;
      for (const auto& group : dm.preference.ranking)
        for (auto state : group) out << YAML::Flow << taken_ids(c, state);
      out << YAML::EndSeq;
    } else {
      out << YAML::Key << "statements" << YAML::Value << YAML::BeginSeq;
      for (const auto& st : dm.preference.statements) out << statement_text(c, st);
      out << YAML::EndSeq;
    }
    sources(out, dm.preference.sources);
    optional_text(out, "note", dm.preference.note);
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (!c.infeasible.empty()) {
    out << YAML::Key << "infeasible" << YAML::Value << YAML::BeginSeq;
    for (const auto& conj : c.infeasible) out << conjunction_text(c, conj);
    out << YAML::EndSeq;
  }
  if (c.status_quo)
    out << YAML::Key << "status_quo" << YAML::Value << YAML::Flow << taken_ids(c, *c.status_quo);
  optional_text(out, "note", c.note);
  out << YAML::EndMap;
}

}  // namespace

std::string scenario_to_yaml(const Scenario& s) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "scenario" << YAML::Value << s.id;
  optional_text(out, "title", s.title);
  optional_text(out, "as_of", s.as_of);
  optional_text(out, "description", s.description);
  if (s.salience_basis == SalienceBasis::Budget)
    out << YAML::Key << "salience_basis" << YAML::Value << "budget";
  out << YAML::Key << "sources" << YAML::Value << YAML::BeginMap;
  for (const auto& src : s.sources) {
    out << YAML::Key << src.key << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "title" << YAML::Value << src.title;
    optional_text(out, "author", src.author);
    optional_text(out, "date", src.date);
    optional_text(out, "kind", src.kind);
    optional_text(out, "url", src.url);
    optional_text(out, "note", src.note);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "actors" << YAML::Value << YAML::BeginSeq;
  for (const auto& a : s.actors) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << a.id;
    out << YAML::Key << "name" << YAML::Value << a.name;
    quantity(out, "capability", a.capability);
    optional_text(out, "note", a.note);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (!s.institutions.empty()) {
    out << YAML::Key << "institutions" << YAML::Value << YAML::BeginSeq;
    for (const auto& inst : s.institutions) {
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << inst.id;
      optional_text(out, "name", inst.name);
      out << YAML::Key << "kind" << YAML::Value << inst.kind;
      if (inst.voting) {
        voting(out, s, *inst.voting);
      } else {
        out << YAML::Key << "veto" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (auto a : inst.veto_holders) out << s.actors[a].id;
        out << YAML::EndSeq;
      }
      sources(out, inst.sources);
      optional_text(out, "note", inst.note);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::Key << "issues" << YAML::Value << YAML::BeginSeq;
  for (const auto& is : s.issues) issue(out, s, is);
  out << YAML::EndSeq;
  if (!s.links.empty()) {
    out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
    for (const auto& link : s.links) {
      out << YAML::BeginMap << YAML::Key << "issues" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (auto i : link.issues) out << s.issues[i].id;
      out << YAML::EndSeq;
      if (!link.actors.empty()) {
        out << YAML::Key << "actors" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (auto a : link.actors) out << s.actors[a].id;
        out << YAML::EndSeq;
      }
      sources(out, link.sources);
      optional_text(out, "note", link.note);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.interventions.empty()) {
    out << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
    for (const auto& iv : s.interventions) intervention(out, s, iv);
    out << YAML::EndSeq;
  }
  if (!s.outcomes.empty()) {
    out << YAML::Key << "outcomes" << YAML::Value << YAML::BeginSeq;
    for (const auto& o : s.outcomes) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "issue" << YAML::Value
          << s.issues[o.issue].id;
      if (o.actor) out << YAML::Key << "actor" << YAML::Value << s.actors[*o.actor].id;
      out << YAML::Key << "date" << YAML::Value << o.date << YAML::Key << "value" << YAML::Value
          << num(o.value);
      sources(out, o.sources);
      optional_text(out, "note", o.note);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.conflicts.empty()) {
    out << YAML::Key << "conflicts" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : s.conflicts) conflict(out, c);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace statecraft::io
