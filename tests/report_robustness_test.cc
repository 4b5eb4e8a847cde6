// A report reads hand-editable JSON files. Whatever is cut out of one (any field, any array's
// tail) must end in a typed error or a report, never in undefined behaviour: every field and
// array of real documents is removed in turn and the renderer run on the result (under the
// sanitizer build this is where an unchecked read would show).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "report/html_report.h"
#include "test_support.h"

namespace statecraft {
namespace {

// JSON pointers of every object member and every array, recursing into the first and last
// element of each array (their siblings have the same shape).
void collect(const Json& node, const Json::json_pointer& at, std::vector<Json::json_pointer>& out) {
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      out.push_back(at / key);
      collect(child, at / key, out);
    }
  } else if (node.is_array() && !node.empty()) {
    out.push_back(at);  // stands for "drop the last element"
    collect(node.front(), at / 0, out);
    if (node.size() > 1) collect(node.back(), at / (node.size() - 1), out);
  }
}

// `doc` with the array at `at` one element shorter, or with the member/element at `at` removed.
Json cut(Json doc, const Json::json_pointer& at, bool shorten) {
  if (shorten) {
    Json& target = doc.at(at);
    target.erase(target.size() - 1);
    return doc;
  }
  Json& parent = doc.at(at.parent_pointer());
  if (parent.is_array())
    parent.erase(std::stoul(at.back()));
  else
    parent.erase(at.back());
  return doc;
}

// Each cut of `doc` (placed into the inputs by `place`) renders or throws Json::exception.
void every_cut_renders_or_is_refused(const Json& doc,
                                     const std::function<report::ReportInputs(Json)>& place,
                                     const std::string& what) {
  std::vector<Json::json_pointer> cuts;
  collect(doc, Json::json_pointer(), cuts);
  ASSERT_GT(cuts.size(), 20u) << what;
  std::size_t refused = 0;
  for (const auto& at : cuts) {
    for (bool shorten : {false, true}) {
      if (shorten && !doc.at(at).is_array()) continue;
      if (!shorten && at.empty()) continue;
      try {
        (void)report::html_report(place(cut(doc, at, shorten)));
      } catch (const Json::exception&) {
        ++refused;
      }
    }
  }
  EXPECT_GT(refused, 0u) << what << ": no cut was refused, so the test reached nothing";
}

class ReportRobustness : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("statecraft_report_cuts_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const std::string korea = test::source_path("scenarios/korea_peninsula.yaml");
    for (const std::string& args : {"run " + korea, "mc " + korea + " -n 12 --threads 2",
                                    "whatif " + korea + " us_engages_russia -n 12 --threads 2",
                                    "backtest " + korea + " -n 12 --threads 2"}) {
      const auto r = test::run_statecraft(dir_.string(), args + " --out .");
      ASSERT_EQ(r.code, 0) << args << "\n" << r.err;
    }
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static Json read(const std::string& name, const char* key) {
    Json doc = Json::parse(test::read_file((dir_ / name).string()));
    return key ? doc.at(key) : doc;
  }
  static std::filesystem::path dir_;
};
std::filesystem::path ReportRobustness::dir_;

TEST_F(ReportRobustness, AnyCutInARunDocumentRendersOrIsRefused) {
  every_cut_renders_or_is_refused(
      read("korea-peninsula.json", nullptr),
      [](Json run) {
        return report::ReportInputs{std::move(run), nullptr, {}, nullptr};
      },
      "run");
}

TEST_F(ReportRobustness, AnyCutInAMonteCarloWhatIfOrBacktestRendersOrIsRefused) {
  const Json run = read("korea-peninsula.json", nullptr);
  every_cut_renders_or_is_refused(
      read("korea-peninsula.mc.json", "monte_carlo"),
      [&](Json mc) {
        return report::ReportInputs{run, std::move(mc), {}, nullptr};
      },
      "mc");
  every_cut_renders_or_is_refused(
      read("korea-peninsula.whatif.us_engages_russia.json", "whatif"),
      [&](Json w) {
        return report::ReportInputs{run, nullptr, {std::move(w)}, nullptr};
      },
      "whatif");
  every_cut_renders_or_is_refused(
      read("korea-peninsula.backtest.json", "backtest"),
      [&](Json b) {
        return report::ReportInputs{run, nullptr, {}, std::move(b)};
      },
      "backtest");
}

}  // namespace
}  // namespace statecraft
