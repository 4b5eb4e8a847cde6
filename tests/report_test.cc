#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/registry.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "report/html_report.h"
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
  EXPECT_THAT(html, Not(HasSubstr("http://")));  // nothing to fetch: opens offline
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr("<script src")));
  // one trajectory chart per model and issue
  std::size_t charts = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++charts;
  EXPECT_EQ(charts, 2 * korea->issues.size());
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

TEST(HtmlReport, EscapesText) {
  EXPECT_EQ(report::escape_html("<a href='x'>&\""), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
}

}  // namespace
}  // namespace statecraft
