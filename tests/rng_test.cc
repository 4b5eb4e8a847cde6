#include "core/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "core/seed_tree.h"

namespace statecraft {
namespace {

TEST(Rng, SameSeedAndRunSameStream) {
  Rng a(42, 3), b(42, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Rng, RunsAndSeedsGiveDifferentStreams) {
  Rng a(42, 0), b(42, 1), c(43, 0);
  const auto x = a.next_u64();
  EXPECT_NE(x, b.next_u64());
  EXPECT_NE(x, c.next_u64());
}

// Pins the stream: a change of engine or seeding would silently change every study.
TEST(Rng, StreamIsPinned) {
  Rng r(1, 0);
  const std::uint64_t first = r.next_u64();
  Rng again(1, 0);
  EXPECT_EQ(first, again.next_u64());
  EXPECT_EQ(first, Rng(1, 0).next_u64());
  const double u = Rng(1, 0).uniform();
  EXPECT_EQ(u, double(first >> 11) * 0x1.0p-53);
}

TEST(Rng, UniformBoundsAndMean) {
  Rng r(7, 0);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

TEST(Rng, NormalMoments) {
  Rng r(7, 1);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.015);
}

TEST(Rng, BetaAndGammaMeans) {
  Rng r(7, 2);
  double beta = 0, gamma_small = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double b = r.beta(2, 5);
    ASSERT_GE(b, 0.0);
    ASSERT_LE(b, 1.0);
    beta += b;
    gamma_small += r.gamma(0.5);
  }
  EXPECT_NEAR(beta / n, 2.0 / 7.0, 0.005);
  EXPECT_NEAR(gamma_small / n, 0.5, 0.01);
}

TEST(Rng, BelowAndTriangular) {
  Rng r(9, 0);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto v = r.below(6);
    ASSERT_LT(v, 6u);
    seen.insert(v);
    const double t = r.triangular(1, 2, 5);
    ASSERT_GE(t, 1.0);
    ASSERT_LE(t, 5.0);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(r.triangular(3, 3, 3), 3);
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// The first `n` outputs of a stream.
std::vector<std::uint64_t> head(const SeedTree& node, int n) {
  Rng r = node.rng();
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(r.next_u64());
  return out;
}

// Every stream a study of seeds 1 and 2 uses: point forecasts, 200 Monte Carlo runs with
// their draws and five models, and model rounds/turns. No two nodes may share a key, and no
// 64-bit output may repeat across the first 64 outputs of all streams (a shared or
// overlapping stream would repeat them).
TEST(SeedTree, NoTwoPurposesOrSeedsShareAStream) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> keys;
  std::set<std::uint64_t> outputs;
  std::size_t nodes = 0;
  auto visit = [&](const SeedTree& node) {
    ++nodes;
    EXPECT_TRUE(keys.insert({node.key_high(), node.key_low()}).second);
    for (std::uint64_t x : head(node, 64)) EXPECT_TRUE(outputs.insert(x).second);
  };
  const char* models[] = {"compromise:mean", "bdm", "smp", "exchange", "exchange:random_rate"};
  for (std::uint64_t seed : {1, 2}) {
    const SeedTree root(seed);
    visit(root);
    visit(root.child(StreamPurpose::Point));
    for (const char* m : models) {
      const SeedTree model =
          root.child(StreamPurpose::Point).child(StreamPurpose::Model, model_key(m));
      visit(model);
      for (std::uint64_t t = 0; t < 5; ++t) visit(model.child(StreamPurpose::Round, t));
    }
    for (std::uint64_t run = 0; run < 200; ++run) {
      const SeedTree r = root.child(StreamPurpose::McRun, run);
      visit(r);
      visit(r.child(StreamPurpose::Draws));
      for (const char* m : models) visit(r.child(StreamPurpose::Model, model_key(m)));
    }
  }
  EXPECT_EQ(keys.size(), nodes);
}

// The mistakes the tree replaces: seed s run r+1 was seed s+1 run r's neighbour, and the
// exchange model's round t stream was Monte Carlo run t's draw stream.
TEST(SeedTree, PathsAreOrderedAndPurposesApart) {
  const SeedTree a(1), b(2);
  EXPECT_NE(head(a.child(StreamPurpose::McRun, 1), 4), head(b.child(StreamPurpose::McRun, 0), 4));
  EXPECT_NE(head(a.child(StreamPurpose::Round, 3), 4),
            head(a.child(StreamPurpose::McRun, 3).child(StreamPurpose::Draws), 4));
  const SeedTree ab = a.child(StreamPurpose::McRun, 1).child(StreamPurpose::Model, 2);
  const SeedTree ba = a.child(StreamPurpose::Model, 2).child(StreamPurpose::McRun, 1);
  EXPECT_NE(head(ab, 4), head(ba, 4));
  EXPECT_EQ(head(ab, 8), head(a.child(StreamPurpose::McRun, 1).child(StreamPurpose::Model, 2), 8));
}

// Independence in the statistical sense: neighbouring streams are uncorrelated.
TEST(SeedTree, NeighbouringStreamsAreUncorrelated) {
  const SeedTree root(1);
  const int n = 20000;
  for (std::uint64_t k = 0; k < 4; ++k) {
    Rng x = root.child(StreamPurpose::McRun, k).rng();
    Rng y = root.child(StreamPurpose::McRun, k + 1).rng();
    double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; ++i) {
      const double u = x.uniform(), v = y.uniform();
      sx += u;
      sy += v;
      sxy += u * v;
      sxx += u * u;
      syy += v * v;
    }
    const double cov = sxy / n - (sx / n) * (sy / n);
    const double r = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
    EXPECT_LT(std::abs(r), 4.0 / std::sqrt(double(n))) << k;  // ~4 standard errors
  }
}

// Pins the tree: a change would silently change every published study.
TEST(SeedTree, StreamsArePinned) {
  const SeedTree node = SeedTree(1).child(StreamPurpose::McRun, 0).child(StreamPurpose::Draws);
  EXPECT_EQ(head(node, 1)[0], 12965330393190919582ULL);
  EXPECT_EQ(model_key("bdm"), 13012827810777722ULL);  // FNV-1a of "bdm"
}

}  // namespace
}  // namespace statecraft
