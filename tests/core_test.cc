#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/parallel.h"
#include "core/registry.h"

namespace statecraft {
namespace {

TEST(Errors, ProblemNamesFileLineColumn) {
  const Problem p{Location{"a.yaml", 3, 7, ""}, "expected a number"};
  EXPECT_EQ(p.str(), "a.yaml:3:7: expected a number");
  const OptionError o("rounds", "expected 1..100000 rounds, got -1");
  EXPECT_EQ(o.problems().front().str(), "rounds: expected 1..100000 rounds, got -1");
  EXPECT_EQ(o.exit_code(), 2);
  EXPECT_EQ(Error("bug").exit_code(), 1);
}

TEST(Registry, KnowsTheFoundationModels) {
  EXPECT_EQ(registry().get("bdm").name(), "bdm");
  EXPECT_EQ(registry().get("compromise").name(), "compromise");
  EXPECT_THROW(registry().get("nope"), OptionError);
}

TEST(Registry, ParsesModelSpecs) {
  EXPECT_EQ(parse_model_spec("bdm").variant, "scholz");
  EXPECT_EQ(parse_model_spec("bdm:reference").variant, "reference");
  EXPECT_EQ(parse_model_spec("compromise:median").label(), "compromise:median");
  EXPECT_THROW(parse_model_spec("bdm:nope"), OptionError);
  EXPECT_THROW(parse_model_spec(""), OptionError);
}

TEST(Params, TypedSpecsCheckTypeRangeAndChoices) {
  const auto q = ParamSpec::real("q", 1.0, 0, 1, "a probability");
  EXPECT_NO_THROW(q.check("0.5"));
  EXPECT_THROW(q.check("0.5x"), OptionError);
  EXPECT_THROW(q.check("nan"), OptionError);
  EXPECT_THROW(q.check("1.5"), OptionError);
  const auto n = ParamSpec::integer("n", 3, 1, 10, "a count");
  EXPECT_NO_THROW(n.check("10"));
  EXPECT_THROW(n.check("2.5"), OptionError);
  EXPECT_THROW(n.check("0"), OptionError);
  const auto c = ParamSpec::choice("rule", "a", {"a", "b"}, "a rule");
  EXPECT_NO_THROW(c.check("b"));
  EXPECT_THROW(c.check("z"), OptionError);
  const ParamValues v({q, n, c}, {{"q", "0.25"}});
  EXPECT_EQ(v.real("q"), 0.25);
  EXPECT_EQ(v.integer("n"), 3);
  EXPECT_EQ(v.choice("rule"), "a");
  EXPECT_TRUE(v.given("q"));
  EXPECT_FALSE(v.given("n"));
  EXPECT_THROW(v.real("undeclared"), std::logic_error);
}

TEST(Parallel, EveryJobRunsOnceOnAnyThreadCount) {
  for (int threads : {1, 2, 8}) {
    std::vector<int> hits(1000, 0);
    parallel_for(hits.size(), threads, [&](std::size_t i) { hits[i]++; });
    EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), 1000);
  }
}

TEST(Parallel, JobExceptionsReachTheCaller) {
  EXPECT_THROW(parallel_for(10, 2,
                            [](std::size_t i) {
                              if (i == 5) throw OptionError("x", "y");
                            }),
               OptionError);
}

}  // namespace
}  // namespace statecraft
