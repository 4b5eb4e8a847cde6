// The statecraft binary end to end: exit codes, one-line errors, no partial outputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace statecraft {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using Outcome = test::CliResult;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("statecraft-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  Outcome run(const std::string& args) { return test::run_statecraft(dir_.string(), args); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::vector<std::string> files_in(const std::string& sub) {
    std::vector<std::string> out;
    if (!fs::exists(dir_ / sub)) return out;
    for (const auto& e : fs::directory_iterator(dir_ / sub))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

TEST_F(Cli, NoArgumentsAnalysesTheKoreanDefault) {
  const auto r = run("");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("sanctions_enforcement"));
  EXPECT_THAT(r.out, HasSubstr("un_sanctions_regime"));
  EXPECT_THAT(r.out, HasSubstr("further tightened by new resolutions"));
  EXPECT_THAT(r.out, HasSubstr("bdm:scholz"));
  EXPECT_THAT(r.out, HasSubstr("smp:statecraft"));
  EXPECT_THAT(r.out, HasSubstr("patron_game"));
  EXPECT_THAT(r.out, HasSubstr("trilateral_format"));
  EXPECT_EQ(files_in("out"),
            (std::vector<std::string>{"korea-peninsula.csv", "korea-peninsula.html",
                                      "korea-peninsula.json", "korea-peninsula.trajectories.csv"}));
}

TEST_F(Cli, JsonOutputIsIdenticalOnOneAndTwoThreads) {
  const auto one = run("run --format json --threads 1 --out ''");
  const auto two = run("run --format json --threads 2 --out ''");
  EXPECT_EQ(one.code, 0);
  EXPECT_EQ(one.out, two.out);
  EXPECT_THAT(one.out, HasSubstr("\"model\": \"bdm\""));
}

TEST_F(Cli, RunsTheBdmCsvDirectly) {
  const auto r =
      run("run --model bdm:reference " + test::source_path("data/reference/bdm/ExampleActors.csv") +
          " --format csv --out ''");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("bdm,reference,exampleactors,"));
}

TEST_F(Cli, RunsAKtabCsvDirectlyAndImportsIt) {
  const std::string csv = test::source_path("data/reference/ktab/dummyData_3Dim.csv");
  const auto r = run("run -m smp:reference " + csv + " --format csv --out ''");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("smp,reference,pstn1,79.88"));
  const auto imp = run("import ktab " + csv + " -o d3.yaml");
  EXPECT_EQ(imp.code, 0) << imp.err;
  EXPECT_EQ(run("validate d3.yaml").code, 0);
  write("bad.csv", "S,d,2,1,\nActor,D,P,P1,S1,\nA,a,1,10,20,\nB,b,1,x,20,\n");
  const auto bad = run("run bad.csv");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:4:4: P1 position: expected a number, got 'x'"));
}

TEST_F(Cli, ImportWritesAScenarioThatValidates) {
  const auto imp = run("import bdm " + test::source_path("data/reference/bdm/ExampleActors.csv") +
                       " -o ec.yaml");
  EXPECT_EQ(imp.code, 0) << imp.err;
  const auto val = run("validate ec.yaml");
  EXPECT_EQ(val.code, 0) << val.err;
  EXPECT_THAT(val.out, HasSubstr("10 actors, 1 issues"));
}

TEST_F(Cli, ValidateReportsEveryProblemWithLocation) {
  write("bad.yaml",
        "scenario: x\nsources: {s: {title: t}}\nactors:\n  - {id: A, name: A, capability: {value: "
        "-1, source: s}}\nissues: []\n");
  const auto r = run("validate bad.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.yaml:4:"));
  EXPECT_THAT(r.err, HasSubstr("expected >= 0"));
  EXPECT_THAT(r.err, HasSubstr("bad.yaml:5:"));
  EXPECT_EQ(r.out, "");
}

TEST_F(Cli, InputErrorsExitTwoWithOneLineAndNoFiles) {
  write("bad.yaml", "scenario: x\nfoo: 1\n");
  for (const std::string args :
       {"run missing.yaml", "run bad.yaml", "run --model nope", "run --model bdm:nope",
        "run --rounds -3", "run --threads -1", "run --format xml", "run --param q=2",
        "run --param nokey", "run --param compromise.q=1", "run --no-such-flag",
        "import ktab x.csv", "run notes.txt"}) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("statecraft: ")) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_TRUE(files_in("out").empty()) << args;
  }
}

TEST_F(Cli, UnwritableOutputIsAnInputErrorWithoutPartialFiles) {
  write("blocker", "a file where the output directory should be");
  const auto r = run("run --out blocker/out");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("output error"));
  EXPECT_EQ(files_in("").size(), 1u);  // the blocker only
}

TEST_F(Cli, ConflictCommand) {
  const auto r = run("conflict");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("patron_game"));
  EXPECT_THAT(r.out, HasSubstr("Russia stays, because"));
  const auto j = run("conflict -c trilateral_format --format json --concept Nash,SEQ");
  EXPECT_EQ(j.code, 0) << j.err;
  EXPECT_THAT(j.out, HasSubstr("\"equilibrium_under\""));
  const std::string gmcr = test::source_path("data/reference/gmcr/bench/dm2_opt3.gmcr");
  EXPECT_EQ(run("conflict " + gmcr + " --semantics gmcr-py --concept Nash --status-quo 0").code, 0);
  EXPECT_EQ(run("conflict -c trilateral_format --coalition USA,ROK").code, 0);
  write("bad.gmcr", "{\"options\": 3}");
  for (const std::string args :
       {"conflict --concept Foo", "conflict --status-quo zz", "conflict -c nope",
        "conflict --semantics fuzzy", "conflict bad.gmcr", "conflict --coalition XX"}) {
    const auto bad = run(args);
    EXPECT_EQ(bad.code, 2) << args << "\n" << bad.err;
    EXPECT_EQ(bad.out, "") << args;
  }
}

TEST_F(Cli, ExperimentsCommands) {
  const auto w = run("whatif scenarios_missing_is_fine us_engages_russia -n 20 --out res");
  EXPECT_EQ(w.code, 2);  // an unknown intervention name is an error, not a file
  const auto ok = run("whatif " + test::source_path("scenarios/korea_peninsula.yaml") +
                      " us_engages_russia -n 20 -q --out res");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("us_russia_relations"));
  EXPECT_THAT(ok.out, HasSubstr("shift"));
  EXPECT_THAT(ok.out, HasSubstr("Through the responses"));
  EXPECT_THAT(ok.out, HasSubstr("RUS position on denuclearization_pressure <- outcome of"));
  EXPECT_EQ(files_in("res"),
            (std::vector<std::string>{"korea-peninsula.whatif.us_engages_russia.json"}));
  const auto mc1 = run("mc -n 30 -t 1 --format json --out ''");
  const auto mc2 = run("mc -n 30 -t 2 --format json --out ''");
  EXPECT_EQ(mc1.code, 0) << mc1.err;
  EXPECT_EQ(mc1.out, mc2.out);
  EXPECT_THAT(mc1.out, HasSubstr("\"sensitivity\""));
  const auto bt = run("backtest --out ''");
  EXPECT_EQ(bt.code, 0) << bt.err;
  EXPECT_THAT(bt.out, HasSubstr("ensemble"));
  write("bad_outcomes.yaml", "outcomes: [{issue: nope, date: 2020, value: 1, source: x}]\n");
  for (const std::string args :
       {"mc -n 0", "mc --runs abc", "whatif", "whatif no_such_intervention -n 5",
        "backtest --outcomes bad_outcomes.yaml", "backtest --tolerance 0", "mc --model nope"}) {
    const auto bad = run(args + " -q --out ''");
    EXPECT_EQ(bad.code, 2) << args << "\n" << bad.err;
    EXPECT_EQ(bad.out, "") << args;
  }
}

TEST_F(Cli, ReportCommand) {
  EXPECT_EQ(run("run --out res").code, 0);
  const auto mc = run("mc -n 20 -q --out res");
  EXPECT_EQ(mc.code, 0) << mc.err;
  const auto r =
      run("report res/korea-peninsula.json --mc res/korea-peninsula.mc.json -o full.html");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(test::read_file((dir_ / "full.html").string()), HasSubstr("Monte Carlo"));
  // What would flip it: flip writes its JSON to the output directory and the report shows it.
  const auto flip = run(
      "flip --issue denuclearization_pressure --intervention us_engages_russia --top 2 --out res");
  ASSERT_EQ(flip.code, 0) << flip.err;
  const std::string flip_json =
      "res/korea-peninsula.flip.denuclearization_pressure.us_engages_russia.compromise-mean.json";
  EXPECT_THAT(flip.out, HasSubstr(flip_json));
  const auto with_flip = run("report res/korea-peninsula.json --flip " + flip_json + " -o f.html");
  ASSERT_EQ(with_flip.code, 0) << with_flip.err;
  const std::string html = test::read_file((dir_ / "f.html").string());
  EXPECT_THAT(html, HasSubstr("What would flip it: denuclearization_pressure "
                              "(us_engages_russia, compromise:mean)</h2>"));
  EXPECT_THAT(html, HasSubstr(">What would flip it: denuclearization_pressure "
                              "(us_engages_russia, compromise:mean)</a>"));
  EXPECT_THAT(html, HasSubstr("slope/<wbr>denuclearization_pressure/<wbr>RUS/<wbr>"
                              "us_russia_relations</td>"));
  EXPECT_THAT(html, HasSubstr("<b>the effect vanishes at 0</b> (the low end of the cited range)"));
  EXPECT_THAT(html, HasSubstr("Tornado"));
  write("not_a_result.json", "{\"x\": 1}");
  write("other.flip.json", R"({"scenario": "other", "conclusion": "c", "inputs": []})");
  // A flip document with an empty input is refused before anything reads it (it crashed).
  write("broken.flip.json", R"({"scenario": "korea-peninsula", "issue": "x", "conclusion": "c",
    "margin": 1, "holds": true, "runs": 1, "inputs": [{}]})");
  for (const std::string args : {"report missing.json", "report not_a_result.json",
                                 "report res/korea-peninsula.json --mc res/korea-peninsula.json",
                                 "report res/korea-peninsula.json --flip res/korea-peninsula.json",
                                 "report res/korea-peninsula.json --flip other.flip.json",
                                 "report res/korea-peninsula.json --flip broken.flip.json"}) {
    const auto bad = run(args + " -o bad.html");
    EXPECT_EQ(bad.code, 2) << args << "\n" << bad.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bad.html")) << args;
  }
  // A what-if file that lacks a field the report reads is named as the culprit (not the run).
  write("thin.whatif.json", R"({"scenario": "korea-peninsula", "whatif": {"runs": 1, "seed": 1,
    "interventions": ["us_engages_russia"], "models": [{"model": "compromise", "variant": "mean",
    "issues": [{"issue": "us_russia_relations", "baseline": 1, "intervention": 2}]}]}})");
  const auto thin = run("report res/korea-peninsula.json --whatif thin.whatif.json -o bad.html");
  EXPECT_EQ(thin.code, 2) << thin.err;
  EXPECT_THAT(thin.err, HasSubstr("thin.whatif.json"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bad.html"));
}

TEST_F(Cli, ModelsAndHelp) {
  const auto m = run("models");
  EXPECT_EQ(m.code, 0);
  EXPECT_THAT(m.out, HasSubstr("bdm:reference"));
  EXPECT_THAT(m.out, HasSubstr("compromise:median"));
  for (const std::string sub : {"", "run ", "validate ", "models ", "import ", "conflict ", "mc ",
                                "whatif ", "backtest "}) {
    const auto h = run(sub + "--help");
    EXPECT_EQ(h.code, 0) << sub;
    EXPECT_THAT(h.out, HasSubstr("Usage")) << sub;
  }
}

// Colour only on a terminal: `script` (util-linux, essential in Debian) provides one.
TEST_F(Cli, ColorOnlyOnATerminalAndNeverWithNoColor) {
  EXPECT_THAT(run("run --out ''").out, Not(HasSubstr("\x1b[")));
  const auto on_tty = [&](const std::string& env) {
    const std::string cmd = "cd '" + dir_.string() + "' && " + env + " script -qec \"'" +
                            STATECRAFT_BINARY + "' run --out ''\" /dev/null > tty.txt 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return test::read_file((dir_ / "tty.txt").string());
  };
  EXPECT_THAT(on_tty("env -u NO_COLOR"), HasSubstr("\x1b[1m"));
  EXPECT_THAT(on_tty("NO_COLOR=1"), Not(HasSubstr("\x1b[")));
}

}  // namespace
}  // namespace statecraft
