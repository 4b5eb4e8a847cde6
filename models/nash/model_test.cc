#include "models/nash/model.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "test_support.h"

namespace statecraft {
namespace {

// A one-issue scenario on [0, 10] with an optional status quo.
ScenarioPtr issue_with(const std::vector<test::ActorRow>& rows, std::optional<double> sq) {
  Scenario s = *test::one_issue_scenario(rows, 0, 10);
  if (sq) s.issues[0].status_quo = Quantity{*sq, std::nullopt, {"gen"}, ""};
  return std::make_shared<const Scenario>(std::move(s));
}

IssueResult run(const Scenario& s, const std::string& variant) {
  ModelOptions o;
  o.variant = variant;
  return make_nash_model()->run(s, o).issues[0];
}

// Hand-derived: sq = 0, ideals 2 and 4, equal weights, U = -(x - p)^2. The gains are
// x(4 - x) and x(8 - x); the first-order condition 2/x = 1/(4 - x) + 1/(8 - x) gives
// x^2 - 9x + 16 = 0, x = (9 - sqrt 17) / 2.
TEST(Nash, QuadraticTwoActorsHandDerived) {
  const auto s = issue_with({{1, 2, 0.5}, {1, 4, 0.5}}, 0.0);
  const auto r = run(*s, "quadratic");
  EXPECT_NEAR(r.outcome, (9 - std::sqrt(17.0)) / 2, 1e-12);
  EXPECT_FALSE(r.detail["gridlock"].get<bool>());
  EXPECT_NEAR(r.detail["feasible"][0].get<double>(), 0, 1e-15);
  EXPECT_NEAR(r.detail["feasible"][1].get<double>(), 4, 1e-15);  // the nearer actor's mirror of sq
}

// Linear utility, same actors: on (2, 4) the condition is -w1/(4 - x) + w2/x = 0, so
// x = 4 w2 / (w1 + w2) there; with w1 = w2 that is 2 (the kink at the first ideal), with
// w2 = 3 w1 it is 3.
TEST(Nash, LinearTwoActorsHandDerived) {
  EXPECT_NEAR(run(*issue_with({{1, 2, 0.5}, {1, 4, 0.5}}, 0.0), "linear").outcome, 2, 1e-12);
  EXPECT_NEAR(run(*issue_with({{1, 2, 0.25}, {1, 4, 0.75}}, 0.0), "linear").outcome, 3, 1e-12);
}

TEST(Nash, ActorAloneGetsItsIdeal) {
  for (const char* v : {"quadratic", "linear"})
    EXPECT_NEAR(run(*issue_with({{1, 7, 0.5}}, 1.0), v).outcome, 7, 1e-12) << v;
}

TEST(Nash, ActorsOnBothSidesOfTheStatusQuoMeanGridlock) {
  const auto r = run(*issue_with({{1, 2, 0.5}, {5, 9, 0.9}, {1, 8, 0.1}}, 5.0), "quadratic");
  EXPECT_EQ(r.outcome, 5);
  EXPECT_TRUE(r.detail["gridlock"].get<bool>());
  EXPECT_EQ(r.detail["blocking"].size(), 3u);
}

TEST(Nash, ActorAtTheStatusQuoBlocksAnyChange) {
  const auto r = run(*issue_with({{1, 6, 0.5}, {1, 9, 0.5}, {0.1, 3, 0.2}}, 3.0), "linear");
  EXPECT_EQ(r.outcome, 3);
  EXPECT_EQ(r.detail["blocking"], Json::array({"A2"}));
  // With no salience it has nothing at stake and does not bargain.
  const auto free = run(*issue_with({{1, 6, 0.5}, {1, 9, 0.5}, {0.1, 3, 0}}, 3.0), "linear");
  EXPECT_GT(free.outcome, 3);
}

// No status quo: each actor's disagreement point is its worst point on the scale. Ideals 2
// and 8 on [0, 10], radius 8 each; gains (10 - x)(x + 6) and x(16 - x). Equal weights: 5 by
// symmetry. Weights 3:1: the first-order condition 3(x - 2)/((10 - x)(x + 6)) +
// (x - 8)/(x(16 - x)) = 0 is the cubic 2x^3 - 33x^2 + 34x + 240 = 0, root 3.8186...
TEST(Nash, WithoutStatusQuoUsesEachActorsWorstPoint) {
  const auto sym = run(*issue_with({{1, 2, 0.5}, {1, 8, 0.5}}, std::nullopt), "quadratic");
  EXPECT_NEAR(sym.outcome, 5, 1e-12);
  EXPECT_FALSE(sym.detail["status_quo_given"].get<bool>());
  const double x = run(*issue_with({{3, 2, 0.5}, {1, 8, 0.5}}, std::nullopt), "quadratic").outcome;
  EXPECT_NEAR(x, 3.8185962315584185, 1e-10);
  EXPECT_NEAR(2 * x * x * x - 33 * x * x + 34 * x + 240, 0, 1e-9);
}

TEST(Nash, MirroringTheScaleMirrorsTheOutcome) {
  const auto a = run(*issue_with({{2, 6, 0.4}, {1, 8, 0.7}, {3, 9, 0.2}}, 1.5), "quadratic");
  const auto b = run(*issue_with({{2, 4, 0.4}, {1, 2, 0.7}, {3, 1, 0.2}}, 8.5), "quadratic");
  EXPECT_NEAR(a.outcome, 10 - b.outcome, 1e-10);
  EXPECT_GT(a.outcome, 1.5);
  EXPECT_LT(a.outcome, 9);
}

// The solver against brute force: on random bargainers and status quo, the outcome is
// feasible and no point of a fine grid over the feasible interval does better.
TEST(Nash, SolverBeatsAGridOnRandomProblems) {
  const bool ok = rc::check("nash optimum", [] {
    const auto n = *rc::gen::inRange<std::size_t>(1, 8);
    const double sq = *rc::gen::inRange(0, 1001) / 100.0;
    // Half the problems have every ideal above the status quo (else gridlock is likely).
    const bool one_side = *rc::gen::arbitrary<bool>();
    std::vector<nash::Bargainer> b;
    for (std::size_t k = 0; k < n; ++k) {
      const double u = *rc::gen::inRange(0, 1001) / 1000.0;
      const double p = one_side ? sq + (10 - sq) * u : 10 * u;
      b.push_back({p, *rc::gen::inRange(1, 1000) / 100.0, std::abs(p - sq)});
    }
    for (auto u : {nash::Utility::Quadratic, nash::Utility::Linear}) {
      const auto s = nash::solve(b, u, 0, 10, sq);
      RC_ASSERT(s.outcome >= s.feasible_low - 1e-12 && s.outcome <= s.feasible_high + 1e-12);
      RC_CLASSIFY(s.gridlock, "gridlock");
      if (s.gridlock) {
        RC_ASSERT(s.outcome == sq);
        continue;
      }
      auto value = [&](double x) {
        double v = 0;
        for (const auto& a : b) {
          const double d = x - a.ideal;
          const double g =
              u == nash::Utility::Quadratic ? a.radius * a.radius - d * d : a.radius - std::abs(d);
          if (g <= 0) return -1e300;
          v += a.weight * std::log(g);
        }
        return v;
      };
      const double best = value(s.outcome);
      for (int i = 1; i < 400; ++i) {
        const double x = s.feasible_low + (s.feasible_high - s.feasible_low) * i / 400.0;
        RC_ASSERT(value(x) <= best + 1e-9);
      }
    }
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace statecraft
