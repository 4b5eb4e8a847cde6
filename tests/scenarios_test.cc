// Every shipped scenario is valid, fully sourced, and runs under every model.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/registry.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"
#include "test_support.h"

namespace statecraft {
namespace {

std::vector<std::string> shipped() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("scenarios")))
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Scenarios, AtLeastTheKoreanAndTheCarEmissionsCase) { EXPECT_GE(shipped().size(), 2u); }

TEST(Scenarios, EveryNumberHasASourceAndEveryModelRuns) {
  for (const auto& file : shipped()) {
    SCOPED_TRACE(file);
    const auto s = io::load_scenario_file(file);
    for (const auto& a : s->actors) EXPECT_FALSE(a.capability.sources.empty()) << a.id;
    for (const auto& is : s->issues)
      for (const auto& st : is.stances) {
        EXPECT_FALSE(st.position.sources.empty());
        EXPECT_FALSE(st.salience.sources.empty());
      }
    for (const Model* m : registry().models())
      for (const auto& v : m->variants()) {
        ModelOptions o;
        o.variant = v.name;
        EXPECT_NO_THROW(m->run(*s, o)) << m->name() << ":" << v.name;
      }
  }
}

TEST(Scenarios, EmbeddedDefaultIsTheKoreanFile) {
  const auto embedded = io::load_default_scenario();
  const auto file = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  EXPECT_EQ(embedded->id, "korea-peninsula");
  EXPECT_EQ(embedded->issues.size(), file->issues.size());
}

TEST(Scenarios, KoreaHasTheSeedsSystem) {
  const auto s = io::load_default_scenario();
  for (const char* id : {"USA", "RUS", "CHN", "PRK", "ROK", "JPN"})
    EXPECT_TRUE(s->actor_index(id)) << id;
  EXPECT_GE(s->issues.size(), 5u);
  for (const char* id : {"denuclearization_pressure", "sanctions_enforcement", "negotiation_format",
                         "economic_engagement", "us_russia_relations"})
    EXPECT_TRUE(s->issue_index(id)) << id;
  // Every stance carries an uncertainty range for Monte Carlo.
  for (const auto& is : s->issues)
    for (const auto& st : is.stances) {
      EXPECT_TRUE(st.position.range.has_value()) << is.id;
      EXPECT_TRUE(st.salience.range.has_value()) << is.id;
    }
  for (const auto& a : s->actors) EXPECT_TRUE(a.capability.range.has_value()) << a.id;
  // The sanctions issue is bound by the Security Council veto of the US, Russia and China.
  const Issue& sanctions = s->issues[*s->issue_index("sanctions_enforcement")];
  ASSERT_TRUE(sanctions.institution.has_value());
  EXPECT_EQ(s->institutions[0].veto_holders.size(), 3u);
  EXPECT_FALSE(s->outcomes.empty());
  EXPECT_GE(s->interventions.size(), 3u);
}

}  // namespace
}  // namespace statecraft
