#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "core/errors.h"
#include "core/registry.h"
#include "experiments/backtest.h"
#include "experiments/institutions.h"
#include "experiments/monte_carlo.h"
#include "experiments/sampling.h"
#include "experiments/statistics.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/study_db.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

// Three veto holders and one other actor; status quo 50.
const char* kVeto = R"(scenario: veto
sources: {s: {title: t}}
actors:
  - {id: HAWK, name: Hawk, capability: {value: 10, source: s}}
  - {id: DOVE, name: Dove, capability: {value: 1, source: s}}
  - {id: MID, name: Mid, capability: {value: 1, source: s}}
institutions:
  - {id: council, kind: veto, veto: [HAWK, DOVE], source: s}
issues:
  - id: x
    scale: {min: 0, max: 100, low: lift, high: tighten}
    institution: council
    status_quo: {value: 50, source: s}
    positions:
      HAWK: {position: 90, salience: 100, source: s}
      DOVE: {position: 20, salience: 100, source: s}
      MID: {position: 60, salience: 100, source: s}
)";

TEST(Institutions, AVetoedTighteningDoesNotHappen) {
  const auto s = test::scenario_from_yaml(kVeto);
  // The weighted mean (10*90 + 20 + 60)/12 = 81.7 would tighten; the dove accepts only
  // [-10, 50] around its position 20, so the outcome stays at the status quo 50.
  ModelResult r = registry().get("compromise").run(*s, {});
  EXPECT_NEAR(r.issues[0].outcome, 81.666666666666671, 1e-9);
  apply_institutions(*s, r);
  EXPECT_EQ(r.issues[0].outcome, 50);
  const auto& inst = r.issues[0].detail["institution"];
  EXPECT_EQ(inst["blocked_by"], Json::array({"DOVE"}));
  EXPECT_THAT(inst["reason"].get<std::string>(),
              HasSubstr("DOVE would rather keep the status quo"));
  const auto w = veto_win_set(*s, 0, s->institutions[0], 50);
  EXPECT_EQ(w.low, 50);
  EXPECT_EQ(w.high, 50);
}

TEST(Institutions, AMoveEveryHolderPrefersGoesThrough) {
  std::string yaml = kVeto;
  yaml.replace(yaml.find("{value: 50, source: s}"), 22, "{value: 10, source: s}");
  const auto s = test::scenario_from_yaml(yaml);
  ModelOptions median;
  median.variant = "median";
  ModelResult r = registry().get("compromise").run(*s, median);  // weighted median 90
  apply_institutions(*s, r);
  // Dove at 20 with status quo 10 accepts [10, 30]; hawk accepts [10, 170]: outcome 30.
  EXPECT_EQ(r.issues[0].outcome, 30);
}

TEST(Statistics, QuantilesAndRankCorrelation) {
  const auto s = summarize({1, 2, 3, 4, 5});
  EXPECT_EQ(s.mean, 3);
  EXPECT_EQ(s.median, 3);
  EXPECT_NEAR(s.p05, 1.2, 1e-12);
  EXPECT_NEAR(s.p95, 4.8, 1e-12);
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1, 1e-12);
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1, 1e-12);
  EXPECT_EQ(spearman({1, 1, 1}, {1, 2, 3}), 0);
}

McOptions mc_options(ScenarioPtr scenario, int runs, int threads,
                     std::vector<std::string> interventions = {}) {
  RunRequest r;
  r.scenario = std::move(scenario);
  r.threads = threads;
  r.interventions = std::move(interventions);
  for (const char* m : {"compromise:median", "bdm", "smp"}) r.models.push_back({m, 0, {}});
  McOptions o;
  o.request = prepare(r);
  o.runs = runs;
  o.batch = 7;  // odd batches must not change anything
  return o;
}

McOptions korea_options(int runs, int threads) {
  return mc_options(io::load_default_scenario(), runs, threads);
}

TEST(MonteCarlo, SameResultsOnOneAndTwoThreads) {
  const auto korea = io::load_default_scenario();
  const auto a = run_monte_carlo(korea_options(40, 1));
  const auto b = run_monte_carlo(korea_options(40, 2));
  EXPECT_EQ(a.draws, b.draws);
  EXPECT_EQ(a.outcomes, b.outcomes);
  EXPECT_EQ(a.positions, b.positions);
  const auto point = run_point(korea_options(40, 1));
  EXPECT_EQ(summarize_monte_carlo(korea_options(40, 1), a, point).dump(),
            summarize_monte_carlo(korea_options(40, 2), b, point).dump());
}

TEST(MonteCarlo, DrawsStayInsideTheirRangesAndOutcomesInsideTheScale) {
  const auto korea = io::load_default_scenario();
  const auto mc = run_monte_carlo(korea_options(50, 2));
  EXPECT_GT(mc.parameters.size(), 60u);
  for (const auto& draw : mc.draws)
    for (std::size_t p = 0; p < draw.size(); ++p) {
      EXPECT_GE(draw[p], mc.parameters[p].low);
      EXPECT_LE(draw[p], mc.parameters[p].high);
    }
  for (const auto& model : mc.outcomes)
    for (std::size_t i = 0; i < model.size(); ++i)
      for (double x : model[i]) {
        EXPECT_GE(x, korea->issues[i].scale.min);
        EXPECT_LE(x, korea->issues[i].scale.max);
      }
}

TEST(Whatif, CommonRandomNumbersGiveZeroShiftForANullIntervention) {
  auto s = std::make_shared<Scenario>(*io::load_default_scenario());
  Intervention nothing;
  nothing.id = "nothing";
  nothing.changes.push_back({Change::Field::Position, 0, 0, std::nullopt, 0.0});  // shift by 0
  s->interventions.push_back(nothing);
  const auto base = mc_options(s, 30, 2);
  const auto with = mc_options(s, 30, 2, {"nothing"});
  const auto a = run_monte_carlo(base), b = run_monte_carlo(with);
  EXPECT_EQ(a.outcomes, b.outcomes);
}

TEST(Whatif, UsEngagesRussiaMovesUsRussiaRelations) {
  const auto korea = io::load_default_scenario();
  const auto base = mc_options(korea, 30, 2);
  const auto with = mc_options(korea, 30, 2, {"us_engages_russia"});
  const auto pb = run_point(base), pw = run_point(with);
  const auto j = summarize_whatif(with, run_monte_carlo(base), run_monte_carlo(with), pb, pw);
  const std::size_t rel = *korea->issue_index("us_russia_relations");
  EXPECT_GT(j["models"][1]["issues"][rel]["shift"]["mean"].get<double>(), 0);  // BDM
  EXPECT_THROW(mc_options(korea, 30, 2, {"no_such_thing"}), InputError);
}

// A model whose point forecast is missing on one side (it could not run that scenario) is
// a typed error, not a comparison of the wrong models.
TEST(Whatif, AModelMissingOnOneSideIsAnError) {
  const auto korea = io::load_default_scenario();
  const auto base = mc_options(korea, 2, 1);
  const auto with = mc_options(korea, 2, 1, {"us_engages_russia"});
  auto pb = run_point(base);
  const auto pw = run_point(with);
  const auto a = run_monte_carlo(base), b = run_monte_carlo(with);
  pb.pop_back();
  EXPECT_THROW(summarize_whatif(with, a, b, pb, pw), OptionError);
  EXPECT_THROW(summarize_whatif(with, a, b, pw, pb), OptionError);
}

// Issue 14's reading of the seeds, on the September 2021 snapshot: engaging Russia raises
// Russia's own pressure stance (through its response) and the pressure outcome in every
// default model; a deepening confrontation does the reverse. The what-if traces each
// effect to the responses, with their change over the paired draws.
TEST(Whatif, KoreanLinkageActsInEveryDefaultModel) {
  const auto korea = io::load_default_scenario();
  const std::size_t pressure = *korea->issue_index("denuclearization_pressure");
  for (const auto& [intervention, sign] : std::vector<std::pair<std::string, double>>{
           {"us_engages_russia", +1}, {"us_russia_confrontation_deepens", -1}}) {
    auto options = [&](std::vector<std::string> interventions) {
      McOptions o = mc_options(korea, 20, 2, std::move(interventions));
      RunRequest r;
      r.scenario = korea;
      r.threads = 2;
      r.interventions = o.request.interventions;
      for (const char* m : {"compromise:mean", "compromise:median", "bdm", "smp", "exchange"})
        r.models.push_back({m, 0, {}});
      o.request = prepare(r);
      return o;
    };
    const auto base = options({});
    const auto with = options({intervention});
    const auto pb = run_point(base), pw = run_point(with);
    const auto j = summarize_whatif(with, run_monte_carlo(base), run_monte_carlo(with), pb, pw);
    ASSERT_EQ(j["models"].size(), 5u);
    for (const auto& m : j["models"]) {
      const std::string label =
          m["model"].get<std::string>() + ":" + m["variant"].get<std::string>();
      EXPECT_GT(sign * m["issues"][pressure]["point_shift"].get<double>(), 0)
          << intervention << " " << label;
      ASSERT_EQ(m["responses"].size(), korea->responses.size()) << label;
      const Json& rus = m["responses"][0];  // RUS position on pressure <- US-Russia relations
      EXPECT_EQ(rus["actor"], "RUS");
      EXPECT_EQ(rus["issue"], "denuclearization_pressure");
      EXPECT_GT(sign * rus["change"].get<double>(), 0) << intervention << " " << label;
      EXPECT_GT(sign * rus["change_over_draws"]["mean"].get<double>(), 0) << label;
      EXPECT_TRUE(rus["change_over_draws"].contains("p05"));
    }
  }
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

TEST(Backtest, ScoresEveryModelAndTheEnsemble) {
  const auto s = test::scenario_from_yaml(kVeto);
  std::vector<Outcome> outcomes = {{0, std::nullopt, "2020", 50, {"s"}, ""},
                                   {0, std::nullopt, "2021", 70, {"s"}, ""}};
  RunRequest req;
  req.scenario = s;
  req.models = {{"compromise:mean", 0, {}}, {"compromise:median", 0, {}}};
  const PreparedRequest o = prepare(req);
  const Json r = backtest(o, outcomes, {});
  // Both forecasts are held at the status quo 50 by the dove's veto: errors 0 and -20.
  EXPECT_NEAR(r["models"][0]["mae"].get<double>(), 10, 1e-12);
  EXPECT_NEAR(r["models"][0]["hit_rate"].get<double>(), 0.5, 1e-12);
  EXPECT_NEAR(r["ensemble"]["mae_pct_of_scale"].get<double>(), 10, 1e-12);
  EXPECT_FALSE(r["ensemble"]["outcomes"][1]["direction_right"].get<bool>());
  EXPECT_THROW(backtest(o, {}, {}), OptionError);
}

// The shipped out-of-sample case: the Korean default (as of September 2021) against what
// happened in 2022-2024 (scenarios/outcomes/korea_2022_2024.yaml). Regression figures: a
// model change that moves them should be a conscious one (docs/experiments.md reads them).
TEST(Backtest, KoreanDefaultAgainstTheOutcomesOf2022To2024) {
  const auto korea = io::load_default_scenario();
  // Issue outcomes only: the file's actor outcomes (what Russia or China itself did) are
  // scored against actor positions by the per-horizon backtest, not against issue forecasts.
  std::vector<Outcome> outcomes;
  for (const auto& o :
       io::load_outcomes_file(test::source_path("scenarios/outcomes/korea_2022_2024.yaml"), *korea))
    if (!o.actor) outcomes.push_back(o);
  ASSERT_EQ(outcomes.size(), 4u);
  RunRequest req;
  req.scenario = korea;
  for (const char* spec : {"compromise:mean", "bdm", "smp", "exchange"})
    req.models.push_back({spec, 0, {}});
  const Json r = backtest(prepare(req), outcomes, {});
  // Regenerated for the rebuilt scenario (issue 14), with its responses solved in every
  // model (SMP and exchange move: their relations forecasts differ from the responses'
  // reference, the stated weighted mean), and again when SMP's ideals stopped following
  // positions fully (accommodation 0.5: SMP 15.0 -> 16.83).
  const double expected_mae[] = {16.806741621448626, 21.75, 16.8275, 17.300924147520291};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(r["models"][k]["mae"].get<double>(), expected_mae[k], 1e-6) << k;
    // Every model gets two of the four issue outcomes within the hit tolerance.
    EXPECT_NEAR(r["models"][k]["hit_rate"].get<double>(), 0.5, 1e-12) << k;
  }
  EXPECT_NEAR(r["ensemble"]["mae"].get<double>(), 18.171291442242229, 1e-6);
}

TEST(Backtest, OutcomesFileIsCheckedAgainstTheScenario) {
  const auto korea = io::load_default_scenario();
  const auto ok = io::load_outcomes_text(
      "sources: {news: {title: A report}}\noutcomes:\n  - {issue: sanctions_enforcement, date: "
      "2022-05-26, value: 75, source: news}\n",
      "o.yaml", *korea);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].value, 75);
  try {
    io::load_outcomes_text("outcomes:\n  - {issue: nope, date: 2022, value: 500, source: zz}\n",
                           "o.yaml", *korea);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("o.yaml:2:"));
    EXPECT_THAT(e.what(), HasSubstr("unknown issue 'nope'"));
    EXPECT_THAT(e.what(), HasSubstr("unknown source 'zz'"));
  }
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

int count_rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// A run that dies after its second batch leaves both batches readable.
TEST(StudyDb, InterruptedRunKeepsCompletedBatches) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "statecraft-study-test.sqlite").string();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  const auto korea = io::load_default_scenario();
  auto o = korea_options(100, 2);
  o.batch = 10;
  {
    io::StudyDb db(path, {"mc", korea->id, "test", "", o.request.seed, o.runs});
    int batches = 0;
    o.on_batch = [&](const McSamples& mc, int from, int to) {
      if (++batches > 2) throw std::runtime_error("simulated crash");
      std::vector<io::StudyDb::DrawRow> draws;
      std::vector<io::StudyDb::ResultRow> results;
      for (int r = from; r < to; ++r) {
        draws.push_back({r, 0, mc.draws[r][0]});
        results.push_back(
            {"baseline", r, "bdm", "scholz", korea->issues[0].id, mc.outcomes[1][0][r]});
      }
      db.add_batch(draws, results);
    };
    EXPECT_THROW(run_monte_carlo(o), std::runtime_error);
  }
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM batch"), 2);
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM result"), 20);
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM study"), 1);
}

}  // namespace
// A package that itself shifts a responding value (Russia's pressure stance +15) is not
// credited to the response: the trace splits the change into the intervention's own part
// and the response's, and the Monte Carlo range is the response's part only.
TEST(Whatif, APackagesOwnChangeToARespondingValueIsNotCreditedToTheResponse) {
  const auto korea = io::load_default_scenario();
  const auto base = mc_options(korea, 20, 2);
  const auto with = mc_options(korea, 20, 2, {"us_russia_korea_deal"});
  const auto pb = run_point(base), pw = run_point(with);
  const Json j = summarize_whatif(with, run_monte_carlo(base), run_monte_carlo(with), pb, pw);
  for (const auto& m : j["models"]) {
    const Json& pressure = m["responses"][0];  // RUS position on denuclearization_pressure
    ASSERT_EQ(pressure["actor"], "RUS");
    ASSERT_EQ(pressure["issue"], "denuclearization_pressure");
    EXPECT_NEAR(pressure["from_intervention"].get<double>(), 15, 1e-9) << m["model"];
    EXPECT_NEAR(pressure["through_response"].get<double>() + 15, pressure["change"].get<double>(),
                1e-9);
    // Over the draws: what relations did to Russia's stance, not the package's +15.
    EXPECT_LT(pressure["change_over_draws"]["p95"].get<double>(), 15) << m["model"];
  }
  // Who is better off, with the share of draws that agree, for every model.
  ASSERT_EQ(j["packages"].size(), j["models"].size());
  for (const auto& p : j["packages"])
    for (const auto& a : p["actors"]) {
      const double better = a["better_share"].get<double>(), worse = a["worse_share"].get<double>();
      EXPECT_GE(better, 0);
      EXPECT_LE(better + worse, 1 + 1e-12);
    }
}

// Every Monte Carlo run of a scenario whose response loop cycles is counted as unsettled, in
// the mc summary and on both sides of a what-if; none when the loop settles.
TEST(MonteCarlo, RunsWhoseResponsesDoNotSettleAreCounted) {
  Scenario cycling = *test::one_issue_scenario({{1, 50, 0.5}});
  Response r;  // 50 -> 40 -> 50 -> ...: the actor answers its own outcome with slope -1
  r.slope.value = -1;
  r.reference = 40;
  cycling.responses.push_back(r);
  Intervention nudge;
  nudge.id = "nudge";
  nudge.changes.push_back({Change::Field::Position, 0, 0, std::nullopt, 1.0});
  cycling.interventions.push_back(nudge);
  Scenario settling = cycling;
  settling.responses[0].slope.value = 0.5;
  for (const auto& [scenario, expected] : {std::pair{cycling, 6}, std::pair{settling, 0}}) {
    const auto s = std::make_shared<const Scenario>(scenario);
    RunRequest req;
    req.scenario = s;
    req.models = {{"compromise:mean", 0, {}}};
    McOptions o;
    o.request = prepare(req);
    o.runs = 6;
    const McSamples mc = run_monte_carlo(o);
    EXPECT_EQ(
        summarize_monte_carlo(o, mc, run_point(o))["models"][0]["runs_with_unsettled_responses"],
        expected);
    McOptions w = o;
    req.interventions = {"nudge"};
    w.request = prepare(req);
    const Json j = summarize_whatif(w, mc, run_monte_carlo(w), run_point(o), run_point(w));
    EXPECT_EQ(j["models"][0]["runs_with_unsettled_responses"]["baseline"], expected);
    EXPECT_EQ(j["models"][0]["runs_with_unsettled_responses"]["with"], expected);
  }
}

}  // namespace statecraft
