#include "io/result_json.h"

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
      variants.push_back({{"name", v.name}, {"description", v.description}});
    list.push_back({{"name", m->name()},
                    {"version", m->version()},
                    {"description", m->description()},
                    {"default_rounds", m->default_rounds()},
                    {"variants", variants},
                    {"parameters", m->param_names()}});
  }
  return list;
}

Json result_to_json(const Scenario& scenario, const std::vector<ModelResult>& runs) {
  Json issues = Json::array();
  for (const auto& is : scenario.issues) issues.push_back(issue_to_json(is));
  Json out_runs = Json::array();
  for (const auto& run : runs) {
    Json run_issues = Json::array();
    for (const auto& ir : run.issues)
      run_issues.push_back({{"issue", ir.issue},
                            {"outcome", ir.outcome},
                            {"actors", ir.actors},
                            {"trajectory", ir.trajectory},
                            {"detail", ir.detail}});
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
          {"runs", std::move(out_runs)}};
}

std::string result_json_text(const Scenario& scenario, const std::vector<ModelResult>& runs) {
  return result_to_json(scenario, runs).dump(2) + "\n";
}

}  // namespace statecraft::io
