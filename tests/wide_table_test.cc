// The wide issue-table importer (io/wide_table.h, docs/catalogue.md).
#include "io/wide_table.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "core/errors.h"
#include "core/registry.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/scenario_writer.h"
#include "test_support.h"

namespace statecraft {
namespace {

const char* kTable = R"(# scenario: council-sample
# title: A sample of three Council issues
# source: generated for the test
# url: https://example.org/data
# outcome_date: 2004-05
## free comment lines start with two hashes
issue,name,scale_min,scale_max,status_quo,outcome,pos_DE,sal_DE,pos_FR,sal_FR,pos_UK,sal_UK
capability,,,,,,29,,29,,29,
tax,Tax harmonisation,0,100,0,40,100,80,50,,0,90
fish,Fishing quota,0,10,,5,,,2,60,8,40
"green, cars",,0,100,20,,70,50,NA,,30,10
)";

std::string import_error(const std::string& text) {
  try {
    io::load_wide_table_text(text, "t.csv");
  } catch (const ImportError& e) {
    return e.what();
  }
  return "loaded";
}

TEST(WideTable, OneRowPerIssueBecomesOneScenario) {
  ASSERT_TRUE(io::looks_like_wide_table(kTable));
  const auto s = io::load_wide_table_text(kTable, "t.csv");
  EXPECT_EQ(s->id, "council-sample");
  ASSERT_EQ(s->actors.size(), 3u);
  EXPECT_EQ(s->actors[1].id, "FR");
  EXPECT_EQ(s->actors[1].capability.value, 29);
  ASSERT_EQ(s->issues.size(), 3u);
  const Issue& tax = s->issues[0];
  EXPECT_EQ(tax.id, "tax");
  EXPECT_EQ(tax.name, "Tax harmonisation");
  ASSERT_TRUE(tax.status_quo);
  EXPECT_EQ(tax.status_quo->value, 0);
  ASSERT_EQ(tax.stances.size(), 3u);
  EXPECT_DOUBLE_EQ(tax.stances[0].salience.value, 0.8);
  // FR's salience is missing: the stated rule gives 50, and the stance says so.
  EXPECT_DOUBLE_EQ(tax.stances[1].salience.value, 0.5);
  EXPECT_NE(tax.stances[1].note.find("missing-salience rule"), std::string::npos);
  // DE sits `fish` out (empty cells), FR sits the third issue out (NA).
  EXPECT_EQ(s->issues[1].stances.size(), 2u);
  EXPECT_EQ(s->issues[1].scale.max, 10);
  EXPECT_FALSE(s->issues[1].status_quo);
  EXPECT_EQ(s->issues[2].stances.size(), 2u);
  EXPECT_EQ(s->issues[2].name, "green, cars");
  EXPECT_EQ(s->issues[2].id, "green_cars");  // not an id as written: slugged
  // Outcomes with the file-wide date; the third issue has none.
  ASSERT_EQ(s->outcomes.size(), 2u);
  EXPECT_EQ(s->outcomes[0].value, 40);
  EXPECT_EQ(s->outcomes[0].date, "2004-05");
  EXPECT_EQ(s->outcomes[1].issue, 1u);
  // Every number cites the file and the stated source.
  EXPECT_EQ(s->issues[0].stances[0].position.sources,
            (std::vector<std::string>{"input_file", "table_source"}));
  EXPECT_EQ(s->source("table_source")->url, "https://example.org/data");
}

// An imported table is a valid scenario: written as YAML it loads back with the same numbers.
TEST(WideTable, RoundTripsThroughTheScenarioWriter) {
  for (const char* file : {"catalogue/deu3/d07297.csv", "fuzz/corpus/wide_csv/good.csv"}) {
    const auto s = io::load_input(test::source_path(file));
    const auto back = test::scenario_from_yaml(io::scenario_to_yaml(*s));
    ASSERT_EQ(back->issues.size(), s->issues.size()) << file;
    EXPECT_EQ(back->outcomes.size(), s->outcomes.size()) << file;
    for (std::size_t i = 0; i < s->issues.size(); ++i) {
      ASSERT_EQ(back->issues[i].stances.size(), s->issues[i].stances.size()) << file;
      EXPECT_EQ(bool(back->issues[i].status_quo), bool(s->issues[i].status_quo)) << file;
      for (std::size_t k = 0; k < s->issues[i].stances.size(); ++k) {
        EXPECT_EQ(back->issues[i].stances[k].position.value,
                  s->issues[i].stances[k].position.value);
        EXPECT_EQ(back->issues[i].stances[k].salience.value,
                  s->issues[i].stances[k].salience.value);
      }
    }
  }
}

TEST(WideTable, EveryModelRunsTheImportedCatalogue) {
  const auto s = io::load_wide_table_text(kTable, "t.csv");
  for (const Model* m : registry().models()) {
    ModelOptions o;
    EXPECT_NO_THROW(m->run(*s, o)) << m->name();
  }
}

TEST(WideTable, MissingSalienceRuleCanBeChangedOrMadeAnError) {
  const std::string base = "issue,pos_A,sal_A,pos_B,sal_B\ncapability,1,,2,\nx,10,,90,40\n";
  auto s = io::load_wide_table_text("# missing_salience: 20\n" + base, "t.csv");
  EXPECT_DOUBLE_EQ(s->issues[0].stances[0].salience.value, 0.2);
  EXPECT_NE(import_error("# missing_salience: error\n" + base).find("t.csv:4:3"),
            std::string::npos);
}

TEST(WideTable, BadTablesAreLocatedImportErrors) {
  EXPECT_NE(import_error("issue,pos_A\nx,5\n").find("no capability row"), std::string::npos);
  EXPECT_NE(import_error("issue,pos_A,sal_A\ncapability,1,\nx,50,200\n").find("t.csv:3:3"),
            std::string::npos);
  EXPECT_NE(
      import_error("issue,pos_A,bogus\ncapability,1,\nx,5,1\n").find("unknown column 'bogus'"),
      std::string::npos);
  EXPECT_NE(import_error("issue,pos_A,outcome\ncapability,1,\nx,50,3\n").find("give its date"),
            std::string::npos);
  EXPECT_NE(
      import_error("issue,pos_A,scale_max\ncapability,1,\nx,50,10\n").find("outside the scale"),
      std::string::npos);
  EXPECT_NE(import_error("# colour: red\nissue,pos_A\ncapability,1\nx,5\n").find("t.csv:1"),
            std::string::npos);
  EXPECT_NE(import_error("issue,pos_A\ncapability,1\nx,5\nx,6\n").find("duplicate issue"),
            std::string::npos);
  EXPECT_NE(import_error("issue,pos_A,sal_A\ncapability,1,\nx,5,0\n").find("positive capability"),
            std::string::npos);
  EXPECT_NE(import_error("issue,pos_A\ncapability,1\nx,5,7\n").find("t.csv:3"), std::string::npos);
}

// `# voting`, `# agenda_setter` and `# votes` make one voting body for the issues on which
// the setter holds a position (the procedural model reads it).
TEST(WideTable, VotingRuleLines) {
  const std::string body =
      "issue,status_quo,pos_COM,sal_COM,pos_DE,sal_DE,pos_FR,sal_FR,pos_LU,sal_LU\n"
      "capability,,1,,1,,1,,1,\n"
      "a,0,100,50,90,50,40,50,100,50\n"
      "b,0,,,90,50,40,50,100,50\n";
  const std::string meta = "# voting: qualified 70\n# agenda_setter: COM\n";
  const auto s = io::load_wide_table_text(meta + "# votes: DE=10 FR=10 LU=2\n" + body, "t.csv");
  ASSERT_EQ(s->institutions.size(), 1u);
  const VotingProcedure& v = *s->institutions[0].voting;
  EXPECT_EQ(v.rule, VotingProcedure::Rule::Qualified);
  EXPECT_DOUBLE_EQ(v.threshold, 0.7);
  EXPECT_EQ(v.votes.size(), 3u);
  EXPECT_EQ(s->issues[0].institution, "voting");
  EXPECT_FALSE(s->issues[1].institution);  // the setter sits `b` out
  // DE and LU (12 of 22 votes) accept up to 2 * 90 = 180 and 200: short of 70%; with FR
  // (mirror 80) all 22 votes carry up to 80.
  ModelOptions o;
  EXPECT_DOUBLE_EQ(registry().get("procedural").run(*s, o).issues[0].outcome, 80);
  EXPECT_NE(import_error(meta + "# votes: DE=10 XX=3\n" + body).find("unknown actor 'XX'"),
            std::string::npos);
  EXPECT_NE(import_error(meta + "# votes: DE=0\n" + body).find("weight > 0"), std::string::npos);
  EXPECT_NE(import_error("# voting: plurality\n" + body).find("t.csv:1"), std::string::npos);
  EXPECT_NE(import_error("# voting: unanimity\n" + body).find("needs `# agenda_setter:`"),
            std::string::npos);
}

// Through the command line: the table output of a voting-body case (the procedural detail
// must not clash with the veto experiments' `institution` entry).
TEST(WideTable, CliRunsTheNewModelsOnACatalogueCase) {
  const auto dir = std::filesystem::temp_directory_path() / "statecraft-wide-cli";
  std::filesystem::create_directories(dir);
  const auto r =
      test::run_statecraft(dir.string(), "run " + test::source_path("catalogue/deu3/n98092.csv") +
                                             " -m procedural,nash,compromise -o ''");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("procedural"), std::string::npos);
}

TEST(WideTable, LoadInputRecognisesTheLayout) {
  EXPECT_FALSE(io::looks_like_wide_table("Actor,Capability,Position,Salience\nA,1,2,0.5\n"));
  EXPECT_FALSE(io::looks_like_wide_table("#A\t'a'\t'A'\n#P\t'p'\t'P'\n"));
  const auto s = io::load_input(test::source_path("fuzz/corpus/wide_csv/good.csv"));
  EXPECT_EQ(s->issues.size(), 2u);
}

// The shipped catalogue: every case loads, has outcomes, and runs in every model.
TEST(Catalogue, EveryCaseLoadsWithOutcomesAndRunsInEveryModel) {
  const std::string dir = test::source_path("catalogue");
  const YAML::Node root = YAML::LoadFile(dir + "/catalogue.yaml");
  ASSERT_GE(root["cases"].size(), 4u);
  for (const auto& c : root["cases"]) {
    const std::string id = c["id"].as<std::string>();
    const auto s = io::load_input(dir + "/" + c["scenario"].as<std::string>());
    std::size_t outcomes = s->outcomes.size();
    if (c["outcomes"])
      outcomes += io::load_outcomes_file(dir + "/" + c["outcomes"].as<std::string>(), *s).size();
    EXPECT_GT(outcomes, 0u) << id;
    for (const Model* m : registry().models()) {
      ModelOptions o;
      EXPECT_NO_THROW(m->run(*s, o)) << id << " " << m->name();
    }
  }
}

// The DEU III conversion keeps the published values: spot checks against the source rows
// (catalogue/deu3/deu3_subset.tsv, row d00032i1: Denmark 100 with salience 80, reference
// point 0, outcome 100; Poland and the other 2004 entrants hold no position).
TEST(Catalogue, DeuConversionKeepsTheSourceValues) {
  const auto s = io::load_input(test::source_path("catalogue/deu3/d00032.csv"));
  EXPECT_EQ(s->id, "deu3-d00032");
  EXPECT_EQ(s->actors.size(), 17u);
  EXPECT_FALSE(s->actor_index("PL"));
  ASSERT_EQ(s->issues.size(), 4u);
  const Issue& i1 = s->issues[0];
  EXPECT_EQ(i1.id, "d00032i1");
  ASSERT_TRUE(i1.status_quo);
  EXPECT_EQ(i1.status_quo->value, 0);
  const auto dk = *s->actor_index("DK");
  for (const auto& st : i1.stances)
    if (st.actor == dk) {
      EXPECT_EQ(st.position.value, 100);
      EXPECT_DOUBLE_EQ(st.salience.value, 0.8);
    }
  EXPECT_FALSE(s->issues[1].status_quo);  // rp missing in the source row
  ASSERT_EQ(s->outcomes.size(), 4u);
  EXPECT_EQ(s->outcomes[0].value, 100);
  EXPECT_EQ(s->outcomes[0].date, "2001-05-30");
  EXPECT_EQ(s->outcomes[3].value, 50);
}

}  // namespace
}  // namespace statecraft
