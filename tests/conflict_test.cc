// Conflicts in scenario YAML and gmcr-py files: what is accepted, and every mistake
// reported with where it is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/conflict_text.h"
#include "core/errors.h"
#include "io/conflict_json.h"
#include "io/gmcr_file.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "models/gmcr/build.h"
#include "models/gmcr/stability.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

const char* kBase = R"(scenario: c
sources: {s: {title: t}}
actors:
  - {id: A, name: Alpha, capability: {value: 1, source: s}}
issues:
  - {id: x, scale: {min: 0, max: 1, low: a, high: b}, positions: {A: {position: 0, salience: 50, source: s}}}
conflicts:
  - id: game
    source: s
    decision_makers:
      - id: A
        options:
          - {id: a1, source: s}
          - {id: a2, source: s, direction: forward}
        preferences: {statements: ["a1 & !b1", "a2 | b1"], source: s}
      - id: B
        options:
          - {id: b1, source: s}
        preferences: {ranking: [[b1], [], [a1, b1], [a1], [a2], [a2, b1], [a1, a2]], source: s}
    infeasible: ["a1 & a2 & b1"]
    status_quo: [a1]
)";

std::string edit(const std::string& from, const std::string& to) {
  std::string out = kBase;
  const auto at = out.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return out.replace(at, from.size(), to);
}

TEST(ConflictYaml, ReadsDecisionMakersOptionsAndPreferences) {
  const auto s = test::scenario_from_yaml(kBase);
  ASSERT_EQ(s->conflicts.size(), 1u);
  const auto& c = s->conflicts[0];
  EXPECT_EQ(c.dms.size(), 2u);
  EXPECT_EQ(c.dms[0].actor, std::optional<std::size_t>(0));  // A names the actor
  EXPECT_FALSE(c.dms[1].actor.has_value());
  EXPECT_EQ(c.options[1].direction, OptionDirection::Forward);
  EXPECT_EQ(c.dms[0].preference.statements.size(), 2u);
  EXPECT_EQ(c.dms[0].preference.statements[1].size(), 2u);  // an OR of two
  EXPECT_EQ(*c.status_quo, 1u);
  const auto conflict = gmcr::build_conflict(c);
  EXPECT_EQ(conflict.states.size(), 7u);  // 8 minus the infeasible a1 & a2 & b1
}

struct Bad {
  std::string name, from, to, message;
};
void PrintTo(const Bad& b, std::ostream* os) { *os << b.name; }
class BadConflict : public ::testing::TestWithParam<Bad> {};

TEST_P(BadConflict, IsAScenarioErrorWithLocation) {
  const auto& b = GetParam();
  try {
    const auto s = test::scenario_from_yaml(edit(b.from, b.to));
    for (const auto& c : s->conflicts) gmcr::build_conflict(c);
    FAIL() << "accepted " << b.name;
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.problems().front().str(), HasSubstr(b.message));
    EXPECT_THAT(e.problems().front().str(), HasSubstr("test.yaml"));
  }
}

const Bad kBad[] = {
    {"unknown option in a statement", "\"a1 & !b1\"", "\"a1 & !c9\"", "unknown option 'c9'"},
    {"empty literal", "\"a1 & !b1\"", "\"a1 & \"", "expected option ids"},
    {"unknown status quo option", "status_quo: [a1]", "status_quo: [zz]", "unknown option 'zz'"},
    {"duplicate option id", "{id: a2, source: s, direction: forward}", "{id: a1, source: s}",
     "duplicate option id 'a1'"},
    {"statements and ranking", "preferences: {statements: [\"a1 & !b1\", \"a2 | b1\"], source: s}",
     "preferences: {statements: [a1], ranking: [[a1]], source: s}", "exactly one of 'statements'"},
    {"bad direction", "direction: forward", "direction: sideways",
     "expected both, forward or backward"},
    {"unknown source", "- {id: b1, source: s}", "- {id: b1, source: nope}",
     "unknown source 'nope'"},
    {"incomplete ranking", ", [a1, a2]]", "]", "incomplete"},
    {"ranking repeats a state", "[b1], [], [a1, b1]", "[b1], [b1], [a1, b1]", "twice"},
    {"empty feasible set", "infeasible: [\"a1 & a2 & b1\"]", "infeasible: [\"a1\", \"!a1\"]",
     "rule out every state"},
    {"infeasible status quo", "status_quo: [a1]", "status_quo: [a1, a2, b1]", "infeasible"},
    {"a single decision maker", "      - id: B\n", "      - id: B\n        misperceived: [oops]\n",
     "unknown option 'oops'"},
};

INSTANTIATE_TEST_SUITE_P(Cases, BadConflict, ::testing::ValuesIn(kBad), [](const auto& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

TEST(GmcrFile, ErrorsNameTheField) {
  auto fails_with = [](const std::string& text, const std::string& message) {
    try {
      io::load_gmcr_text(text, "g.gmcr");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ImportError& e) {
      EXPECT_THAT(e.problems().front().str(), HasSubstr(message)) << text;
      EXPECT_THAT(e.problems().front().str(), HasSubstr("g.gmcr"));
    }
  };
  fails_with("{not json", "invalid JSON");
  fails_with("[]", "expected a JSON object");
  fails_with(R"({"options": []})", "non-empty list of options");
  fails_with(R"({"options": [{"name": "o"}], "decisionMakers": [{"name": "D", "options": [3]}]})",
             "expected an option index 0..0");
  fails_with(R"({"options": [{"name": "o", "permittedDirection": "up"}], "decisionMakers": []})",
             "expected both, fwd or back");
  fails_with(
      R"({"options": [{"name": "o"}, {"name": "p"}], "decisionMakers": [{"name": "D", "options": [0]}]})",
      "no decision maker controls this option");
  fails_with(R"({"options": [{"name": "o"}], "useManualPreferenceRanking": true,
                 "decisionMakers": [{"name": "D", "options": [0], "preferenceRanking": [1, 9]}]})",
             "expected a state number 1..2");
  fails_with(R"({"options": [{"name": "o"}], "decisionMakers": [{"name": "D", "options": [0],
                 "preferences": [[[0, "maybe"]]]}]})",
             "expected \"Y\" or \"N\"");
}

TEST(Conflicts, KoreaHasThePatronGameAndTheTrilateral) {
  const auto s = io::load_default_scenario();
  ASSERT_GE(s->conflicts.size(), 2u);
  const auto& patron = s->conflicts[0];
  EXPECT_EQ(patron.id, "patron_game");
  for (const auto& o : patron.options) EXPECT_FALSE(o.sources.empty()) << o.id;
  for (const auto& d : patron.dms) EXPECT_FALSE(d.preference.sources.empty()) << d.id;
  // The real 2021 trilateral status quo (Russia declines, pushes six-party talks) is stable.
  const auto findings =
      registry().default_conflict_model().analyse(s->conflicts[1], {}, RunContext{});
  const Json doc = io::conflict_document(findings);
  const auto eq = doc["status_quo"]["equilibrium_under"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(eq.begin(), eq.end(), "Nash"), eq.end());
  EXPECT_THAT(cli::conflict_summary(*findings), HasSubstr("Russia stays, because"));
}

TEST(Conflicts, SameTablesOnAnyThreadCount) {
  const auto spec =
      io::load_gmcr_file(test::source_path("data/reference/gmcr/bench/dm4_opt3.gmcr"));
  const auto c = gmcr::build_conflict(spec);
  gmcr::AnalysisOptions one, two;
  two.threads = 2;
  const auto a = gmcr::analyse(c, one), b = gmcr::analyse(c, two);
  for (auto k : gmcr::kConcepts) EXPECT_EQ(a.stable[int(k)], b.stable[int(k)]);
}

TEST(Conflicts, TheGraphModelIsTheRegistrysConflictKind) {
  ASSERT_EQ(registry().conflict_models().size(), 1u);
  const ConflictModel& m = registry().default_conflict_model();
  EXPECT_EQ(m.name(), "gmcr");
  EXPECT_EQ(&registry().conflict_model("gmcr"), &m);
  EXPECT_THROW(registry().conflict_model("bdm"), OptionError);
  EXPECT_EQ(m.variants().front().name, "textbook");
  const Json listed = io::models_to_json(registry());
  EXPECT_EQ(listed.back()["kind"], "conflict");
  EXPECT_EQ(listed.front()["kind"], "issues");

  const auto s = test::scenario_from_yaml(kBase);
  const auto& spec = s->conflicts[0];
  auto fails = [&](ConflictOptions o, const char* field) {
    try {
      m.analyse(spec, o, {});
      ADD_FAILURE() << "accepted a bad " << field;
    } catch (const OptionError& e) {
      EXPECT_THAT(e.what(), HasSubstr(field));
    }
  };
  ConflictOptions bad;
  bad.variant = "fuzzy";
  fails(bad, "--semantics");
  bad = {};
  bad.concepts = {"Pareto"};
  fails(bad, "--concept");
  bad = {};
  bad.coalitions = {{"nobody"}};
  fails(bad, "--coalition");
  bad = {};
  bad.status_quo = "zz";
  fails(bad, "--status-quo");
  bad = {};
  bad.threads = 0;
  fails(bad, "threads");
  // Asking for fewer concepts shows fewer; the status quo given is the one analysed.
  ConflictOptions some;
  some.concepts = {"Nash", "GMR"};
  some.status_quo = "none";
  const auto f = m.analyse(spec, some, {});
  const Json doc = io::conflict_document(f);
  EXPECT_EQ(doc["equilibria"].size(), 2u);
  EXPECT_EQ(doc["status_quo"]["state"]["decimal"], 0);
}

TEST(Conflicts, ParseStateForms) {
  const auto s = test::scenario_from_yaml(kBase);
  const auto& spec = s->conflicts[0];
  EXPECT_EQ(gmcr::parse_state(spec, "a1,b1"), 5u);
  EXPECT_EQ(gmcr::parse_state(spec, "YNY"), 5u);
  EXPECT_EQ(gmcr::parse_state(spec, "5"), 5u);
  EXPECT_EQ(gmcr::parse_state(spec, "none"), 0u);
  EXPECT_THROW(gmcr::parse_state(spec, "zz"), OptionError);
}

}  // namespace
}  // namespace statecraft
