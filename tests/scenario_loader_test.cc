// The YAML loader accepts a valid scenario and rejects every kind of mistake with the
// file, line and column of the problem and what was expected.
#include "io/scenario_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "io/input_file.h"
#include "io/scenario_writer.h"
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
    scale: {min: 0, max: 100, low: none, high: all, points: {50: half, 0: none at all}}
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
  - {issue: x, actor: B, date: 2020-01-01, value: 85, source: s1}
responses:
  - {actor: B, issue: x, driver: {issue: y}, slope: {value: 10, range: [0, 20]}, bounds: [50, 100], source: s1}
  - {actor: A, issue: y, field: salience, driver: {issue: x, actor: B}, slope: {value: 0.1}, reference: 80, source: s1}
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
  EXPECT_FALSE(s->outcomes[0].actor.has_value());
  EXPECT_EQ(s->outcomes[1].actor, std::optional<std::size_t>(1));
  EXPECT_EQ(x.scale.points, (std::map<double, std::string>{{0, "none at all"}, {50, "half"}}));
  ASSERT_EQ(s->responses.size(), 2u);
  const Response& r0 = s->responses[0];
  EXPECT_EQ(r0.actor, 1u);
  EXPECT_EQ(r0.issue, 0u);
  EXPECT_EQ(r0.driver_issue, 1u);
  EXPECT_FALSE(r0.driver_actor.has_value());
  EXPECT_EQ(r0.slope.value, 10);
  EXPECT_EQ(r0.slope.sources, std::vector<std::string>{"s1"});  // the response's, by default
  EXPECT_EQ(r0.bounds, std::make_pair(50.0, 100.0));
  EXPECT_FALSE(r0.reference_stated);
  EXPECT_EQ(r0.reference, 0.5);  // default: weighted mean of y's positions (only A, at 0.5)
  const Response& r1 = s->responses[1];
  EXPECT_EQ(r1.field, Response::Field::Salience);
  EXPECT_EQ(r1.driver_actor, std::optional<std::size_t>(1));
  EXPECT_DOUBLE_EQ(r1.slope.value, 0.001);  // salience points per unit -> [0, 1] scale
  EXPECT_TRUE(r1.reference_stated);
  EXPECT_EQ(r1.reference, 80);
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
    {"scale point off the scale", "points: {50: half", "points: {150: half",
     "150 is outside the scale", 12},
    {"scale point described twice", "points: {50: half", "points: {50.0: again, 50: half",
     "described twice", 12},
    {"outcome of an actor without a position", "{issue: x, actor: B,", "{issue: y, actor: B,",
     "'B' has no position on issue 'y'", 32},
    {"outcome of an unknown actor", "{issue: x, actor: B,", "{issue: x, actor: Q,",
     "unknown actor 'Q'", 32},
    {"response onto its own driver", "driver: {issue: y}", "driver: {issue: x}",
     "cannot drive a position on that same issue", 34},
    {"response to its own position", "{issue: x, actor: B}, slope", "{issue: y, actor: A}, slope",
     "cannot respond to its own position on 'y'", 35},
    {"response by an actor without a position", "actor: B, issue: x, driver: {issue: y}",
     "actor: B, issue: y, driver: {issue: x}", "has no position on issue 'y' to respond", 34},
    {"response driven by an unknown actor", "actor: B}, slope", "actor: Q}, slope",
     "unknown actor 'Q'", 35},
    {"response driven by an actor without a position there", "{issue: x, actor: B}, slope",
     "{issue: y, actor: B}, slope", "'B' has no position on issue 'y'", 35},
    {"response bounds off the scale", "bounds: [50, 100]", "bounds: [50, 120]",
     "reach outside the scale", 34},
    {"response bounds leave out the stance", "bounds: [50, 100]", "bounds: [0, 50]",
     "must contain the stated position 90", 34},
    {"slope range without the slope", "range: [0, 20]}, bounds", "range: [11, 20]}, bounds",
     "does not contain the value 10", 34},
    {"response reference off the driver's scale", "reference: 80", "reference: 800",
     "outside the driver issue's scale", 35},
    {"response field unknown", "field: salience, driver", "field: power, driver",
     "expected position or salience", 35},
    {"response without a source", ", reference: 80, source: s1}", ", reference: 80}",
     "missing required key 'source'", 35},
    {"response declared twice", "  - {actor: A, issue: y, field: salience",
     "  - {actor: B, issue: x, driver: {issue: y}, slope: {value: 1}, source: s1}\n  - {actor: A, "
     "issue: y, field: salience",
     "declared twice", 35},
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

TEST(ScenarioLoader, ACycleThroughActorPositionDriversIsAnError) {
  // A's position on x follows B's on y, and B's on y follows A's on x: no order to compute.
  std::string yaml = edit(kValid, "      A: {position: 0.5, salience: 10, source: s1}",
                          "      A: {position: 0.5, salience: 10, source: s1}\n      B: {position: "
                          "0, salience: 10, source: s1}");
  yaml += "  - {actor: A, issue: x, driver: {issue: y, actor: B}, slope: {value: 1}, source: s1}\n";
  yaml +=
      "  - {actor: B, issue: y, driver: {issue: x, actor: A}, slope: {value: 0.1}, source: s1}\n";
  try {
    test::scenario_from_yaml(yaml);
    FAIL() << "accepted a cycle";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("a cycle through actor-position drivers"));
  }
  // Through an outcome driver the same loop is the solver's business, not an error.
  yaml = edit(yaml, "driver: {issue: x, actor: A}", "driver: {issue: x}");
  EXPECT_NO_THROW(test::scenario_from_yaml(yaml));
}

TEST(ScenarioLoader, OneTargetMayHaveSeveralDrivers) {
  // B's position on x follows y's outcome (in kValid) and also A's position on x.
  const std::string yaml =
      std::string(kValid) +
      "  - {actor: B, issue: x, driver: {issue: x, actor: A}, slope: {value: 0.5}, source: s1}\n";
  const auto s = test::scenario_from_yaml(yaml);
  ASSERT_EQ(s->responses.size(), 3u);
  EXPECT_EQ(s->responses[2].driver_actor, std::optional<std::size_t>(0));
  EXPECT_EQ(s->responses[2].reference, 10);  // default: A's stated position on x
}

TEST(ScenarioLoader, WriterRoundTripsResponsesPointsAndActorOutcomes) {
  const auto s = test::scenario_from_yaml(kValid);
  const std::string yaml = io::scenario_to_yaml(*s);
  const auto again = io::load_scenario_text(yaml, "again.yaml");
  EXPECT_EQ(io::scenario_to_yaml(*again), yaml);
  EXPECT_EQ(again->issues[0].scale.points, s->issues[0].scale.points);
  ASSERT_EQ(again->responses.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const Response &a = s->responses[k], &b = again->responses[k];
    EXPECT_EQ(a.actor, b.actor);
    EXPECT_EQ(a.field, b.field);
    EXPECT_EQ(a.driver_issue, b.driver_issue);
    EXPECT_EQ(a.driver_actor, b.driver_actor);
    EXPECT_EQ(a.slope.value, b.slope.value);
    EXPECT_EQ(a.slope.range, b.slope.range);
    EXPECT_EQ(a.bounds, b.bounds);
    EXPECT_EQ(a.reference, b.reference);
    EXPECT_EQ(a.reference_stated, b.reference_stated);
  }
  EXPECT_EQ(again->outcomes[1].actor, s->outcomes[1].actor);
}

// Dated snapshots: a file that `extends` another restates only what changed.
class Snapshots : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("statecraft_snapshots_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "sub");
    write("base.yaml", kValid);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(Snapshots, MergesByIdAndKeepsIndices) {
  const std::string path = write("sub/later.yaml", R"(scenario: tiny-later
extends: ../base.yaml
as_of: 2022-01-01
sources:
  s2: {title: A later source}
actors:
  - {id: B, name: Beta renamed, capability: {value: 3, source: s2}}
  - {id: C, name: Gamma, capability: {value: 1, source: s2}}
issues:
  - id: x
    positions:
      B: {position: 70, salience: 50, source: s2}
      C: {position: 20, salience: 50, source: s2}
  - id: z
    scale: {min: 0, max: 1, low: off, high: on}
    positions:
      C: {position: 1, salience: 100, source: s2}
responses:
  - {actor: B, issue: x, driver: {issue: y}, slope: {value: 5}, source: s2}
interventions:
  - id: push
    source: s2
    changes:
      - {actor: C, issue: x, field: position, set: 0}
outcomes:
  - {issue: x, date: 2020-01-01, value: 45, source: s2}
  - {issue: z, date: 2023-01-01, value: 1, source: s2}
)");
  const auto s = io::load_scenario_file(path);
  EXPECT_EQ(s->id, "tiny-later");
  EXPECT_EQ(s->as_of, "2022-01-01");
  EXPECT_EQ(s->title, "");
  ASSERT_EQ(s->actors.size(), 3u);
  EXPECT_EQ(s->actors[1].name, "Beta renamed");  // replaced in place
  EXPECT_EQ(s->actors[1].capability.value, 3);
  ASSERT_EQ(s->issues.size(), 3u);
  const Issue& x = s->issues[0];
  EXPECT_EQ(x.scale.points.size(), 2u);  // inherited scale
  EXPECT_EQ(x.institution, "council");   // inherited
  ASSERT_EQ(x.stances.size(), 3u);       // A inherited, B replaced, C added
  EXPECT_EQ(x.stances[0].position.value, 10);
  EXPECT_EQ(x.stances[1].position.value, 70);
  EXPECT_FALSE(x.stances[1].capability.has_value());  // a restated stance is replaced whole
  EXPECT_EQ(x.stances[2].actor, 2u);
  ASSERT_EQ(s->responses.size(), 2u);  // B's on x replaced, A's salience one inherited
  EXPECT_EQ(s->responses[0].slope.value, 5);
  EXPECT_FALSE(s->responses[0].bounds.has_value());
  ASSERT_EQ(s->interventions.size(), 1u);
  EXPECT_EQ(s->interventions[0].changes.size(), 1u);
  EXPECT_EQ(s->links.size(), 1u);
  // x 2020-01-01 restated (45), B's own outcome kept, z added.
  ASSERT_EQ(s->outcomes.size(), 3u);
  EXPECT_EQ(s->outcomes[0].actor, std::optional<std::size_t>(1));
  EXPECT_EQ(s->outcomes[1].value, 45);
  EXPECT_EQ(s->outcomes[2].issue, 2u);
}

TEST_F(Snapshots, DefaultReferencesFollowTheSnapshotsOwnPositions) {
  const std::string path = write("moved.yaml", R"(scenario: moved
extends: base.yaml
issues:
  - id: y
    positions:
      A: {position: -0.5, salience: 10, source: s1}
)");
  const auto s = io::load_scenario_file(path);
  EXPECT_EQ(s->responses[0].reference, -0.5);
}

TEST_F(Snapshots, ProblemsNameTheFileThatHasThem) {
  struct Case {
    std::string text, file_suffix, message;
    int line;
  };
  const Case cases[] = {
      {"scenario: a\nextends: missing.yaml\n", "bad.yaml", "cannot read 'missing.yaml'", 2},
      {"scenario: a\nextends: bad.yaml\n", "bad.yaml", "already in the chain", 2},
      {"scenario: a\nextends: base.yaml\nissues:\n  - id: x\n    positions:\n      Q: "
       "{position: 1, salience: 1, source: s1}\n",
       "bad.yaml", "unknown actor 'Q'", 6},
      {"scenario: a\nextends: base.yaml\nissues:\n  - id: x\n    scale: {min: 0, max: 50, low: "
       "a, high: b}\n",
       "bad.yaml", "inherited position of 'B' (90) is not on the new", 5},
      {"scenario: a\nextends: base.yaml\nas_of: 2001\n", "bad.yaml", "before 2021-09-07", 3},
      {"scenario: a\nextends: base.yaml\nissues:\n  - id: new\n", "bad.yaml",
       "missing required key 'scale'", 4},
      {"scenario: a\nextends: base.yaml\nissues:\n  - id: y\n    positions:\n      A: "
       "{position: 1, salience: 1, source: s1}\n      A: {position: 1, salience: 1, source: s1}\n",
       "bad.yaml", "duplicate key 'A'", 7},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    const std::string path = write(c.file_suffix, c.text);
    try {
      io::load_scenario_file(path);
      FAIL() << "accepted";
    } catch (const ScenarioError& e) {
      const Problem& p = e.problems().front();
      EXPECT_EQ(p.where.file, path);
      EXPECT_THAT(p.message, HasSubstr(c.message));
      EXPECT_EQ(p.where.line, c.line) << p.str();
    }
  }
  // A problem inside the extended file is reported there.
  write("base.yaml", edit(kValid, "salience: 80,", "salience: 180,"));
  const std::string path = write("ok.yaml", "scenario: a\nextends: base.yaml\n");
  try {
    io::load_scenario_file(path);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.problems().front().where.file, (dir_ / "ok.yaml").parent_path() / "base.yaml");
  }
}

TEST(ScenarioLoader, EmbeddedDefaultLoadsItsWholeChainFromAnyDirectory) {
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(std::filesystem::temp_directory_path());
  ScenarioPtr s;
  EXPECT_NO_THROW(s = io::load_default_scenario());
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(s);
  const auto file = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  EXPECT_EQ(io::scenario_to_yaml(*s), io::scenario_to_yaml(*file));
}

TEST(ScenarioLoader, UploadsExtendOnlyTheBuiltInScenarios) {
  const std::string text =
      "scenario: mine\nextends: korea_2019.yaml\nas_of: 2020-01-01\nissues:\n  - id: "
      "us_russia_relations\n    positions:\n      USA: {position: 40, salience: 50, source: "
      "bandow2019}\n";
  const auto s = io::load_scenario_text(text, "upload.yaml", io::embedded_scenario_files());
  EXPECT_EQ(s->issues[*s->issue_index("us_russia_relations")].stances[0].position.value, 40);
  try {
    io::load_scenario_text("scenario: x\nextends: /etc/hostname\n", "upload.yaml",
                           io::embedded_scenario_files());
    FAIL() << "read a file from disk";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("not one of the scenarios built into statecraft"));
    EXPECT_EQ(e.problems().front().where.line, 2);
  }
}

TEST(ScenarioLoader, EmptyAndMissingFiles) {
  EXPECT_THROW(test::scenario_from_yaml(""), ScenarioError);
  EXPECT_THROW(test::scenario_from_yaml("just text"), ScenarioError);
  EXPECT_THROW(io::load_scenario_file("/nonexistent/file.yaml"), InputError);
}

}  // namespace
}  // namespace statecraft
