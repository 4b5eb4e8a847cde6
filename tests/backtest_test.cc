// Backtests with horizons, actor outcomes and baselines (experiments/backtest.h).
#include "experiments/backtest.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cli/evaluate_commands.h"
#include "core/errors.h"
#include "core/registry.h"
#include "core/rng.h"
#include "experiments/cases.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "report/html_report.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

const char* kSnapshot = R"(scenario: snap
as_of: 2020-01-01
sources: {s: {title: t}}
actors:
  - {id: BIG, name: Big, capability: {value: 3, source: s}}
  - {id: SMALL, name: Small, capability: {value: 1, source: s}}
issues:
  - id: x
    scale: {min: 0, max: 200, low: a, high: b}
    status_quo: {value: 100, source: s}
    positions:
      BIG: {position: 160, salience: 100, source: s}
      SMALL: {position: 40, salience: 50, source: s}
)";

std::map<std::string, Json> by_name(const Json& list) {
  std::map<std::string, Json> out;
  for (const auto& m : list) out[m["model"]] = m;
  return out;
}

// One model that forecasts 130 with SMALL ending at 70, with samples 120..140.
ForecastFn fixed_model(bool samples) {
  return [samples](const Scenario&) {
    ModelForecast f;
    f.label = "fixed";
    f.outcome = {130};
    f.position = {{{0, 150.0}, {1, 70.0}}};
    if (samples) {
      f.outcome_samples = {{}};
      for (int k = 0; k <= 20; ++k) f.outcome_samples[0].push_back(120 + k);
    }
    return std::vector<ModelForecast>{f};
  };
}

TEST(BacktestHorizons, ScoresOutcomesAfterAsOfPerHorizonBesideTheBaselines) {
  const auto s = test::scenario_from_yaml(kSnapshot);
  const std::vector<Outcome> outcomes = {
      {0, std::nullopt, "2019-06-01", 110, {}, ""},  // history, older than the snapshot
      {0, std::nullopt, "2020-06-01", 125, {}, ""},  // 0.4 years after as_of
      {0, std::nullopt, "2022-07-01", 180, {}, ""},  // 2.5 years
      {0, 1, "2021-03-01", 60, {}, ""},              // SMALL's own position, 1.2 years
  };
  const Json r = backtest(*s, outcomes, fixed_model(true), {});
  EXPECT_FALSE(r["in_sample"].get<bool>());
  EXPECT_EQ(r["scored"], 3);
  const Json& m = r["models"][0];
  EXPECT_EQ(m["model"], "fixed");
  // Errors: 130-125 = 5, 130-180 = 50 (issue), 70-60 = 10 (SMALL's final position).
  EXPECT_NEAR(m["mae"].get<double>(), 65.0 / 3, 1e-12);
  EXPECT_NEAR(m["mae_pct_of_scale"].get<double>(), 100 * 65.0 / 3 / 200, 1e-12);
  EXPECT_EQ(m["outcomes"][2]["actor"], "SMALL");
  EXPECT_EQ(m["outcomes"][2]["forecast"], 70);
  // Direction from the value at as_of: the status quo 100, SMALL's stated 40 for the actor.
  EXPECT_TRUE(m["outcomes"][0]["direction_right"].get<bool>());
  EXPECT_TRUE(m["outcomes"][2]["direction_right"].get<bool>());
  // Horizon buckets.
  ASSERT_EQ(m["horizons"].size(), 3u);
  EXPECT_EQ(m["horizons"][0]["horizon"], "<= 1y");
  EXPECT_EQ(m["horizons"][1]["horizon"], "1-2y");
  EXPECT_EQ(m["horizons"][2]["horizon"], "2-3y");
  EXPECT_EQ(m["horizons"][2]["mae"], 50);
  // Coverage from the samples 120..140: 125 inside the 50% and 90% intervals, 180 outside.
  EXPECT_EQ(m["coverage"]["n"], 2);
  EXPECT_DOUBLE_EQ(m["coverage"]["nominal_90"].get<double>(), 0.5);
  // Baselines beside it.
  const auto base = by_name(r["baselines"]);
  const Json& persistence = base.at("persistence");
  // "Nothing changes" from the snapshot: its own status quo (newer than the 2019 record).
  EXPECT_EQ(persistence["outcomes"][0]["forecast"], 100);
  EXPECT_EQ(persistence["outcomes"][2]["forecast"], 40);  // the actor's stated position
  EXPECT_NEAR(persistence["mae"].get<double>(), (25 + 80 + 20) / 3.0, 1e-12);
  EXPECT_EQ(base.at("status quo")["n"], 2);  // issue outcomes only
  // Compromise: (3 * 1 * 160 + 1 * 0.5 * 40) / 3.5.
  EXPECT_NEAR(
      base.at("compromise (capability x salience mean)")["outcomes"][0]["forecast"].get<double>(),
      500 / 3.5, 1e-9);
  EXPECT_NEAR(m["skill_vs_persistence"]["mae"].get<double>(), 1 - 65.0 / 125, 1e-12);
  // Without a status quo the last record on/before as_of stands in.
  Scenario no_status_quo = *s;
  no_status_quo.issues[0].status_quo.reset();
  const Json f = backtest(no_status_quo, outcomes, fixed_model(false), {});
  EXPECT_EQ(by_name(f["baselines"]).at("persistence")["outcomes"][0]["forecast"], 110);
  // A stated horizon drops the outcome 2.5 years out.
  BacktestOptions two;
  two.horizon = 2;
  const Json h = backtest(*s, outcomes, fixed_model(false), two);
  EXPECT_EQ(h["scored"], 2);
  EXPECT_EQ(h["beyond_horizon"], 1);
  EXPECT_FALSE(h["models"][0].contains("coverage"));  // no samples, no intervals
}

TEST(BacktestHorizons, DatesCountDaysFromTheEpoch) {
  EXPECT_EQ(date_days("1970-01-01"), 0);
  EXPECT_EQ(date_days("2000-03-01"), 11017);
  EXPECT_EQ(date_days("2021"), date_days("2021-01-01"));
  EXPECT_EQ(date_days("2024-03-01") - date_days("2024-02-01"), 29);  // leap year
  EXPECT_THROW(date_days("21-1"), OptionError);
  EXPECT_THROW(date_days("2021-0x"), OptionError);
}

TEST(BacktestHorizons, ActorOutcomesAreReadCheckedAndWrittenBack) {
  const auto s = test::scenario_from_yaml(kSnapshot);
  const auto ok = io::load_outcomes_text(
      "sources: {n: {title: news}}\noutcomes:\n  - {issue: x, actor: SMALL, date: 2021-03-01, "
      "value: 60, source: n}\n",
      "o.yaml", *s);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].actor, std::optional<std::size_t>(1));
  try {
    io::load_outcomes_text(
        "sources: {n: {title: news}}\noutcomes:\n  - {issue: x, actor: NOBODY, date: 2021, "
        "value: 60, source: n}\n",
        "o.yaml", *s);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("o.yaml:3:"));
    EXPECT_THAT(e.what(), HasSubstr("unknown actor 'NOBODY'"));
  }
  std::string yaml = kSnapshot;
  yaml += "outcomes:\n  - {issue: x, actor: BIG, date: 2021, value: 150, source: s}\n";
  const auto with = test::scenario_from_yaml(yaml);
  ASSERT_EQ(with->outcomes.size(), 1u);
  EXPECT_THAT(io::scenario_to_yaml(*with), HasSubstr("actor: BIG"));
}

TEST(BacktestHorizons, OwnHistoryIsScoredInSampleAndSaysSo) {
  const auto s = test::scenario_from_yaml(kSnapshot);
  const std::vector<Outcome> outcomes = {{0, std::nullopt, "2018", 90, {}, ""},
                                         {0, std::nullopt, "2019", 120, {}, ""}};
  const Json r = backtest(*s, outcomes, fixed_model(false), {});
  EXPECT_TRUE(r["in_sample"].get<bool>());
  const auto base = by_name(r["baselines"]);
  // In sample, persistence carries only earlier observations: the status quo, then 90.
  EXPECT_EQ(base.at("persistence")["outcomes"][0]["forecast"], 100);
  EXPECT_EQ(base.at("persistence")["outcomes"][1]["forecast"], 90);
}

TEST(BacktestHorizons, AModelThatCannotRunIsReportedAndTheOthersScored) {
  const auto s = test::scenario_from_yaml(kSnapshot);
  const ForecastFn fn = [](const Scenario& sc) {
    auto out = fixed_model(false)(sc);
    ModelForecast broken;
    broken.label = "broken";
    broken.error = "needs every actor on every issue";
    out.push_back(broken);
    return out;
  };
  const Json r = backtest(*s, {{0, std::nullopt, "2021", 150, {}, ""}}, fn, {});
  EXPECT_EQ(r["model_errors"]["broken"], "needs every actor on every issue");
  EXPECT_EQ(r["models"][1]["n"], 0);
  EXPECT_EQ(r["ensemble"]["mae"], 20);  // the ensemble of the model that ran
}

// The Korean default (September 2021) against 2022-24: the "nothing changes" forecast has
// MAE 11.25 and 2 of 4 hits and beats every model (issue 14); with Monte Carlo samples
// the models' 90% intervals are scored.
TEST(BacktestHorizons, KoreanDefaultShowsPersistenceAndCoverage) {
  // The 2021 default and its outcomes as they stood when issue 15 was filed (tests/data/).
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const auto outcomes = io::load_outcomes_file(
      test::source_path("tests/data/korea_2022_2024_before_rebuild.yaml"), *korea);
  RunRequest req;
  req.scenario = korea;
  req.models = {{"compromise:mean", 0, {}}, {"bdm", 0, {}}};
  req.threads = 2;
  BacktestOptions bo;
  bo.mc_runs = 100;
  const Json r = backtest(prepare(req), outcomes, bo);
  const auto base = by_name(r["baselines"]);
  EXPECT_DOUBLE_EQ(base.at("persistence")["mae"].get<double>(), 11.25);
  EXPECT_DOUBLE_EQ(base.at("persistence")["hit_rate"].get<double>(), 0.5);
  EXPECT_NEAR(r["models"][0]["mae"].get<double>(), 17.665413240133383, 1e-6);
  EXPECT_LT(r["models"][0]["skill_vs_persistence"]["mae"].get<double>(), 0);
  EXPECT_EQ(r["models"][0]["coverage"]["n"], 4);
  EXPECT_EQ(r["monte_carlo_runs"], 100);
  // Horizons: May 2022 and Feb 2022 within a year; March and June 2024 within 3.
  EXPECT_EQ(r["models"][0]["horizons"][0]["n"], 2);
  EXPECT_EQ(r["models"][0]["horizons"].back()["n"], 2);
  // The table the backtest command prints: persistence beside the models, coverage, skill.
  const std::string table = cli::backtest_table(r);
  for (const char* text :
       {"dated after as_of", "cov90", "persistence", "status quo", "ensemble: average (mixture)",
        "-0.57", "<= 1y", "2-3y", "us_russia_relations", "PIT histogram"})
    EXPECT_THAT(table, HasSubstr(text)) << table;
}

TEST(Catalogue, LoadsCasesAndReportsBadEntriesWithTheirLine) {
  const std::string dir = ::testing::TempDir() + "/catalogue_test";
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  };
  write("snap.yaml", kSnapshot);
  write("later.yaml",
        "sources: {n: {title: news}}\noutcomes:\n  - {issue: x, date: 2021-05-01, value: 150, "
        "source: n}\n");
  write("catalogue.yaml",
        "catalogue: test\ncases:\n  - {id: one, scenario: snap.yaml, outcomes: later.yaml, "
        "horizon: 3}\n  - {id: two, scenario: snap.yaml}\n");
  const Catalogue c = load_catalogue(dir);
  ASSERT_EQ(c.cases.size(), 2u);
  EXPECT_EQ(c.cases[0].outcomes.size(), 1u);
  EXPECT_EQ(*c.cases[0].horizon_years, 3);
  EXPECT_TRUE(c.cases[1].outcomes.empty());
  write("catalogue.yaml",
        "catalogue: test\ncases:\n  - {id: one, scenario: missing.yaml}\n  - {scenario: snap.yaml, "
        "horizon: -1}\n");
  try {
    load_catalogue(dir);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("catalogue.yaml:3:"));
    EXPECT_THAT(e.what(), HasSubstr("missing.yaml"));
    EXPECT_THAT(e.what(), HasSubstr("catalogue.yaml:4:"));
    EXPECT_THAT(e.what(), HasSubstr("expected years > 0"));
  }
}

// --ensemble in a backtest: fixed weights and the file's conformal half widths; the report
// shows the baselines and the PIT counts beside the models.
TEST(BacktestHorizons, WeightsFileGivesConformalIntervalsAndTheReportShowsThem) {
  const auto s = test::scenario_from_yaml(kSnapshot);
  EnsembleWeights w = weights_from_yaml(
      "statecraft_ensemble: 1\nmethod: stacking\nmodels:\n  - {model: fixed, weight: 1}\n"
      "conformal:\n  levels:\n    - {nominal: 0.5, half_width_pct_of_scale: 5}\n"
      "    - {nominal: 0.9, half_width_pct_of_scale: 20}\n",
      "w.yaml");
  BacktestOptions o;
  o.weights = w;
  const std::vector<Outcome> outcomes = {{0, std::nullopt, "2020-06-01", 125, {}, ""},
                                         {0, std::nullopt, "2022-07-01", 180, {}, ""}};
  const Json r = backtest(*s, outcomes, fixed_model(true), o);
  const auto ens = by_name(r["ensembles"]);
  const Json& conf = ens.at("ensemble + conformal (w.yaml)");
  // 130 +- 10 (5% of 200) holds 125; 130 +- 40 does not reach 180.
  EXPECT_EQ(conf["outcomes"][0]["interval50"], Json::array({120.0, 140.0}));
  EXPECT_EQ(conf["outcomes"][1]["interval90"], Json::array({90.0, 170.0}));
  EXPECT_DOUBLE_EQ(conf["coverage"]["nominal_50"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(conf["conformal"]["levels"][1]["achieved"].get<double>(), 0.5);
  EXPECT_EQ(r["weights"]["method"], "stacking");
  const auto korea = io::load_default_scenario();
  const auto runs = test::run_models(*korea, {"compromise:mean"});
  const std::string html = report::html_report({io::result_to_json(*korea, runs), nullptr, {}, r});
  EXPECT_THAT(html, HasSubstr("<td>persistence</td>"));
  EXPECT_THAT(html, HasSubstr("<td>ensemble + conformal (w.yaml)</td>"));
  EXPECT_THAT(html, HasSubstr("PIT counts"));
}

// `statecraft fit` then `statecraft evaluate --ensemble` on a generated catalogue whose
// outcomes follow the capability x salience compromise plus noise.
TEST(EvaluateCli, FitThenEvaluateWithTheWeights) {
  const std::string dir = ::testing::TempDir() + "/evaluate_cli";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Rng rng(12, 0);
  std::string catalogue = "catalogue: generated\ncases:\n";
  for (int c = 0; c < 24; ++c) {
    std::string yaml =
        fmt::format("scenario: g{}\nas_of: 2020-01-01\nsources: {{s: {{title: t}}}}\nactors:\n", c);
    std::string positions;
    double sum = 0, weight = 0;
    for (int a = 0; a < 4; ++a) {
      const double cap = rng.uniform(1, 10), pos = rng.uniform(0, 100), sal = rng.uniform(20, 100);
      yaml += fmt::format("  - {{id: A{}, name: A{}, capability: {{value: {}, source: s}}}}\n", a,
                          a, cap);
      positions +=
          fmt::format("      A{}: {{position: {}, salience: {}, source: s}}\n", a, pos, sal);
      sum += cap * sal * pos;
      weight += cap * sal;
    }
    const double y = std::clamp(sum / weight + rng.normal(0, 5), 0.0, 100.0);
    yaml += "issues:\n  - id: x\n    scale: {min: 0, max: 100, low: a, high: b}\n    positions:\n" +
            positions +
            fmt::format("outcomes:\n  - {{issue: x, date: 2021-06-01, value: {}, source: s}}\n", y);
    std::ofstream(fmt::format("{}/g{}.yaml", dir, c)) << yaml;
    catalogue += fmt::format("  - {{scenario: g{}.yaml}}\n", c);
  }
  std::ofstream(dir + "/catalogue.yaml") << catalogue;
  const auto fit = test::run_statecraft(dir, "fit . -m compromise:mean,bdm -o w.yaml");
  ASSERT_EQ(fit.code, 0) << fit.err;
  EXPECT_THAT(fit.out, HasSubstr("Fitted on 24 outcomes from 24 cases"));
  const EnsembleWeights w = load_weights_file(dir + "/w.yaml");
  ASSERT_EQ(w.models.size(), 2u);
  EXPECT_EQ(w.conformal.levels.size(), 2u);
  const auto eval =
      test::run_statecraft(dir, "evaluate . -m compromise:mean,bdm --ensemble w.yaml -o ''");
  ASSERT_EQ(eval.code, 0) << eval.err;
  for (const char* line : {"compromise:mean", "bdm:scholz", "ensemble: weights of w.yaml",
                           "ensemble + conformal (w.yaml)", "persistence", "status quo",
                           "compromise (capability x salience mean)", "nominal 90% -> achieved"})
    EXPECT_THAT(eval.out, HasSubstr(line));
  const auto json = test::run_statecraft(dir, "evaluate . -m compromise:mean,bdm -f json -o ''");
  ASSERT_EQ(json.code, 0) << json.err;
  const Json r = Json::parse(json.out)["evaluate"]["evaluation"];
  EXPECT_EQ(r["targets"], 24);
  // Outcomes are the compromise plus noise: it beats persistence (here the status quo is
  // absent, so persistence has nothing to say and skill is not defined).
  EXPECT_LT(r["methods"][0]["mae_pct_of_scale"].get<double>(), 8);
  const auto bad = test::run_statecraft(dir, "evaluate . --ensemble catalogue.yaml");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("catalogue.yaml:1:1"));
  EXPECT_EQ(test::run_statecraft(dir, "evaluate missing_dir").code, 2);
}

// The shipped catalogue (catalogue/catalogue.yaml, no `catalogue:` id: the folder's name).
TEST(EvaluateCli, ShippedCatalogueIsScoredBesidePersistence) {
  const std::string dir = ::testing::TempDir();
  const auto r = test::run_statecraft(dir, "evaluate '" + test::source_path("catalogue") +
                                               "' -m compromise:mean,bdm -f json -o ''");
  ASSERT_EQ(r.code, 0) << r.err;
  const Json e = Json::parse(r.out)["evaluate"];
  EXPECT_EQ(e["catalogue"], "catalogue");
  EXPECT_GE(e["evaluation"]["targets"].get<int>(), 50);
  bool persistence = false;
  for (const auto& m : e["evaluation"]["methods"]) persistence |= m["method"] == "persistence";
  EXPECT_TRUE(persistence);
}

}  // namespace
}  // namespace statecraft
