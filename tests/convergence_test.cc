// Convergence you can see (issue 15 §7): settled, cycling and still-moving trajectories,
// and BDM's talks-format forecast on the Korean default.
#include "experiments/convergence.h"

#include <gtest/gtest.h>

#include <iostream>

#include "core/registry.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"
#include "test_support.h"

namespace statecraft {
namespace {

using Status = ConvergenceReport::Status;

TEST(Convergence, ASettledTrajectoryIsConverged) {
  const std::vector<std::vector<double>> x = {{0, 100}, {20, 80}, {40, 60}, {40, 60}, {40, 60}};
  const auto r = analyse_convergence(x, {}, 100);
  EXPECT_EQ(r.status, Status::Converged);
  EXPECT_EQ(r.settled_round, 2);
  EXPECT_EQ(r.last_change, 0);
}

TEST(Convergence, ATwoCycleGivesItsPeriodValuesAndMean) {
  const std::vector<std::vector<double>> x = {{0, 100}, {30, 70}, {10, 90}, {30, 70}, {10, 90}};
  const std::vector<double> f = {50, 30, 10, 30, 10};
  const auto r = analyse_convergence(x, f, 100);
  EXPECT_EQ(r.status, Status::Cycle);
  EXPECT_EQ(r.period, 2);
  EXPECT_EQ(r.settled_round, 1);
  ASSERT_EQ(r.cycle_states.size(), 2u);
  EXPECT_EQ(r.cycle_states[0], (std::vector<double>{30, 70}));
  EXPECT_EQ(r.cycle_states[1], (std::vector<double>{10, 90}));
  EXPECT_EQ(r.cycle_forecasts, (std::vector<double>{30, 10}));
  ASSERT_TRUE(r.cycle_mean);
  EXPECT_DOUBLE_EQ(*r.cycle_mean, 20);
  const Json j = to_json(r, {"A", "B"});
  EXPECT_EQ(j["status"], "cycle");
  EXPECT_EQ(j["period"], 2);
  EXPECT_EQ(j["cycle"][1]["positions"]["B"], 90);
  EXPECT_EQ(j["cycle_mean_forecast"], 20);
  EXPECT_EQ(describe_convergence(j),
            "positions cycle with period 2 from round 1; the forecast goes through 30.0, 10.0 "
            "(mean 20.0)");
}

TEST(Convergence, AThreeCycleIsFoundWithoutItsFirstRepeatBeingTheStart) {
  const std::vector<std::vector<double>> x = {{5}, {1}, {2}, {3}, {1}, {2}, {3}, {1}};
  const auto r = analyse_convergence(x, {}, 10);
  EXPECT_EQ(r.status, Status::Cycle);
  EXPECT_EQ(r.period, 3);
  EXPECT_EQ(r.settled_round, 1);
}

TEST(Convergence, StillMovingIsNotConvergedSettlingOrOscillating) {
  const std::vector<std::vector<double>> drift = {{0}, {2}, {4}, {6}, {8}, {10}};
  EXPECT_EQ(analyse_convergence(drift, {0, 2, 4, 6, 8, 10}, 100).status, Status::NotConverged);
  const std::vector<std::vector<double>> creep = {{0}, {0.5}, {0.7}, {0.8}, {0.85}};
  EXPECT_EQ(analyse_convergence(creep, {}, 100).status, Status::Settling);
  EXPECT_EQ(describe_convergence(to_json(analyse_convergence(creep, {}, 100), {"A"})),
            "settling: the last round moved no position by more than 0.05% of the scale");
  const std::vector<std::vector<double>> swing = {{0}, {90}, {5}, {80}, {15}, {70}};
  const auto r = analyse_convergence(swing, {0, 90, 5, 80, 15, 70}, 100);
  EXPECT_EQ(r.status, Status::Oscillating);
  ASSERT_TRUE(r.recent_forecast_range);
  EXPECT_EQ(r.recent_forecast_range->first, 5);
  EXPECT_EQ(r.recent_forecast_range->second, 80);
}

TEST(Convergence, OneStateIsNotIterative) {
  EXPECT_EQ(analyse_convergence({{1, 2}}, {}, 1).status, Status::NotIterative);
}

TEST(Convergence, CycleMeanForecastIsAnOptionAndKeepsTheLastRound) {
  IssueResult ir;
  ir.issue = "x";
  ir.actors = {"A"};
  ir.trajectory = {{50}, {30}, {10}, {30}, {10}};
  ir.outcome = 10;
  ir.detail = {
      {"initial_median", 50},
      {"rounds", {{{"median", 30}}, {{"median", 10}}, {{"median", 30}}, {{"median", 10}}}}};
  Scale scale;
  IssueResult last = ir;
  add_convergence(scale, last);
  EXPECT_EQ(last.outcome, 10);
  EXPECT_EQ(last.detail["convergence"]["forecast_rule"], "last_round");
  ConvergenceOptions o;
  o.forecast = ConvergenceOptions::Forecast::CycleMean;
  add_convergence(scale, ir, o);
  EXPECT_EQ(ir.outcome, 20);
  EXPECT_EQ(ir.detail["convergence"]["last_round_outcome"], 10);
  EXPECT_EQ(ir.detail["convergence"]["forecast_rule"], "cycle_mean");
}

// BDM's talks-format forecast on the Korean default swings with the round count (89.1 at 8
// rounds, 76.6 at 10, 10.0 at 12): USA, ROK and JPN jump between "no talks" (10) and a
// drifting high point every round until round 11, when all six settle at 10.
TEST(Convergence, KoreanBdmTalksFormatIsFlagged) {
  // The 2021 default as it stood when the issue was filed (tests/data/).
  const Scenario s =
      *io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const std::size_t talks = *s.issue_index("negotiation_format");
  auto run = [&](int rounds) {
    ModelOptions o;
    o.rounds = rounds;
    ModelResult r = registry().get("bdm").run(s, o);
    add_convergence(s, r);
    return r.issues[talks].detail["convergence"];
  };
  for (int rounds : {8, 10}) {
    SCOPED_TRACE(rounds);
    const Json c = run(rounds);
    EXPECT_EQ(c["status"], "oscillating") << c.dump(2);
    EXPECT_EQ(c["rounds"], rounds);
    ASSERT_EQ(c["recent_rounds"].size(), 4u);
    EXPECT_EQ(c["recent_rounds"][3]["round"], rounds);
  }
  EXPECT_NEAR(run(10)["recent_forecast_range"][0].get<double>(), 76.6, 0.05);
  EXPECT_NEAR(run(10)["recent_forecast_range"][1].get<double>(), 89.1, 0.05);
  EXPECT_EQ(describe_convergence(run(10)),
            "oscillating: forecast 76.6-89.1 over rounds 7-10, no settled value");
  // With more rounds it does settle (everyone at "no talks"), and says when.
  const Json settled = run(20);
  EXPECT_EQ(settled["status"], "converged");
  EXPECT_EQ(settled["settled_round"], 11);
}

// Every default model on the Korean default: each issue gets a report, printed for the docs.
TEST(Convergence, EveryDefaultModelGetsAReportPerIssue) {
  const Scenario s = *io::load_default_scenario();
  for (const char* spec : {"compromise:mean", "bdm", "smp", "exchange"}) {
    const ModelSpec m = parse_model_spec(spec);
    ModelOptions o;
    o.variant = m.variant;
    ModelResult r = m.model->run(s, o);
    add_convergence(s, r);
    std::cout << spec << ":";
    for (const auto& ir : r.issues) {
      const Json& c = ir.detail["convergence"];
      ASSERT_TRUE(c.contains("status")) << spec << " " << ir.issue;
      std::cout << "\n  " << ir.issue << " = " << c["status"].get<std::string>() << " "
                << describe_convergence(c);
      if (std::string(spec) == "compromise:mean") {
        EXPECT_EQ(c["status"], "not_iterative");
      }
    }
    std::cout << "\n";
  }
}

}  // namespace
}  // namespace statecraft
