// Ensembles: weights fitted by cross-validated stacking, mixtures, the weights file, and
// the out-of-fold evaluation of a synthetic catalogue (experiments/ensemble.h, evaluate.h).
#include "experiments/ensemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/errors.h"
#include "core/rng.h"
#include "experiments/evaluate.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

TEST(Ensemble, CombinesOverTheModelsThatForecast) {
  EXPECT_DOUBLE_EQ(*combine_points({0.5, 0.25, 0.25}, {10.0, 20.0, 40.0}), 20);
  // The second model sat this out: weights renormalised over the others.
  EXPECT_DOUBLE_EQ(*combine_points({0.5, 0.25, 0.25}, {10.0, std::nullopt, 40.0}), 20);
  EXPECT_FALSE(combine_points({1, 0}, {std::nullopt, 5.0}));
  const std::vector<double> a = {1, 2, 3, 4}, b = {10};
  const auto mix = mixture_samples({0.75, 0.25}, {&a, &b}, 8);
  // Six picks at evenly spaced quantiles of a, two of b.
  EXPECT_THAT(mix, ::testing::ElementsAre(1, 2, 2, 3, 4, 4, 10, 10));
}

TEST(Ensemble, ForecastForRunMcAndWhatif) {
  EnsembleWeights w = weights_from_yaml(
      "statecraft_ensemble: 1\nmethod: stacking\nmodels:\n  - {model: a, weight: 0.75}\n"
      "  - {model: b, weight: 0.25}\nconformal:\n  levels:\n"
      "    - {nominal: 0.5, half_width_pct_of_scale: 5}\n"
      "    - {nominal: 0.9, half_width_pct_of_scale: 20}\n",
      "w.yaml");
  std::vector<double> a(101);
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = double(k);  // 0..100
  const auto f = ensemble_forecast(w, {"b", "a"}, {80.0, 40.0}, {nullptr, &a}, 0, 100);
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->point, 0.75 * 40 + 0.25 * 80);
  EXPECT_EQ(f->conformal90, std::make_optional(std::pair{30.0, 70.0}));
  EXPECT_EQ(f->conformal50, std::make_optional(std::pair{45.0, 55.0}));
  // 3000 draws spread over a's 0..100 and 1000 at b's point 80: the top 5% (200 of 4000)
  // are a's largest third of 80..100, so the 95% quantile is about 93.3; the 5% about 6.7.
  EXPECT_NEAR(f->mixture90.second, 93.3, 1);
  EXPECT_NEAR(f->mixture90.first, 6.7, 1);
  EXPECT_TRUE(to_json(*f).contains("conformal_90"));
  EXPECT_FALSE(ensemble_forecast(w, {"a", "b"}, {std::nullopt, std::nullopt}, {}, 0, 100));
}

TEST(Ensemble, FoldsSplitCasesEvenlyAndDeterministically) {
  const auto f = assign_folds(23, 5, 7);
  EXPECT_EQ(f, assign_folds(23, 5, 7));
  std::map<int, int> size;
  for (int x : f) ++size[x];
  ASSERT_EQ(size.size(), 5u);
  for (auto [fold, n] : size) EXPECT_TRUE(n == 4 || n == 5) << fold;
  EXPECT_EQ(assign_folds(3, 5, 7).size(), 3u);  // fewer cases than folds: one case per fold
}

// Synthetic truth: y = 0.6 f1 + 0.4 f2 + noise; f3 is unrelated. Stacking recovers the
// weights and beats the simple average out of fold.
StackingData synthetic(int cases, std::uint64_t seed) {
  Rng rng(seed, 0);
  StackingData d;
  for (int c = 0; c < cases; ++c) {
    const double f1 = rng.uniform(10, 90), f2 = rng.uniform(10, 90), f3 = rng.uniform(10, 90);
    d.x.push_back({f1, f2, f3});
    d.y.push_back(0.6 * f1 + 0.4 * f2 + rng.normal(0, 3));
    d.group.push_back(c);
  }
  return d;
}

TEST(Ensemble, StackingRecoversKnownWeights) {
  const StackingData d = synthetic(600, 5);
  const auto w = fit_simplex_weights(d.x, d.y);
  EXPECT_NEAR(w[0], 0.6, 0.03);
  EXPECT_NEAR(w[1], 0.4, 0.03);
  EXPECT_NEAR(w[2], 0.0, 0.03);
  EXPECT_NEAR(w[0] + w[1] + w[2], 1, 1e-12);
  const EnsembleWeights e = fit_ensemble(d, {"a", "b", "c"}, {});
  EXPECT_EQ(e.method, "stacking");
  EXPECT_LT(e.cv_mae_pct_stacking, e.cv_mae_pct_average);
  EXPECT_THAT(e.reason, HasSubstr("beat the simple average out of fold"));
  EXPECT_EQ(e.folds, 5);
  // Out-of-fold residuals of noise sd 3: the 90% half width is about 1.645 * 3.
  EXPECT_NEAR(*e.conformal.half_width(0.9), 1.645 * 3, 0.8);
}

TEST(Ensemble, KeepsTheAverageWhenStackingDoesNotBeatItOutOfFold) {
  // Three equally good, independent forecasts of y: the average is the best combination, and
  // a fit on few cases cannot beat it out of fold.
  Rng rng(9, 0);
  StackingData d;
  for (int c = 0; c < 12; ++c) {
    const double y = rng.uniform(20, 80);
    d.x.push_back({y + rng.normal(0, 5), y + rng.normal(0, 5), y + rng.normal(0, 5)});
    d.y.push_back(y);
    d.group.push_back(c);
  }
  const EnsembleWeights e = fit_ensemble(d, {"a", "b", "c"}, {});
  if (e.method == "average") {
    EXPECT_THAT(e.reason, HasSubstr("kept the simple average"));
    EXPECT_EQ(e.weights, std::vector<double>(3, 1.0 / 3));
  } else {
    EXPECT_LT(e.cv_mae_pct_stacking, e.cv_mae_pct_average);
  }
  StackingData one = d;
  std::fill(one.group.begin(), one.group.end(), 0);
  EXPECT_THROW(fit_ensemble(one, {"a", "b", "c"}, {}), OptionError);
}

TEST(EnsembleFile, RoundTripsAndReportsProblemsWithTheirLine) {
  EnsembleWeights w = fit_ensemble(synthetic(60, 1), {"compromise:mean", "bdm", "smp"}, {});
  const EnsembleWeights back = weights_from_yaml(weights_to_yaml(w), "w.yaml");
  EXPECT_EQ(back.models, w.models);
  for (std::size_t m = 0; m < 3; ++m) EXPECT_DOUBLE_EQ(back.weights[m], w.weights[m]);
  EXPECT_EQ(back.method, w.method);
  EXPECT_EQ(back.conformal.levels.size(), 2u);
  EXPECT_DOUBLE_EQ(*back.conformal.half_width(0.9), *w.conformal.half_width(0.9));
  EXPECT_DOUBLE_EQ(back.cv_mae_pct_average, w.cv_mae_pct_average);
  const std::string bad =
      "statecraft_ensemble: 1\nmethod: stacking\nmodels:\n  - {model: bdm, weight: -0.5}\n"
      "  - {model: smp, weight: 0.9}\nconformal:\n  levels:\n    - {nominal: 1.5, "
      "half_width_pct_of_scale: 3}\n";
  try {
    weights_from_yaml(bad, "w.yaml");
    FAIL() << "accepted a negative weight";
  } catch (const ScenarioError& e) {
    const std::string all = e.what();
    EXPECT_THAT(all, HasSubstr("w.yaml:4:"));
    EXPECT_THAT(all, HasSubstr("expected a number >= 0"));
    EXPECT_THAT(all, HasSubstr("nominal: expected a level in (0, 1)"));
  }
  EXPECT_THROW(weights_from_yaml("statecraft_ensemble: 1\nmethod: x\nmodels: []\n", "w"),
               ScenarioError);
  EXPECT_THROW(weights_from_yaml("method: stacking\nmodels:\n - {model: a, weight: 0.5}\n", "w"),
               ScenarioError);
  // A model with weight that was not run is an error; a model the file does not name gets 0.
  w.origin = "w.yaml";
  w.weights = {0.5, 0.5, 0};
  EXPECT_THAT(weights_for(w, {"smp", "compromise:mean", "bdm", "exchange"}),
              ::testing::ElementsAre(0, 0.5, 0.5, 0));
  EXPECT_THROW(weights_for(w, {"compromise:mean"}), OptionError);
}

// A synthetic catalogue through evaluate(): 1,500 one-outcome cases whose outcome is
// 0.7 * model a + 0.3 * model b + noise. Out of fold, stacking finds the weights, the
// conformal ensemble covers within 3 points of 50% and 90%, and persistence is beside it.
TEST(EnsembleEvaluate, SyntheticCatalogueOutOfFold) {
  const int n = 1500;
  Rng rng(77, 0);
  std::vector<Case> cases;
  std::map<std::string, std::array<double, 3>> forecasts;
  for (int c = 0; c < n; ++c) {
    Scenario s;
    s.id = "case" + std::to_string(c);
    s.as_of = "2020-01-01";
    s.actors.push_back({"A", "A", {1, {}, {}, ""}, ""});
    Issue is;
    is.id = "x";
    is.status_quo = Quantity{50, {}, {}, ""};
    is.stances.push_back({0, {50, {}, {}, ""}, {1, {}, {}, ""}, {}, ""});
    s.issues.push_back(is);
    const double a = rng.uniform(15, 85), b = rng.uniform(15, 85), z = rng.uniform(15, 85);
    const double y = std::clamp(0.7 * a + 0.3 * b + rng.normal(0, 4), 0.0, 100.0);
    forecasts[s.id] = {a, b, z};
    Case k;
    k.id = s.id;
    k.outcomes.push_back({0, std::nullopt, "2021-01-01", y, {}, ""});
    k.scenario = std::make_shared<const Scenario>(std::move(s));
    cases.push_back(std::move(k));
  }
  const ForecastFn fn = [&](const Scenario& s) {
    std::vector<ModelForecast> out;
    for (int m = 0; m < 3; ++m) {
      ModelForecast f;
      f.label = std::string(1, char('a' + m));
      f.outcome = {forecasts.at(s.id)[std::size_t(m)]};
      f.position.assign(1, {});
      out.push_back(f);
    }
    return out;
  };
  EvaluateOptions o;
  o.mixture_size = 12;
  o.threads = 2;
  const Json r = evaluate(cases, fn, o);
  EXPECT_EQ(r["targets"], n);
  EXPECT_EQ(r["ensemble"]["method"], "stacking");
  EXPECT_NEAR(r["ensemble"]["models"][0]["weight"].get<double>(), 0.7, 0.03);
  EXPECT_NEAR(r["ensemble"]["models"][1]["weight"].get<double>(), 0.3, 0.03);
  std::map<std::string, Json> by;
  for (const auto& m : r["methods"]) by[m["method"]] = m;
  const Json& stacked = by.at("ensemble: stacked (out of fold)");
  EXPECT_TRUE(stacked["out_of_fold"].get<bool>());
  EXPECT_LT(stacked["mae_pct_of_scale"].get<double>(),
            by.at("ensemble: average (mixture)")["mae_pct_of_scale"].get<double>());
  const Json& conf = by.at("ensemble + conformal (out of fold, stacked)");
  EXPECT_NEAR(100 * conf["coverage"]["nominal_50"].get<double>(), 50, 3);
  EXPECT_NEAR(100 * conf["coverage"]["nominal_90"].get<double>(), 90, 3);
  EXPECT_EQ(conf["conformal"]["levels"][1]["nominal"], 0.9);
  // Persistence (the status quo 50 here) is a baseline with skill 0 against itself.
  EXPECT_NEAR(by.at("persistence")["skill_vs_persistence"]["mae"].get<double>(), 0, 1e-12);
  EXPECT_GT(stacked["skill_vs_persistence"]["mae"].get<double>(), 0.5);
  // Thread count does not change a byte.
  o.threads = 1;
  EXPECT_EQ(evaluate(cases, fn, o).dump(), r.dump());
}

}  // namespace
}  // namespace statecraft
