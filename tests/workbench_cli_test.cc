// The analyst's CLI (issue 16): global flags after the command, `show`, located YAML syntax
// errors, the 0-1 salience warning, validating outcomes files, reports of one scenario only,
// and --help agreeing with the docs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/result.h"
#include "test_support.h"

namespace statecraft {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class WorkbenchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("statecraft-wb-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  test::CliResult run(const std::string& args) { return test::run_statecraft(dir_.string(), args); }
  // The Korean default as it stood before the issue-14 rebuild: these tests read its words.
  static std::string fixture() {
    return "'" + test::source_path("tests/data/korea_2021_before_rebuild.yaml") + "'";
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(WorkbenchCli, VerboseFlagWorksAfterTheCommand) {
  for (const std::string args : {"run -v --out ''", "-v run --out ''", "run --out '' --verbose"}) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("statecraft: loaded <embedded>/korea_peninsula.yaml")) << args;
  }
  EXPECT_THAT(run("run --out ''").err, Not(HasSubstr("loaded")));
  EXPECT_THAT(run("run --help").out, HasSubstr("before or after the command:\n  -v,--verbose"));
}

TEST_F(WorkbenchCli, ShowListsWhatAScenarioContains) {
  const auto r = run("show " + fixture());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Actors (6)"));
  EXPECT_THAT(r.out, HasSubstr("  USA      United States"));
  EXPECT_THAT(r.out, HasSubstr("scale 0 = \"lift UN sanctions\" … 100 = \"tighten them further\""));
  EXPECT_THAT(r.out, HasSubstr("status quo 75 (65-85)  [unsc_2397]"));
  EXPECT_THAT(r.out, HasSubstr("Interventions (3)"));
  EXPECT_THAT(r.out, HasSubstr("sets USA's position on us_russia_relations to 65 (stated: 25)"));
  EXPECT_THAT(r.out, HasSubstr("Conflicts ("));
  EXPECT_THAT(r.out, HasSubstr("Responses ("));
  EXPECT_THAT(r.out, HasSubstr("Outcomes ("));
  EXPECT_THAT(r.out, HasSubstr("bandow2021"));
  const auto j = run("show " + fixture() + " --format json");
  ASSERT_EQ(j.code, 0);
  const Json doc = Json::parse(j.out);
  EXPECT_EQ(doc["inputs"]["actors"].size(), 6u);
  EXPECT_EQ(run("show missing.yaml").code, 2);
}

TEST_F(WorkbenchCli, ATabInTheIndentationIsNamedWithItsLine) {
  write("tab.yaml", "scenario: t\nsources:\n  s:\n\ttitle: x\nactors: []\nissues: []\n");
  const auto r = run("validate tab.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("tab.yaml:4:1: invalid YAML: a tab character in the indentation"));
  EXPECT_THAT(r.err, HasSubstr("replace the tab with spaces"));
  EXPECT_THAT(r.err, HasSubstr("\"\\ttitle: x\""));  // the line quoted, the tab shown as \t
  // A long line is cut at a character boundary (the message stays UTF-8).
  std::string long_line = "title: ";
  for (int k = 0; k < 40; ++k) long_line += "é";
  write("long.yaml", "scenario: t\n" + long_line + ": x: y\n");
  const auto l = run("validate long.yaml");
  EXPECT_EQ(l.code, 2);
  EXPECT_THAT(l.err, HasSubstr("éé...\""));
  write("colon.yaml", "scenario: t\ntitle: a: b\n");
  const auto c = run("validate colon.yaml");
  EXPECT_EQ(c.code, 2);
  EXPECT_THAT(c.err, HasSubstr("colon.yaml:2:"));
  EXPECT_THAT(c.err, HasSubstr("put the value in quotes"));
}

const char* kFractionalSaliences = R"(scenario: fractions
sources: {s: {title: t}}
actors:
  - {id: A, name: A, capability: {value: 1, source: s}}
  - {id: B, name: B, capability: {value: 1, source: s}}
issues:
  - id: x
    name: X
    scale: {min: 0, max: 100, low: none, high: all}
    positions:
      A: {position: 20, salience: 0.7, source: s}
      B: {position: 80, salience: 60, source: s}
)";

TEST_F(WorkbenchCli, WarnsWhenAnActorsSaliencesLookLikeFractions) {
  write("f.yaml", kFractionalSaliences);
  const auto r = run("validate f.yaml");
  EXPECT_EQ(r.code, 0) << r.err;  // a warning, not an error: 0.7 of 100 is legal
  EXPECT_THAT(r.err, HasSubstr("statecraft: warning: f.yaml:11:"));
  EXPECT_THAT(r.err, HasSubstr("actor 'A': every salience lies in [0, 1]"));
  EXPECT_THAT(r.err, Not(HasSubstr("actor 'B'")));
  EXPECT_THAT(run("run f.yaml --out '' -m compromise:mean").err, HasSubstr("warning"));
  EXPECT_THAT(run("validate").err, Not(HasSubstr("warning")));      // usage error, nothing loaded
  EXPECT_THAT(run("run --out ''").err, Not(HasSubstr("warning")));  // the Korean default
}

// An intervention's shift that takes a stated value off its scale is applied clamped: legal,
// so a warning naming the change and the clamp, not an error.
TEST_F(WorkbenchCli, WarnsWhenAnInterventionShiftLeavesTheScale) {
  write("shift.yaml", std::string(kFractionalSaliences) + R"(interventions:
  - id: push
    source: s
    changes:
      - {actor: B, issue: x, field: position, shift: 30}
      - {actor: A, issue: x, field: position, shift: 30}
)");
  const auto r = run("validate shift.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("statecraft: warning: shift.yaml:17:"));
  EXPECT_THAT(r.err, HasSubstr("shift +30 takes B's stated position on x from 80 to 110, off its "
                               "scale [0, 100]; it is applied clamped, at 100"));
  EXPECT_THAT(r.err, Not(HasSubstr("A's stated position")));  // 20 + 30 stays on the scale
}

TEST_F(WorkbenchCli, ValidatesAnOutcomesFileAgainstAScenario) {
  const std::string outcomes = test::source_path("scenarios/outcomes/korea_2022_2024.yaml");
  const auto ok = run("validate '" + outcomes + "'");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("outcomes for scenario 'korea-peninsula'"));
  write("bad_outcomes.yaml", "outcomes:\n  - {issue: nowhere, date: 2022-01-01, value: 3}\n");
  const auto bad = run("validate bad_outcomes.yaml");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad_outcomes.yaml:2:"));
  // Against another scenario the Korean issue ids are unknown.
  const auto other = run("validate '" + outcomes + "' --scenario '" +
                         test::source_path("scenarios/ec_car_emissions.yaml") + "'");
  EXPECT_EQ(other.code, 2);
}

TEST_F(WorkbenchCli, ReportRefusesFilesOfAnotherScenario) {
  ASSERT_EQ(run("run --out res -m compromise:mean").code, 0);
  const std::string ec = test::source_path("scenarios/ec_car_emissions.yaml");
  const auto mc = run("mc '" + ec + "' -n 10 -q --out ec");
  ASSERT_EQ(mc.code, 0) << mc.err;
  std::string mc_file;
  for (const auto& e : fs::directory_iterator(dir_ / "ec"))
    if (e.path().string().find(".mc.json") != std::string::npos) mc_file = e.path().string();
  ASSERT_FALSE(mc_file.empty());
  const auto r = run("report res/korea-peninsula.json --mc '" + mc_file + "' -o mixed.html");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("not 'korea-peninsula': a report combines the files of one scenario"));
  EXPECT_FALSE(fs::exists(dir_ / "mixed.html"));
}

// The default model list in `run --help`, the code and docs/cli.md; the input kinds in
// `run --help` and docs/cli.md.
TEST_F(WorkbenchCli, HelpAndDocsAgreeOnDefaultModelsAndInputKinds) {
  const auto help = run("run --help");
  ASSERT_EQ(help.code, 0);
  std::smatch m;
  std::string flat = std::regex_replace(help.out, std::regex(R"(\s+)"), " ");
  ASSERT_TRUE(std::regex_search(flat, m, std::regex(R"(\(default: (compromise[^)]*)\))")));
  std::vector<std::string> in_help;
  std::string list = m[1];
  const std::regex name(R"([a-z_]+(:[a-z_]+)?)");
  for (std::sregex_iterator it(list.begin(), list.end(), name), end; it != end; ++it)
    in_help.push_back(it->str());
  // What `run` really does without -m.
  const auto ran = run("run --format json --out ''");
  ASSERT_EQ(ran.code, 0);
  std::vector<std::string> defaults;
  const Json ran_doc = Json::parse(ran.out);
  for (const auto& r : ran_doc["runs"]) {
    const std::string label = r["model"].get<std::string>() + ":" + r["variant"].get<std::string>();
    // The help names a model's default variant by the model alone ("bdm" = "bdm:scholz").
    const auto& named = in_help[defaults.size() < in_help.size() ? defaults.size() : 0];
    defaults.push_back(named.find(':') == std::string::npos ? r["model"].get<std::string>()
                                                            : label);
  }
  EXPECT_EQ(in_help, defaults);

  const std::string docs = test::read_file(test::source_path("docs/cli.md"));
  std::smatch row;
  ASSERT_TRUE(std::regex_search(docs, row, std::regex(R"(\| `-m, --model` \| `([^`]*)` \|)")));
  std::string joined;
  for (const auto& name : defaults) joined += (joined.empty() ? "" : ",") + name;
  EXPECT_EQ(row[1].str(), joined) << "docs/cli.md's run option table";
  const std::string python = test::read_file(test::source_path("docs/python.md"));
  EXPECT_THAT(python, HasSubstr("default models: " + joined)) << "docs/python.md";

  // mc, whatif and backtest share one default, in their help and in docs/cli.md.
  std::smatch doc_mc;
  ASSERT_TRUE(std::regex_search(docs, doc_mc, std::regex(R"(`--model` \(default `([^`]*)`)")));
  for (const std::string cmd : {"mc", "whatif", "backtest"}) {
    const auto h = run(cmd + " --help");
    const std::string text = std::regex_replace(h.out, std::regex(R"(\s+)"), " ");
    std::smatch dm;
    ASSERT_TRUE(std::regex_search(text, dm, std::regex(R"(\(default: (compromise[^)]*)\))")))
        << cmd;
    EXPECT_EQ(std::regex_replace(dm[1].str(), std::regex(", "), ","), doc_mc[1].str()) << cmd;
  }

  // Input kinds: every kind the docs name is in the help, and the other way round.
  for (const std::string kind : {"scenario YAML", "BDM actor CSV", "KTAB SMP CSV", "decide"}) {
    EXPECT_THAT(flat, HasSubstr(kind)) << "run --help";
    EXPECT_THAT(docs, HasSubstr(kind)) << "docs/cli.md";
  }
}

TEST_F(WorkbenchCli, WhyUnderEachForecastOnRequest) {
  const auto plain = run("run " + fixture() + " --out '' -m compromise:mean");
  EXPECT_THAT(plain.out, Not(HasSubstr("The weight (capability")));
  const auto why = run("run " + fixture() + " --out '' -m compromise:mean --why");
  ASSERT_EQ(why.code, 0) << why.err;
  EXPECT_THAT(why.out, HasSubstr("      Forecast 65.1, towards"));
  EXPECT_THAT(why.out, HasSubstr("A veto moved it: USA would rather"));
}

TEST_F(WorkbenchCli, InterventionsAreDescribedAgainstTheStatedScenario) {
  const auto r =
      run("run " + fixture() + " -i us_engages_russia --format json --out '' -m compromise:mean");
  ASSERT_EQ(r.code, 0) << r.err;
  const Json doc = Json::parse(r.out);
  EXPECT_THAT(doc["inputs"]["interventions"][0]["in_words"].get<std::string>(),
              HasSubstr("sets USA's position on us_russia_relations to 65 (stated: 25)"));
  // The inputs are those the run used: the intervention applied.
  EXPECT_EQ(doc["inputs"]["issues"][4]["stances"][0]["position"]["value"], 65.0);
}

// On a terminal (`script` provides one) the progress bar ends its line before the results.
TEST_F(WorkbenchCli, ProgressBarEndsItsLineBeforeTheResults) {
  const std::string cmd = "cd '" + dir_.string() + "' && script -qec \"'" + STATECRAFT_BINARY +
                          "' mc -n 40 --out '' -m compromise:mean\" /dev/null > tty.txt 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string tty = test::read_file((dir_ / "tty.txt").string());
  const auto at = tty.find("(40/40)");
  ASSERT_NE(at, std::string::npos) << tty;
  const std::string after = tty.substr(at + 7, 2);
  EXPECT_TRUE(after == "\r\n" || after[0] == '\n') << "the results run into the bar: " << tty;
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// `backtest --db` records the study and every scored outcome of every method (issue 16).
TEST(WorkbenchCliDb, BacktestWritesItsScoresToTheStudyDatabase) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("statecraft-backtest-db-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto r = test::run_statecraft(
      dir.string(), "backtest --out '' --runs 5 -m compromise:mean --db s.sqlite");
  ASSERT_EQ(r.code, 0) << r.err;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir / "s.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM study WHERE command = 'backtest'"), 1);
  const int outcomes = count("SELECT COUNT(DISTINCT issue || actor || date) FROM score");
  EXPECT_GT(outcomes, 0);
  // The model's row per outcome, and persistence beside it.
  EXPECT_EQ(count("SELECT COUNT(*) FROM score WHERE method = 'compromise:mean'"), outcomes);
  EXPECT_GT(count("SELECT COUNT(*) FROM score WHERE kind = 'baseline' AND method = 'persistence'"),
            0);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// `statecraft fit` + `--ensemble` end to end: run, mc and whatif carry the fitted ensemble.
TEST(WorkbenchCliEnsemble, FittedWeightsFeedRunMcAndWhatif) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("statecraft-ensemble-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string catalogue = "'" + test::source_path("catalogue") + "'";
  const auto fit = test::run_statecraft(
      dir.string(), "fit " + catalogue + " -o w.yaml -m compromise:mean -m bdm --threads 2");
  ASSERT_EQ(fit.code, 0) << fit.err;
  const std::string models = " -m compromise:mean -m bdm --ensemble w.yaml --format json --out ''";
  const auto run = test::run_statecraft(dir.string(), "run" + models);
  ASSERT_EQ(run.code, 0) << run.err;
  const Json doc = Json::parse(run.out);
  ASSERT_EQ(doc["ensemble"]["issues"].size(), doc["issues"].size());
  const double point = doc["ensemble"]["issues"][0]["forecast"]["point"].get<double>();
  const double a = doc["runs"][0]["issues"][0]["outcome"].get<double>();
  const double b = doc["runs"][1]["issues"][0]["outcome"].get<double>();
  EXPECT_GE(point, std::min(a, b) - 1e-9);  // a weighted mean of the two forecasts
  EXPECT_LE(point, std::max(a, b) + 1e-9);
  const auto mc = test::run_statecraft(dir.string(), "mc -q --runs 20" + models);
  ASSERT_EQ(mc.code, 0) << mc.err;
  EXPECT_TRUE(Json::parse(mc.out)["monte_carlo"]["ensemble"]["issues"][0]["forecast"].contains(
      "mixture_90"));
  const auto whatif =
      test::run_statecraft(dir.string(), "whatif us_engages_russia -q --runs 10" + models);
  ASSERT_EQ(whatif.code, 0) << whatif.err;
  EXPECT_TRUE(Json::parse(whatif.out)["whatif"]["ensemble"].contains("with"));
  EXPECT_EQ(test::run_statecraft(dir.string(), "run --ensemble missing.yaml").code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace statecraft
