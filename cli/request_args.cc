#include "cli/request_args.h"

#include "io/input_file.h"

namespace statecraft::cli {

RunRequest to_request(const RequestArgs& args) {
  RunRequest r;
  r.scenario = args.input.empty() ? io::load_default_scenario() : io::load_input(args.input);
  for (const auto& m : args.models) r.models.push_back({m, 0, {}});
  r.params = args.params;
  r.interventions = args.interventions;
  r.rounds = args.rounds;
  r.seed = args.seed;
  r.threads = args.threads;
  r.institutions = !args.no_institutions;
  return r;
}

std::optional<EnsembleWeights> load_ensemble(const RequestArgs& args) {
  if (args.ensemble.empty()) return std::nullopt;
  return load_weights_file(args.ensemble);
}

Json ensemble_json(const EnsembleWeights& weights, const Scenario& scenario,
                   const std::vector<ModelChoice>& models, const std::vector<ModelResult>& runs,
                   const std::vector<std::vector<std::vector<double>>>& samples) {
  std::vector<std::string> labels;
  for (const auto& m : models) labels.push_back(m.label());
  Json issues = Json::array();
  for (std::size_t i = 0; i < scenario.issues.size(); ++i) {
    std::vector<std::optional<double>> p;
    std::vector<const std::vector<double>*> s;
    for (std::size_t m = 0; m < labels.size(); ++m) {
      p.push_back(runs[m].issues[i].outcome);
      s.push_back(samples.empty() ? nullptr : &samples[m][i]);
    }
    const Scale& sc = scenario.issues[i].scale;
    const auto f = ensemble_forecast(weights, labels, p, s, sc.min, sc.max);
    Json entry = {{"issue", scenario.issues[i].id}};
    if (f) entry["forecast"] = to_json(*f);
    issues.push_back(std::move(entry));
  }
  return {{"weights", to_json(weights)}, {"issues", std::move(issues)}};
}

}  // namespace statecraft::cli
