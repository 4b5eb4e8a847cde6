// The default ForecastFn: the models run as `mc` runs them (Model::run + apply_institutions),
// one model at a time so that one model's failure does not silence the others.
#include <fmt/format.h>

#include "core/errors.h"
#include "experiments/evaluate.h"

namespace statecraft {

ModelForecast to_forecast(const Scenario& s, const std::string& label, const ModelResult& point,
                          const McSamples* mc, std::size_t m) {
  ModelForecast f;
  f.label = label;
  const std::size_t ni = s.issues.size();
  f.outcome.assign(ni, 0);
  f.position.assign(ni, {});
  for (std::size_t i = 0; i < ni && i < point.issues.size(); ++i) {
    const IssueResult& r = point.issues[i];
    f.outcome[i] = r.outcome;
    if (r.trajectory.empty()) continue;
    for (std::size_t a = 0; a < r.actors.size() && a < r.trajectory.back().size(); ++a)
      if (auto idx = s.actor_index(r.actors[a])) f.position[i][*idx] = r.trajectory.back()[a];
  }
  if (mc && m < mc->outcomes.size()) {
    f.outcome_samples.assign(ni, {});
    f.position_samples.assign(ni, {});
    for (std::size_t i = 0; i < ni; ++i) {
      f.outcome_samples[i] = mc->outcomes[m][i];
      for (std::size_t a = 0; a < mc->actors[m][i].size(); ++a)
        if (auto idx = s.actor_index(mc->actors[m][i][a]))
          f.position_samples[i][*idx] = mc->positions[m][i][a];
    }
  }
  return f;
}

ForecastFn forecast_with(const McOptions& options, int mc_runs) {
  return [options, mc_runs](const Scenario& s) {
    std::vector<ModelForecast> out;
    for (const auto& choice : options.models) {
      McOptions one = options;
      one.models = {choice};
      one.runs = mc_runs;
      one.progress = nullptr;
      one.on_batch = nullptr;
      try {
        const auto point = run_point(s, one);
        if (mc_runs > 0) {
          const McSamples mc = run_monte_carlo(s, one);
          out.push_back(to_forecast(s, choice.spec.label(), point.front(), &mc, 0));
        } else {
          out.push_back(to_forecast(s, choice.spec.label(), point.front(), nullptr, 0));
        }
      } catch (const InputError& e) {
        ModelForecast failed;
        failed.label = choice.spec.label();
        failed.error = e.problems().empty() ? e.what() : e.problems().front().message;
        out.push_back(std::move(failed));
      }
    }
    return out;
  };
}

}  // namespace statecraft
