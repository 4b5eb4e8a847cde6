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
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

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
  // The salience moves the margin by at most 1: no flip anywhere in [0, 1].
  const FlipInput& sal = r.inputs[1];
  EXPECT_DOUBLE_EQ(sal.swing, 1);
  EXPECT_FALSE(sal.threshold);
  EXPECT_THAT(verdict(sal), HasSubstr("no flip within [0, 1]"));
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

}  // namespace
}  // namespace statecraft
