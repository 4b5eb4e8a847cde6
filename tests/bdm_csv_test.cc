#include "io/bdm_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/errors.h"
#include "io/csv_reader.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

TEST(BdmCsv, ImportsTheReferenceExample) {
  const auto s = io::load_bdm_csv_file(test::source_path("data/reference/bdm/ExampleActors.csv"));
  ASSERT_EQ(s->actors.size(), 10u);
  EXPECT_EQ(s->actors[0].id, "Netherlands");
  EXPECT_EQ(s->actors[0].capability.value, 0.08);
  ASSERT_EQ(s->issues.size(), 1u);
  EXPECT_EQ(s->issues[0].stances[1].position.value, 7);
  EXPECT_EQ(s->issues[0].stances[1].salience.value, 0.4);
  EXPECT_EQ(s->issues[0].scale.min, 4);
  EXPECT_EQ(s->issues[0].scale.max, 10);
}

struct BadCsv {
  std::string name, text, message;
  int line, column;
};

void PrintTo(const BadCsv& c, std::ostream* os) { *os << c.name; }

class BadBdmCsv : public ::testing::TestWithParam<BadCsv> {};

TEST_P(BadBdmCsv, NamesRowAndColumn) {
  const auto& c = GetParam();
  try {
    io::load_bdm_csv_text(c.text, "in.csv");
    FAIL() << "accepted " << c.name;
  } catch (const ImportError& e) {
    const auto& p = e.problems().front();
    EXPECT_THAT(p.message, HasSubstr(c.message));
    EXPECT_EQ(p.where.file, "in.csv");
    EXPECT_EQ(p.where.line, c.line) << p.str();
    EXPECT_EQ(p.where.column, c.column) << p.str();
  }
}

const char* kHeader = "Actor,Capability,Position,Salience\n";

const BadCsv kBad[] = {
    {"empty", "", "empty file", 0, 0},
    {"wrong header", "Name,Power,Position,Salience\nA,1,2,0.5\n", "expected 'actor'", 1, 1},
    {"short header", "Actor,Capability,Position\n", "expected 4", 1, 0},
    {"short row", std::string(kHeader) + "A,1,2,0.5\nB,1,2\n", "row has 3 fields", 3, 0},
    {"text capability", std::string(kHeader) + "A,lots,2,0.5\nB,1,2,0.5\n", "got 'lots'", 2, 2},
    {"salience above one", std::string(kHeader) + "A,1,2,0.5\nB,1,2,1.5\n", "in [0, 1]", 3, 4},
    {"negative capability", std::string(kHeader) + "A,-1,2,0.5\nB,1,2,0.5\n", "expected >= 0", 2,
     2},
    {"nan position", std::string(kHeader) + "A,1,nan,0.5\nB,1,2,0.5\n", "finite number", 2, 3},
    {"duplicate actor", std::string(kHeader) + "A,1,2,0.5\nA,1,3,0.5\n", "duplicate actor", 3, 1},
    {"one actor", std::string(kHeader) + "A,1,2,0.5\n", "at least two", 2, 0},
    {"unterminated quote", std::string(kHeader) + "\"A,1,2,0.5\nB,1,2,0.5\n", "unterminated", 2, 0},
    {"empty name", std::string(kHeader) + ",1,2,0.5\nB,1,2,0.5\n", "expected a name", 2, 1},
};

INSTANTIATE_TEST_SUITE_P(Cases, BadBdmCsv, ::testing::ValuesIn(kBad), [](const auto& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (ch == ' ') ch = '_';
  return n;
});

TEST(CsvReader, QuotesCrlfAndBlankLines) {
  const auto rows = io::parse_csv("a,\"b,\"\"c\"\"\"\r\n\r\n\"multi\nline\",x\n", "f");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b,\"c\""}));
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].fields[0], "multi\nline");
}

}  // namespace
}  // namespace statecraft
