#include "io/conflict_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace statecraft::io {
namespace {

using gmcr::Concept;
using gmcr::State;

std::string option_label(const ConflictSpec& spec, std::size_t k) {
  return spec.options[k].name.empty() ? spec.options[k].id : spec.options[k].name;
}

Json state_json(const gmcr::Findings& f, State s) {
  return {{"decimal", s}, {"yn", f.conflict->yn(s)}, {"description", describe_state(f, s)}};
}

std::vector<std::string> names(const std::vector<Concept>& concepts) {
  std::vector<std::string> out;
  for (Concept k : concepts) out.push_back(gmcr::to_string(k));
  return out;
}

std::vector<std::string> concepts_where(const gmcr::Findings& f, int player, int v) {
  std::vector<std::string> out;
  for (Concept k : f.shown)
    if (f.analysis->stable[int(k)][player][v]) out.push_back(gmcr::to_string(k));
  return out;
}

Json path_json(const gmcr::Findings& f, const std::vector<gmcr::Move>& path) {
  Json steps = Json::array();
  for (const auto& m : path)
    steps.push_back({{"mover", f.analysis->players[m.player].name},
                     {"change", describe_change(f, m.from, m.to)},
                     {"to", state_json(f, m.to)}});
  return steps;
}

Json status_quo_json(const gmcr::Findings& f, const gmcr::StatusQuoFindings& sq) {
  Json per_player = Json::object();
  for (std::size_t p = 0; p < sq.players.size(); ++p) {
    Json improvements = Json::array();
    for (State s : sq.players[p].improvements) improvements.push_back(state_json(f, s));
    per_player[f.analysis->players[p].name] = {{"stable_under", names(sq.players[p].stable_under)},
                                               {"improvements", improvements}};
  }
  Json reach = Json::array();
  for (const auto& r : sq.reach) {
    Json entry = state_json(f, r.target);
    entry["reachable"] = r.reachable;
    entry["path"] = path_json(f, r.path);
    entry["reachable_by_improvements"] = r.reachable_by_improvements;
    entry["improving_path"] = path_json(f, r.improving_path);
    reach.push_back(std::move(entry));
  }
  return {{"state", state_json(f, sq.state)},
          {"equilibrium_under", names(sq.equilibrium_under)},
          {"decision_makers", per_player},
          {"reachable_equilibria", reach}};
}

Json document(const gmcr::Findings& f) {
  const ConflictSpec& spec = *f.spec;
  const gmcr::Conflict& c = *f.conflict;
  const gmcr::Analysis& a = *f.analysis;
  Json options_json = Json::array();
  for (std::size_t k = 0; k < spec.options.size(); ++k)
    options_json.push_back({{"index", k},
                            {"id", spec.options[k].id},
                            {"name", option_label(spec, k)},
                            {"decision_maker", c.dms[spec.options[k].dm].name}});
  Json states = Json::array();
  for (std::size_t v = 0; v < c.states.size(); ++v) {
    Json stable_for = Json::object();
    for (std::size_t p = 0; p < a.players.size(); ++p)
      stable_for[a.players[p].name] = concepts_where(f, int(p), int(v));
    Json row = state_json(f, c.states[v]);
    row["stable_for"] = std::move(stable_for);
    std::vector<std::string> eq;
    for (Concept k : f.shown)
      if (std::binary_search(a.equilibria[int(k)].begin(), a.equilibria[int(k)].end(), c.states[v]))
        eq.push_back(gmcr::to_string(k));
    row["equilibrium_under"] = std::move(eq);
    states.push_back(std::move(row));
  }
  Json equilibria = Json::object();
  for (Concept k : f.shown) {
    Json list = Json::array();
    for (State s : a.equilibria[int(k)]) list.push_back(state_json(f, s));
    equilibria[gmcr::to_string(k)] = std::move(list);
  }
  // Assigned one by one: an initializer list would copy the (possibly huge) tables.
  Json out = Json::object();
  out["conflict"] = spec.id;
  out["name"] = c.name;
  out["model"] = f.model();
  out["semantics"] = f.semantics == gmcr::Semantics::Textbook ? "textbook" : "gmcr-py";
  out["options"] = std::move(options_json);
  out["feasible_states"] = c.states.size();
  out["equilibria"] = std::move(equilibria);
  out["states"] = std::move(states);
  if (f.status_quo) out["status_quo"] = status_quo_json(f, *f.status_quo);
  return out;
}

}  // namespace

const gmcr::Findings& gmcr_findings(const ConflictFindings& findings) {
  const auto* f = dynamic_cast<const gmcr::Findings*>(&findings);
  if (!f)
    throw std::logic_error("no presentation for the findings of conflict model '" +
                           findings.model() + "'");
  return *f;
}

ConflictDocument conflict_document(const ConflictFindingsPtr& findings) {
  gmcr_findings(*findings);  // a model without a presenter fails now, not on first use
  return ConflictDocument([findings] { return document(gmcr_findings(*findings)); });
}

std::string describe_state(const gmcr::Findings& f, State s) {
  std::string out;
  for (std::size_t d = 0; d < f.spec->dms.size(); ++d) {
    std::string taken;
    for (int k : f.spec->dms[d].options)
      if (s >> k & 1) taken += (taken.empty() ? "" : ", ") + option_label(*f.spec, k);
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", f.conflict->dms[d].name,
                       taken.empty() ? "none" : taken);
  }
  return out;
}

std::string describe_change(const gmcr::Findings& f, State from, State to) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < f.spec->options.size(); ++k) {
    const bool a = from >> k & 1, b = to >> k & 1;
    if (a != b)
      parts.push_back(fmt::format("{} '{}'", b ? "takes" : "drops", option_label(*f.spec, k)));
  }
  return fmt::format("{}", fmt::join(parts, " and "));
}

std::string describe_statement(const gmcr::Findings& f, const ConflictStatement& statement) {
  std::vector<std::string> alternatives;
  for (const auto& conj : statement) {
    std::vector<std::string> lits;
    for (const auto& l : conj)
      lits.push_back(fmt::format("{}'{}'", l.taken ? "" : "not ", option_label(*f.spec, l.option)));
    alternatives.push_back(fmt::format("{}", fmt::join(lits, " and ")));
  }
  return fmt::format("{}", fmt::join(alternatives, " or "));
}

}  // namespace statecraft::io
