#include "models/procedural/model.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/errors.h"
#include "io/scenario_writer.h"
#include "test_support.h"

namespace statecraft {
namespace {

// Five voting members (weights 10, 10, 5, 3, 2 of 30) at 2, 5, 7, 9, 10 on [0, 10]; the
// agenda setter Commission votes not. Each test fills in the rule, the setter's ideal and
// the status quo.
std::string council(const std::string& rule, double setter, const std::string& status_quo) {
  return fmt::format(R"(
scenario: council
sources:
  gen: {{title: generated for the test}}
actors:
  - {{id: A, name: A, capability: {{value: 10, source: [gen]}}}}
  - {{id: B, name: B, capability: {{value: 10, source: [gen]}}}}
  - {{id: C, name: C, capability: {{value: 5, source: [gen]}}}}
  - {{id: D, name: D, capability: {{value: 3, source: [gen]}}}}
  - {{id: E, name: E, capability: {{value: 2, source: [gen]}}}}
  - {{id: Commission, name: Commission, capability: {{value: 1, source: [gen]}}}}
institutions:
  - id: council
    kind: voting
    {}
    votes: {{A: 10, B: 10, C: 5, D: 3, E: 2}}
    agenda_setter: Commission
    source: [gen]
issues:
  - id: x
    scale: {{min: 0, max: 10, low: less, high: more}}
    institution: council
    {}
    positions:
      A: {{position: 2, salience: 50, source: [gen]}}
      B: {{position: 5, salience: 50, source: [gen]}}
      C: {{position: 7, salience: 50, source: [gen]}}
      D: {{position: 9, salience: 50, source: [gen]}}
      E: {{position: 10, salience: 50, source: [gen]}}
      Commission: {{position: {}, salience: 50, source: [gen]}}
)",
                     rule, status_quo, setter);
}

double outcome(const std::string& yaml) {
  const auto s = test::scenario_from_yaml(yaml);
  return make_procedural_model()->run(*s, ModelOptions{}).issues[0].outcome;
}

const std::string kMajority = "rule: majority";
const std::string kQmv = "rule: qualified\n    threshold: 71.3";
const std::string kUnanimity = "rule: unanimity";
const std::string kSq1 = "status_quo: {value: 1, source: [gen]}";

// Hand-derived. With sq = 1 each member accepts any x up to its mirror of the status quo,
// 2p - 1: A 3, B 9, C 13, D 17, E 19. From the top: E, D, C, B reach 20 of 30 votes at 9,
// a majority; a 71.3% or unanimous coalition needs A too, so only up to 3.
TEST(Procedural, SetterProposalHandDerived) {
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 10, kSq1)), 9);
  EXPECT_DOUBLE_EQ(outcome(council(kQmv, 10, kSq1)), 3);
  EXPECT_DOUBLE_EQ(outcome(council(kUnanimity, 10, kSq1)), 3);
  EXPECT_DOUBLE_EQ(outcome(council("rule: qualified\n    threshold: 60", 10, kSq1)), 9);
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 6, kSq1)), 6);  // the setter stops at its ideal
}

// sq = 8: only D and E (5 votes) would move up; the setter at 10 gets nothing. Towards a
// setter at 1, A and B reach 20 votes down to 2 B's mirror 2*5 - 8 = 2.
TEST(Procedural, StatusQuoSurvivesWithoutAWinningCoalition) {
  const std::string sq8 = "status_quo: {value: 8, source: [gen]}";
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 10, sq8)), 8);
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 1, sq8)), 2);
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 8, sq8)), 8);
}

// No status quo: the setter's ideal clamped to the core. Majority: the weighted median 5.
// 71.3%: [2, 7] (no 21.39-vote coalition lies wholly on one side of a point in it).
// Unanimity: the Pareto set [2, 10].
TEST(Procedural, WithoutStatusQuoTheSetterPicksWithinTheCore) {
  EXPECT_DOUBLE_EQ(outcome(council(kMajority, 10, "")), 5);
  EXPECT_DOUBLE_EQ(outcome(council(kQmv, 10, "")), 7);
  EXPECT_DOUBLE_EQ(outcome(council(kUnanimity, 10, "")), 10);
  EXPECT_DOUBLE_EQ(outcome(council(kUnanimity, 1, "")), 2);
}

TEST(Procedural, ExactThresholdsCount) {
  VotingProcedure q;
  q.rule = VotingProcedure::Rule::Qualified;
  q.threshold = 0.75;
  EXPECT_TRUE(procedural::carries(q, 3, 4));
  EXPECT_FALSE(procedural::carries(q, 2.9, 4));
  VotingProcedure m;
  EXPECT_FALSE(procedural::carries(m, 2, 4));  // half is not a majority
  EXPECT_TRUE(procedural::carries(m, 2.5, 4));
}

TEST(Procedural, WithoutAVotingInstitutionTheCapabilityWeightedMedian) {
  const auto s = test::one_issue_scenario({{1, 10, 0.9}, {1, 20, 0.1}, {3, 70, 0.1}});
  EXPECT_EQ(make_procedural_model()->run(*s, ModelOptions{}).issues[0].outcome, 70);
}

TEST(Procedural, VotingInstitutionRoundTripsThroughTheWriter) {
  const auto s = test::scenario_from_yaml(council(kQmv, 10, kSq1));
  ASSERT_TRUE(s->institutions[0].voting);
  EXPECT_DOUBLE_EQ(s->institutions[0].voting->threshold, 0.713);
  const auto back = test::scenario_from_yaml(io::scenario_to_yaml(*s));
  ASSERT_TRUE(back->institutions[0].voting);
  EXPECT_EQ(back->institutions[0].voting->threshold, s->institutions[0].voting->threshold);
  EXPECT_EQ(back->institutions[0].voting->votes, s->institutions[0].voting->votes);
  EXPECT_EQ(back->institutions[0].voting->agenda_setter, 5u);
}

std::string load_error(const std::string& yaml) {
  try {
    test::scenario_from_yaml(yaml);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "loaded";
}

TEST(Procedural, BadVotingInstitutionsAreLocatedErrors) {
  EXPECT_NE(load_error(council("rule: plurality", 10, kSq1)).find("expected majority, qualified"),
            std::string::npos);
  EXPECT_NE(load_error(council("rule: qualified", 10, kSq1)).find("needs 'threshold'"),
            std::string::npos);
  EXPECT_NE(load_error(council("rule: qualified\n    threshold: 40", 10, kSq1)).find("(50, 100]"),
            std::string::npos);
  EXPECT_NE(load_error(council("rule: majority\n    threshold: 60", 10, kSq1))
                .find("only a qualified rule"),
            std::string::npos);
  std::string no_setter_stance = council(kMajority, 10, kSq1);
  no_setter_stance.erase(no_setter_stance.find("      Commission: {position"));
  EXPECT_NE(load_error(no_setter_stance).find("agenda setter 'Commission'"), std::string::npos);
  const std::string located = load_error(council("rule: plurality", 10, kSq1));
  EXPECT_NE(located.find(":15:"), std::string::npos) << located;  // the line of `rule:`
}

// On random bodies: the proposal lies between the status quo and the setter's ideal, a
// winning coalition weakly prefers it to the status quo, and any point a little further
// towards the setter would lose.
TEST(Procedural, ProposalIsTheSettersBestWinningPointOnRandomBodies) {
  const bool ok = rc::check("setter proposal", [] {
    VotingProcedure rule;
    rule.rule = VotingProcedure::Rule(*rc::gen::inRange(0, 3));
    rule.threshold = *rc::gen::inRange(51, 101) / 100.0;
    const auto n = *rc::gen::inRange<std::size_t>(1, 10);
    std::vector<procedural::Voter> voters;
    double total = 0;
    for (std::size_t k = 0; k < n; ++k) {
      voters.push_back({*rc::gen::inRange(0, 101) / 10.0, double(*rc::gen::inRange(1, 30))});
      total += voters.back().weight;
    }
    const double sq = *rc::gen::inRange(0, 101) / 10.0, setter = *rc::gen::inRange(0, 101) / 10.0;
    const double x = procedural::setter_proposal(rule, voters, setter, sq);
    RC_ASSERT(x >= std::min(sq, setter) && x <= std::max(sq, setter));
    auto accepted = [&](double y) {
      double w = 0;
      for (const auto& v : voters)
        if (std::abs(y - v.ideal) <= std::abs(sq - v.ideal) + 1e-12) w += v.weight;
      return procedural::carries(rule, w, total);
    };
    if (x != sq) RC_ASSERT(accepted(x));
    if (x != setter) RC_ASSERT(!accepted(x + (setter > sq ? 1e-6 : -1e-6)));
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace statecraft
