// The YAML loader accepts a valid scenario and rejects every kind of mistake with the
// file, line and column of the problem and what was expected.
#include "io/scenario_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/errors.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

const char* kValid = R"(scenario: tiny
as_of: 2021-09-07
sources:
  s1: {title: A source}
actors:
  - {id: A, name: Alpha, capability: {value: 2, range: [1, 3], source: s1}}
  - {id: B, name: Beta, capability: {value: 1, source: s1}}
institutions:
  - {id: council, kind: veto, veto: [A], source: s1}
issues:
  - id: x
    scale: {min: 0, max: 100, low: none, high: all}
    institution: council
    status_quo: {value: 50, source: s1}
    positions:
      A: {position: 10, range: [0, 20], salience: 80, salience_range: [70, 90], source: s1}
      B: {position: 90, salience: 40, capability: 5, source: [s1], note: n}
  - id: y
    scale: {min: -1, max: 1, low: no, high: yes}
    positions:
      A: {position: 0.5, salience: 10, source: s1}
links:
  - {issues: [x, y], actors: [A], source: s1}
interventions:
  - id: push
    source: s1
    changes:
      - {actor: A, issue: x, field: position, set: 30}
      - {actor: B, field: capability, shift: 1}
outcomes:
  - {issue: x, date: 2020-01-01, value: 40, source: s1}
)";

TEST(ScenarioLoader, ReadsAValidScenario) {
  const auto s = test::scenario_from_yaml(kValid);
  EXPECT_EQ(s->id, "tiny");
  ASSERT_EQ(s->actors.size(), 2u);
  EXPECT_EQ(s->actors[0].capability.value, 2);
  ASSERT_EQ(s->issues.size(), 2u);
  const Issue& x = s->issues[0];
  EXPECT_EQ(x.stances[0].salience.value, 0.8);
  EXPECT_EQ(x.stances[0].salience.range->first, 0.7);
  EXPECT_EQ(x.stances[1].capability->value, 5);
  EXPECT_EQ(*x.institution, "council");
  EXPECT_EQ(x.status_quo->value, 50);
  EXPECT_EQ(s->institutions[0].veto_holders, std::vector<std::size_t>{0});
  EXPECT_EQ(s->links[0].issues, (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(s->interventions[0].changes.size(), 2u);
  EXPECT_EQ(*s->interventions[0].changes[0].set, 30);
  EXPECT_EQ(*s->interventions[0].changes[1].shift, 1);
  EXPECT_EQ(s->outcomes[0].value, 40);
  const IssueData d = issue_data(*s, 0);
  EXPECT_EQ(d.capability, (std::vector<double>{2, 5}));  // per-issue override applies
}

struct BadCase {
  std::string name;
  std::string from, to;  // edit applied to kValid
  std::string message;   // substring expected in the first problem
  int line;              // expected line of the first problem (0 = any)
};

std::string edit(const std::string& base, const std::string& from, const std::string& to) {
  const auto at = base.find(from);
  EXPECT_NE(at, std::string::npos) << "test setup: '" << from << "' not in the base scenario";
  std::string out = base;
  return out.replace(at, from.size(), to);
}

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, ReportsWhereAndWhat) {
  const BadCase& c = GetParam();
  const std::string yaml = edit(kValid, c.from, c.to);
  try {
    test::scenario_from_yaml(yaml);
    FAIL() << "accepted: " << c.name;
  } catch (const ScenarioError& e) {
    ASSERT_FALSE(e.problems().empty());
    const Problem& p = e.problems().front();
    EXPECT_EQ(p.where.file, "test.yaml");
    EXPECT_THAT(p.message, HasSubstr(c.message));
    if (c.line) {
      EXPECT_EQ(p.where.line, c.line) << p.str();
      EXPECT_GT(p.where.column, 0) << p.str();
    }
    EXPECT_EQ(e.exit_code(), 2);
  }
}

const BadCase kBadCases[] = {
    {"unknown actor in a position", "B: {position: 90", "C: {position: 90", "unknown actor 'C'",
     17},
    {"salience above 100", "salience: 80,", "salience: 180,", "180 is outside [0, 100]", 16},
    {"negative salience", "salience: 40,", "salience: -4,", "-4 is outside [0, 100]", 17},
    {"position outside the scale", "position: 10,", "position: 110,", "outside the scale [0, 100]",
     16},
    {"missing source on a position", "salience: 10, source: s1}", "salience: 10}",
     "missing required key 'source'", 21},
    {"unknown source key", "capability: 5, source: [s1]", "capability: 5, source: [s9]",
     "unknown source 's9'", 17},
    {"duplicate actor id", "{id: B, name: Beta", "{id: A, name: Beta", "duplicate actor id 'A'", 7},
    {"duplicate issue id", "- id: y", "- id: x", "duplicate issue id 'x'", 18},
    {"unknown top-level key", "as_of: 2021-09-07", "as_off: 2021-09-07", "unknown key 'as_off'", 2},
    {"unknown key in a position", "salience: 10, source: s1}",
     "salience: 10, source: s1, weight: 3}", "unknown key 'weight'", 21},
    {"duplicate key", "  s1: {title: A source}", "  s1: {title: A source}\n  s1: {title: again}",
     "duplicate key 's1'", 5},
    {"text where a number belongs", "position: 10,", "position: high,",
     "expected a number, got 'high'", 16},
    {"NaN", "position: 10,", "position: .nan,", "expected a", 16},
    {"infinite capability", "value: 2, range", "value: .inf, range", "expected a", 6},
    {"range not containing the value", "range: [0, 20]", "range: [20, 30]",
     "does not contain the value 10", 16},
    {"reversed range", "range: [0, 20]", "range: [20, 0]", "low end 20 is above high end 0", 16},
    {"scale with min above max", "{min: 0, max: 100,", "{min: 100, max: 0,", "must be below max",
     12},
    {"missing scale end description", "low: none, high: all", "low: none",
     "missing required key 'high'", 12},
    {"unknown institution", "institution: council", "institution: senate",
     "unknown institution 'senate'", 13},
    {"veto by unknown actor", "veto: [A]", "veto: [Z]", "unknown actor 'Z'", 9},
    {"link to one issue", "issues: [x, y]", "issues: [x, x]", "two or more different issues", 23},
    {"change for an actor without a position", "{actor: A, issue: x, field: position, set: 30}",
     "{actor: A, issue: y, field: salience, set: 30}\n      - {actor: B, issue: y, field: "
     "position, set: 0}",
     "actor 'B' has no position on issue 'y'", 0},
    {"change with set and shift", "field: position, set: 30}",
     "field: position, set: 30, shift: 2}", "exactly one of 'set'", 28},
    {"change of an unknown field", "field: position, set: 30", "field: power, set: 30",
     "expected position, salience or capability", 28},
    {"outcome outside the scale", "value: 40, source: s1}", "value: 400, source: s1}",
     "outside the scale [0, 100]", 31},
    {"bad date", "date: 2020-01-01", "date: 2020-13-01", "expected a date", 31},
    {"negative capability", "{value: 1, source: s1}", "{value: -1, source: s1}", "expected >= 0",
     7},
    {"empty actor list",
     "actors:\n  - {id: A, name: Alpha, capability: {value: 2, range: [1, 3], source: s1}}\n  - "
     "{id: B, "
     "name: Beta, capability: {value: 1, source: s1}}",
     "actors: []", "expected at least one actor", 0},
    {"no weight on an issue", "A: {position: 0.5, salience: 10, source: s1}",
     "A: {position: 0.5, salience: 0, source: s1}", "at least one actor needs positive", 0},
    {"bad id characters", "scenario: tiny", "scenario: 'tiny scenario!'", "expected an id", 1},
    {"list where a map belongs", "sources:\n  s1: {title: A source}", "sources: [a, b]",
     "expected a map, got a list", 3},
    {"YAML syntax error", "  - {id: B, name: Beta,", "  - {id: B, name: [Beta,", "invalid YAML", 0},
};

INSTANTIATE_TEST_SUITE_P(Cases, BadScenario, ::testing::ValuesIn(kBadCases), [](const auto& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

TEST(ScenarioLoader, ReportsEveryProblemNotJustTheFirst) {
  std::string yaml = edit(kValid, "salience: 80,", "salience: 180,");
  yaml = edit(yaml, "value: 40, source: s1}", "value: 400, source: s1}");
  try {
    test::scenario_from_yaml(yaml);
    FAIL();
  } catch (const ScenarioError& e) {
    // the bad salience also falls outside its own range: three problems in all
    EXPECT_EQ(e.problems().size(), 3u) << e.what();
  }
}

TEST(ScenarioLoader, EmptyAndMissingFiles) {
  EXPECT_THROW(test::scenario_from_yaml(""), ScenarioError);
  EXPECT_THROW(test::scenario_from_yaml("just text"), ScenarioError);
  EXPECT_THROW(io::load_scenario_file("/nonexistent/file.yaml"), InputError);
}

}  // namespace
}  // namespace statecraft
