// The importer table (io/importers.h): the one list `run`, `validate`, `import`, the lab's
// upload and the fuzz targets read, and the format sniffing it does.
#include "io/importers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/errors.h"
#include "core/limits.h"
#include "fuzz/fuzz_targets.h"
#include "io/input_file.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;

const std::string kBdm = "Actor,Capability,Position,Salience\nA,0.5,10,0.8\nB,0.3,60,0.5\n";

std::string importer_of(const std::string& text, const std::string& file) {
  const io::Importer* used = nullptr;
  io::load_input_text(text, file, &used);
  return used ? used->name : "";
}

std::string temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("statecraft-importers-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

TEST(Importers, TableHasUniqueNamesAndEveryImporterAFuzzTarget) {
  std::set<std::string> names, targets;
  for (const auto& t : fuzz::targets()) targets.insert(t.name);
  for (const auto& imp : io::importers()) {
    EXPECT_TRUE(names.insert(imp.name).second) << imp.name;
    ASSERT_FALSE(imp.extensions.empty()) << imp.name;
    for (const auto& ext : imp.extensions) EXPECT_EQ(ext.front(), '.') << imp.name;
    EXPECT_TRUE(imp.sniff && imp.load) << imp.name;
    EXPECT_EQ(targets.count(imp.name + "_" + imp.extensions.front().substr(1)), 1u) << imp.name;
    EXPECT_EQ(io::find_importer(imp.name), &imp);
  }
  EXPECT_EQ(io::find_importer("nope"), nullptr);
  EXPECT_THAT(io::importer_names(), HasSubstr("bdm"));
}

TEST(Importers, SniffingPicksTheFormatByContent) {
  EXPECT_EQ(importer_of(kBdm, "t.csv"), "bdm");
  EXPECT_EQ(importer_of(test::read_file(test::source_path("data/reference/ktab/SOE-Policy.csv")),
                        "t.csv"),
            "ktab");
  EXPECT_EQ(
      importer_of(test::read_file(test::source_path("data/reference/exchange/copenhagen.csv")),
                  "t.csv"),
      "decide");
  EXPECT_EQ(importer_of(test::read_file(test::source_path("tests/bad_inputs/base_scenario.yaml")),
                        "t.yml"),
            "scenario");
}

// A spreadsheet saved as "CSV UTF-8" on Windows: byte-order mark and CRLF line ends.
TEST(Importers, BdmCsvWithByteOrderMarkAndCrlfIsStillBdm) {
  std::string crlf;
  for (char c : kBdm) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::string text = "\xEF\xBB\xBF" + crlf;
  EXPECT_EQ(importer_of(text, "excel.csv"), "bdm");
  const auto s = io::load_input(temp_file("excel.csv", text));
  ASSERT_EQ(s->actors.size(), 2u);
  EXPECT_EQ(s->actors[0].id, "A");
  EXPECT_DOUBLE_EQ(s->issues[0].stances[1].position.value, 60);
  // The same through the CLI's run and import.
  const auto dir = std::filesystem::temp_directory_path();
  const auto run = test::run_statecraft(
      dir.string(), "run '" + temp_file("excel2.csv", text) + "' -m bdm -o '' -f csv");
  EXPECT_EQ(run.code, 0) << run.err;
  const auto imp =
      test::run_statecraft(dir.string(), "import bdm '" + temp_file("excel3.csv", text) + "'");
  EXPECT_EQ(imp.code, 0) << imp.err;
  EXPECT_THAT(imp.out, HasSubstr("positions:"));
}

// `run file.csv` reads through the same checks as `import`: the --limit file_bytes cap
// (not a fixed 64 MiB) and the UTF-8 check.
TEST(Importers, DirectCsvPathHasTheSizeLimitAndUtf8Check) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string csv = temp_file("limit.csv", kBdm);
  const auto big =
      test::run_statecraft(dir.string(), "--limit file_bytes=40 run '" + csv + "' -m bdm -o ''");
  EXPECT_EQ(big.code, 2) << big.err;
  EXPECT_THAT(big.err, HasSubstr("limit exceeded"));
  EXPECT_THAT(big.err, HasSubstr("--limit file_bytes"));
  const std::string latin1 = temp_file("latin1.csv", kBdm + "Ren\xe9,0.2,90,0.9\n");
  for (const std::string& cmd : {"run '" + latin1 + "' -m bdm -o ''", "validate '" + latin1 + "'",
                                 "import bdm '" + latin1 + "'"}) {
    const auto r = test::run_statecraft(dir.string(), cmd);
    EXPECT_EQ(r.code, 2) << cmd << r.err;
    EXPECT_THAT(r.err, HasSubstr("input error")) << cmd;
    EXPECT_THAT(r.err, HasSubstr("latin1.csv:4:4")) << cmd;
  }
}

TEST(Importers, UnknownExtensionOrKindIsAnErrorListingTheFormats) {
  try {
    io::load_input_text("x", "notes.txt");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("notes.txt"), HasSubstr(".yaml"), HasSubstr(".csv")));
  }
  const auto r = test::run_statecraft(std::filesystem::temp_directory_path().string(),
                                      "import nosuchkind x.csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("expected: " + io::importer_names()));
}

}  // namespace
}  // namespace statecraft
