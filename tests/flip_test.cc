// "What would flip it" and package-deal verdicts (issue 14 §2 and §4).
#include "experiments/flip.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/registry.h"
#include "experiments/institutions.h"
#include "experiments/package_deals.h"
#include "experiments/responses.h"
#include "experiments/sampling.h"
#include "io/input_file.h"
#include "report/flip_section.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Three actors on one 0-100 issue; A's and B's positions carry cited ranges.
Scenario ranged() {
  Scenario s = *test::one_issue_scenario({{1, 70, 1}, {1, 50, 1}, {1, 20, 1}});
  auto& st = s.issues[0].stances;
  st[0].position.range = std::pair(40.0, 80.0);  // margin below flips at 60, inside
  st[1].position.range = std::pair(45.0, 55.0);  // no influence on the margin below
  st[2].salience.range = std::pair(0.5, 1.0);    // flips only far outside
  return s;
}

// Margin: A's position minus 60, plus a tiny pull from C's salience.
double margin(const Scenario& s) {
  return s.issues[0].stances[0].position.value - 60 +
         2 * (s.issues[0].stances[2].salience.value - 1);
}

const FlipInput& find(const FlipReport& r, const std::string& name) {
  for (const auto& in : r.inputs)
    if (in.parameter.name == name) return in;
  throw std::runtime_error("no input " + name);
}

TEST(Flip, RanksBySwingAndFindsTheThreshold) {
  const Scenario s = ranged();
  const FlipReport r = what_would_flip(s, margin);
  EXPECT_TRUE(r.holds);
  EXPECT_DOUBLE_EQ(r.margin, 10);
  ASSERT_EQ(r.inputs.size(), 3u);
  const std::string a = "position/" + s.issues[0].id + "/" + s.actors[0].id;
  EXPECT_EQ(r.inputs[0].parameter.name, a);
  EXPECT_DOUBLE_EQ(r.inputs[0].swing, 40);
  ASSERT_TRUE(r.inputs[0].threshold);
  EXPECT_NEAR(*r.inputs[0].threshold, 60, 1e-6);
  EXPECT_TRUE(r.inputs[0].within_cited_range);
  EXPECT_THAT(verdict(r.inputs[0]), HasSubstr("inside the cited range 40 to 80"));
  // The salience moves the margin by at most 1: no flip anywhere in [0, 100] (saliences are
  // shown on the scenario file's 0-100).
  const FlipInput& sal = r.inputs[1];
  EXPECT_DOUBLE_EQ(sal.swing, 1);
  EXPECT_FALSE(sal.threshold);
  EXPECT_THAT(verdict(sal), HasSubstr("no flip within [0, 100] (cited range 50 to 100)"));
  // B's position does nothing.
  EXPECT_EQ(r.inputs[2].swing, 0);
}

TEST(Flip, AThresholdOutsideTheCitedRangeIsFoundAndSaidSo) {
  Scenario s = ranged();
  s.issues[0].stances[0].position.range = std::pair(65.0, 75.0);
  const FlipReport r = what_would_flip(s, margin);
  ASSERT_TRUE(r.inputs[0].threshold);
  EXPECT_NEAR(*r.inputs[0].threshold, 60, 1e-6);
  EXPECT_FALSE(r.inputs[0].within_cited_range);
  EXPECT_THAT(verdict(r.inputs[0]), HasSubstr("outside the cited range 65 to 75"));
}

TEST(Flip, OnlyTheTopInputsAreSearched) {
  FlipOptions o;
  o.top = 1;
  const FlipReport r = what_would_flip(ranged(), margin, o);
  EXPECT_TRUE(r.inputs[0].searched);
  EXPECT_FALSE(r.inputs[1].searched);
  EXPECT_FALSE(r.inputs[1].threshold);
}

// A margin that only reaches zero at the end of the cited range is a tie there, not a flip
// inside the range: the sign reverses only beyond it (the Korean slope of Russia's response,
// whose effect vanishes at 0, the low end of 0-0.6).
TEST(Flip, AMarginThatReachesZeroAtTheRangesEndIsATieNotAFlip) {
  const Scenario s = ranged();  // A's position: declared 70, cited 40-80
  const auto at = [](double v) {
    return [v](const Scenario& sc) { return sc.issues[0].stances[0].position.value - v; };
  };
  const FlipReport tie = what_would_flip(s, at(40));
  const FlipInput& a = tie.inputs[0];
  ASSERT_TRUE(a.threshold);
  EXPECT_EQ(*a.threshold, 40);
  EXPECT_TRUE(a.within_cited_range);
  EXPECT_EQ(a.margin_at_threshold, 0);
  EXPECT_TRUE(a.tie);
  ASSERT_TRUE(a.reversal);
  EXPECT_LT(*a.reversal, 40);
  EXPECT_NEAR(*a.reversal, 40, 1e-9);
  EXPECT_FALSE(a.reversal_within_cited_range);
  EXPECT_EQ(verdict(a),
            "the conclusion reaches a tie at 40 (the low end of the cited range 40 to 80; "
            "declared 70) and reverses only below it, outside the cited range");
  EXPECT_THAT(verdict(a, true), HasSubstr("the effect vanishes at 40 (the low end"));
  const Json j = to_json(tie, true)["inputs"][0];
  EXPECT_EQ(j["threshold_kind"], "tie");
  EXPECT_EQ(j["margin_at_threshold"], 0.0);
  EXPECT_FALSE(j["reversal_within_cited_range"].get<bool>());
  EXPECT_THAT(j["verdict"].get<std::string>(), Not(HasSubstr("flips")));

  // The same zero strictly inside the range (62.5 lies on the search grid, so the margin
  // there is exactly 0) is a crossing: the sign reverses right past it, inside the range.
  const FlipReport crossing = what_would_flip(s, at(62.5));
  const FlipInput& c = crossing.inputs[0];
  ASSERT_TRUE(c.threshold);
  EXPECT_EQ(*c.threshold, 62.5);
  EXPECT_EQ(c.margin_at_threshold, 0);
  EXPECT_FALSE(c.tie);
  EXPECT_TRUE(c.reversal_within_cited_range);
  EXPECT_THAT(verdict(c), HasSubstr("flips at 62.5 (inside the cited range 40 to 80"));
  EXPECT_EQ(to_json(crossing)["inputs"][0]["threshold_kind"], "reversal");

  // A margin that drops to 0 and stays there never reverses; one that stays 0 for a while
  // and reverses further on flips there.
  const auto step = [](const Scenario& sc) {
    const double v = sc.issues[0].stances[0].position.value;
    return v > 60.5 ? 1.0 : v > 50.5 ? 0.0 : -1.0;
  };
  const FlipReport stair = what_would_flip(s, step);
  const FlipInput& st = stair.inputs[0];
  ASSERT_TRUE(st.threshold);
  EXPECT_NEAR(*st.threshold, 60.5, 1e-6);
  EXPECT_TRUE(st.tie);
  ASSERT_TRUE(st.reversal);
  EXPECT_NEAR(*st.reversal, 50.5, 1e-6);
  EXPECT_TRUE(st.reversal_within_cited_range);
  EXPECT_THAT(verdict(st), HasSubstr("and flips at 50.5 (inside the cited range)"));
  const auto flat = [](const Scenario& sc) {
    return std::max(sc.issues[0].stances[0].position.value - 60.5, 0.0);
  };
  const FlipReport plateau = what_would_flip(s, flat);
  const FlipInput& f = plateau.inputs[0];
  EXPECT_TRUE(f.tie);
  EXPECT_FALSE(f.reversal);
  EXPECT_THAT(verdict(f), HasSubstr("reaches a tie at 60.5 (inside the cited range 40 to 80; "
                                    "declared 70) and does not reverse within [0, 100]"));
}

// An input whose own cited range takes the margin to zero is searched whatever its rank:
// C's salience swings the margin less than A's position but flips it inside its range.
TEST(Flip, AnInputWhoseRangeReachesZeroIsSearchedWhateverItsRank) {
  const Scenario s = ranged();
  const auto m = [](const Scenario& sc) {
    const auto& st = sc.issues[0].stances;
    return 1 + 0.03 * (st[0].position.value - 70) + 2.2 * (st[2].salience.value - 1);
  };
  FlipOptions o;
  o.top = 1;
  const FlipReport r = what_would_flip(s, m, o);
  ASSERT_EQ(r.inputs.size(), 3u);
  EXPECT_EQ(r.inputs[0].parameter.name, "position/x/A0");  // swing 1.2, holds at both ends
  EXPECT_TRUE(r.inputs[0].searched);
  const FlipInput& c = r.inputs[1];
  EXPECT_EQ(c.parameter.name, "salience/x/A2");  // swing 1.1, -0.1 at the low end
  EXPECT_LT(c.margin_at_low, 0);
  EXPECT_TRUE(c.searched);
  ASSERT_TRUE(c.threshold);
  EXPECT_NEAR(*c.threshold, 1 - 1 / 2.2, 1e-9);
  EXPECT_TRUE(c.within_cited_range);
  EXPECT_FALSE(c.tie);
  // Shown on the file's 0-100, like the declared value and the range.
  EXPECT_THAT(verdict(c), HasSubstr("flips at 54.55 (inside the cited range 50 to 100; "
                                    "declared 100)"));
  EXPECT_FALSE(r.inputs[2].searched);  // B: no swing, no flip at either end
  // Reaching exactly zero at an end is enough.
  const auto tie = [](const Scenario& sc) {
    const auto& st = sc.issues[0].stances;
    return 1 + 0.03 * (st[0].position.value - 70) + 2 * (st[2].salience.value - 1);
  };
  EXPECT_TRUE(what_would_flip(s, tie, o).inputs[1].searched);
}

// Saliences (and slopes of salience responses) are shown as scenario files write them,
// 0-100; the search itself runs on the model's 0-1.
TEST(Flip, SaliencesAreShownOnTheScenarioFilesScale) {
  Scenario s = ranged();
  Response resp;
  resp.actor = 1;
  resp.issue = 0;
  resp.driver_issue = 0;
  resp.driver_actor = 0;
  resp.field = Response::Field::Salience;
  resp.slope = {0.002, std::pair(0.0, 0.004), {}, ""};  // 0.2 (0-0.4) salience points per unit
  s.responses.push_back(resp);
  const FlipReport r = what_would_flip(s, margin);
  const FlipInput& sal = find(r, "salience/x/A2");
  EXPECT_EQ(sal.unit, 100);
  EXPECT_EQ(sal.search_high, 1);  // the model's scale
  const FlipInput& slope = find(r, response_slope_name(s, resp));
  EXPECT_EQ(slope.unit, 100);
  EXPECT_EQ(find(r, "position/x/A0").unit, 1);
  const Json j = to_json(r);
  EXPECT_EQ(j["salience_scale"], "0-100");
  for (const auto& in : j["inputs"]) {
    if (in["name"] == "salience/x/A2") {
      EXPECT_DOUBLE_EQ(in["declared"].get<double>(), 100);
      EXPECT_DOUBLE_EQ(in["cited_range"][0].get<double>(), 50);
      EXPECT_DOUBLE_EQ(in["search_interval"][1].get<double>(), 100);
    } else if (in["name"] == response_slope_name(s, resp)) {
      EXPECT_DOUBLE_EQ(in["declared"].get<double>(), 0.2);
      EXPECT_DOUBLE_EQ(in["cited_range"][1].get<double>(), 0.4);
    } else {
      EXPECT_DOUBLE_EQ(in["cited_range"][0].get<double>(), in["name"] == "position/x/A0" ? 40 : 45);
    }
  }
}

// A what-if margin through real models and the responses solver: the engagement effect on
// the pressure outcome, with Russia's pressure position responding to relations.
TEST(Flip, ResponseSlopesAreInputsOfAWhatIfConclusion) {
  Scenario s = [] {
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  Response r;
  r.actor = *s.actor_index("RUS");
  r.issue = *s.issue_index("denuclearization_pressure");
  r.driver_issue = *s.issue_index("us_russia_relations");
  r.slope = {0.5, std::pair(-0.2, 1.0), {}, ""};
  r.reference = 30;
  s.responses.push_back(r);
  const ModelSpec spec = parse_model_spec("compromise:mean");
  const RunModel run = [spec](const Scenario& sc) {
    ModelOptions o;
    o.variant = spec.variant;
    ModelResult m = spec.model->run(sc, o);
    apply_institutions(sc, m);
    return m;
  };
  const std::size_t pressure = r.issue;
  const MarginFunction effect = [&](const Scenario& sc) {
    Scenario with = sc;
    apply_intervention(find_intervention(sc, "us_engages_russia"), with);
    return run_with_responses(with, run).result.issues[pressure].outcome -
           run_with_responses(sc, run).result.issues[pressure].outcome;
  };
  FlipOptions o;
  o.top = 3;
  const FlipReport one = what_would_flip(s, effect, o);
  Response by_position = r;
  by_position.driver_actor = *s.actor_index("USA");
  by_position.field = Response::Field::Salience;
  EXPECT_EQ(response_slope_name(s, by_position),
            "slope/denuclearization_pressure/RUS/us_russia_relations/USA/salience");
  EXPECT_TRUE(one.holds);  // engagement raises pressure through Russia's response
  const std::string slope_name = "slope/denuclearization_pressure/RUS/us_russia_relations";
  const FlipInput& slope = find(one, slope_name);
  EXPECT_TRUE(slope.searched) << to_json(one).dump(2);
  ASSERT_TRUE(slope.threshold);
  EXPECT_NEAR(*slope.threshold, 0, 1e-6);  // no response, no effect
  EXPECT_TRUE(slope.within_cited_range);
  o.threads = 2;
  EXPECT_EQ(to_json(what_would_flip(s, effect, o)).dump(), to_json(one).dump());
}

TEST(PackageDeals, CompromiseVerdictsFollowDistanceToTheIdeal) {
  const Scenario s = *test::one_issue_scenario({{1, 80, 0.5}, {1, 20, 1.0}, {1, 50, 0.0}});
  ModelResult base, with;
  base.model = with.model = "compromise";
  base.issues.push_back({s.issues[0].id, {}, {}, 40, {}});
  with.issues.push_back({s.issues[0].id, {}, {}, 60, {}});
  const Json j = package_verdicts(s, base, with);
  const Json& a = j["actors"];
  EXPECT_DOUBLE_EQ(a[0]["baseline"].get<double>(), -0.5 * 40 / 100);
  EXPECT_DOUBLE_EQ(a[0]["with"].get<double>(), -0.5 * 20 / 100);
  EXPECT_EQ(a[0]["verdict"], "better");
  EXPECT_EQ(a[1]["verdict"], "worse");
  EXPECT_EQ(a[2]["verdict"], "indifferent");  // salience 0
  EXPECT_EQ(package_table(Json::array({j})),
            "  compromise            better: A0 (+0.1)  worse: A1 (-0.2)  indifferent: A2\n");
}

// Over the paired draws: the share in which each actor is better (worse) off by more than
// its noticeable difference, and the table says how many draws agree with the verdict.
TEST(PackageDeals, DrawSharesSayHowManyDrawsAgreeWithTheVerdict) {
  const Scenario s = *test::one_issue_scenario({{1, 80, 0.5}, {1, 20, 1.0}});
  ModelResult base, with;
  base.model = with.model = "compromise";
  base.issues.push_back({s.issues[0].id, {}, {}, 40, {}});
  with.issues.push_back({s.issues[0].id, {}, {}, 60, {}});
  Json j = package_verdicts(s, base, with);
  // Five draws: the outcome rises in three (good for A0 at 80), falls in one, and in the
  // last it does not move at all (counted on neither side).
  add_draw_shares(j, s, base, {{40, 40, 40, 50, 40}}, {{60, 45, 70, 40, 40}});
  const Json& a = j["actors"];
  EXPECT_DOUBLE_EQ(a[0]["better_share"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(a[0]["worse_share"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(a[1]["better_share"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(a[1]["worse_share"].get<double>(), 0.6);
  EXPECT_EQ(package_table(Json::array({j})),
            "  compromise            better: A0 (+0.1; 60% of draws)  worse: A1 (-0.2; 60% of "
            "draws)\n");
}

TEST(PackageDeals, EveryModelsUtilityGivesTheSameSignOnOneIssue) {
  // On one issue every utility falls with distance, so the verdicts agree across models.
  const Scenario s = *io::load_default_scenario();
  for (const char* spec : {"compromise:mean", "bdm", "smp", "exchange", "nash", "nash:linear"}) {
    SCOPED_TRACE(spec);
    const ModelSpec m = parse_model_spec(spec);
    ModelOptions o;
    o.variant = m.variant;
    const ModelResult base = m.model->run(s, o);
    ModelResult with = base;
    const std::size_t rel = *s.issue_index("us_russia_relations");
    with.issues[rel].outcome = base.issues[rel].outcome + 10;
    const Json j = package_verdicts(s, base, with);
    EXPECT_EQ(j["model"].get<std::string>().substr(0, 3), std::string(spec).substr(0, 3));
    for (const auto& st : s.issues[rel].stances) {
      const Json& e = j["actors"][st.actor];
      const double before = std::abs(st.position.value - base.issues[rel].outcome);
      const double after = std::abs(st.position.value - with.issues[rel].outcome);
      if (st.salience.value == 0 || before == after) continue;
      EXPECT_EQ(e["verdict"], after < before ? "better" : "worse") << e.dump();
    }
  }
}

TEST(PackageDeals, BdmUsesTheRiskExponentOfTheBaselineRun) {
  const Scenario s = *test::one_issue_scenario({{1, 100, 1}, {1, 0, 1}});
  ModelResult base;
  base.model = "bdm";
  base.issues.push_back({s.issues[0].id, {}, {}, 50, {}});
  base.issues[0].detail = {
      {"rounds", {{{"risk", {{s.actors[0].id, 2.0}, {s.actors[1].id, 0.5}}}}}}};
  const auto u = model_utilities(s, base, {50});
  EXPECT_DOUBLE_EQ(u[0], 2 - 4 * std::pow(0.75, 2.0));
  EXPECT_DOUBLE_EQ(u[1], 2 - 4 * std::pow(0.75, 0.5));
}

TEST(FlipCli, TableAndJsonForARunAndAWhatIf) {
  const auto dir = std::filesystem::temp_directory_path() / "statecraft_flip_cli";
  std::filesystem::create_directories(dir);
  const auto json = test::run_statecraft(
      dir.string(), "flip --issue denuclearization_pressure --top 2 -t 2 -f json");
  ASSERT_EQ(json.code, 0) << json.err;
  const Json doc = Json::parse(json.out);
  EXPECT_EQ(doc["model"], "compromise:mean");
  EXPECT_TRUE(doc["holds"].get<bool>());
  EXPECT_THAT(doc["conclusion"].get<std::string>(), HasSubstr("above the scale's midpoint 50"));
  EXPECT_TRUE(doc["inputs"][0]["searched"].get<bool>());
  EXPECT_FALSE(doc["inputs"][2]["searched"].get<bool>());
  EXPECT_GT(doc["runs"].get<int>(), 100);
  EXPECT_EQ(doc["runs_with_unsettled_responses"], 0);  // compromise settles every time
  // The table shows the same conclusion and thresholds.
  const auto table = test::run_statecraft(
      dir.string(),
      "flip --issue us_russia_relations --intervention us_engages_russia -m bdm --top 1");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_THAT(table.out,
              HasSubstr("'us_engages_russia' raises the outcome of us_russia_relations"));
  EXPECT_THAT(table.out, HasSubstr("what would flip it"));
  // Columns line up even for long input names (the response slopes'): each row's swing ends
  // where the header's "swing" does.
  const auto wide = test::run_statecraft(
      dir.string(), "flip --issue denuclearization_pressure --intervention us_engages_russia");
  ASSERT_EQ(wide.code, 0) << wide.err;
  std::istringstream lines(wide.out);
  std::size_t swing_end = std::string::npos, rows = 0;
  bool slope_seen = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("what would flip it") != std::string::npos) {
      swing_end = line.find("swing") + 5;
      continue;
    }
    if (swing_end == std::string::npos || line.rfind("  ", 0) != 0 ||
        line.find(" to ") == std::string::npos)
      continue;
    ++rows;
    slope_seen = slope_seen || line.find("slope/") != std::string::npos;
    ASSERT_GE(line.size(), swing_end) << line;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(line[swing_end - 1]))) << line;
    if (line.size() > swing_end) {
      EXPECT_EQ(line[swing_end], ' ') << line;
    }
  }
  EXPECT_GT(rows, 3u);
  EXPECT_TRUE(slope_seen);
  // The declared effect is the what-if's point shift: flip runs the pipeline's model, whose
  // responses are solved once (a second loop around it applied them twice: -3.27 for SMP
  // where whatif said -5.26).
  for (const char* model : {"smp", "bdm"}) {
    const auto f = test::run_statecraft(
        dir.string(), fmt::format("flip --issue denuclearization_pressure --intervention "
                                  "us_engages_russia -m {} --top 1 -t 2 -f json",
                                  model));
    const auto w = test::run_statecraft(
        dir.string(),
        fmt::format("whatif us_engages_russia -m {} --runs 2 --quiet -f json -o ''", model));
    ASSERT_EQ(f.code, 0) << f.err;
    ASSERT_EQ(w.code, 0) << w.err;
    const Json flip = Json::parse(f.out), whatif = Json::parse(w.out);
    const double shift = whatif["whatif"]["models"][0]["issues"][0]["point_shift"].get<double>();
    EXPECT_EQ(whatif["whatif"]["models"][0]["issues"][0]["issue"], "denuclearization_pressure");
    EXPECT_NEAR(flip["margin"].get<double>(), std::abs(shift), 1e-9) << model;
  }
  // Bad input is a typed error with exit code 2.
  const auto bad = test::run_statecraft(dir.string(), "flip --issue nowhere");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("has no issue 'nowhere'"));
  const auto bad_iv =
      test::run_statecraft(dir.string(), "flip --issue us_russia_relations --intervention none");
  EXPECT_EQ(bad_iv.code, 2);
}

const Json& input_named(const Json& doc, const std::string& name) {
  for (const auto& in : doc["inputs"])
    if (in["name"] == name) return in;
  throw std::runtime_error("no input " + name);
}

// `statecraft flip --issue denuclearization_pressure --intervention us_engages_russia` on the
// Korean default, as JSON, with the given model.
Json korean_engagement(const std::string& model) {
  const auto dir = std::filesystem::temp_directory_path() / "statecraft_flip_korea";
  std::filesystem::create_directories(dir);
  const auto r = test::run_statecraft(
      dir.string(), "flip --issue denuclearization_pressure --intervention us_engages_russia -m " +
                        model + " -t 2 -f json -o ''");
  EXPECT_EQ(r.code, 0) << r.err;
  return Json::parse(r.out);
}

// The user test's three findings on the Korean engagement conclusion, through the CLI.
TEST(FlipCli, KoreanEngagementTiesAtTheSlopesEndAndSearchesChinasSalience) {
  // compromise:mean: at Russia's slope 0 (the low end of 0-0.6) the effect only vanishes; it
  // would reverse only for a negative slope, outside the cited range.
  const Json mean = korean_engagement("compromise:mean");
  EXPECT_EQ(mean["salience_scale"], "0-100");
  const Json& slope = input_named(mean, "slope/denuclearization_pressure/RUS/us_russia_relations");
  EXPECT_EQ(slope["threshold"], 0.0);
  EXPECT_TRUE(slope["threshold_within_cited_range"].get<bool>());
  EXPECT_EQ(slope["threshold_kind"], "tie");
  EXPECT_EQ(slope["margin_at_threshold"], 0.0);
  EXPECT_LT(slope["reversal"].get<double>(), 0);
  EXPECT_FALSE(slope["reversal_within_cited_range"].get<bool>());
  EXPECT_EQ(slope["verdict"],
            "the effect vanishes at 0 (the low end of the cited range 0 to 0.6; declared 0.3) and "
            "reverses only below it, outside the cited range");
  // China's slope crosses zero beyond its range: a reversal.
  EXPECT_EQ(
      input_named(
          mean,
          "slope/denuclearization_pressure/CHN/denuclearization_pressure/RUS")["threshold_kind"],
      "reversal");
  // Saliences as the scenario file writes them (45, cited 30-60), not 0.45.
  const Json& rus = input_named(mean, "salience/denuclearization_pressure/RUS");
  EXPECT_DOUBLE_EQ(rus["declared"].get<double>(), 45);
  EXPECT_DOUBLE_EQ(rus["cited_range"][0].get<double>(), 30);
  EXPECT_DOUBLE_EQ(rus["cited_range"][1].get<double>(), 60);
  EXPECT_THAT(rus["verdict"].get<std::string>(), HasSubstr("no flip within [0, 100]"));

  // bdm: China's pressure salience ranks 7th by swing, but the low end of its range (45) takes
  // the margin to 0, so it is searched: it flips inside its range.
  const Json bdm = korean_engagement("bdm");
  std::size_t rank = 0;
  while (bdm["inputs"][rank]["name"] != "salience/denuclearization_pressure/CHN") ++rank;
  EXPECT_GE(rank, 5u);  // outside the default --top 5
  const Json& chn = bdm["inputs"][rank];
  EXPECT_EQ(chn["margin_at_low"], 0.0);
  EXPECT_TRUE(chn["searched"].get<bool>());
  ASSERT_TRUE(chn["threshold"].is_number()) << chn.dump(2);
  EXPECT_NEAR(chn["threshold"].get<double>(), 57.15, 0.01);
  EXPECT_TRUE(chn["threshold_within_cited_range"].get<bool>());
  EXPECT_EQ(chn["threshold_kind"], "reversal");
  EXPECT_LT(chn["margin_at_threshold"].get<double>(), 0);
  EXPECT_THAT(chn["verdict"].get<std::string>(),
              HasSubstr("flips at 57.15 (inside the cited range 45 to 75; declared 60)"));
  for (const auto& in : bdm["inputs"])
    if (in["margin_at_low"].get<double>() <= 0 || in["margin_at_high"].get<double>() <= 0) {
      EXPECT_TRUE(in["searched"].get<bool>()) << in["name"];
    }

  // The table shows the same, with saliences on 0-100.
  const auto dir = std::filesystem::temp_directory_path() / "statecraft_flip_korea";
  const auto table = test::run_statecraft(
      dir.string(),
      "flip --issue denuclearization_pressure --intervention us_engages_russia -o ''");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("salience/denuclearization_pressure/RUS (45; 30 to 60)"));
  EXPECT_THAT(table.out, HasSubstr("the effect vanishes at 0 (the low end of the cited range"));
  EXPECT_THAT(table.out, Not(HasSubstr("flips at 0 ")));
}

// The report's section: headings that tell two files on one issue apart, the tie in the
// same words as the CLI, saliences on 0-100.
TEST(FlipReport, SectionNamesModelAndInterventionAndReadsTiesAsTies) {
  const Json mean = korean_engagement("compromise:mean");
  const Json bdm = korean_engagement("bdm");
  ASSERT_EQ(report::flip_document_problem(mean), "");
  ASSERT_EQ(report::flip_document_problem(bdm), "");
  EXPECT_EQ(report::flip_title(mean),
            "denuclearization_pressure (us_engages_russia, compromise:mean)");
  EXPECT_EQ(report::flip_title(bdm), "denuclearization_pressure (us_engages_russia, bdm:scholz)");
  const std::string a = report::flip_section(mean, "flip1");
  const std::string b = report::flip_section(bdm, "flip2");
  EXPECT_THAT(a, HasSubstr("<h2 id=flip1>What would flip it: denuclearization_pressure "
                           "(us_engages_russia, compromise:mean)</h2>"));
  EXPECT_THAT(b, HasSubstr("<h2 id=flip2>What would flip it: denuclearization_pressure "
                           "(us_engages_russia, bdm:scholz)</h2>"));
  EXPECT_THAT(a, HasSubstr("<b>the effect vanishes at 0</b> (the low end of the cited range); "
                           "reverses only below the cited range"));
  EXPECT_THAT(a, Not(HasSubstr("<b>flips at 0</b>")));
  EXPECT_THAT(a, HasSubstr("RUS</td><td class=num>45</td><td class=num>30 – 60</td>"));
  EXPECT_THAT(b, HasSubstr("<b>flips at 57.15</b> (inside the cited range)"));
  // Without an intervention the title names the model only, and a tie is a tie.
  Json outcome = mean;
  outcome["intervention"] = nullptr;
  EXPECT_EQ(report::flip_title(outcome), "denuclearization_pressure (compromise:mean)");
  EXPECT_THAT(report::flip_section(outcome, "f"), HasSubstr("<b>reaches a tie at 0</b>"));
  // A searched input below the rows shown by swing is still shown.
  Json deep = mean;
  std::size_t last = 0;
  for (std::size_t k = 0; k < deep["inputs"].size(); ++k)
    if (deep["inputs"][k]["swing"].get<double>() > 0) last = k;
  ASSERT_GE(last, 12u);
  deep["inputs"][last]["searched"] = true;
  const std::string d = report::flip_section(deep, "f");
  EXPECT_THAT(d, HasSubstr("then 1 more whose cited range takes the margin to zero"));
  EXPECT_THAT(d, HasSubstr("<td class=num>" + std::to_string(13) + "</td>"));
  // Documents of an older statecraft (saliences 0-1, no tie/reversal fields) are refused.
  for (const char* key : {"salience_scale", "model", "intervention"}) {
    Json old = mean;
    old.erase(key);
    EXPECT_THAT(report::flip_document_problem(old), HasSubstr(key));
  }
  for (const char* key : {"threshold_kind", "reversal", "reversal_within_cited_range"}) {
    Json old = mean;
    old["inputs"][0].erase(key);
    EXPECT_THAT(report::flip_document_problem(old), HasSubstr(key));
  }
  Json odd = mean;
  odd["inputs"][0]["threshold_kind"] = "maybe";
  EXPECT_THAT(report::flip_document_problem(odd), HasSubstr("threshold_kind"));
}

}  // namespace
}  // namespace statecraft
