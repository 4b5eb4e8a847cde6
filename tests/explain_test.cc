// The plain-language "why" and the interventions in words (core/explain.h), and the
// inputs they come with in the result document.
#include "core/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "experiments/institutions.h"
#include "experiments/pipeline.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ModelResult run_with_institutions(const Scenario& s, const std::string& model) {
  ModelResult r = test::run_models(s, {model})[0];
  apply_institutions(s, r);
  return r;
}

TEST(Explain, NamesTheWeightTheMedianAndTheScaleWords) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const auto why = explain(*korea, run_with_institutions(*korea, "compromise:mean"));
  ASSERT_EQ(why.size(), korea->issues.size());
  // denuclearization_pressure: CHN 0.2341 x 0.60 and USA 0.1236 x 0.80 lead the weight.
  EXPECT_THAT(why[0], HasSubstr("Forecast 65.1, towards \"maximum pressure"));
  EXPECT_THAT(why[0], HasSubstr("led by CHN (46% of the weight, at 50) and USA (32%"));
  EXPECT_THAT(why[0], HasSubstr("weighted median (the position with half the weight on "
                                "either side) is CHN's (50)"));
  EXPECT_THAT(why[0], Not(HasSubstr("veto")));  // no institution binds this issue
}

// A scale with described points is read by its nearest point; the weight is the one the
// model bargained over, after the responses moved Russia's and China's stances.
TEST(Explain, UsesTheDescribedPointsAndTheRespondedStances) {
  const auto korea = io::load_default_scenario();
  const auto& regime = korea->issues[*korea->issue_index("un_sanctions_regime")].scale;
  EXPECT_EQ(describe_on_scale(regime, 75.0), "at \"" + regime.points.at(75) + "\" (75)");
  EXPECT_EQ(
      describe_on_scale(regime, 62.0),
      "between \"" + regime.points.at(50) + "\" (50) and \"" + regime.points.at(75) + "\" (75)");
  EXPECT_EQ(describe_on_scale(regime, 62.0, 12).find("…") != std::string::npos, true);
  const Scale ends{0, 100, "lift", "tighten", {}};
  EXPECT_EQ(describe_on_scale(ends, 80), "towards \"tighten\"");
  // compromise:median on pressure: China's stance followed Russia's from 40 to about 39.8,
  // which is the forecast: the weight at the forecast is China's, not "5% below it".
  RunRequest req;
  req.models = {{"compromise:median", 0, {}}};
  req.threads = 1;
  const Json doc = run_forecast(req);
  const std::string why = doc["runs"][0]["issues"][0]["why"].get<std::string>();
  EXPECT_THAT(why, HasSubstr("is CHN's (39.8)"));
  EXPECT_THAT(why, HasSubstr("47% at it"));
}

TEST(Explain, SaysWhenAVetoMovedTheForecastAndWhenItDidNot) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  // sanctions_enforcement: the compromise (56.1) is below the status quo 75, which the US
  // (at 92) prefers: its veto holds the outcome at 75.
  const auto mean = explain(*korea, run_with_institutions(*korea, "compromise:mean"));
  EXPECT_THAT(mean[1], HasSubstr("A veto moved it: USA would rather keep the status quo (75) "
                                 "than accept the model's 56.1, so the forecast stops at 75"));
  // Without institutions applied there is nothing to report.
  const auto raw = explain(*korea, test::run_models(*korea, {"compromise:mean"})[0]);
  EXPECT_THAT(raw[1], Not(HasSubstr("veto")));
}

TEST(Explain, NamesSitOutsAndMovementOverRounds) {
  const auto s = test::scenario_from_yaml(R"(
scenario: sitout
sources: {s: {title: t}}
actors:
  - {id: A, name: A, capability: {value: 3, source: s}}
  - {id: B, name: B, capability: {value: 1, source: s}}
  - {id: C, name: C, capability: {value: 1, source: s}}
issues:
  - id: x
    name: X
    scale: {min: 0, max: 100, low: none, high: all}
    positions:
      A: {position: 20, salience: 80, source: s}
      B: {position: 90, salience: 60, source: s}
)");
  const auto why = explain(*s, run_with_institutions(*s, "bdm"));
  EXPECT_THAT(why[0], HasSubstr("Sitting out (no stance): C."));
  EXPECT_THAT(why[0], HasSubstr("led by A (80% of the weight, at 20)"));
  EXPECT_THAT(why[0], HasSubstr("Over 10 rounds"));
}

TEST(Explain, NamesTheResponsesThatMovedAStanceAndWhetherTheSystemSettled) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const ModelResult r = run_with_institutions(*korea, "compromise:mean");
  // Diagnostics in the linked-system solver's form (docs/models/linkage.md).
  const Json diag = {{"status", "cycle"},
                     {"cycle", {{"period", 7}}},
                     {"cycle_forecast", "last_run"},
                     {"per_response",
                      {{{"actor", "RUS"},
                        {"issue", "sanctions_enforcement"},
                        {"field", "position"},
                        {"driver", "the outcome of us_russia_relations"},
                        {"driver_value", 27.9},
                        {"base", 35.0},
                        {"value", 23.0},
                        {"clamped", false}},
                       {{"actor", "CHN"},
                        {"issue", "negotiation_format"},
                        {"field", "position"},
                        {"driver", "the outcome of us_russia_relations"},
                        {"driver_value", 27.9},
                        {"base", 90.0},
                        {"value", 90.0},
                        {"clamped", false}}}}};
  const auto why = explain(*korea, r, diag);
  EXPECT_THAT(why[1], HasSubstr("Linkage: RUS's position moved from its stated 35 to 23 in "
                                "response to the outcome of us_russia_relations (at 27.9)."));
  EXPECT_THAT(why[2], Not(HasSubstr("Linkage")));  // a response that moved nothing
  EXPECT_THAT(why[1], HasSubstr("did not settle: the responses cycle with period 7 (this "
                                "forecast is the last run's)"));
  // The same diagnostics found in the run's detail.
  ModelResult with_detail = r;
  with_detail.detail["responses"] = diag;
  EXPECT_EQ(explain(*korea, with_detail), why);
}

TEST(Explain, InterventionsInWords) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const Intervention* engage = nullptr;
  for (const auto& iv : korea->interventions)
    if (iv.id == "us_engages_russia") engage = &iv;
  ASSERT_NE(engage, nullptr);
  const std::string text = describe_intervention(*korea, *engage);
  EXPECT_THAT(text, HasSubstr("sets USA's position on us_russia_relations to 65 (stated: 25)"));
  EXPECT_THAT(text, HasSubstr("sets USA's salience on us_russia_relations to 75 (stated: 60)"));
  Change shift;
  shift.field = Change::Field::Capability;
  shift.actor = 1;
  shift.shift = -0.01;
  EXPECT_EQ(describe_change(*korea, shift), "shifts RUS's capability by -0.01 (stated: 0.0382)");
}

TEST(ResultJson, CarriesTheInputsAndAWhyPerIssue) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  std::vector<ModelResult> runs = {run_with_institutions(*korea, "compromise:mean")};
  const Json doc = io::result_to_json(*korea, runs);
  const Json& in = doc["inputs"];
  EXPECT_EQ(in["actors"].size(), korea->actors.size());
  EXPECT_EQ(in["actors"][0]["capability"]["sources"][0], "cinc_v7");
  EXPECT_EQ(in["issues"][1]["status_quo"]["value"], 75.0);
  EXPECT_EQ(in["issues"][0]["stances"][0]["salience"]["value"], 80.0);  // 0-100, as written
  EXPECT_EQ(in["institutions"][0]["veto_holders"].size(), 3u);
  EXPECT_EQ(in["interventions"].size(), korea->interventions.size());
  bool bandow = false;
  for (const auto& s : in["sources"]) bandow = bandow || s["author"] == "Doug Bandow";
  EXPECT_TRUE(bandow);
  for (std::size_t i = 0; i < korea->issues.size(); ++i)
    EXPECT_EQ(doc["runs"][0]["issues"][i]["why"], explain(*korea, runs[0])[i]);
}

}  // namespace
}  // namespace statecraft
