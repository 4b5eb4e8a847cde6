// The responses solver (issue 14): slope 0 is the plain run bit for bit, responses never
// leave the scale, thread count never matters, cycles and non-convergence are reported.
#include "experiments/responses.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <iostream>

#include "core/registry.h"
#include "experiments/institutions.h"
#include "experiments/package_deals.h"
#include "experiments/sampling.h"
#include "io/input_file.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

std::size_t issue_of(const Scenario& s, const std::string& id) { return *s.issue_index(id); }
std::size_t actor_of(const Scenario& s, const std::string& id) { return *s.actor_index(id); }

Response response(const Scenario& s, const std::string& actor, const std::string& issue,
                  const std::string& driver_issue, double slope, double reference,
                  std::optional<std::string> driver_actor = std::nullopt) {
  Response r;
  r.actor = actor_of(s, actor);
  r.issue = issue_of(s, issue);
  r.driver_issue = issue_of(s, driver_issue);
  if (driver_actor) r.driver_actor = actor_of(s, *driver_actor);
  r.slope.value = slope;
  r.reference = reference;
  return r;
}

RunModel runner(const std::string& spec, int threads = 1, int rounds = 0) {
  const ModelSpec m = parse_model_spec(spec);
  return [m, threads, rounds](const Scenario& s) {
    ModelOptions o;
    o.variant = m.variant;
    o.threads = threads;
    o.rounds = rounds;
    o.seed = 7;
    ModelResult r = m.model->run(s, o);
    apply_institutions(s, r);
    return r;
  };
}

Json as_json(const ModelResult& r) {
  Json j = Json::array();
  for (const auto& i : r.issues)
    j.push_back({{"issue", i.issue},
                 {"outcome", i.outcome},
                 {"trajectory", i.trajectory},
                 {"detail", i.detail}});
  return {{"issues", j}, {"detail", r.detail}};
}

// Russia's position on pressure follows US-Russia relations; China's follows Russia's.
Scenario korea_with_responses(double slope) {
  Scenario s = [] {  // the Korean numbers without their own responses: each test adds its own
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  s.responses.push_back(
      response(s, "RUS", "denuclearization_pressure", "us_russia_relations", slope, 30));
  s.responses.push_back(response(s, "CHN", "denuclearization_pressure", "denuclearization_pressure",
                                 slope / 2, 30, "RUS"));
  return s;
}

TEST(Responses, SlopeZeroReproducesThePlainRunBitForBit) {
  const Scenario plain =
      [] {  // the Korean numbers without their own responses: each test adds its own
        Scenario k = *io::load_default_scenario();
        k.responses.clear();
        return k;
      }();
  const Scenario zero = korea_with_responses(0.0);
  for (const char* spec : {"compromise:mean", "compromise:median", "bdm", "smp", "exchange"}) {
    SCOPED_TRACE(spec);
    const auto run = runner(spec);
    const ResponseRun coupled = run_with_responses(zero, run);
    EXPECT_EQ(as_json(coupled.result).dump(), as_json(run(plain)).dump());
    EXPECT_TRUE(coupled.diagnostics["converged"].get<bool>());
    EXPECT_EQ(coupled.diagnostics["iterations"], 1);
  }
}

TEST(Responses, WithoutResponsesItIsOnePlainRun) {
  const Scenario plain =
      [] {  // the Korean numbers without their own responses: each test adds its own
        Scenario k = *io::load_default_scenario();
        k.responses.clear();
        return k;
      }();
  int calls = 0;
  const auto run = runner("bdm");
  const ResponseRun r = run_with_responses(plain, [&](const Scenario& s) {
    ++calls;
    return run(s);
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(as_json(r.result).dump(), as_json(run(plain)).dump());
  EXPECT_EQ(r.diagnostics["status"], "no responses");
}

TEST(Responses, AFeedbackMovesTheForecastTheWayTheSlopeSays) {
  // Compromise is monotone: better relations -> Russia (and China) press harder.
  Scenario warm = korea_with_responses(0.5), cold = warm;
  const std::size_t rel = issue_of(warm, "us_russia_relations");
  for (auto& st : warm.issues[rel].stances) st.position.value = 90;
  for (auto& st : cold.issues[rel].stances) st.position.value = 10;
  const auto run = runner("compromise:mean");
  const auto w = run_with_responses(warm, run), c = run_with_responses(cold, run);
  const std::size_t p = issue_of(warm, "denuclearization_pressure");
  EXPECT_TRUE(w.diagnostics["converged"].get<bool>());
  EXPECT_GT(w.result.issues[p].outcome, c.result.issues[p].outcome + 5);
  // The per-response report traces the shift to its driver.
  const Json& rus = w.diagnostics["per_response"][0];
  EXPECT_EQ(rus["actor"], "RUS");
  EXPECT_EQ(rus["driver"], "outcome of us_russia_relations");
  EXPECT_NEAR(rus["driver_value"].get<double>(), 90, 1e-9);
  EXPECT_NEAR(rus["shift"].get<double>(), 0.5 * (90 - 30), 1e-9);
  // China reads Russia's responded position (dependency order), not its stated one.
  const Json& chn = w.diagnostics["per_response"][1];
  EXPECT_NEAR(chn["driver_value"].get<double>(), rus["value"].get<double>(), 1e-12);
}

TEST(Responses, FixedPointIsSelfConsistent) {
  // Russia's relations position responds to the relations outcome it helps make.
  Scenario s = [] {  // the Korean numbers without their own responses: each test adds its own
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  s.responses.push_back(response(s, "RUS", "us_russia_relations", "us_russia_relations", 0.4, 30));
  const auto run = runner("compromise:mean");
  const ResponseRun r = run_with_responses(s, run);
  ASSERT_TRUE(r.diagnostics["converged"].get<bool>()) << r.diagnostics.dump(2);
  EXPECT_GT(r.diagnostics["iterations"].get<int>(), 2);
  const Json& e = r.diagnostics["per_response"][0];
  const double outcome = r.result.issues[issue_of(s, "us_russia_relations")].outcome;
  EXPECT_NEAR(e["driver_value"].get<double>(), outcome, 1e-6);
  EXPECT_NEAR(e["value"].get<double>(), e["base"].get<double>() + 0.4 * (outcome - 30), 1e-6);
}

// One actor alone on an issue whose position answers its own outcome with slope -1:
// 50 -> 40 -> 50 -> ... a 2-cycle.
Scenario two_cycle() {
  Scenario s = *test::one_issue_scenario({{1, 50, 0.5}});
  Response r;
  r.slope.value = -1;
  r.reference = 40;
  s.responses.push_back(r);
  return s;
}

TEST(Responses, ATwoCycleIsDetectedAndReported) {
  const ResponseRun r = run_with_responses(two_cycle(), runner("compromise:mean"));
  const Json& d = r.diagnostics;
  EXPECT_FALSE(d["converged"].get<bool>());
  EXPECT_EQ(d["status"], "cycle");
  ASSERT_TRUE(d["cycle"].is_object()) << d.dump(2);
  EXPECT_EQ(d["cycle"]["period"], 2);
  std::vector<double> values;
  for (const auto& st : d["cycle"]["states"]) values.push_back(st["values"].begin()->get<double>());
  EXPECT_THAT(values, ::testing::UnorderedElementsAre(50.0, 40.0));
  EXPECT_LT(d["iterations"].get<int>(), ResponseOptions{}.max_iterations);
}

TEST(Responses, TheCycleMeanIsAnOption) {
  const ResponseRun last = run_with_responses(two_cycle(), runner("compromise:mean"));
  EXPECT_EQ(last.diagnostics["cycle"]["mean_outcomes"]["x"], 45);
  EXPECT_EQ(last.diagnostics["cycle_forecast"], "last_run");
  ResponseOptions o;
  o.cycle_forecast = ResponseOptions::CycleForecast::CycleMean;
  const ResponseRun mean = run_with_responses(two_cycle(), runner("compromise:mean"), o);
  EXPECT_EQ(mean.result.issues[0].outcome, 45);
  EXPECT_EQ(mean.result.issues[0].detail["responses_cycle"]["last_run_outcome"],
            last.result.issues[0].outcome);
  EXPECT_EQ(mean.diagnostics["cycle_forecast"], "cycle_mean");
}

TEST(Responses, DampingTurnsTheTwoCycleIntoConvergence) {
  ResponseOptions o;
  o.damping = 0.5;
  const ResponseRun r = run_with_responses(two_cycle(), runner("compromise:mean"), o);
  EXPECT_TRUE(r.diagnostics["converged"].get<bool>()) << r.diagnostics.dump(2);
  EXPECT_NEAR(r.result.issues[0].outcome, 45, 1e-9);  // x = 50 - (x - 40)
}

TEST(Responses, NonConvergenceIsReportedNotTruncatedSilently) {
  // A chaotic "model" (the logistic map) fed back to itself never settles or repeats.
  Scenario s = *test::one_issue_scenario({{1, 50, 0.5}});
  Response r;
  r.slope.value = 1;
  r.reference = 50;
  s.responses.push_back(r);
  const RunModel logistic = [](const Scenario& sc) {
    const double p = sc.issues[0].stances[0].position.value / 100;
    ModelResult m;
    m.model = "logistic";
    m.issues.push_back({sc.issues[0].id, {}, {}, 100 * 3.9 * p * (1 - p) + 0.1, {}});
    return m;
  };
  ResponseOptions o;
  o.max_iterations = 30;
  const ResponseRun out = run_with_responses(s, logistic, o);
  EXPECT_EQ(out.diagnostics["status"], "max_iterations");
  EXPECT_FALSE(out.diagnostics["converged"].get<bool>());
  EXPECT_EQ(out.diagnostics["iterations"], 30);
  EXPECT_EQ(out.diagnostics["residuals"].size(), 30u);
  EXPECT_GT(out.diagnostics["residual"].get<double>(), o.tolerance);
}

TEST(Responses, ResultsDoNotDependOnThreadCount) {
  const Scenario s = korea_with_responses(0.6);
  for (const char* spec : {"bdm", "smp", "exchange"}) {
    SCOPED_TRACE(spec);
    const auto one = run_with_responses(s, runner(spec, 1));
    const auto two = run_with_responses(s, runner(spec, 2));
    EXPECT_EQ(as_json(one.result).dump(), as_json(two.result).dump());
    EXPECT_EQ(one.diagnostics.dump(), two.diagnostics.dump());
  }
}

// The Korean default with Russia's (and China's) pressure following relations: every
// default model either converges or says precisely why not; the numbers go to the log.
TEST(Responses, KoreanResponsesInEveryDefaultModelConvergeOrSayWhyNot) {
  const Scenario s = korea_with_responses(0.5);
  for (const char* spec : {"compromise:mean", "compromise:median", "bdm", "smp", "exchange"}) {
    SCOPED_TRACE(spec);
    const auto r = run_with_responses(s, runner(spec));
    const Json& d = r.diagnostics;
    std::cout << spec << ": " << d["status"] << " after " << d["iterations"] << " runs, residual "
              << d["residual"] << "\n";
    EXPECT_EQ(d["residuals"].size(), d["iterations"].get<std::size_t>());
    if (d["converged"].get<bool>())
      EXPECT_LE(d["residual"].get<double>(), ResponseOptions{}.tolerance);
    else if (d["status"] == "cycle") {
      EXPECT_GE(d["cycle"]["period"].get<int>(), 2);
      std::cout << "  cycle: period " << d["cycle"]["period"] << ", mean outcomes "
                << d["cycle"]["mean_outcomes"].dump() << "\n";
      ResponseOptions damped;
      damped.damping = 0.5;
      const Json dd = run_with_responses(s, runner(spec), damped).diagnostics;
      std::cout << "  damping 0.5: " << dd["status"] << " after " << dd["iterations"] << "\n";
    } else
      EXPECT_EQ(d["iterations"], ResponseOptions{}.max_iterations);
  }
}

TEST(Responses, AnInterventionThatSetsAValuePinsItAShiftMovesTheBase) {
  Scenario s = korea_with_responses(0.5);
  const std::size_t rus = actor_of(s, "RUS"), pressure = issue_of(s, "denuclearization_pressure");
  Intervention iv;
  iv.id = "deal";
  Change set;
  set.actor = rus;
  set.issue = pressure;
  set.set = 80;
  iv.changes.push_back(set);
  Scenario pinned = s;
  apply_intervention(iv, pinned);
  pin_set_responses(iv.changes, pinned);
  const auto run = runner("compromise:mean");
  const Json p = run_with_responses(pinned, run).diagnostics["per_response"];
  EXPECT_EQ(p[0]["value"], 80);         // Russia committed to 80: relations no longer move it
  EXPECT_EQ(p[1]["driver_value"], 80);  // China still follows Russia
  iv.changes[0].set.reset();
  iv.changes[0].shift = 10;
  Scenario shifted = s;
  apply_intervention(iv, shifted);
  pin_set_responses(iv.changes, shifted);
  const Json q = run_with_responses(shifted, run).diagnostics["per_response"];
  const Json plain = run_with_responses(s, run).diagnostics["per_response"];
  EXPECT_DOUBLE_EQ(q[0]["base"].get<double>(), plain[0]["base"].get<double>() + 10);
  EXPECT_DOUBLE_EQ(q[0]["shift"].get<double>(), plain[0]["shift"].get<double>());
}

TEST(Responses, AWhatIfIsTracedToTheResponsesThatCarryIt) {
  const Scenario s = korea_with_responses(0.5);
  Scenario with = s;
  apply_intervention(find_intervention(s, "us_engages_russia"), with);
  const auto run = runner("bdm");
  const auto b = run_with_responses(s, run), w = run_with_responses(with, run);
  const Json e = response_effects(b.diagnostics, w.diagnostics);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0]["actor"], "RUS");
  EXPECT_GT(e[0]["driver_with"].get<double>(), e[0]["driver_baseline"].get<double>());
  // Relations warm, so Russia presses harder, by slope x the driver's move.
  EXPECT_NEAR(e[0]["change"].get<double>(),
              0.5 * (e[0]["driver_with"].get<double>() - e[0]["driver_baseline"].get<double>()),
              1e-9);
  EXPECT_GT(e[1]["change"].get<double>(), 0);  // and China follows Russia
}

TEST(Responses, ACycleAmongPositionDriversIsATypedError) {
  Scenario s = [] {  // the Korean numbers without their own responses: each test adds its own
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  s.responses.push_back(
      response(s, "RUS", "denuclearization_pressure", "denuclearization_pressure", 0.5, 50, "CHN"));
  s.responses.push_back(
      response(s, "CHN", "denuclearization_pressure", "denuclearization_pressure", 0.5, 50, "RUS"));
  try {
    run_with_responses(s, runner("compromise:mean"));
    FAIL() << "expected a ResponseError";
  } catch (const ResponseError& e) {
    EXPECT_THAT(e.problems()[0].str(), HasSubstr("cycle"));
    EXPECT_THAT(e.problems()[0].str(), HasSubstr("RUS position on denuclearization_pressure"));
    EXPECT_THAT(e.problems()[0].str(), HasSubstr("responses[0]"));
  }
}

TEST(Responses, AResponseWithoutAStanceIsATypedError) {
  Scenario s = [] {  // the Korean numbers without their own responses: each test adds its own
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  s.issues[issue_of(s, "us_russia_relations")].stances.erase(
      s.issues[issue_of(s, "us_russia_relations")].stances.begin());
  s.responses.push_back(response(s, "RUS", "denuclearization_pressure", "us_russia_relations", 0.5,
                                 50, s.actors[0].id));
  EXPECT_THROW(run_with_responses(s, runner("compromise:mean")), ResponseError);
}

RC_GTEST_PROP(Responses, NeverPushAPositionOffItsScale, ()) {
  Scenario s = [] {  // the Korean numbers without their own responses: each test adds its own
    Scenario k = *io::load_default_scenario();
    k.responses.clear();
    return k;
  }();
  const double slope = *rc::gen::inRange(-400, 401) / 10.0;
  const double reference = *rc::gen::inRange(-50, 151);
  const bool bounded = *rc::gen::arbitrary<bool>();
  Response r =
      response(s, "RUS", "denuclearization_pressure", "us_russia_relations", slope, reference);
  if (bounded) r.bounds = std::pair(20.0, 70.0);
  s.responses.push_back(r);
  s.responses.push_back(response(s, "CHN", "sanctions_enforcement", "denuclearization_pressure",
                                 -slope, reference, "RUS"));
  Response sal = response(s, "USA", "us_russia_relations", "negotiation_format", slope / 50, 50);
  sal.field = Response::Field::Salience;
  s.responses.push_back(sal);
  const auto run = runner("compromise:mean");
  const ResponseRun out = run_with_responses(s, [&](const Scenario& in) {
    for (const auto& is : in.issues)
      for (const auto& st : is.stances) {
        RC_ASSERT(st.position.value >= is.scale.min);
        RC_ASSERT(st.position.value <= is.scale.max);
        RC_ASSERT(st.salience.value >= 0.0);
        RC_ASSERT(st.salience.value <= 1.0);
      }
    return run(in);
  });
  const double v = out.diagnostics["per_response"][0]["value"].get<double>();
  RC_ASSERT(v >= (bounded ? 20.0 : 0.0));
  RC_ASSERT(v <= (bounded ? 70.0 : 100.0));
}

}  // namespace
}  // namespace statecraft
