#include "experiments/backtest.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace statecraft {

Json backtest(const Scenario& s, const std::vector<Outcome>& outcomes, const ForecastFn& forecast,
              const BacktestOptions& o) {
  if (outcomes.empty())
    throw OptionError("outcomes",
                      fmt::format("scenario '{}' has no outcomes to test against", s.id));
  if (!(o.tolerance > 0 && o.tolerance <= 100))
    throw OptionError("--tolerance", "expected a percentage in (0, 100]");
  if (o.horizon && !(*o.horizon > 0)) throw OptionError("--horizon", "expected years > 0");
  Case c;
  c.id = s.id;
  c.scenario = std::make_shared<const Scenario>(s);
  c.outcomes = outcomes;
  EvaluateOptions eo;
  eo.score.tolerance_pct = o.tolerance;
  eo.horizon_edges = o.horizon_edges;
  eo.max_horizon = o.horizon;
  eo.weights = o.weights;
  eo.allow_in_sample = true;
  eo.rows = true;
  Json e = evaluate({c}, forecast, eo);
  Json models = Json::array(), ensembles = Json::array(), baselines = Json::array();
  for (auto& m : e["methods"]) {
    m["model"] = m["method"];
    const std::string kind = m["kind"];
    (kind == "model" ? models : kind == "ensemble" ? ensembles : baselines).push_back(m);
  }
  const Json& info = e["cases"][0];
  Json r = {{"scenario", s.id},
            {"as_of", s.as_of},
            {"tolerance_pct", o.tolerance},
            {"scored", e["targets"]},
            {"in_sample", info.value("in_sample", false)}};
  if (o.horizon) r["horizon_years"] = *o.horizon;
  if (info.contains("beyond_horizon")) r["beyond_horizon"] = info["beyond_horizon"];
  if (info.contains("model_errors")) r["model_errors"] = info["model_errors"];
  r["horizon_edges_years"] = e["horizon_edges_years"];
  r["models"] = models;
  r["ensemble"] = ensembles.front();
  r["ensembles"] = ensembles;
  r["baselines"] = baselines;
  r["weights"] = e["ensemble"];
  return r;
}

Json backtest(const PreparedRequest& request, const std::vector<Outcome>& outcomes,
              const BacktestOptions& o) {
  if (o.mc_runs < 0) throw OptionError("--runs", "expected Monte Carlo runs >= 0");
  Json r = backtest(*request.base, outcomes, forecast_with(request, o.mc_runs), o);
  r["monte_carlo_runs"] = o.mc_runs;
  r["seed"] = request.seed;
  return r;
}

}  // namespace statecraft
