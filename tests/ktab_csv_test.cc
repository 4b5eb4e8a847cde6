#include "io/ktab_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/errors.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

TEST(KtabCsv, ImportsTheShippedExample) {
  const auto s =
      io::load_ktab_csv_file(test::source_path("data/reference/ktab/dummyData_3Dim.csv"));
  EXPECT_EQ(s->actors.size(), 7u);
  EXPECT_EQ(s->issues.size(), 3u);
  EXPECT_EQ(s->salience_basis, SalienceBasis::Budget);
  EXPECT_EQ(s->actors[0].id, "SActor-00");
  EXPECT_EQ(s->actors[0].capability.value, 102.543);
  EXPECT_EQ(s->issues[0].stances[0].position.value, 75.79);
  EXPECT_EQ(s->issues[0].stances[0].salience.value, 49.53 / 100);
}

TEST(KtabCsv, RunByExtensionAndRoundTripThroughYaml) {
  const auto s = io::load_input(test::source_path("data/reference/ktab/SOE-Policy.csv"));
  EXPECT_EQ(s->actors.size(), 26u);
  const auto again = io::load_scenario_text(io::scenario_to_yaml(*s), "soe.yaml");
  EXPECT_EQ(again->salience_basis, SalienceBasis::Budget);
  for (std::size_t a = 0; a < s->actors.size(); ++a)
    EXPECT_EQ(again->issues[0].stances[a].salience.value, s->issues[0].stances[a].salience.value);
  // A BDM table is still told apart by its header.
  EXPECT_EQ(
      io::load_input(test::source_path("data/reference/bdm/ExampleActors.csv"))->actors.size(),
      10u);
}

struct BadKtab {
  std::string name, text, message;
  int line, column;
};
void PrintTo(const BadKtab& c, std::ostream* os) { *os << c.name; }

class BadKtabCsv : public ::testing::TestWithParam<BadKtab> {};

TEST_P(BadKtabCsv, NamesRowAndColumn) {
  const auto& c = GetParam();
  try {
    io::load_ktab_csv_text(c.text, "k.csv");
    FAIL() << "accepted " << c.name;
  } catch (const ImportError& e) {
    const auto& p = e.problems().front();
    EXPECT_THAT(p.message, HasSubstr(c.message));
    EXPECT_EQ(p.where.line, c.line) << p.str();
    EXPECT_EQ(p.where.column, c.column) << p.str();
  }
}

const std::string kHead = "S,desc,2,2,\nActor,Description,Power,P1,S1,P2,S2,\n";

const BadKtab kBad[] = {
    {"empty", "", "title line", 0, 0},
    {"short title", "S,desc,2\nActor,D,P,P1,S1\n", "title line has 3 fields", 1, 0},
    {"text actor count", "S,desc,two,1,\nActor,D,P,P1,S1,\n", "number of actors: expected a number",
     1, 3},
    {"zero dimensions", "S,desc,2,0,\nActor,D,P,\n", "whole number in [1, 1000]", 1, 4},
    {"header width", "S,desc,2,2,\nActor,Description,Power,P1,S1,\n",
     "header has 5 columns, expected 7", 2, 0},
    {"missing actor row", kHead + "A,a,1,10,20,30,40,\n", "announces 2 actors but the file has 1",
     3, 0},
    {"short actor row", kHead + "A,a,1,10,20,30,\nB,b,1,10,20,30,40,\n",
     "actor row has 6 fields, expected 7", 3, 0},
    {"text position", kHead + "A,a,1,ten,20,30,40,\nB,b,1,10,20,30,40,\n",
     "P1 position: expected a number, got 'ten'", 3, 4},
    {"position above 100", kHead + "A,a,1,10,20,30,40,\nB,b,1,10,20,130,40,\n",
     "expected 0-100, got 130", 4, 6},
    {"negative salience", kHead + "A,a,1,10,-20,30,40,\nB,b,1,10,20,30,40,\n",
     "P1 salience: expected 0-100", 3, 5},
    {"salience total above 100", kHead + "A,a,1,10,60,30,50,\nB,b,1,10,20,30,40,\n", "sum to 110",
     3, 0},
    {"zero power", kHead + "A,a,0,10,20,30,40,\nB,b,1,10,20,30,40,\n",
     "power: expected a number > 0", 3, 3},
    {"duplicate actor", kHead + "A,a,1,10,20,30,40,\nA,b,1,10,20,30,40,\n", "duplicate actor 'A'",
     4, 1},
};

INSTANTIATE_TEST_SUITE_P(Cases, BadKtabCsv, ::testing::ValuesIn(kBad), [](const auto& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (ch == ' ') ch = '_';
  return n;
});

}  // namespace
}  // namespace statecraft
