#include "experiments/ensemble.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/errors.h"
#include "core/rng.h"
#include "experiments/scores.h"

namespace statecraft {

EnsembleWeights equal_weights(const std::vector<std::string>& models) {
  EnsembleWeights w;
  w.models = models;
  w.weights.assign(models.size(), models.empty() ? 0 : 1.0 / double(models.size()));
  w.method = "average";
  w.reason = "equal weights (no fit)";
  return w;
}

std::vector<double> weights_for(const EnsembleWeights& w, const std::vector<std::string>& labels) {
  std::vector<double> out(labels.size(), 0);
  for (std::size_t k = 0; k < w.models.size(); ++k) {
    const auto it = std::find(labels.begin(), labels.end(), w.models[k]);
    if (it == labels.end()) {
      if (w.weights[k] > 0)
        throw OptionError(
            "--ensemble",
            fmt::format("{}: model '{}' has weight {:.3g} but is not among the models run; run it "
                        "too (-m) or refit",
                        w.origin.empty() ? "weights" : w.origin, w.models[k], w.weights[k]));
      continue;
    }
    out[std::size_t(it - labels.begin())] = w.weights[k];
  }
  return out;
}

std::optional<double> combine_points(const std::vector<double>& w,
                                     const std::vector<std::optional<double>>& points) {
  double sum = 0, total = 0;
  for (std::size_t m = 0; m < points.size() && m < w.size(); ++m)
    if (points[m] && w[m] > 0) {
      sum += w[m] * *points[m];
      total += w[m];
    }
  if (!(total > 0)) return std::nullopt;
  return sum / total;
}

std::vector<double> mixture_samples(const std::vector<double>& w,
                                    const std::vector<const std::vector<double>*>& samples,
                                    std::size_t total) {
  double weight_sum = 0;
  for (std::size_t m = 0; m < samples.size() && m < w.size(); ++m)
    if (samples[m] && !samples[m]->empty() && w[m] > 0) weight_sum += w[m];
  std::vector<double> out;
  if (!(weight_sum > 0) || total == 0) return out;
  for (std::size_t m = 0; m < samples.size() && m < w.size(); ++m) {
    if (!samples[m] || samples[m]->empty() || !(w[m] > 0)) continue;
    std::vector<double> sorted = *samples[m];
    std::sort(sorted.begin(), sorted.end());
    const auto count = std::size_t(std::llround(w[m] / weight_sum * double(total)));
    for (std::size_t k = 0; k < count; ++k) {
      const auto at = std::size_t((double(k) + 0.5) * double(sorted.size()) / double(count));
      out.push_back(sorted[std::min(at, sorted.size() - 1)]);
    }
  }
  return out;
}

std::optional<EnsembleForecast> ensemble_forecast(
    const EnsembleWeights& weights, const std::vector<std::string>& labels,
    const std::vector<std::optional<double>>& points,
    const std::vector<const std::vector<double>*>& samples, double lo, double hi,
    std::size_t mixture_size) {
  const std::vector<double> w = weights_for(weights, labels);
  const auto point = combine_points(w, points);
  if (!point) return std::nullopt;
  // A model without samples enters the mixture as its point forecast.
  std::vector<std::vector<double>> own(labels.size());
  std::vector<const std::vector<double>*> pooled(labels.size(), nullptr);
  for (std::size_t m = 0; m < labels.size() && m < points.size(); ++m) {
    if (m < samples.size() && samples[m] && !samples[m]->empty())
      pooled[m] = samples[m];
    else if (points[m])
      pooled[m] = &(own[m] = {*points[m]});
  }
  const std::vector<double> mix = mixture_samples(w, pooled, mixture_size);
  EnsembleForecast f;
  f.point = *point;
  f.mixture50 = central_interval(mix, 0.5);
  f.mixture90 = central_interval(mix, 0.9);
  const auto h50 = weights.conformal.half_width(0.5), h90 = weights.conformal.half_width(0.9);
  if (h50) f.conformal50 = conformal_interval(*point, *h50, lo, hi);
  if (h90) f.conformal90 = conformal_interval(*point, *h90, lo, hi);
  return f;
}

Json to_json(const EnsembleForecast& f) {
  Json j = {{"point", f.point},
            {"mixture_50", {f.mixture50.first, f.mixture50.second}},
            {"mixture_90", {f.mixture90.first, f.mixture90.second}}};
  if (f.conformal50) j["conformal_50"] = {f.conformal50->first, f.conformal50->second};
  if (f.conformal90) j["conformal_90"] = {f.conformal90->first, f.conformal90->second};
  return j;
}

namespace {

// Euclidean projection onto {w >= 0, sum w = 1} (Duchi et al. 2008).
std::vector<double> project_to_simplex(const std::vector<double>& v) {
  std::vector<double> u = v;
  std::sort(u.begin(), u.end(), std::greater<>());
  double cumulative = 0, theta = 0;
  for (std::size_t j = 0; j < u.size(); ++j) {
    cumulative += u[j];
    const double t = (cumulative - 1) / double(j + 1);
    if (u[j] - t > 0) theta = t;
  }
  std::vector<double> w(v.size());
  for (std::size_t j = 0; j < v.size(); ++j) w[j] = std::max(0.0, v[j] - theta);
  return w;
}

}  // namespace

std::vector<double> fit_simplex_weights(const std::vector<std::vector<double>>& x,
                                        const std::vector<double>& y) {
  if (x.empty() || x.size() != y.size()) throw std::logic_error("fit_simplex_weights: no rows");
  const std::size_t k = x.front().size();
  // Normal equations of the mean squared error: minimise w'Gw/2 - b'w.
  std::vector<double> g(k * k, 0), b(k, 0);
  for (std::size_t r = 0; r < x.size(); ++r)
    for (std::size_t i = 0; i < k; ++i) {
      b[i] += x[r][i] * y[r] / double(x.size());
      for (std::size_t j = 0; j < k; ++j) g[i * k + j] += x[r][i] * x[r][j] / double(x.size());
    }
  // Lipschitz constant: the largest eigenvalue of G by power iteration.
  std::vector<double> v(k, 1), gv(k);
  double lipschitz = 0;
  for (int it = 0; it < 500; ++it) {
    double norm = 0;
    for (std::size_t i = 0; i < k; ++i) {
      gv[i] = 0;
      for (std::size_t j = 0; j < k; ++j) gv[i] += g[i * k + j] * v[j];
      norm += gv[i] * gv[i];
    }
    norm = std::sqrt(norm);
    if (!(norm > 0)) break;
    lipschitz = norm / std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    for (std::size_t i = 0; i < k; ++i) v[i] = gv[i] / norm;
  }
  std::vector<double> w(k, 1.0 / double(k));
  if (!(lipschitz > 0)) return w;
  const double step = 1 / (1.01 * lipschitz);
  std::vector<double> z = w, grad(k);
  double t = 1;
  for (int it = 0; it < 200000; ++it) {
    for (std::size_t i = 0; i < k; ++i) {
      grad[i] = -b[i];
      for (std::size_t j = 0; j < k; ++j) grad[i] += g[i * k + j] * z[j];
      grad[i] = z[i] - step * grad[i];
    }
    const std::vector<double> next = project_to_simplex(grad);
    const double t_next = (1 + std::sqrt(1 + 4 * t * t)) / 2;
    double change = 0;
    for (std::size_t i = 0; i < k; ++i) {
      change = std::max(change, std::abs(next[i] - w[i]));
      z[i] = next[i] + (t - 1) / t_next * (next[i] - w[i]);
    }
    w = next;
    t = t_next;
    if (change < 1e-13 && it > 10) break;
  }
  return w;
}

std::vector<int> assign_folds(int groups, int folds, std::uint64_t seed) {
  folds = std::max(1, std::min(folds, groups));
  std::vector<int> order(std::size_t(std::max(0, groups)));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed, 0);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  std::vector<int> fold(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) fold[std::size_t(order[k])] = int(k) % folds;
  return fold;
}

namespace {

int count_groups(const StackingData& d) {
  int g = d.groups;
  for (int x : d.group) g = std::max(g, x + 1);
  return g;
}

double mean_abs(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::abs(a[i] - b[i]);
  return a.empty() ? 0 : s / double(a.size());
}

double row_mean(const std::vector<double>& row) {
  return std::accumulate(row.begin(), row.end(), 0.0) / double(row.size());
}

}  // namespace

OutOfFold cross_validate(const StackingData& d, const FitOptions& o) {
  const int groups = count_groups(d);
  OutOfFold out;
  out.fold_of_group = assign_folds(groups, o.folds, o.seed);
  out.folds = std::max(1, std::min(o.folds, groups));
  out.stacking.assign(d.y.size(), 0);
  out.average.assign(d.y.size(), 0);
  for (int f = 0; f < out.folds; ++f) {
    StackingData train;
    for (std::size_t r = 0; r < d.y.size(); ++r)
      if (out.fold_of_group[std::size_t(d.group[r])] != f) {
        train.x.push_back(d.x[r]);
        train.y.push_back(d.y[r]);
      }
    const std::vector<double> w =
        train.y.empty() ? std::vector<double>(d.x.front().size(), 1.0 / double(d.x.front().size()))
                        : fit_simplex_weights(train.x, train.y);
    for (std::size_t r = 0; r < d.y.size(); ++r)
      if (out.fold_of_group[std::size_t(d.group[r])] == f) {
        out.stacking[r] = std::inner_product(w.begin(), w.end(), d.x[r].begin(), 0.0);
        out.average[r] = row_mean(d.x[r]);
      }
  }
  return out;
}

EnsembleWeights fit_ensemble(const StackingData& d, const std::vector<std::string>& labels,
                             const FitOptions& o) {
  if (labels.empty()) throw OptionError("fit", "no model to weight");
  std::set<int> distinct(d.group.begin(), d.group.end());
  if (distinct.size() < 2)
    throw OptionError("fit", fmt::format("cross-validation needs outcomes from at least two cases, "
                                         "got {}",
                                         distinct.size()));
  if (o.folds < 2) throw OptionError("--folds", "expected at least 2 folds");
  const OutOfFold oof = cross_validate(d, o);
  EnsembleWeights w;
  w.models = labels;
  w.folds = oof.folds;
  w.cases = int(distinct.size());
  w.outcomes = int(d.y.size());
  w.cv_mae_pct_stacking = mean_abs(oof.stacking, d.y);
  w.cv_mae_pct_average = mean_abs(oof.average, d.y);
  const bool stack = w.cv_mae_pct_stacking < w.cv_mae_pct_average - 1e-9;
  std::vector<double> residuals(d.y.size());
  for (std::size_t r = 0; r < d.y.size(); ++r)
    residuals[r] = std::abs(d.y[r] - (stack ? oof.stacking[r] : oof.average[r]));
  if (stack) {
    w.method = "stacking";
    w.weights = fit_simplex_weights(d.x, d.y);
    w.reason = fmt::format(
        "stacking beat the simple average out of fold ({}-fold MAE {:.2f} vs {:.2f} % of scale)",
        w.folds, w.cv_mae_pct_stacking, w.cv_mae_pct_average);
  } else {
    w.method = "average";
    w.weights.assign(labels.size(), 1.0 / double(labels.size()));
    w.reason = fmt::format(
        "kept the simple average: stacking did not beat it out of fold ({}-fold MAE {:.2f} vs "
        "{:.2f} % of scale)",
        w.folds, w.cv_mae_pct_stacking, w.cv_mae_pct_average);
  }
  w.conformal = calibrate_conformal(residuals, o.levels);
  return w;
}

Json to_json(const EnsembleWeights& w) {
  Json models = Json::array();
  for (std::size_t m = 0; m < w.models.size(); ++m)
    models.push_back({{"model", w.models[m]}, {"weight", w.weights[m]}});
  Json j = {{"method", w.method}, {"reason", w.reason}, {"models", models}};
  if (w.folds) {
    j["folds"] = w.folds;
    j["cases"] = w.cases;
    j["outcomes"] = w.outcomes;
    j["cross_validated_mae_pct_of_scale"] = {{"stacking", w.cv_mae_pct_stacking},
                                             {"average", w.cv_mae_pct_average}};
  }
  if (!w.conformal.levels.empty()) j["conformal"] = to_json(w.conformal);
  return j;
}

}  // namespace statecraft
