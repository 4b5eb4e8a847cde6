#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "core/registry.h"
#include "experiments/institutions.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "report/document_check.h"
#include "report/html_report.h"
#include "report/palette.h"
#include "test_support.h"

namespace statecraft {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HtmlReport, SelfContainedWithChartsForEveryIssueAndModel) {
  const auto korea = io::load_default_scenario();
  const auto runs = test::run_models(*korea, {"compromise:mean", "bdm"});
  const std::string html =
      report::html_report({io::result_to_json(*korea, runs), nullptr, {}, nullptr});
  EXPECT_THAT(html, HasSubstr("<!doctype html>"));
  EXPECT_THAT(html, HasSubstr("Korean peninsula"));
  // Nothing to fetch, so it opens offline (citations may link out; nothing is loaded).
  EXPECT_THAT(html, Not(HasSubstr("<script src")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=\"http")));
  EXPECT_THAT(html, Not(HasSubstr("url(http")));
  EXPECT_THAT(html, Not(HasSubstr("<script src")));
  EXPECT_THAT(html, Not(HasSubstr(" src=")));  // no images or scripts to load
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  // one trajectory chart per model and issue, one forecast chart per issue
  std::size_t charts = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++charts;
  EXPECT_EQ(charts, 3 * korea->issues.size());
}

TEST(HtmlReport, ListsTheExchangeModelsTrades) {
  const auto korea = io::load_default_scenario();
  const auto runs = test::run_models(*korea, {"exchange"});
  const std::string html =
      report::html_report({io::result_to_json(*korea, runs), nullptr, {}, nullptr});
  EXPECT_THAT(html, HasSubstr("<h2 id=exchanges>Exchanges (exchange:equal_gain)"));
  // Round 1 of the Korean default: the US gives way on relations, Russia on pressure and
  // on the UN sanctions regime.
  EXPECT_THAT(html, HasSubstr("<tr><td>USA</td><td>us_russia_relations</td>"));
  EXPECT_THAT(html, HasSubstr("<td>RUS</td><td>denuclearization_pressure</td><td class=num>45.0 → "
                              "85.0"));
  EXPECT_THAT(html, HasSubstr("<td>RUS</td><td>un_sanctions_regime</td><td class=num>40.0 → 85.0"));
}

std::vector<ModelResult> with_institutions(const Scenario& s, const std::vector<std::string>& m) {
  auto runs = test::run_models(s, m);
  for (auto& r : runs) apply_institutions(s, r);
  return runs;
}

TEST(HtmlReport, IsABriefWithCitedInputsAndSources) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const Json run = io::result_to_json(*korea, with_institutions(*korea, {"compromise:mean"}));
  const std::string html = report::html_report({run, nullptr, {}, nullptr});
  // Title page: the question and the date.
  EXPECT_THAT(html, HasSubstr("<header class=title-page>"));
  EXPECT_THAT(html, HasSubstr("Six states bargain over pressure"));
  EXPECT_THAT(html, HasSubstr("<b>Situation as of:</b> 2021-09-07"));
  // Inputs: capabilities with their range and citation, status quo, salience 0-100.
  EXPECT_THAT(html, HasSubstr("0.1236 <span class=muted>(0.105–0.142)</span><sup class=cite>[<a "
                              "href=\"#src-cinc_v7\">"));
  EXPECT_THAT(html, HasSubstr("<b>Status quo:</b> 75.0"));
  EXPECT_THAT(html, HasSubstr("veto holders: USA, RUS, CHN"));
  // The bibliography: every source, Bandow's articles among them.
  EXPECT_THAT(html, HasSubstr("<li id=\"src-bandow2021\">Doug Bandow. (2021-09-07). <i>Talk to "
                              "Russia About North Korea</i>"));
  for (const auto& src : korea->sources)
    EXPECT_THAT(html, HasSubstr("id=\"src-" + src.key + "\"")) << src.key;
  // Interventions in words; the why; the scale's words at the axis ends; print styles.
  EXPECT_THAT(html, HasSubstr("sets USA&#39;s position on us_russia_relations to 65 (stated: 25)"));
  EXPECT_THAT(html, HasSubstr("A veto moved it: USA would rather keep the status quo"));
  EXPECT_THAT(html, HasSubstr("◀ 0.0 = lift UN sanctions"));
  EXPECT_THAT(html, HasSubstr("100.0 = tighten them further ▶"));
  EXPECT_THAT(html, HasSubstr("@media print"));
}

// sRGB hex to CIE L*a*b* (D65), for colour differences as people see them.
std::array<double, 3> lab(const std::string& hex) {
  double c[3];
  for (int k = 0; k < 3; ++k) {
    const double v = std::stoi(hex.substr(1 + 2 * k, 2), nullptr, 16) / 255.0;
    c[k] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  }
  const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
  const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double delta_e(const std::string& a, const std::string& b) {
  const auto p = lab(a), q = lab(b);
  return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

TEST(ReportPalette, DistinctForAnyNumberOfActors) {
  // Up to eight actors: far apart in colour (CIE76 distance above 25).
  for (std::size_t a = 0; a < 8; ++a)
    for (std::size_t b = a + 1; b < 8; ++b)
      EXPECT_GT(delta_e(report::nth_style(a).colour, report::nth_style(b).colour), 25)
          << a << " vs " << b;
  // Beyond: never the same (colour, dash) pair twice, and a dash pattern besides the colour.
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t k = 0; k < 60; ++k) {
    const auto st = report::nth_style(k);
    EXPECT_TRUE(seen.insert({st.colour, st.dash}).second) << k;
    if (k >= 8) {
      EXPECT_FALSE(st.dash.empty()) << k;
    }
  }
  const report::Palette p({"USA", "JPN"});
  EXPECT_NE(p.style("USA").colour, p.style("JPN").colour);
}

TEST(HtmlReport, EachActorKeepsItsColourInEveryChartEvenWhenOthersSitOut) {
  // The Korean scenario with Russia sitting out the first issue: every other actor moves
  // up a column there, but keeps its colour.
  std::string yaml =
      test::read_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const auto at = yaml.find("      RUS: {position: 60");
  ASSERT_NE(at, std::string::npos);
  yaml.erase(at, yaml.find("      CHN:", at) - at);  // the entry spans two lines
  const auto s = test::scenario_from_yaml(yaml);
  const std::string html = report::html_report(
      {io::result_to_json(*s, with_institutions(*s, {"bdm", "exchange"})), nullptr, {}, nullptr});
  const std::regex line(
      R"re(stroke="(#[0-9A-Fa-f]{6})" stroke-width="2"[^>]* data-actor="([A-Z]+)")re");
  std::map<std::string, std::set<std::string>> colours;
  std::size_t lines = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), line); it != std::sregex_iterator();
       ++it, ++lines)
    colours[(*it)[2]].insert((*it)[1]);
  EXPECT_GT(lines, 2 * 5 * 5u);
  ASSERT_EQ(colours.size(), 6u);
  std::set<std::string> all;
  for (const auto& [actor, set] : colours) {
    EXPECT_EQ(set.size(), 1u) << actor << " changes colour between charts";
    all.insert(*set.begin());
  }
  EXPECT_EQ(all.size(), 6u);  // and no two actors share one
  EXPECT_GT(delta_e(*colours["USA"].begin(), *colours["JPN"].begin()), 25);
}

// A what-if document as `statecraft whatif --format json` writes it (the "whatif" object).
Json whatif_doc(const std::string& id, double baseline, double with, double p05, double p95) {
  return {{"runs", 100},
          {"seed", 1},
          {"interventions", {id}},
          {"models",
           {{{"model", "compromise"},
             {"variant", "mean"},
             {"issues",
              {{{"issue", "us_russia_relations"},
                {"baseline", baseline},
                {"intervention", with},
                {"point_shift", with - baseline},
                {"shift",
                 {{"mean", with - baseline},
                  {"sd", 1},
                  {"p05", p05},
                  {"median", with - baseline},
                  {"p95", p95}}},
                {"actor_shift", Json::array()}}}}}}}};
}

TEST(HtmlReport, WhatIfsInWordsWithBaselineWithAndDifferenceOnOneAxis) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const Json run = io::result_to_json(*korea, with_institutions(*korea, {"compromise:mean"}));
  const std::string html =
      report::html_report({run,
                           nullptr,
                           {whatif_doc("us_engages_russia", 27.9, 40.2, 8.0, 14.0),
                            whatif_doc("china_tightens_enforcement", 27.9, 27.0, -3.0, 1.0)},
                           nullptr});
  // The package verdicts when the what-if has them.
  Json with_packages = whatif_doc("us_engages_russia", 27.9, 40.2, 8.0, 14.0);
  with_packages["packages"] = {
      {{"model", "compromise:mean"},
       {"utility", "-sum s|x-o|/width"},
       {"actors",
        {{{"actor", "USA"}, {"difference", -0.146}, {"verdict", "worse"}},
         {{"actor", "ROK"}, {"difference", 0.0115}, {"verdict", "better"}},
         {{"actor", "GBR"}, {"difference", 0}, {"verdict", "indifferent"}}}}}};
  const std::string deal = report::html_report({run, nullptr, {with_packages}, nullptr});
  EXPECT_THAT(deal, HasSubstr("<h3>Who is better off</h3>"));
  EXPECT_THAT(deal, Not(HasSubstr("Through the responses")));  // this file has none
  // The responses' trace when the what-if has it; a malformed entry is an error, no crash.
  Json traced = with_packages;
  traced["models"][0]["responses"] = {
      {{"actor", "RUS"},
       {"field", "position"},
       {"issue", "denuclearization_pressure"},
       {"driver", "outcome of us_russia_relations"},
       {"driver_baseline", 33.6},
       {"driver_with", 61.9},
       {"value_baseline", 45.0},
       {"value_with", 53.5},
       {"change", 8.5},
       {"change_over_draws", {{"mean", 8.2}, {"p05", 2.6}, {"p95", 14.9}}}}};
  const std::string trace = report::html_report({run, nullptr, {traced}, nullptr});
  Json broken = traced;
  broken["models"][0]["responses"].push_back({{"actor", 7}});
  EXPECT_THROW(report::html_report({run, nullptr, {broken}, nullptr}), Json::exception);
  EXPECT_THAT(trace, HasSubstr("<h3>Through the responses</h3>"));
  EXPECT_THAT(trace, HasSubstr("<td>RUS position on denuclearization_pressure ← outcome of "
                               "us_russia_relations</td><td>compromise:mean</td><td "
                               "class=num>33.6 → 61.9</td><td class=num>45.0</td><td "
                               "class=num>53.5</td><td class=num>+8.5</td><td class=num>+2.6 … "
                               "+14.9</td>"));
  EXPECT_THAT(deal, HasSubstr("<td>ROK (+0.0115)</td><td>USA (-0.146)</td><td>GBR</td>"));
  EXPECT_THAT(html, HasSubstr("<h2 class=whatif>What if: The US engages Russia</h2>"));
  EXPECT_THAT(html, HasSubstr("It sets USA&#39;s position on us_russia_relations to 65"));
  EXPECT_THAT(html, HasSubstr("<td class=num>27.9</td><td class=num>40.2</td><td "
                              "class=num>+12.3</td><td class=num>+8.0 … +14.0</td>"));
  // Both charts on the axis -20 … +20 (the largest shift, 14, rounded up), with a zero line.
  std::size_t zero = 0, axes = 0;
  for (auto at = html.find("class=zero"); at != std::string::npos;
       at = html.find("class=zero", at + 1))
    ++zero;
  for (auto at = html.find(">-20</text>"); at != std::string::npos;
       at = html.find(">-20</text>", at + 1))
    ++axes;
  EXPECT_EQ(zero, 2u);
  EXPECT_EQ(axes, 2u);
}

TEST(HtmlReport, BacktestAgainstNaiveBaselines) {
  // The Korean default as it stood before the issue-14 rebuild (tests/data/).
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const Json run = io::result_to_json(*korea, with_institutions(*korea, {"compromise:mean"}));
  const Json row = {{"issue", "sanctions_enforcement"},
                    {"date", "2022-05-26"},
                    {"outcome", 65.0},
                    {"forecast", 75.0},
                    {"error", 10.0},
                    {"error_pct_of_scale", 10.0},
                    {"hit", true}};
  const Json score = {{"outcomes", {row}},
                      {"mae", 10.0},
                      {"mae_pct_of_scale", 10.0},
                      {"hit_rate", 1.0},
                      {"model", "compromise:mean"}};
  Json ensemble = score;
  ensemble["model"] = "ensemble (mean of the models)";
  const Json backtest = {{"scenario", "korea-peninsula"},
                         {"tolerance_pct", 10.0},
                         {"models", {score}},
                         {"ensemble", ensemble}};
  const std::string html = report::html_report({run, nullptr, {}, backtest});
  // status quo 75 vs outcome 65: error 10 (a hit at 10%); the middle of the scale: 15, a miss.
  EXPECT_THAT(html, HasSubstr("<tr><td>baseline: status quo (no change)</td><td "
                              "class=num>10.0</td><td class=num>10.0</td><td class=num>100%</td>"));
  EXPECT_THAT(html, HasSubstr("<tr><td>baseline: middle of the scale</td><td "
                              "class=num>15.0</td><td class=num>15.0</td><td class=num>0%</td>"));
}

TEST(HtmlReport, OlderResultsWithoutInputsOrWhyStillRender) {
  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  Json run = io::result_to_json(*korea, with_institutions(*korea, {"bdm"}));
  run.erase("inputs");
  for (auto& r : run["runs"])
    for (auto& ir : r["issues"]) ir.erase("why");
  const std::string html = report::html_report({run, nullptr, {}, nullptr});
  EXPECT_THAT(html, HasSubstr("This result file carries no inputs"));
  EXPECT_THAT(html, Not(HasSubstr("<b>Why</b>")));
  EXPECT_THAT(html, HasSubstr("data-actor=\"USA\""));  // actors from the runs get colours too
}

TEST(HtmlReport, DocumentScenario) {
  EXPECT_EQ(report::document_scenario(Json{{"scenario", "a"}}), "a");
  EXPECT_EQ(report::document_scenario(Json{{"scenario", {{"id", "b"}}}}), "b");
  EXPECT_EQ(report::document_scenario(Json{{"x", 1}}), "");
}

TEST(HtmlReport, EscapesText) {
  EXPECT_EQ(report::escape_html("<a href='x'>&\""), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// The report refuses a document it cannot read, naming the first missing or mistyped field
// (nlohmann's const operator[] on a missing key is undefined behaviour, so the renderer
// must never meet one).
TEST(DocumentCheck, NamesTheFirstMissingOrMistypedField) {
  Json w = whatif_doc("us_engages_russia", 27.9, 40.2, 8.0, 14.0);
  EXPECT_EQ(report::whatif_document_problem(w), "");
  Json thin = w;
  thin["models"][0]["issues"][0]["shift"].erase("p05");
  EXPECT_EQ(report::whatif_document_problem(thin), "models[0].issues[0].shift.p05 is missing");
  w["packages"] = {{{"model", "m"}, {"utility", "u"}, {"actors", {{{"actor", "A"}}}}}};
  EXPECT_EQ(report::whatif_document_problem(w), "packages[0].actors[0].verdict is missing");

  const auto korea =
      io::load_scenario_file(test::source_path("tests/data/korea_2021_before_rebuild.yaml"));
  const Json run = io::result_to_json(*korea, with_institutions(*korea, {"compromise:mean"}));
  EXPECT_EQ(report::run_document_problem(run), "");
  Json no_outcome = run;
  no_outcome["runs"][0]["issues"][1].erase("outcome");
  EXPECT_EQ(report::run_document_problem(no_outcome), "runs[0].issues[1].outcome is missing");
  Json short_run = run;
  short_run["runs"][0]["issues"].erase(0);
  EXPECT_THAT(report::run_document_problem(short_run), HasSubstr("runs[0].issues has"));

  const Json mc = {{"runs", 10},
                   {"seed", 1},
                   {"distribution", "triangular"},
                   {"models",
                    {{{"model", "bdm"},
                      {"variant", "scholz"},
                      {"issues",
                       {{{"issue", "x"},
                         {"outcome", {{"mean", 1}, {"median", 1}, {"p05", 0}, {"p95", 2}}},
                         {"sensitivity", Json::array()}}}}}}}};
  EXPECT_EQ(report::monte_carlo_document_problem(mc), "");
  Json no_distribution = mc;
  no_distribution.erase("distribution");
  EXPECT_EQ(report::monte_carlo_document_problem(no_distribution), "distribution is missing");

  const Json row = {{"model", "bdm"}, {"mae", 1}, {"mae_pct_of_scale", 1}, {"hit_rate", 0.5}};
  Json ensemble = row;
  ensemble["outcomes"] = {{{"issue", "x"}, {"date", "2022"}, {"outcome", 1}, {"forecast", 2}}};
  Json backtest = {{"tolerance_pct", 10}, {"models", {row}}, {"ensemble", ensemble}};
  EXPECT_EQ(report::backtest_document_problem(backtest), "");
  backtest["in_sample"] = "yes";
  EXPECT_EQ(report::backtest_document_problem(backtest), "in_sample must be true or false");
}

}  // namespace
}  // namespace statecraft
