// Proper scores and split-conformal intervals (experiments/scores.h, conformal.h).
#include "experiments/scores.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"
#include "experiments/conformal.h"

namespace statecraft {
namespace {

double crps_brute_force(const std::vector<double>& x, double y) {
  double a = 0, b = 0;
  for (double xi : x) {
    a += std::abs(xi - y);
    for (double xj : x) b += std::abs(xi - xj);
  }
  const double n = double(x.size());
  return a / n - b / (2 * n * n);
}

TEST(Scores, CrpsBySortingEqualsTheDoubleSum) {
  Rng rng(3, 0);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> x(1 + rng.below(60));
    for (auto& v : x) v = std::round(rng.uniform(0, 100));  // ties included
    const double y = rng.uniform(-10, 110);
    EXPECT_NEAR(crps_samples(x, y), crps_brute_force(x, y), 1e-9) << trial;
  }
}

TEST(Scores, CrpsOfAPointIsTheAbsoluteErrorAndOfAUniformIsKnown) {
  EXPECT_DOUBLE_EQ(crps_samples({40}, 55), 15);
  // Uniform on [0, 1] at y = 0.5: E|X - y| = 1/4, E|X - X'| / 2 = 1/6, CRPS = 1/12.
  std::vector<double> u(2000);
  for (std::size_t i = 0; i < u.size(); ++i) u[i] = (double(i) + 0.5) / double(u.size());
  EXPECT_NEAR(crps_samples(u, 0.5), 1.0 / 12, 1e-6);
  // A sharper distribution centred on the truth scores better than a wider one.
  EXPECT_LT(crps_samples({49, 50, 51}, 50), crps_samples({40, 50, 60}, 50));
}

TEST(Scores, PitSplitsTiesAndIntervalsAreCentral) {
  EXPECT_DOUBLE_EQ(pit_value({1, 2, 3, 4}, 2.5), 0.5);
  EXPECT_DOUBLE_EQ(pit_value({5, 5}, 5), 0.5);
  EXPECT_DOUBLE_EQ(pit_value({1, 2}, 0), 0);
  const auto i = central_interval({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.8);
  EXPECT_DOUBLE_EQ(i.first, 1);
  EXPECT_DOUBLE_EQ(i.second, 9);
}

TEST(Scores, AggregatesMaeHitsDirectionCoverageAndCrps) {
  std::vector<Target> t(3);
  t[0].value = 60, t[0].reference = 50;  // moved up
  t[1].value = 20, t[1].reference = 30;  // moved down
  t[2].value = 50, t[2].scale_min = 0, t[2].scale_max = 200;
  std::vector<std::optional<Prediction>> p(3);
  p[0] =
      Prediction{65, {}, std::pair{60.0, 70.0}, std::pair{55.0, 75.0}};  // hit, right way, covered
  p[1] = Prediction{45, {}, std::pair{40.0, 50.0}, std::pair{10.0, 80.0}};  // miss, wrong way
  // p[2] has no prediction: not scored.
  const Scores s = score(t, p, {});
  EXPECT_EQ(s.n, 2);
  EXPECT_DOUBLE_EQ(s.mae, 15);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.5);
  EXPECT_EQ(s.direction_n, 2);
  EXPECT_DOUBLE_EQ(s.direction_rate, 0.5);
  EXPECT_EQ(s.coverage_n, 2);
  EXPECT_DOUBLE_EQ(s.coverage50, 0.5);
  EXPECT_DOUBLE_EQ(s.coverage90, 1);
  EXPECT_DOUBLE_EQ(s.crps_pct, 15);  // point forecasts: CRPS = absolute error
  // A third target on a 0-200 scale pools in % of its scale.
  p[2] = Prediction{70, {}, {}, {}};
  EXPECT_DOUBLE_EQ(score(t, p, {}).mae_pct, (5 + 25 + 10) / 3.0);
  EXPECT_DOUBLE_EQ(*skill(10, 20), 0.5);
  EXPECT_FALSE(skill(10, 0));
}

TEST(Scores, PitHistogramOfCalibratedSamplesIsFlat) {
  Rng rng(11, 0);
  std::vector<Target> t(2000);
  std::vector<std::optional<Prediction>> p(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    Prediction pr;
    for (int i = 0; i < 200; ++i) pr.samples.push_back(rng.normal(50, 10));
    pr.point = 50;
    t[k].value = rng.normal(50, 10);
    p[k] = pr;
  }
  const Scores s = score(t, p, {});
  ASSERT_EQ(s.pit_n, 2000);
  for (int count : s.pit_histogram) EXPECT_NEAR(count, 200, 45);
  EXPECT_NEAR(s.coverage50, 0.5, 0.04);
  EXPECT_NEAR(s.coverage90, 0.9, 0.03);
}

TEST(Conformal, FiniteSampleQuantile) {
  // n = 9, level 0.9: k = ceil(10 * 0.9) = 9, the largest residual.
  EXPECT_DOUBLE_EQ(conformal_quantile({1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.9), 9);
  // level 0.5: k = ceil(5) = 5.
  EXPECT_DOUBLE_EQ(conformal_quantile({9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.5), 5);
  // n = 8 is too few for 90%: k = ceil(8.1) = 9 > 8, unbounded.
  EXPECT_TRUE(std::isinf(conformal_quantile({1, 2, 3, 4, 5, 6, 7, 8}, 0.9)));
  const auto i = conformal_interval(95, 10, 0, 100);
  EXPECT_DOUBLE_EQ(i.first, 85);
  EXPECT_DOUBLE_EQ(i.second, 100);  // clipped to the scale
}

// Synthetic truth: forecasts with heavy-tailed, skewed errors of unknown size. Split
// conformal calibrated on 1,000 cases covers 20,000 new ones within 3 points of nominal.
TEST(Conformal, SyntheticCoverageWithinThreePointsOfNominal) {
  Rng rng(2026, 0);
  auto error = [&] {
    const double e = rng.normal() * (3 + 10 * rng.uniform());  // scale mixture
    return e > 0 ? 1.5 * e : e;                                // skewed
  };
  std::vector<double> calibration;
  for (int k = 0; k < 1000; ++k) calibration.push_back(std::abs(error()));
  const ConformalBand band = calibrate_conformal(calibration);
  int in50 = 0, in90 = 0;
  const int n = 20000;
  for (int k = 0; k < n; ++k) {
    const double point = rng.uniform(20, 80), y = point + error();
    in50 += std::abs(y - point) <= *band.half_width(0.5);
    in90 += std::abs(y - point) <= *band.half_width(0.9);
  }
  EXPECT_NEAR(100.0 * in50 / n, 50, 3);
  EXPECT_NEAR(100.0 * in90 / n, 90, 3);
}

}  // namespace
}  // namespace statecraft
