#include "experiments/backtest.h"

#include <fmt/format.h>

#include <cmath>

#include "core/errors.h"

namespace statecraft {
namespace {

Json score(const Scenario& s, const std::vector<Outcome>& outcomes,
           const std::vector<double>& forecast_by_issue, const BacktestOptions& o) {
  Json rows = Json::array();
  double abs_sum = 0, pct_sum = 0;
  int hits = 0, directions = 0, direction_hits = 0;
  for (const auto& out : outcomes) {
    const Issue& is = s.issues[out.issue];
    const double f = forecast_by_issue[out.issue];
    const double err = f - out.value;
    const double pct = 100 * std::abs(err) / (is.scale.max - is.scale.min);
    const bool hit = pct <= o.tolerance;
    abs_sum += std::abs(err);
    pct_sum += pct;
    hits += hit;
    Json row = {{"issue", is.id}, {"date", out.date}, {"outcome", out.value},
                {"forecast", f},  {"error", err},     {"error_pct_of_scale", pct},
                {"hit", hit}};
    if (is.status_quo && out.value != is.status_quo->value) {
      const bool same = (f - is.status_quo->value) * (out.value - is.status_quo->value) > 0;
      ++directions;
      direction_hits += same;
      row["direction_right"] = same;
    }
    rows.push_back(row);
  }
  const double n = double(outcomes.size());
  Json r = {{"outcomes", rows},
            {"mae", outcomes.empty() ? 0 : abs_sum / n},
            {"mae_pct_of_scale", outcomes.empty() ? 0 : pct_sum / n},
            {"hit_rate", outcomes.empty() ? 0 : hits / n}};
  if (directions) r["direction_rate"] = double(direction_hits) / directions;
  return r;
}

}  // namespace

Json backtest(const PreparedRequest& request, const std::vector<Outcome>& outcomes,
              const BacktestOptions& o) {
  const Scenario& s = *request.scenario;
  if (outcomes.empty())
    throw OptionError("outcomes",
                      fmt::format("scenario '{}' has no outcomes to test against", s.id));
  if (!(o.tolerance > 0 && o.tolerance <= 100))
    throw OptionError("--tolerance", "expected a percentage in (0, 100]");
  const Forecast fc = forecast(request);
  const auto& point = fc.runs;
  Json per_model = Json::array();
  std::vector<double> ensemble(s.issues.size(), 0);
  for (std::size_t m = 0; m < point.size(); ++m) {
    std::vector<double> f(s.issues.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      f[i] = point[m].issues[i].outcome;
      ensemble[i] += f[i] / double(point.size());
    }
    Json r = score(s, outcomes, f, o);
    r["model"] = fc.ran[m].label();
    per_model.push_back(r);
  }
  Json ens = score(s, outcomes, ensemble, o);
  ens["model"] = "ensemble (mean of the models)";
  return {
      {"scenario", s.id}, {"tolerance_pct", o.tolerance}, {"models", per_model}, {"ensemble", ens}};
}

}  // namespace statecraft
