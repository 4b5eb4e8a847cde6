#include "models/compromise/model.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "io/bdm_csv.h"
#include "test_support.h"

namespace statecraft {
namespace {

TEST(Compromise, WeightedMeanMatchesBdmReferenceInitialMean) {
  // The replication's initial weighted mean is the same capability x salience mean.
  const auto e =
      nlohmann::json::parse(test::read_file(test::source_path("data/reference/bdm/expected.json")));
  const auto s = io::load_bdm_csv_file(test::source_path("data/reference/bdm/ExampleActors.csv"));
  ModelOptions mean;
  const auto r = make_compromise_model()->run(*s, mean);
  EXPECT_NEAR(r.issues[0].outcome,
              e["example_ec_car_emissions"]["initial_weighted_mean"].get<double>(), 1e-12);
  ModelOptions median;
  median.variant = "median";
  EXPECT_NEAR(make_compromise_model()->run(*s, median).issues[0].outcome,
              e["example_ec_car_emissions"]["initial_median"].get<double>(), 1e-12);
}

TEST(Compromise, WeightedMedianBasics) {
  EXPECT_EQ(weighted_median({1, 2, 3}, {1, 1, 1}), 2);
  EXPECT_EQ(weighted_median({3, 1, 2}, {1, 1, 5}), 2);
  EXPECT_EQ(weighted_median({0, 10}, {1, 1}), 5);          // exactly half: midpoint
  EXPECT_EQ(weighted_median({0, 10, 20}, {1, 0, 1}), 10);  // zero-weight actor is ignored
  EXPECT_EQ(weighted_median({0, 10}, {3, 1}), 0);
  EXPECT_EQ(weighted_mean({0, 10}, {3, 1}), 2.5);
}

TEST(Compromise, UnknownVariantIsAnOptionError) {
  const auto s = test::one_issue_scenario({{1, 10, 0.5}, {1, 20, 0.5}});
  ModelOptions o;
  o.variant = "mode";
  EXPECT_THROW(make_compromise_model()->run(*s, o), OptionError);
}

}  // namespace
}  // namespace statecraft
