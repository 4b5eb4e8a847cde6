// The bad-input corpus (tests/bad_inputs/, written by generate.py): every case must end the
// CLI with exit code 2, a typed one-line error of the expected kind that names where the
// problem is, and no output written. Plus inputs too big to keep in the repository.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

struct BadCase {
  std::string file, command, kind, where;
};

std::vector<BadCase> load_cases() {
  std::vector<BadCase> out;
  std::istringstream in(test::read_file(test::source_path("tests/bad_inputs/cases.tsv")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    BadCase c;
    std::istringstream fields(line);
    std::getline(fields, c.file, '\t');
    std::getline(fields, c.command, '\t');
    std::getline(fields, c.kind, '\t');
    std::getline(fields, c.where, '\t');
    out.push_back(c);
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

struct CliRun {
  int code;
  std::string err;
  bool wrote_output;
};

// Runs `statecraft <args>` in a fresh directory; reports whether anything appeared in out/.
CliRun run_in_fresh_dir(const std::string& tag, const std::string& args) {
  const fs::path dir = fs::temp_directory_path() / ("statecraft-bad-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const test::CliResult run = test::run_statecraft(dir.string(), args);
  const CliRun r{run.code, run.err, fs::exists(dir / "out") && !fs::is_empty(dir / "out")};
  fs::remove_all(dir);
  return r;
}

class BadInputs : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInputs, TypedErrorExitTwoLocatedAndNothingWritten) {
  const BadCase& c = GetParam();
  const std::string folder = test::source_path("tests/bad_inputs");
  std::string args = replace_all(c.command, "{file}", "'" + folder + "/files/" + c.file + "'");
  args = replace_all(args, "{base}", "'" + folder + "/base_scenario.yaml'");
  const CliRun r = run_in_fresh_dir(c.file, args);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("statecraft: " + c.kind + ":", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(c.where), std::string::npos) << "expected '" << c.where << "' in " << r.err;
  EXPECT_FALSE(r.wrote_output);
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}

std::string case_name(const ::testing::TestParamInfo<BadCase>& info) {
  std::string name = info.param.file;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputs, ::testing::ValuesIn(load_cases()), case_name);

TEST(BadInputsCorpus, HasAtLeastSixtyCasesOverEveryFormat) {
  const auto cases = load_cases();
  EXPECT_GE(cases.size(), 60u);
  for (const std::string ext : {".yaml", ".csv", ".gmcr"}) {
    const auto n = std::count_if(cases.begin(), cases.end(), [&](const BadCase& c) {
      return c.file.size() > ext.size() &&
             c.file.compare(c.file.size() - ext.size(), ext.size(), ext) == 0;
    });
    EXPECT_GE(n, 4) << ext;
  }
}

// 100 MB inputs stop at the file-size limit (64 MiB by default) before anything is parsed.
TEST(BadInputsCorpus, HundredMegabyteFilesHitTheSizeLimit) {
  const fs::path dir = fs::temp_directory_path() / "statecraft-bad-huge-files";
  fs::create_directories(dir);
  for (const std::string name : {"huge.yaml", "huge.csv"}) {
    const fs::path path = dir / name;
    {
      std::ofstream out(path, std::ios::binary);
      const std::string line(999, 'a');
      for (int k = 0; k < 100'000; ++k) out << line << '\n';
    }
    const CliRun r = run_in_fresh_dir("huge-run", "run '" + path.string() + "' -o out");
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("statecraft: limit exceeded:", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("--limit file_bytes"), std::string::npos) << r.err;
    EXPECT_FALSE(r.wrote_output);
    fs::remove(path);
  }
}

// The wall-time cap ends a long command with a typed error and leaves no output behind.
TEST(Limits, WallTimeCapStopsALongCommand) {
  const CliRun r =
      run_in_fresh_dir("seconds", "--limit seconds=0.3 mc --runs 10000000 --quiet --out out");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("statecraft: limit exceeded:", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("--limit seconds=N"), std::string::npos) << r.err;
  EXPECT_FALSE(r.wrote_output);
}

TEST(Limits, EveryCapIsListedAndCanBeChanged) {
  const CliRun list = run_in_fresh_dir("limits", "--limit actors=7 limits");
  EXPECT_EQ(list.code, 0) << list.err;
  const CliRun runs = run_in_fresh_dir("runs", "--limit runs=10 mc --runs 11 --quiet --out out");
  EXPECT_EQ(runs.code, 2);
  EXPECT_NE(runs.err.find("expected 1..10 runs"), std::string::npos) << runs.err;
  const CliRun rounds =
      run_in_fresh_dir("rounds", "--limit rounds=5 run --rounds 6 -m bdm --out out");
  EXPECT_EQ(rounds.code, 2);
  EXPECT_NE(rounds.err.find("1..5 rounds"), std::string::npos) << rounds.err;
  const CliRun bad = run_in_fresh_dir("badlimit", "--limit actors=many run");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--limit actors"), std::string::npos) << bad.err;
}

// Issue 13: CLI11 alone read `--seed -1` as 2^64 - 1 and saturated 2^64 to 2^64 - 1.
TEST(Options, OutOfRangeNumbersAreOptionErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run --seed -1 -o out", "--seed"},
      {"run --seed 18446744073709551616 -o out", "--seed"},
      {"run --seed 99999999999999999999999 -o out", "--seed"},
      {"run --seed 1.5 -o out", "--seed"},
      {"run --rounds -3 -o out", "--rounds"},
      {"run --rounds 2147483648 -o out", "--rounds"},
      {"run --threads -1 -o out", "--threads"},
      {"run --threads 100000 -o out", "--threads"},
      {"mc --runs -5 -o out", "--runs"},
      {"mc --runs 0 -o out", "--runs"},
      {"mc --runs 4294967297 -o out", "--runs"},
      {"whatif us_engages_russia --seed -2 -o out", "--seed"},
      {"conflict --threads -4", "--threads"},
      {"serve --max-body -1", "--max-body"},
  };
  for (const auto& [args, option] : cases) {
    const CliRun r = run_in_fresh_dir("options", args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("statecraft: option error: " + option + ":", 0), 0u) << args << r.err;
    EXPECT_NE(r.err.find("expected a whole number"), std::string::npos) << r.err;
    EXPECT_FALSE(r.wrote_output) << args;
  }
  // The largest seed is a seed like any other.
  const CliRun max =
      run_in_fresh_dir("maxseed", "run -m compromise --seed 18446744073709551615 -o ''");
  EXPECT_EQ(max.code, 0) << max.err;
}

}  // namespace
}  // namespace statecraft
