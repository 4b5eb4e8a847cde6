#include "experiments/scores.h"

#include <algorithm>
#include <cmath>

#include "core/errors.h"
#include "experiments/statistics.h"

namespace statecraft {

double crps_samples(std::vector<double> x, double y) {
  if (x.empty()) throw OptionError("crps", "a predictive distribution needs at least one sample");
  std::sort(x.begin(), x.end());
  const double n = double(x.size());
  double to_y = 0, spread = 0;
  // sum_i sum_j |x_i - x_j| = 2 * sum_i (2i - n + 1) x_(i) for the sorted x (0-based i).
  for (std::size_t i = 0; i < x.size(); ++i) {
    to_y += std::abs(x[i] - y);
    spread += (2 * double(i) - n + 1) * x[i];
  }
  return to_y / n - spread / (n * n);
}

double pit_value(const std::vector<double>& x, double y) {
  if (x.empty()) return 0.5;
  double below = 0, equal = 0;
  for (double v : x) {
    below += v < y;
    equal += v == y;
  }
  return (below + equal / 2) / double(x.size());
}

std::pair<double, double> central_interval(std::vector<double> x, double level) {
  std::sort(x.begin(), x.end());
  const double tail = (1 - level) / 2;
  return {quantile_sorted(x, tail), quantile_sorted(x, 1 - tail)};
}

Scores score(const std::vector<Target>& targets,
             const std::vector<std::optional<Prediction>>& predictions, const ScoreOptions& o) {
  if (targets.size() != predictions.size())
    throw std::logic_error("score: one prediction slot per target expected");
  Scores s;
  s.pit_histogram.assign(std::size_t(std::max(1, o.pit_bins)), 0);
  double abs_sum = 0, pct_sum = 0, crps_sum = 0;
  int hits = 0, direction_hits = 0, cover50 = 0, cover90 = 0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    if (!predictions[k]) continue;
    const Target& t = targets[k];
    const Prediction& p = *predictions[k];
    const double width = t.scale_max - t.scale_min;
    const double err = std::abs(p.point - t.value);
    ++s.n;
    abs_sum += err;
    pct_sum += 100 * err / width;
    hits += 100 * err / width <= o.tolerance_pct + 1e-12;
    if (t.reference && t.value != *t.reference) {
      ++s.direction_n;
      direction_hits += (p.point - *t.reference) * (t.value - *t.reference) > 0;
    }
    crps_sum += 100 * (p.samples.empty() ? err : crps_samples(p.samples, t.value)) / width;
    auto i50 = p.interval50, i90 = p.interval90;
    if (!p.samples.empty()) {
      if (!i50) i50 = central_interval(p.samples, 0.5);
      if (!i90) i90 = central_interval(p.samples, 0.9);
    }
    if (i50 && i90) {
      ++s.coverage_n;
      cover50 += t.value >= i50->first && t.value <= i50->second;
      cover90 += t.value >= i90->first && t.value <= i90->second;
    }
    if (!p.samples.empty()) {
      const double u = pit_value(p.samples, t.value);
      const auto bins = s.pit_histogram.size();
      ++s.pit_histogram[std::min(bins - 1, std::size_t(u * double(bins)))];
      ++s.pit_n;
    }
  }
  if (s.n) {
    s.mae = abs_sum / s.n;
    s.mae_pct = pct_sum / s.n;
    s.hit_rate = double(hits) / s.n;
    s.crps_pct = crps_sum / s.n;
  }
  if (s.direction_n) s.direction_rate = double(direction_hits) / s.direction_n;
  if (s.coverage_n) {
    s.coverage50 = double(cover50) / s.coverage_n;
    s.coverage90 = double(cover90) / s.coverage_n;
  }
  return s;
}

std::optional<double> skill(double score, double reference_score) {
  if (!(reference_score > 0)) return std::nullopt;
  return 1 - score / reference_score;
}

Json to_json(const Scores& s, const ScoreOptions& o) {
  Json j = {{"n", s.n},
            {"mae", s.mae},
            {"mae_pct_of_scale", s.mae_pct},
            {"hit_rate", s.hit_rate},
            {"tolerance_pct", o.tolerance_pct},
            {"crps_pct_of_scale", s.crps_pct}};
  if (s.direction_n) {
    j["direction_rate"] = s.direction_rate;
    j["direction_n"] = s.direction_n;
  }
  if (s.coverage_n) {
    j["coverage"] = {
        {"n", s.coverage_n}, {"nominal_50", s.coverage50}, {"nominal_90", s.coverage90}};
  }
  if (s.pit_n) {
    Json bins = Json::array();
    const double width = 1.0 / double(s.pit_histogram.size());
    for (std::size_t b = 0; b < s.pit_histogram.size(); ++b)
      bins.push_back({{"from", double(b) * width},
                      {"to", double(b + 1) * width},
                      {"count", s.pit_histogram[b]}});
    j["pit"] = {{"n", s.pit_n},
                {"bins", bins},
                {"note", "calibrated: counts about equal; U-shape: too narrow; hump: too wide"}};
  }
  return j;
}

}  // namespace statecraft
