#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.h"
#include "core/registry.h"
#include "io/atomic_write.h"
#include "io/bdm_csv.h"
#include "io/input_file.h"
#include "io/result_csv.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "test_support.h"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("statecraft-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(AtomicWrite, WritesAndReplacesWithoutLeftovers) {
  const auto dir = temp_dir("atomic");
  const std::string path = (dir / "a.json").string();
  io::write_file_atomically(path, "first");
  io::write_file_atomically(path, "second");
  EXPECT_EQ(test::read_file(path), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicWrite, FailureIsAnOutputErrorAndLeavesNothing) {
  const auto dir = temp_dir("atomic-fail");
  EXPECT_THROW(io::write_file_atomically((dir / "missing" / "a.json").string(), "x"), OutputError);
  EXPECT_THROW(io::write_file_atomically(dir.string() + "/", "x"), OutputError);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 0);
}

TEST(CsvOutput, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(io::csv_field("plain"), "plain");
  EXPECT_EQ(io::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(io::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(ResultOutput, JsonAndCsvCarryEveryRun) {
  const auto korea = io::load_default_scenario();
  const auto runs = test::run_models(*korea, {"compromise:mean", "bdm"});
  const Json j = io::result_to_json(*korea, runs);
  EXPECT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["issues"].size(), korea->issues.size());
  EXPECT_EQ(j["runs"][1]["issues"][0]["trajectory"].size(), 11u);  // input + 10 rounds
  const std::string csv = io::outcomes_csv(*korea, runs);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * long(korea->issues.size()));
  const std::string traj = io::trajectories_csv(runs);
  EXPECT_NE(traj.find("bdm,scholz,sanctions_enforcement,10,RUS,"), std::string::npos);
}

// Writing a scenario and reading it back gives the same scenario (and the same YAML).
TEST(ScenarioWriter, RoundTripsTheKoreanScenario) {
  const auto korea = io::load_default_scenario();
  const std::string yaml = io::scenario_to_yaml(*korea);
  const auto again = io::load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(io::scenario_to_yaml(*again), yaml);
  ASSERT_EQ(again->issues.size(), korea->issues.size());
  for (std::size_t i = 0; i < korea->issues.size(); ++i)
    for (std::size_t k = 0; k < korea->issues[i].stances.size(); ++k) {
      EXPECT_EQ(again->issues[i].stances[k].salience.value,
                korea->issues[i].stances[k].salience.value);
      EXPECT_EQ(again->issues[i].stances[k].position.range,
                korea->issues[i].stances[k].position.range);
    }
  EXPECT_EQ(again->interventions.size(), korea->interventions.size());
  EXPECT_EQ(again->outcomes.size(), korea->outcomes.size());
}

TEST(ScenarioWriter, ImportedBdmTableRoundTripsBitForBit) {
  const auto csv = io::load_bdm_csv_file(test::source_path("data/reference/bdm/ExampleActors.csv"));
  const auto yaml = io::load_scenario_text(io::scenario_to_yaml(*csv), "imported.yaml");
  for (std::size_t k = 0; k < csv->actors.size(); ++k) {
    EXPECT_EQ(yaml->issues[0].stances[k].salience.value, csv->issues[0].stances[k].salience.value);
    EXPECT_EQ(yaml->actors[k].capability.value, csv->actors[k].capability.value);
  }
}

}  // namespace
}  // namespace statecraft
