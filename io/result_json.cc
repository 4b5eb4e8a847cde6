#include "io/result_json.h"

#include "core/explain.h"
#include "core/version.h"

namespace statecraft::io {

Json issue_to_json(const Issue& is) {
  return {{"id", is.id},
          {"name", is.name},
          {"scale",
           {{"min", is.scale.min},
            {"max", is.scale.max},
            {"low", is.scale.low},
            {"high", is.scale.high}}}};
}

Json models_to_json(const Registry& registry) {
  Json list = Json::array();
  for (const Model* m : registry.models()) {
    Json variants = Json::array();
    for (const auto& v : m->variants())
      variants.push_back({{"name", v.name},
                          {"description", v.description},
                          {"stochastic", m->stochastic(v.name)}});
    Json parameters = Json::array();
    for (const auto& p : m->params()) parameters.push_back(p.to_json());
    list.push_back({{"name", m->name()},
                    {"kind", "issues"},
                    {"version", m->version()},
                    {"description", m->description()},
                    {"default_rounds", m->default_rounds()},
                    {"variants", variants},
                    {"uses_status_quo", m->uses_status_quo()},
                    {"parameters", parameters}});
  }
  for (const ConflictModel* m : registry.conflict_models()) {
    Json variants = Json::array();
    for (const auto& v : m->variants())
      variants.push_back({{"name", v.name}, {"description", v.description}, {"stochastic", false}});
    list.push_back({{"name", m->name()},
                    {"kind", "conflict"},
                    {"version", m->version()},
                    {"description", m->description()},
                    {"variants", variants},
                    {"concepts", m->concepts()}});
  }
  return list;
}

namespace {

// A number with its evidence; `factor` rescales (saliences are shown 0-100, as files write them).
Json quantity_to_json(const Quantity& q, double factor = 1) {
  Json out = {{"value", q.value * factor}};
  if (q.range) out["range"] = {q.range->first * factor, q.range->second * factor};
  out["sources"] = q.sources;
  if (!q.note.empty()) out["note"] = q.note;
  return out;
}

std::vector<std::string> actor_ids(const Scenario& s, const std::vector<std::size_t>& actors) {
  std::vector<std::string> ids;
  for (std::size_t a : actors) ids.push_back(s.actors[a].id);
  return ids;
}

}  // namespace

Json inputs_to_json(const Scenario& s, const Scenario* stated) {
  const Scenario& as_written = stated ? *stated : s;
  Json sources = Json::array();
  for (const auto& src : s.sources)
    sources.push_back({{"key", src.key},
                       {"title", src.title},
                       {"author", src.author},
                       {"date", src.date},
                       {"kind", src.kind},
                       {"url", src.url},
                       {"note", src.note}});
  Json actors = Json::array();
  for (const auto& a : s.actors)
    actors.push_back({{"id", a.id},
                      {"name", a.name},
                      {"capability", quantity_to_json(a.capability)},
                      {"note", a.note}});
  Json issues = Json::array();
  for (const auto& is : s.issues) {
    Json stances = Json::array();
    for (const auto& st : is.stances) {
      Json entry = {{"actor", s.actors[st.actor].id},
                    {"position", quantity_to_json(st.position)},
                    {"salience", quantity_to_json(st.salience, 100)}};
      if (st.capability) entry["capability"] = quantity_to_json(*st.capability);
      if (!st.note.empty()) entry["note"] = st.note;
      stances.push_back(std::move(entry));
    }
    issues.push_back({{"id", is.id},
                      {"description", is.description},
                      {"institution", is.institution ? Json(*is.institution) : Json()},
                      {"status_quo", is.status_quo ? quantity_to_json(*is.status_quo) : Json()},
                      {"stances", std::move(stances)}});
  }
  Json institutions = Json::array();
  for (const auto& inst : s.institutions)
    institutions.push_back({{"id", inst.id},
                            {"name", inst.name},
                            {"kind", inst.kind},
                            {"veto_holders", actor_ids(s, inst.veto_holders)},
                            {"sources", inst.sources},
                            {"note", inst.note}});
  Json interventions = Json::array();
  for (const auto& iv : s.interventions) {
    Json changes = Json::array();
    for (const auto& ch : iv.changes) changes.push_back(describe_change(as_written, ch));
    interventions.push_back({{"id", iv.id},
                             {"name", iv.name},
                             {"description", iv.description},
                             {"at_round", iv.at_round},
                             {"changes", std::move(changes)},
                             {"in_words", describe_intervention(as_written, iv)},
                             {"sources", iv.sources}});
  }
  return {{"description", s.description},
          {"salience_basis", s.salience_basis == SalienceBasis::Budget ? "budget" : "independent"},
          {"salience_scale", "0-100"},
          {"actors", std::move(actors)},
          {"issues", std::move(issues)},
          {"institutions", std::move(institutions)},
          {"interventions", std::move(interventions)},
          {"sources", std::move(sources)}};
}

Json result_to_json(const Scenario& scenario, const std::vector<ModelResult>& runs,
                    const Scenario* stated) {
  Json issues = Json::array();
  for (const auto& is : scenario.issues) issues.push_back(issue_to_json(is));
  Json out_runs = Json::array();
  for (const auto& run : runs) {
    Json run_issues = Json::array();
    const std::vector<std::string> why = explain(scenario, run);
    for (std::size_t i = 0; i < run.issues.size(); ++i) {
      const auto& ir = run.issues[i];
      run_issues.push_back({{"issue", ir.issue},
                            {"outcome", ir.outcome},
                            {"actors", ir.actors},
                            {"trajectory", ir.trajectory},
                            {"detail", ir.detail},
                            {"why", i < why.size() ? why[i] : std::string()}});
    }
    Json entry = {{"model", run.model},           {"variant", run.variant},
                  {"version", run.version},       {"seed", run.seed},
                  {"parameters", run.parameters}, {"issues", std::move(run_issues)}};
    if (!run.detail.empty()) entry["detail"] = run.detail;
    out_runs.push_back(std::move(entry));
  }
  return {{"statecraft", kVersion},
          {"scenario",
           {{"id", scenario.id},
            {"title", scenario.title},
            {"as_of", scenario.as_of},
            {"origin", scenario.origin}}},
          {"issues", std::move(issues)},
          {"runs", std::move(out_runs)},
          {"inputs", inputs_to_json(scenario, stated)}};
}

std::string result_json_text(const Scenario& scenario, const std::vector<ModelResult>& runs) {
  return result_to_json(scenario, runs).dump(2) + "\n";
}

}  // namespace statecraft::io
