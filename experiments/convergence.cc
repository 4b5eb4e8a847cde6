#include "experiments/convergence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.h"

namespace statecraft {
namespace {

double gap(const std::vector<double>& a, const std::vector<double>& b, double width) {
  double g = 0;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t k = 0; k < n; ++k) g = std::max(g, std::abs(a[k] - b[k]) / width);
  return a.size() == b.size() ? g : INFINITY;
}

}  // namespace

const char* to_string(ConvergenceReport::Status s) {
  switch (s) {
    case ConvergenceReport::Status::NotIterative:
      return "not_iterative";
    case ConvergenceReport::Status::Converged:
      return "converged";
    case ConvergenceReport::Status::Cycle:
      return "cycle";
    case ConvergenceReport::Status::Oscillating:
      return "oscillating";
    case ConvergenceReport::Status::Settling:
      return "settling";
    case ConvergenceReport::Status::NotConverged:
      return "not_converged";
  }
  return "?";
}

ConvergenceReport analyse_convergence(const std::vector<std::vector<double>>& x,
                                      const std::vector<double>& forecasts, double width,
                                      const ConvergenceOptions& options) {
  if (!(width > 0)) width = 1;
  if (!forecasts.empty() && forecasts.size() != x.size())
    throw OptionError("convergence", "the forecast series needs one value per trajectory state");
  ConvergenceReport r;
  r.rounds = x.empty() ? 0 : int(x.size()) - 1;
  if (x.size() < 2) return r;
  const std::size_t T = x.size() - 1;
  const double tol = options.tolerance;
  r.last_change = gap(x[T], x[T - 1], width);
  if (!forecasts.empty()) {
    const std::size_t w = std::min<std::size_t>(std::max(options.window, 1), x.size());
    const auto [lo, hi] = std::minmax_element(forecasts.end() - std::ptrdiff_t(w), forecasts.end());
    r.recent_forecast_range = std::pair(*lo, *hi);
  }
  // The smallest p with x_T == x_{T-p}: p = 1 is a fixed point, p >= 2 a cycle (the state
  // determines the next round, so one repeat proves the model repeats from then on).
  std::size_t period = 0;
  for (std::size_t p = 1; p <= T && !period; ++p)
    if (gap(x[T], x[T - p], width) <= tol) period = p;
  if (period) {
    // The earliest round from which the trajectory is periodic.
    std::size_t start = T - period;
    while (start > 0 && gap(x[start - 1], x[start - 1 + period], width) <= tol) --start;
    r.settled_round = int(start);
    if (period == 1) {
      r.status = ConvergenceReport::Status::Converged;
      return r;
    }
    r.status = ConvergenceReport::Status::Cycle;
    r.period = int(period);
    for (std::size_t k = start; k < start + period; ++k) {
      r.cycle_states.push_back(x[k]);
      if (!forecasts.empty()) r.cycle_forecasts.push_back(forecasts[k]);
    }
    if (!r.cycle_forecasts.empty()) {
      double sum = 0;
      for (double f : r.cycle_forecasts) sum += f;
      r.cycle_mean = sum / double(r.cycle_forecasts.size());
      const auto [lo, hi] = std::minmax_element(r.cycle_forecasts.begin(), r.cycle_forecasts.end());
      r.forecast_steady = (*hi - *lo) / width <= tol;
    }
    return r;
  }
  const std::size_t w = std::min<std::size_t>(std::max(options.window, 1), x.size());
  // Something that goes one way and comes back, both steps large, within the window: a
  // position, or the forecast. (A steady drift is not an oscillation.)
  const double big = options.oscillation * width;
  auto reverses = [&](double a, double b, double c) {
    const double before = b - a, after = c - b;
    return std::abs(before) > big && std::abs(after) > big && (before > 0) != (after > 0);
  };
  bool swings = false;
  for (std::size_t t = x.size() - w + 1; t + 1 < x.size() && !swings; ++t) {
    if (!forecasts.empty() && reverses(forecasts[t - 1], forecasts[t], forecasts[t + 1]))
      swings = true;
    for (std::size_t a = 0; a < x[t].size() && a < x[t + 1].size() && a < x[t - 1].size(); ++a)
      if (reverses(x[t - 1][a], x[t][a], x[t + 1][a])) swings = true;
  }
  for (std::size_t t = x.size() - w; t < x.size(); ++t) {
    r.recent_states.push_back(x[t]);
    if (!forecasts.empty()) r.recent_forecasts.push_back(forecasts[t]);
  }
  r.status = swings                              ? ConvergenceReport::Status::Oscillating
             : r.last_change <= options.settling ? ConvergenceReport::Status::Settling
                                                 : ConvergenceReport::Status::NotConverged;
  r.forecast_steady =
      r.recent_forecast_range &&
      (r.recent_forecast_range->second - r.recent_forecast_range->first) / width <= tol;
  return r;
}

Json to_json(const ConvergenceReport& r, const std::vector<std::string>& actors) {
  Json j = {{"status", to_string(r.status)}, {"rounds", r.rounds}, {"last_change", r.last_change}};
  if (r.status == ConvergenceReport::Status::Converged) j["settled_round"] = r.settled_round;
  if (r.status == ConvergenceReport::Status::Cycle) {
    j["period"] = r.period;
    j["cycle_start_round"] = r.settled_round;
    Json states = Json::array();
    for (std::size_t k = 0; k < r.cycle_states.size(); ++k) {
      Json positions = Json::object();
      for (std::size_t a = 0; a < actors.size() && a < r.cycle_states[k].size(); ++a)
        positions[actors[a]] = r.cycle_states[k][a];
      Json s = {{"round", r.settled_round + int(k)}, {"positions", std::move(positions)}};
      if (k < r.cycle_forecasts.size()) s["forecast"] = r.cycle_forecasts[k];
      states.push_back(std::move(s));
    }
    j["cycle"] = std::move(states);
    j["cycle_mean_forecast"] = r.cycle_mean ? Json(*r.cycle_mean) : Json(nullptr);
  }
  if (r.recent_forecast_range) {
    j["recent_forecast_range"] = {r.recent_forecast_range->first, r.recent_forecast_range->second};
    j["forecast_steady"] = r.forecast_steady;
  }
  if (!r.recent_states.empty()) {
    Json states = Json::array();
    const int first = r.rounds + 1 - int(r.recent_states.size());
    for (std::size_t k = 0; k < r.recent_states.size(); ++k) {
      Json positions = Json::object();
      for (std::size_t a = 0; a < actors.size() && a < r.recent_states[k].size(); ++a)
        positions[actors[a]] = r.recent_states[k][a];
      Json st = {{"round", first + int(k)}, {"positions", std::move(positions)}};
      if (k < r.recent_forecasts.size()) st["forecast"] = r.recent_forecasts[k];
      states.push_back(std::move(st));
    }
    j["recent_rounds"] = std::move(states);
  }
  return j;
}

std::vector<double> forecast_series(const IssueResult& issue) {
  const Json& d = issue.detail;
  if (!d.is_object() || !d.contains("initial_median") || !d.contains("rounds") ||
      !d["rounds"].is_array())
    return {};
  std::vector<double> out{d["initial_median"].get<double>()};
  for (const auto& round : d["rounds"]) {
    if (!round.contains("median")) return {};
    out.push_back(round["median"].get<double>());
  }
  return out.size() == issue.trajectory.size() ? out : std::vector<double>{};
}

std::string describe_convergence(const Json& c) {
  if (!c.is_object() || !c.contains("status")) return "";
  const std::string status = c["status"].get<std::string>();
  const int rounds = c.value("rounds", 0);
  const bool steady = c.value("forecast_steady", false);
  if (status == "cycle") {
    std::string text = fmt::format("positions cycle with period {} from round {}",
                                   c["period"].get<int>(), c["cycle_start_round"].get<int>());
    std::vector<std::string> values;
    for (const auto& st : c["cycle"])
      if (st.contains("forecast"))
        values.push_back(fmt::format("{:.1f}", st["forecast"].get<double>()));
    if (values.empty()) return text;
    if (steady) return text + fmt::format("; the forecast stays at {}", values[0]);
    return text + fmt::format("; the forecast goes through {} (mean {:.1f})",
                              fmt::join(values, ", "), c["cycle_mean_forecast"].get<double>());
  }
  if (status != "oscillating" && status != "settling" && status != "not_converged") return "";
  const std::string moved =
      fmt::format("{:.2f}% of the scale", 100 * c["last_change"].get<double>());
  const int first = c.contains("recent_rounds") && !c["recent_rounds"].empty()
                        ? c["recent_rounds"][0]["round"].get<int>()
                        : rounds;
  if (steady)
    return fmt::format(
        "positions still move after {} rounds (last step {}); the forecast stays "
        "at {:.1f} over rounds {}-{}",
        rounds, moved, c["recent_forecast_range"][0].get<double>(), first, rounds);
  if (status == "settling")
    return fmt::format("settling: the last round moved no position by more than {}", moved);
  std::string text = status == "oscillating" ? "oscillating" : "still moving";
  if (c.contains("recent_forecast_range"))
    text += fmt::format(": forecast {:.1f}-{:.1f} over rounds {}-{}",
                        c["recent_forecast_range"][0].get<double>(),
                        c["recent_forecast_range"][1].get<double>(), first, rounds);
  else
    text += fmt::format(" after {} rounds (last step {})", rounds, moved);
  return text + ", no settled value";
}

void add_convergence(const Scale& scale, IssueResult& issue, const ConvergenceOptions& options) {
  const ConvergenceReport r =
      analyse_convergence(issue.trajectory, forecast_series(issue), scale.max - scale.min, options);
  Json j = to_json(r, issue.actors);
  j["forecast_rule"] =
      options.forecast == ConvergenceOptions::Forecast::CycleMean ? "cycle_mean" : "last_round";
  if (options.forecast == ConvergenceOptions::Forecast::CycleMean && r.cycle_mean) {
    j["last_round_outcome"] = issue.outcome;
    issue.outcome = *r.cycle_mean;
  }
  if (!issue.detail.is_object()) issue.detail = Json::object();
  issue.detail["convergence"] = std::move(j);
}

void add_convergence(const Scenario& scenario, ModelResult& result,
                     const ConvergenceOptions& options) {
  for (std::size_t i = 0; i < result.issues.size(); ++i) {
    const auto index = scenario.issue_index(result.issues[i].issue);
    if (!index) continue;
    add_convergence(scenario.issues[*index].scale, result.issues[i], options);
  }
}

}  // namespace statecraft
