#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "core/registry.h"
#include "experiments/backtest.h"
#include "experiments/institutions.h"
#include "experiments/pipeline.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "report/document_check.h"
#include "report/html_report.h"
#include "report/model_sections.h"
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
                               "class=num>53.5</td><td class=num>+8.5</td><td "
                               "class=num>+8.5</td><td class=num>+2.6 … +14.9</td>"));
  // A package that moves the responding value itself: its own part is named, not credited
  // to the response; runs that did not settle are counted.
  Json deal_traced = traced;
  deal_traced["models"][0]["responses"][0]["from_intervention"] = 5.0;
  deal_traced["models"][0]["runs_with_unsettled_responses"] = {{"baseline", 3}, {"with", 1}};
  const std::string own = report::html_report({run, nullptr, {deal_traced}, nullptr});
  EXPECT_THAT(own, HasSubstr("+8.5 <span class=muted>(intervention's own +5.0)</span></td><td "
                             "class=num>+3.5</td>"));
  EXPECT_THAT(own, HasSubstr("whose responses did not settle"));
  EXPECT_THAT(own, HasSubstr("compromise:mean 3 without, 1 with"));
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
  // An older file, without the backtest's own baselines: the report scores the status quo and
  // the middle of the scale itself, under the CLI's labels. Status quo 75 vs outcome 65:
  // error 10 (a hit at 10%); the middle of the scale: 15, a miss.
  EXPECT_THAT(html,
              HasSubstr("<tr><td>status quo</td><td class=num>1</td><td class=num>10.0</td><td "
                        "class=num>10.0</td><td class=num>100%</td>"));
  EXPECT_THAT(html, HasSubstr("<tr><td>middle of the scale</td><td class=num>1</td><td "
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
  Json off_scale = run;
  off_scale["runs"][0]["issues"][1]["outcome"] = 1e300;
  EXPECT_EQ(report::run_document_problem(off_scale),
            "runs[0].issues[1].outcome 1e+300 lies off the issue's scale [0, 100]");
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
  ensemble["outcomes"] = {{{"issue", "x"},
                           {"date", "2022"},
                           {"outcome", 1},
                           {"forecast", 2},
                           {"error_pct_of_scale", 1},
                           {"hit", true}}};
  Json backtest = {{"tolerance_pct", 10}, {"models", {row}}, {"ensemble", ensemble}};
  EXPECT_EQ(report::backtest_document_problem(backtest), "");
  backtest["in_sample"] = "yes";
  EXPECT_EQ(report::backtest_document_problem(backtest), "in_sample must be true or false");
  // The fields the per-horizon table and the issue/actor split read.
  backtest.erase("in_sample");
  backtest["models"][0]["horizons"] = {{{"horizon", "<= 1y"}, {"mae_pct_of_scale", 1}}};
  EXPECT_EQ(report::backtest_document_problem(backtest), "models[0].horizons[0].n is missing");
  backtest["models"][0]["horizons"][0]["n"] = 1;
  backtest["models"][0]["n"] = -1;
  EXPECT_EQ(report::backtest_document_problem(backtest), "models[0].n must be a whole number");
  backtest["models"][0]["n"] = 1;
  backtest["ensemble"]["outcomes"][0].erase("hit");
  EXPECT_EQ(report::backtest_document_problem(backtest), "ensemble.outcomes[0].hit is missing");
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// The Korean default's backtest against the outcomes of 2022-2024 (four issue outcomes, seven
// actors' positions), as `statecraft backtest` writes it, and the run it is reported with.
struct KoreanBacktest {
  Json run, backtest;
  std::string html;
};

const KoreanBacktest& korean_backtest() {
  static const KoreanBacktest k = [] {
    const auto korea = io::load_default_scenario();
    RunRequest req;
    req.scenario = korea;
    req.models = {{"compromise:mean", 0, {}}};
    BacktestOptions o;
    o.mc_runs = 20;
    KoreanBacktest out;
    out.run = run_forecast(req);
    out.backtest =
        backtest(prepare(req),
                 io::load_outcomes_file(
                     test::source_path("scenarios/outcomes/korea_2022_2024.yaml"), *korea),
                 o);
    out.html = report::html_report({out.run, nullptr, {}, out.backtest});
    return out;
  }();
  return k;
}

// The text of each cell of `table`'s row whose first cell is `label` (tags inside cells
// removed); empty if there is none.
std::vector<std::string> row_cells(const std::string& table, const std::string& label) {
  const std::string quoted =
      std::regex_replace(label, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
  const std::regex row("<tr[^>]*><td>" + quoted + "</td>(.*?)</tr>");
  std::smatch m;
  if (!std::regex_search(table, m, row)) return {};
  std::vector<std::string> cells = {label};
  const std::string rest = m[1];
  const std::regex cell("<td[^>]*>(.*?)</td>");
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), cell); it != std::sregex_iterator();
       ++it)
    cells.push_back(std::regex_replace((*it)[1].str(), std::regex("<[^>]*>"), ""));
  return cells;
}

// The report's backtest table of scores (the first table of the section).
std::string scores_table(const std::string& html) {
  const auto from = html.find("<h2 id=backtest>");
  return html.substr(from, html.find("</table>", from) - from);
}

// From `h3` (a heading's text) to the end of the table after it.
std::string table_after(const std::string& html, const std::string& h3) {
  const auto from = html.find("<h3>" + h3 + "</h3>");
  if (from == std::string::npos) return "";
  return html.substr(from, html.find("</table>", from) - from);
}

const Json& method_row(const Json& b, const std::string& part, const std::string& name) {
  for (const auto& m : b.at(part))
    if (m.at("model") == name) return m;
  throw std::runtime_error("no " + name);
}

TEST(HtmlReportBacktest, EveryMethodSaysHowManyOutcomesItWasScoredOn) {
  const auto& k = korean_backtest();
  const std::string table = scores_table(k.html);
  EXPECT_THAT(table, HasSubstr("<th>method</th><th>n</th>"));
  EXPECT_EQ(row_cells(table, "compromise:mean").at(1), "11");
  EXPECT_EQ(row_cells(table, "persistence").at(1), "11");
  // The status quo only scores the issue outcomes that state one (2 of the 11): greyed, with
  // "2 of 11" and a note, so its 100% hits are not read as the best method.
  ASSERT_EQ(method_row(k.backtest, "baselines", "status quo").at("n"), 2);
  EXPECT_THAT(table, HasSubstr("<tr class=fewer><td>status quo</td><td class=num>2 of 11</td>"));
  EXPECT_THAT(table, Not(HasSubstr("<tr class=fewer><td>persistence</td>")));
  EXPECT_THAT(k.html, HasSubstr("In grey, scored on fewer outcomes than the models (11): status "
                                "quo (2)."));
}

TEST(HtmlReportBacktest, EachBaselineAppearsOnceUnderTheClisLabel) {
  const auto& k = korean_backtest();
  const std::string table = scores_table(k.html);
  // The file's baselines under their own names; the report adds only what the file lacks.
  std::vector<std::string> labels;
  const std::regex first_cell("<tr[^>]*><td>([^<]*)</td>");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), first_cell);
       it != std::sregex_iterator(); ++it)
    labels.push_back((*it)[1]);
  EXPECT_THAT(labels, ::testing::ElementsAre("compromise:mean", "ensemble: average (mixture)",
                                             "persistence", "status quo",
                                             "compromise (capability x salience mean)",
                                             "middle of the scale"));
  EXPECT_THAT(k.html, Not(HasSubstr("baseline: ")));
}

TEST(HtmlReportBacktest, DirectionIsADashForMethodsThatNeverMove) {
  const auto& k = korean_backtest();
  const std::string table = scores_table(k.html);
  EXPECT_THAT(table, HasSubstr("<th>hit rate</th><th>dir</th>"));
  // Persistence forecasts the value at as_of, and so does the status quo out of sample:
  // their 0% is by construction.
  ASSERT_EQ(method_row(k.backtest, "baselines", "persistence").at("direction_rate"), 0.0);
  EXPECT_EQ(row_cells(table, "persistence").at(5), "—");
  EXPECT_EQ(row_cells(table, "status quo").at(5), "—");
  const double rate =
      method_row(k.backtest, "models", "compromise:mean").at("direction_rate").get<double>();
  EXPECT_EQ(row_cells(table, "compromise:mean").at(5), fmt::format("{:.0f}%", 100 * rate));
}

TEST(HtmlReportBacktest, PerHorizonTableAsTheCliPrintsIt) {
  const auto& k = korean_backtest();
  const std::string table = table_after(k.html, "Per horizon");
  ASSERT_FALSE(table.empty());
  EXPECT_THAT(table, HasSubstr("<th>method</th><th>&lt;= 1y</th><th>2-3y</th><th>3-5y</th>"));
  for (const std::string part : {"models", "baselines"})
    for (const auto& m : k.backtest.at(part)) {
      const auto cells = row_cells(table, m.at("model").get<std::string>());
      ASSERT_EQ(cells.size(), 4u) << m.at("model");
      for (const auto& h : m.at("horizons")) {
        const std::size_t col = h.at("horizon") == "<= 1y" ? 1 : h.at("horizon") == "2-3y" ? 2 : 3;
        EXPECT_EQ(cells[col], fmt::format("{:.1f} (n={})", h.at("mae_pct_of_scale").get<double>(),
                                          h.at("n").get<int>()))
            << m.at("model") << " " << h.at("horizon");
      }
    }
  // The status quo has no outcome beyond three years.
  EXPECT_EQ(row_cells(table, "status quo").at(3), "—");
  // The baselines the report scores itself have no horizons to show.
  EXPECT_TRUE(row_cells(table, "middle of the scale").empty());
}

TEST(HtmlReportBacktest, IssueOutcomesAndActorPositionsScoredApart) {
  const auto& k = korean_backtest();
  const std::string table = table_after(k.html, "Issue outcomes and actors' positions");
  ASSERT_FALSE(table.empty());
  for (const std::string name : {"compromise:mean", "persistence"}) {
    const Json& m = method_row(k.backtest, name == "persistence" ? "baselines" : "models", name);
    std::vector<std::string> expected = {name};
    for (bool actors : {false, true}) {
      double pct = 0;
      std::size_t hits = 0, n = 0;
      for (const auto& o : m.at("outcomes"))
        if (o.contains("actor") == actors) {
          pct += o.at("error_pct_of_scale").get<double>();
          hits += o.at("hit").get<bool>();
          ++n;
        }
      ASSERT_EQ(n, actors ? 7u : 4u);
      expected.push_back(std::to_string(n));
      expected.push_back(fmt::format("{:.1f}", pct / double(n)));
      expected.push_back(fmt::format("{:.0f}%", 100.0 * double(hits) / double(n)));
    }
    EXPECT_EQ(row_cells(table, name), expected);
  }
  // The status quo has no actor outcome to score.
  const auto sq = row_cells(table, "status quo");
  ASSERT_EQ(sq.size(), 7u);
  EXPECT_EQ(sq[1], "2");
  EXPECT_EQ(sq[4], "0");
  EXPECT_EQ(sq[5], "—");
  // The middle of the scale, scored by the report, covers every outcome like the models.
  EXPECT_EQ(row_cells(scores_table(k.html), "middle of the scale").at(1), "11");
  EXPECT_EQ(row_cells(table, "middle of the scale").at(4), "7");
}

TEST(HtmlReportConflicts, ReachableEquilibriaNeverAnEmptyList) {
  // The trilateral format's status quo is an equilibrium already: the only equilibrium it
  // reaches by improvements is itself, with no move.
  RunRequest req;
  req.scenario = io::load_default_scenario();
  req.models = {{"compromise:mean", 0, {}}};
  const std::string html = report::html_report({run_forecast(req), nullptr, {}, nullptr});
  const auto from = html.find("<h3>trilateral_format");
  ASSERT_NE(from, std::string::npos);
  const std::string section = html.substr(from, html.find("</div>", from) - from);
  EXPECT_THAT(section, HasSubstr("<b>Equilibria reachable by improvements:</b> none but the "
                                 "status quo itself (already an equilibrium: no move needed)"));
  EXPECT_THAT(html, Not(HasSubstr("<ul></ul>")));
  // The patron game's status quo reaches two equilibria by improvements: listed.
  EXPECT_THAT(html, HasSubstr("<b>Equilibria reachable by improvements:</b></p><ul><li>"));
  // Nothing reachable at all: "none".
  const Json conflict = {{"conflict", "c"},
                         {"name", "C"},
                         {"feasible_states", 2},
                         {"semantics", "textbook"},
                         {"equilibria", Json::object()},
                         {"status_quo",
                          {{"state", {{"description", "s"}}},
                           {"equilibrium_under", Json::array()},
                           {"decision_makers", Json::object()},
                           {"reachable_equilibria",
                            {{{"description", "t"},
                              {"reachable_by_improvements", false},
                              {"improving_path", Json::array()}}}}}}};
  EXPECT_THAT(report::conflict_sections(Json::array({conflict})),
              HasSubstr("<b>Equilibria reachable by improvements:</b> none</p>"));
}

}  // namespace
}  // namespace statecraft
