// The property suite every registered model must pass: determinism across thread counts
// and repeated runs, outcomes and trajectories inside the scale, invariance to actor
// order where the model claims it, and typed errors on bad options.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/errors.h"
#include "core/registry.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "test_support.h"

namespace statecraft {
namespace {

struct Case {
  const Model* model;
  std::string variant;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.model->name() << ":" << c.variant; }

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const Model* m : registry().models())
    for (const auto& v : m->variants()) out.push_back({m, v.name});
  return out;
}

std::string run_bytes(const Scenario& s, const Case& c, int threads) {
  ModelOptions o;
  o.variant = c.variant;
  o.threads = threads;
  o.seed = 7;
  return io::result_json_text(s, {c.model->run(s, o)});
}

class ModelProperties : public ::testing::TestWithParam<Case> {};

TEST_P(ModelProperties, SameBytesOnAnyThreadCountAndRepeat) {
  const auto korea = io::load_default_scenario();
  const std::string one = run_bytes(*korea, GetParam(), 1);
  EXPECT_EQ(one, run_bytes(*korea, GetParam(), 1));
  EXPECT_EQ(one, run_bytes(*korea, GetParam(), 2));
  EXPECT_EQ(one, run_bytes(*korea, GetParam(), 4));
}

TEST_P(ModelProperties, KoreanOutcomesInsideScale) {
  const auto korea = io::load_default_scenario();
  ModelOptions o;
  o.variant = GetParam().variant;
  const auto r = GetParam().model->run(*korea, o);
  ASSERT_EQ(r.issues.size(), korea->issues.size());
  for (std::size_t i = 0; i < r.issues.size(); ++i) {
    const Scale& sc = korea->issues[i].scale;
    EXPECT_GE(r.issues[i].outcome, sc.min);
    EXPECT_LE(r.issues[i].outcome, sc.max);
    EXPECT_EQ(r.model, GetParam().model->name());
    EXPECT_EQ(r.variant, GetParam().variant);
  }
}

TEST_P(ModelProperties, BadOptionsAreTypedErrors) {
  const auto korea = io::load_default_scenario();
  const Model& m = *GetParam().model;
  ModelOptions bad_variant;
  bad_variant.variant = "no-such-variant";
  EXPECT_THROW(m.run(*korea, bad_variant), OptionError);
  ModelOptions bad_rounds;
  bad_rounds.rounds = -1;
  EXPECT_THROW(m.run(*korea, bad_rounds), OptionError);
  ModelOptions bad_threads;
  bad_threads.threads = 0;
  EXPECT_THROW(m.run(*korea, bad_threads), OptionError);
  ModelOptions bad_param;
  bad_param.params["no_such_parameter"] = "1";
  EXPECT_THROW(m.run(*korea, bad_param), OptionError);
}

TEST_P(ModelProperties, CancelTokenStopsTheRun) {
  const auto korea = io::load_default_scenario();
  std::atomic<bool> cancel{true};
  RunContext context;
  context.cancel = &cancel;
  ModelOptions o;
  o.variant = GetParam().variant;
  EXPECT_THROW(GetParam().model->run(*korea, o, context), Cancelled);
}

// Random one-issue scenarios: positions, capabilities and saliences drawn continuously.
rc::Gen<std::vector<test::ActorRow>> rows_gen() {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(2, 12), [](std::size_t n) {
    return rc::gen::container<std::vector<test::ActorRow>>(
        n, rc::gen::map(rc::gen::tuple(rc::gen::inRange(1, 100000), rc::gen::inRange(0, 1000000),
                                       rc::gen::inRange(1, 100000)),
                        [](const std::tuple<int, int, int>& t) {
                          return test::ActorRow{std::get<0>(t) / 1e5, std::get<1>(t) / 1e4,
                                                std::get<2>(t) / 1e5};
                        }));
  });
}

TEST_P(ModelProperties, RandomScenariosStayInsideScale) {
  const Case c = GetParam();
  const bool ok = rc::check("outcome and trajectory inside [0, 100]", [c] {
    const auto rows = *rows_gen();
    const auto s = test::one_issue_scenario(rows);
    ModelOptions o;
    o.variant = c.variant;
    const auto r = c.model->run(*s, o);
    RC_ASSERT(r.issues[0].outcome >= 0.0 && r.issues[0].outcome <= 100.0);
    for (const auto& round : r.issues[0].trajectory)
      for (double x : round) RC_ASSERT(x >= 0.0 && x <= 100.0);
  });
  EXPECT_TRUE(ok);
}

TEST_P(ModelProperties, ActorOrderInvarianceWhereClaimed) {
  const Case c = GetParam();
  if (!c.model->actor_order_invariant(c.variant))
    GTEST_SKIP() << "variant is order dependent by design";
  const bool ok = rc::check("reversing and rotating the actors changes no outcome", [c] {
    auto rows = *rows_gen();
    const auto shift = *rc::gen::inRange<std::size_t>(0, rows.size());
    ModelOptions o;
    o.variant = c.variant;
    const double base = c.model->run(*test::one_issue_scenario(rows), o).issues[0].outcome;
    std::reverse(rows.begin(), rows.end());
    std::rotate(rows.begin(), rows.begin() + long(shift), rows.end());
    const double permuted = c.model->run(*test::one_issue_scenario(rows), o).issues[0].outcome;
    RC_ASSERT(std::abs(base - permuted) <= 1e-9);
  });
  EXPECT_TRUE(ok);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.model->name() + "_" + info.param.variant;
}

// Typed parameters: every declared default runs, and every value outside a parameter's
// declared range or choices is an OptionError naming it.
TEST_P(ModelProperties, DeclaredParametersRunAtTheirDefaultsAndRejectOutOfRange) {
  const auto korea = io::load_default_scenario();
  const Case& c = GetParam();
  for (const auto& p : c.model->params()) {
    SCOPED_TRACE(p.name);
    ModelOptions o;
    o.variant = c.variant;
    o.params[p.name] = p.default_value;
    EXPECT_NO_THROW(c.model->run(*korea, o));
    std::vector<std::string> bad = {"not-a-value"};
    if (p.type != ParamSpec::Type::Choice) {
      if (std::isfinite(p.max)) bad.push_back(fmt::format("{}", p.max + 1));
      if (std::isfinite(p.min)) bad.push_back(fmt::format("{}", p.min - 1));
      bad.push_back("nan");
    }
    for (const auto& value : bad) {
      o.params[p.name] = value;
      try {
        c.model->run(*korea, o);
        ADD_FAILURE() << p.name << "=" << value << " was accepted";
      } catch (const OptionError& e) {
        EXPECT_NE(std::string(e.what()).find(p.name), std::string::npos) << e.what();
      }
    }
  }
}

// A model declares whether it is stochastic; the declaration must match what seeds do.
TEST_P(ModelProperties, SeedDependenceMatchesTheDeclaration) {
  const auto korea = io::load_default_scenario();
  const Case& c = GetParam();
  std::set<std::string> results;
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    ModelOptions o;
    o.variant = c.variant;
    o.seed = seed;
    o.rounds = c.model->default_rounds() ? 5 : 0;
    Json trajectories = Json::array();  // the result without the seed it records
    for (const auto& ir : c.model->run(*korea, o).issues) trajectories.push_back(ir.trajectory);
    results.insert(trajectories.dump());
  }
  if (c.model->stochastic(c.variant))
    EXPECT_GT(results.size(), 1u) << "declared stochastic, but four seeds gave one result";
  else
    EXPECT_EQ(results.size(), 1u) << "declared deterministic, but seeds changed the result";
}

INSTANTIATE_TEST_SUITE_P(AllModels, ModelProperties, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace statecraft
