// Non-finite results from finite input (issue 13): every model stays finite on scenarios
// at the documented magnitude bounds (core/magnitudes.h), the loaders reject what lies
// beyond them with a location, check_finite names the first NaN, and `run -o DIR`
// writes all of its files or none.
#include "core/magnitudes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "core/finite_check.h"
#include "core/registry.h"
#include "io/atomic_write.h"
#include "io/bdm_csv.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

struct Row {
  double capability, salience;
  std::vector<double> positions;  // one per issue
};

// Two issues on [min, max] (smp needs more than one dimension to be interesting).
ScenarioPtr bounded_scenario(double min, double max, const std::vector<Row>& rows) {
  auto s = std::make_shared<Scenario>();
  s->id = "bounds";
  s->sources.push_back(Source{"gen", "generated", "", "", "", "", ""});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Actor a;
    a.id = a.name = "A" + std::to_string(i);
    a.capability = Quantity{rows[i].capability, std::nullopt, {"gen"}, ""};
    s->actors.push_back(a);
  }
  for (std::size_t d = 0; d < rows.front().positions.size(); ++d) {
    Issue issue;
    issue.id = "x" + std::to_string(d);
    issue.scale.min = min;
    issue.scale.max = max;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Stance st;
      st.actor = i;
      st.position = Quantity{rows[i].positions[d], std::nullopt, {"gen"}, ""};
      st.salience = Quantity{rows[i].salience, std::nullopt, {"gen"}, ""};
      issue.stances.push_back(st);
    }
    s->issues.push_back(issue);
  }
  check_magnitudes(*s, "bounds");  // the cases must themselves lie within the bounds
  return s;
}

std::vector<ScenarioPtr> scenarios_at_the_bounds() {
  const double M = kMaxScaleMagnitude, cmin = kMinPositiveCapability, cmax = kMaxCapability;
  const double smin = kMinPositiveSalience;
  return {
      // The widest scale, capabilities and saliences from the smallest to the largest.
      bounded_scenario(-M, M,
                       {{cmax, 1, {-M, M}},
                        {cmin, smin, {M, -M}},
                        {1, 0.5, {0, 0}},
                        {cmin, 1, {M / 2, -M / 3}},
                        {cmax, smin, {-M / 7, M}}}),
      // Everyone at the same position at the top of the range (the 1e20 case, bounded).
      bounded_scenario(M - 1, M, {{cmax, 1, {M, M}}, {cmax, 1, {M, M}}, {cmin, smin, {M, M}}}),
      // The narrowest scale allowed at that magnitude.
      bounded_scenario(M - 1, M,
                       {{1, 1, {M - 1, M}}, {2, 0.5, {M, M - 1}}, {3, 0.25, {M - 0.5, M - 0.25}}}),
      // Only the tiniest weights.
      bounded_scenario(0, 1,
                       {{cmin, smin, {0, 1}}, {cmin, smin, {1, 0}}, {cmin, smin, {0.5, 0.5}}}),
      // Only the largest weights, far apart.
      bounded_scenario(-M, M, {{cmax, 1, {-M, -M}}, {cmax, 1, {M, M}}, {cmax, 1, {-M, M}}}),
  };
}

TEST(Magnitudes, EveryModelStaysFiniteAtTheDocumentedBounds) {
  const auto scenarios = scenarios_at_the_bounds();
  for (std::size_t k = 0; k < scenarios.size(); ++k)
    for (const Model* m : registry().models())
      for (const auto& v : m->variants()) {
        const std::string label = m->name() + ":" + v.name;
        ModelOptions o;
        o.variant = v.name;
        o.seed = 1;
        ModelResult r;  // no model may refuse these either
        ASSERT_NO_THROW(r = m->run(*scenarios[k], o)) << label << " scenario " << k;
        EXPECT_NO_THROW(check_finite(r, label)) << label << " scenario " << k;
      }
}

TEST(Magnitudes, LoadersRejectWhatLiesBeyondWithALocation) {
  auto yaml_error = [](const std::string& replace_from, const std::string& replace_to) {
    std::string text = test::read_file(test::source_path("tests/bad_inputs/base_scenario.yaml"));
    const auto at = text.find(replace_from);
    EXPECT_NE(at, std::string::npos) << replace_from;
    text.replace(at, replace_from.size(), replace_to);
    try {
      test::scenario_from_yaml(text);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(yaml_error("{value: 1, source: s1}", "{value: 1e308, source: s1}"),
              AllOf(HasSubstr(":7:"), HasSubstr("capability"), HasSubstr("1e+12")));
  EXPECT_THAT(yaml_error("{value: 1, source: s1}", "{value: 1e-300, source: s1}"),
              HasSubstr(":7:"));
  EXPECT_THAT(yaml_error("{min: -1, max: 1,", "{min: -1e300, max: 1,"),
              AllOf(HasSubstr(":19:"), HasSubstr("scale min")));
  EXPECT_THAT(yaml_error("{min: -1, max: 1,", "{min: 0.9999999999999, max: 1,"),
              AllOf(HasSubstr(":19:"), HasSubstr("too narrow")));
  EXPECT_THAT(yaml_error("capability: 5,", "capability: 5e20,"), HasSubstr(":17:"));
  EXPECT_THAT(yaml_error("salience: 40,", "salience: 1e-300,"), HasSubstr(":17:"));
  EXPECT_THAT(yaml_error("range: [1, 3]", "range: [1, 1e300]"), HasSubstr(":6:"));

  // An importer's table: all positions equal at 1e20 used to give NaN in every model.
  const std::string csv = "Actor,Capability,Position,Salience\nA,1,1e20,0.5\nB,2,1e20,0.5\n";
  try {
    io::load_bdm_csv_text(csv, "far.csv");
    ADD_FAILURE() << "1e20 positions accepted";
  } catch (const ImportError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("far.csv:2:3"), HasSubstr("1e+09")));
  }
  // The last line of defence names the field even without a line.
  auto s = std::make_shared<Scenario>(*test::one_issue_scenario({{1, 0, 0.5}, {1e308, 1, 0.5}}));
  try {
    check_magnitudes(*s, "built.yaml");
    ADD_FAILURE() << "capability 1e308 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("built.yaml (actor 'A1' capability)"));
  }
}

TEST(FiniteCheck, NamesModelIssueRoundAndActorOfTheFirstNaN) {
  ModelResult r;
  r.model = "smp";
  r.issues.push_back({"x", {"A", "B"}, {{1, 2}, {3, 4}}, 2.5, Json::object()});
  EXPECT_NO_THROW(check_finite(r, "smp"));
  r.issues[0].trajectory[1][1] = std::numeric_limits<double>::quiet_NaN();
  try {
    check_finite(r, "smp:statecraft");
    ADD_FAILURE();
  } catch (const NonFiniteResult& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_THAT(e.what(),
                HasSubstr("model smp:statecraft: issue 'x' trajectory round 1 actor 'B'"));
  }
  r.issues[0].trajectory[1][1] = 4;
  r.issues[0].outcome = std::numeric_limits<double>::infinity();
  EXPECT_THROW(check_finite(r, "smp"), NonFiniteResult);
  r.issues[0].outcome = 1;
  r.issues[0].detail["offers"] = Json::array({1.0, std::nan("")});
  try {
    check_finite(r, "smp");
    ADD_FAILURE();
  } catch (const NonFiniteResult& e) {
    EXPECT_THAT(e.what(), HasSubstr("issue 'x' detail offers[1]"));
  }
  r.issues[0].detail = Json::object();
  r.detail["risk"] = {{"A", -std::numeric_limits<double>::infinity()}};
  EXPECT_THROW(check_finite(r, "smp"), NonFiniteResult);
}

TEST(AtomicWrite, SeveralFilesAllOrNone) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "statecraft-all-or-none";
  fs::remove_all(dir);
  fs::create_directories(dir / "c.txt");  // a directory where the last file should go
  EXPECT_THROW(io::write_files_atomically({{(dir / "a.txt").string(), "a"},
                                           {(dir / "b.txt").string(), "b"},
                                           {(dir / "c.txt").string(), "c"}}),
               OutputError);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"c.txt"});  // no a.txt, b.txt or temporaries
  fs::remove(dir / "c.txt");
  io::write_files_atomically({{(dir / "a.txt").string(), "a"}, {(dir / "c.txt").string(), "c"}});
  EXPECT_EQ(test::read_file((dir / "c.txt").string()), "c");
  fs::remove_all(dir);
}

// `run -o DIR` whose last file cannot be written leaves none of the others.
TEST(AtomicWrite, RunWritesAllItsOutputFilesOrNone) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "statecraft-run-all-or-none";
  fs::remove_all(dir);
  fs::create_directories(dir / "out" / "korea-peninsula.html");
  const auto r = test::run_statecraft(dir.string(), "run -m compromise -o out");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("output error"));
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir / "out"))
    left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"korea-peninsula.html"});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace statecraft
