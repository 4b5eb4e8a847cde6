// Issue 15 §6: a scenario in which actors sit some issues out runs in every model, and
// each model's semantics for the absent actor hold (docs/models/*.md, "Sitting out").
#include <gtest/gtest.h>

#include "core/registry.h"
#include "models/compromise/model.h"
#include "test_support.h"

namespace statecraft {
namespace {

// Five actors, three issues; Japan sits out `trade`, China and Russia sit out `talks`.
const char* kSitOut = R"(
scenario: sit-out
sources:
  gen: {title: generated for the test}
actors:
  - {id: US, name: US, capability: {value: 10, source: [gen]}}
  - {id: China, name: China, capability: {value: 8, source: [gen]}}
  - {id: Japan, name: Japan, capability: {value: 5, source: [gen]}}
  - {id: Russia, name: Russia, capability: {value: 4, source: [gen]}}
  - {id: ROK, name: ROK, capability: {value: 3, source: [gen]}}
issues:
  - id: sanctions
    scale: {min: 0, max: 100, low: none, high: full}
    positions:
      US: {position: 90, salience: 80, source: [gen]}
      China: {position: 30, salience: 60, source: [gen]}
      Japan: {position: 80, salience: 70, source: [gen]}
      Russia: {position: 10, salience: 50, source: [gen]}
      ROK: {position: 60, salience: 90, source: [gen]}
  - id: trade
    scale: {min: 0, max: 10, low: closed, high: open}
    status_quo: {value: 4, source: [gen]}
    positions:
      US: {position: 6, salience: 40, source: [gen]}
      China: {position: 9, salience: 80, source: [gen]}
      Russia: {position: 5, salience: 30, source: [gen]}
      ROK: {position: 8, salience: 60, source: [gen]}
  - id: talks
    scale: {min: 0, max: 100, low: bilateral, high: multilateral}
    positions:
      US: {position: 20, salience: 70, source: [gen]}
      Japan: {position: 70, salience: 50, source: [gen]}
      ROK: {position: 40, salience: 80, source: [gen]}
links:
  - {issues: [sanctions, trade], source: [gen]}
)";

TEST(SitOut, EveryRegisteredModelRunsAndListsOnlyThePresentActors) {
  const auto s = test::scenario_from_yaml(kSitOut);
  for (const Model* m : registry().models())
    for (const auto& v : m->variants()) {
      ModelOptions o;
      o.variant = v.name;
      ModelResult r;
      ASSERT_NO_THROW(r = m->run(*s, o)) << m->name() << ":" << v.name;
      ASSERT_EQ(r.issues.size(), 3u);
      for (std::size_t i = 0; i < 3; ++i) {
        const Issue& is = s->issues[i];
        EXPECT_GE(r.issues[i].outcome, is.scale.min) << m->name() << " " << is.id;
        EXPECT_LE(r.issues[i].outcome, is.scale.max) << m->name() << " " << is.id;
        EXPECT_EQ(r.issues[i].actors.size(), is.stances.size()) << m->name() << " " << is.id;
        for (const auto& row : r.issues[i].trajectory)
          EXPECT_EQ(row.size(), is.stances.size()) << m->name() << " " << is.id;
      }
    }
}

// SMP: an absent actor's coordinate on that dimension starts at the capability x salience
// weighted mean of the actors present, and it has no salience there.
TEST(SitOut, SmpPlacesTheAbsentActorAtThePresentActorsWeightedMean) {
  const auto s = test::scenario_from_yaml(kSitOut);
  ModelOptions o;
  const auto r = registry().get("smp").run(*s, o);
  // talks: US 10 x .7 at 20, Japan 5 x .5 at 70, ROK 3 x .8 at 40.
  const double talks_mean = (7 * 20 + 2.5 * 70 + 2.4 * 40) / (7 + 2.5 + 2.4);
  // trade: US 10 x .4 at 6, China 8 x .8 at 9, Russia 4 x .3 at 5, ROK 3 x .6 at 8.
  const double trade_mean = (4 * 6 + 6.4 * 9 + 1.2 * 5 + 1.8 * 8) / (4 + 6.4 + 1.2 + 1.8);
  bool china = false, japan = false;
  for (const auto& option : r.detail["states"][0]["options"])
    for (const auto& who : option["actors"]) {
      if (who == "China") {
        china = true;
        EXPECT_NEAR(option["position"][2].get<double>(), talks_mean, 1e-9);
      }
      if (who == "Japan") {
        japan = true;
        EXPECT_NEAR(option["position"][1].get<double>(), trade_mean, 1e-9);
      }
    }
  EXPECT_TRUE(china && japan);
}

// Compromise, BDM and Nash work issue by issue: an absent actor is simply not there, so
// an issue's outcome is the outcome of that issue alone with its present actors.
TEST(SitOut, PerIssueModelsGiveTheOutcomeOfTheIssueAlone) {
  const auto s = test::scenario_from_yaml(kSitOut);
  Scenario alone = *s;
  alone.issues = {s->issues[2]};
  alone.links.clear();
  for (const char* name : {"compromise", "bdm", "nash"}) {
    const Model& m = registry().get(name);
    ModelOptions o;
    EXPECT_EQ(m.run(*s, o).issues[2].outcome, m.run(alone, o).issues[0].outcome) << name;
  }
  ModelOptions o;
  EXPECT_NEAR(make_compromise_model()->run(*s, o).issues[2].outcome,
              (7 * 20 + 2.5 * 70 + 2.4 * 40) / (7 + 2.5 + 2.4), 1e-12);
}

}  // namespace
}  // namespace statecraft
