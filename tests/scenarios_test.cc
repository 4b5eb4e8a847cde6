// Every shipped scenario is valid, fully sourced, and runs under every model.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/registry.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
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
  for (const char* id : {"USA", "RUS", "CHN", "PRK", "ROK", "JPN", "GBR", "FRA"})
    EXPECT_TRUE(s->actor_index(id)) << id;
  for (const char* id :
       {"denuclearization_pressure", "un_sanctions_regime", "sanctions_enforcement",
        "negotiation_format", "economic_engagement", "us_russia_relations"})
    EXPECT_TRUE(s->issue_index(id)) << id;
  // Every stance carries an uncertainty range for Monte Carlo.
  for (const auto& is : s->issues)
    for (const auto& st : is.stances) {
      EXPECT_TRUE(st.position.range.has_value()) << is.id;
      EXPECT_TRUE(st.salience.range.has_value()) << is.id;
    }
  for (const auto& a : s->actors) EXPECT_TRUE(a.capability.range.has_value()) << a.id;
  EXPECT_FALSE(s->outcomes.empty());
  EXPECT_GE(s->interventions.size(), 4u);
}

// Both dated snapshots: every defect listed in issue 14 stays fixed.
class KoreaSnapshot : public ::testing::TestWithParam<const char*> {};

std::vector<std::string> holders(const Scenario& s, const std::string& issue) {
  std::vector<std::string> out;
  for (const auto& st : s.issues[*s.issue_index(issue)].stances)
    out.push_back(s.actors[st.actor].id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(KoreaSnapshot, ScalesSayWhatEachPointMeans) {
  const auto s = io::load_scenario_file(test::source_path(GetParam()));
  for (const auto& is : s->issues)
    for (double at : {0.0, 25.0, 50.0, 75.0, 100.0}) {
      ASSERT_TRUE(is.scale.points.count(at)) << is.id << " " << at;
      EXPECT_GT(is.scale.points.at(at).size(), 10u) << is.id << " " << at;
    }
  const auto& format = s->issues[*s->issue_index("negotiation_format")].scale;
  EXPECT_NE(format.points.at(0).find("no talks"), std::string::npos);
}

TEST_P(KoreaSnapshot, TheCouncilVetoBindsOnlyTheLegalRegime) {
  const auto s = io::load_scenario_file(test::source_path(GetParam()));
  ASSERT_EQ(s->institutions.size(), 1u);
  std::vector<std::string> veto;
  for (auto a : s->institutions[0].veto_holders) veto.push_back(s->actors[a].id);
  std::sort(veto.begin(), veto.end());
  EXPECT_EQ(veto, (std::vector<std::string>{"CHN", "FRA", "GBR", "RUS", "USA"}));
  EXPECT_EQ(s->issues[*s->issue_index("un_sanctions_regime")].institution, "unsc");
  EXPECT_FALSE(s->issues[*s->issue_index("sanctions_enforcement")].institution.has_value());
  // The UK and France take part in the Council's regime only.
  for (const auto& is : s->issues)
    if (is.id != "un_sanctions_regime")
      for (const auto& st : is.stances) {
        EXPECT_NE(s->actors[st.actor].id, "GBR") << is.id;
        EXPECT_NE(s->actors[st.actor].id, "FRA") << is.id;
      }
  // US-Russia relations is a two-country issue: third parties sit it out.
  EXPECT_EQ(holders(*s, "us_russia_relations"), (std::vector<std::string>{"RUS", "USA"}));
}

TEST_P(KoreaSnapshot, RussiasKoreaStanceRespondsToRelationsWithHonestRanges) {
  const auto s = io::load_scenario_file(test::source_path(GetParam()));
  const auto rus = *s->actor_index("RUS"), chn = *s->actor_index("CHN");
  const auto relations = *s->issue_index("us_russia_relations");
  int russian = 0, chinese = 0;
  for (const auto& r : s->responses) {
    EXPECT_FALSE(r.sources.empty());
    ASSERT_TRUE(r.slope.range.has_value());
    // Every range includes "no response at all" (e.g. Moscow had accepted a nuclear North).
    EXPECT_EQ(r.slope.range->first, 0) << s->issues[r.issue].id;
    EXPECT_GT(r.slope.value, 0);
    if (r.actor == rus && r.driver_issue == relations && !r.driver_actor) ++russian;
    if (r.actor == chn && r.driver_actor == rus) ++chinese;
  }
  EXPECT_EQ(russian, 2);  // denuclearization pressure and the UN regime
  EXPECT_EQ(chinese, 2);
}

TEST_P(KoreaSnapshot, OutcomesAfterItsDateLoadAndIncludeActorOutcomes) {
  const std::string file = GetParam();
  const auto s = io::load_scenario_file(test::source_path(file));
  const std::string outcomes = file == "scenarios/korea_2019.yaml"
                                   ? "scenarios/outcomes/korea_2019_2021.yaml"
                                   : "scenarios/outcomes/korea_2022_2024.yaml";
  const auto list = io::load_outcomes_file(test::source_path(outcomes), *s);
  ASSERT_GE(list.size(), 6u);
  int by_actor = 0;
  for (const auto& o : list) {
    EXPECT_GT(o.date, s->as_of) << o.date;
    by_actor += o.actor.has_value();
  }
  EXPECT_GE(by_actor, 2);
  for (const auto& o : s->outcomes) EXPECT_LE(o.date, s->as_of) << "in-sample history only";
}

INSTANTIATE_TEST_SUITE_P(Snapshots, KoreaSnapshot,
                         ::testing::Values("scenarios/korea_2019.yaml",
                                           "scenarios/korea_peninsula.yaml"),
                         [](const auto& info) {
                           return std::string(info.index == 0 ? "April2019" : "September2021");
                         });

TEST(Scenarios, KoreaSeptember2021ExtendsApril2019AndFixesTheAttributions) {
  const auto late = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  const auto early = io::load_scenario_file(test::source_path("scenarios/korea_2019.yaml"));
  EXPECT_LT(early->as_of, late->as_of);
  // 91.8% (2018) is KITA's figure; KOTRA's 2018 figure is 95.8%.
  ASSERT_TRUE(late->source("kita_2018_share"));
  EXPECT_NE(late->source("kita_2018_share")->note.find("91.8%"), std::string::npos);
  EXPECT_NE(late->source("kita_2018_share")->author.find("KITA"), std::string::npos);
  ASSERT_TRUE(late->source("kotra_2018"));
  EXPECT_NE(late->source("kotra_2018")->note.find("95.8%"), std::string::npos);
  // The capability source states its year.
  EXPECT_NE(late->source("cinc_nmc")->note.find("2016"), std::string::npos);
  // The April 2019 snapshot cites nothing published after its date.
  for (const auto& src : early->sources)
    if (!src.date.empty()) {
      EXPECT_LE(src.date.substr(0, 7), early->as_of.substr(0, 7)) << src.key;
    }
  // No one joins a trilateral nobody hosts.
  const ConflictSpec* tri = nullptr;
  for (const auto& c : late->conflicts)
    if (c.id == "trilateral_format") tri = &c;
  ASSERT_TRUE(tri);
  EXPECT_FALSE(tri->infeasible.empty());
}

}  // namespace
}  // namespace statecraft
