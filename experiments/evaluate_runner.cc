// The default ForecastFn: the pipeline's forecast (and Monte Carlo) on each case.
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

ForecastFn forecast_with(const PreparedRequest& request, int mc_runs) {
  return [request, mc_runs](const Scenario& s) {
    PreparedRequest p = request;
    p.base = std::make_shared<const Scenario>(s);
    p.scenario = std::make_shared<const Scenario>(p.apply_to(s));
    p.conflicts = false;
    const Forecast fc = forecast(p);
    std::vector<ModelForecast> out;
    std::size_t ran = 0;
    for (const auto& choice : p.models) {
      const std::string label = choice.label();
      if (ran < fc.ran.size() && fc.ran[ran].label() == label &&
          fc.ran[ran].params == choice.params) {
        const ModelResult& point = fc.runs[ran++];
        ModelForecast f = to_forecast(*p.scenario, label, point, nullptr, 0);
        if (mc_runs > 0) {
          McOptions mc;
          mc.request = p;
          mc.request.models = {choice};
          mc.runs = mc_runs;
          try {
            const McSamples samples = run_monte_carlo(mc);
            f = to_forecast(*p.scenario, label, point, &samples, 0);
          } catch (const OptionError& e) {
            f.note = "no Monte Carlo samples: " +
                     (e.problems().empty() ? std::string(e.what()) : e.problems()[0].message);
          }
        }
        out.push_back(std::move(f));
        continue;
      }
      ModelForecast failed;
      failed.label = label;
      failed.error = "could not run";
      for (const auto& why : fc.failures)
        if (why.model == label) failed.error = why.reason;
      out.push_back(std::move(failed));
    }
    return out;
  };
}

}  // namespace statecraft
