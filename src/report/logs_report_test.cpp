#include "report/logs_report.h"

#include <gtest/gtest.h>

#include "report/json_report.h"
#include "report/report_schema_check.h"

namespace silentcors::report {
namespace {

using nlohmann::json;

using test_support::keys;

logs::LogSummary every_field_set() {
  logs::LogSummary s;
  s.files = {"/var/log/nginx/access.log"};
  s.lines_read = 1003;
  s.lines_parsed = 1002;
  s.lines_skipped = 1;
  s.first_skipped = {{"/var/log/nginx/access.log", 11, "no [time]", "garbage"}};
  s.window_ms = 5000;
  s.bucket_ms = 3600000;
  std::map<logs::EndpointKey, logs::EndpointCounts> endpoints;
  auto& cart = endpoints[{"POST", "/api/cart/{id}", ""}];
  for (int i = 0; i < 100; ++i) cart.count(i < 50 ? 0 : 3600000, i >= 70);  // orphans from the second hour
  auto& orders = endpoints[{"POST", "/api/orders", ""}];
  for (int i = 0; i < 400; ++i) orders.count(0, i < 2);
  s.verdict = logs::judge_orphans(endpoints);
  return s;
}

TEST(LogsReport, EveryFieldTheWriterKnowsIsInTheSchemaAndNoOther) {
  json report = report_to_json(Report{}, "0.1.0");
  report["logs"] = logs_to_json(every_field_set());
  test_support::expect_report_json_matches_schema(report);
  const json schema = test_support::report_schema();
  const json& logs = schema.at("$defs").at("logs");
  EXPECT_EQ(keys(report["logs"]), keys(logs.at("properties")));
  EXPECT_EQ(keys(report["logs"]["endpoints"][0]), keys(logs.at("properties").at("endpoints").at("items").at("properties")));
  EXPECT_EQ(report["logs"]["endpoints"][0]["buckets"][1], (json{{"start", "1970-01-01T01:00:00Z"}, {"preflights", 50}, {"orphaned", 30}}));
  json since = report["logs"]["endpoints"][0]["since"];
  EXPECT_LT(since["p"], 1e-6);
  since.erase("p");
  EXPECT_EQ(since, (json{{"start", "1970-01-01T01:00:00Z"},
                         {"before", {{"preflights", 50}, {"orphaned", 0}}},
                         {"after", {{"preflights", 50}, {"orphaned", 30}}}}));
  EXPECT_EQ(report["logs"]["endpoints"][1]["since"], nullptr) << "a steady 0.5% has no since";
}

TEST(LogsReport, TheConsoleNamesTheEndpointAboveItsBaselineAndHowToLogTheHeaders) {
  const std::string console = logs_console(every_field_set());
  EXPECT_NE(console.find("read 1003 lines from 1 file: 1002 parsed, 1 skipped"), std::string::npos) << console;
  EXPECT_NE(console.find("skipped /var/log/nginx/access.log:11: no [time]: garbage"), std::string::npos) << console;
  EXPECT_NE(console.find("POST /api/cart/{id}"), std::string::npos) << console;
  EXPECT_NE(console.find("ABOVE BASELINE: 30% of its preflights were never followed, against 0.5%"), std::string::npos)
      << console;
  EXPECT_NE(console.find("SINCE 1970-01-01T01:00:00Z: 60% of 50 preflights orphaned from then on, 0% of 50 before (p = "),
            std::string::npos)
      << console;
  EXPECT_NE(console.find("▁▅"), std::string::npos) << console;  // none in the first hour, 60% in the second
  EXPECT_NE(console.find("$http_access_control_request_headers"), std::string::npos) << console;
}

// report.html: the verdict, each endpoint's bars by hour with its since and
// baseline marked, and nothing of a log's text unescaped.
TEST(LogsReport, TheHtmlPageChartsEachEndpointsOrphanRateByHour) {
  logs::LogSummary s = every_field_set();
  s.first_skipped = {{"/var/log/<b>.log", 11, "no [time]", "<script>alert(1)</script>"}};
  const std::string page = logs_html(s, 1);
  EXPECT_NE(page.find("<h1>silentcors logs: 1 endpoint above the baseline orphan rate</h1>"), std::string::npos);
  EXPECT_NE(page.find("Exit code <b class=\"exit\">1</b>: an endpoint&#39;s orphan rate is above its baseline"),
            std::string::npos)
      << page.substr(0, 2000);
  // The cart's two hours, the orders' one: a bar each, with its counts.
  std::size_t bars = 0;
  for (auto at = page.find("<rect class=\"bucket\""); at != std::string::npos; at = page.find("<rect class=\"bucket\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 3u);
  EXPECT_NE(page.find("<title>1970-01-01T01:00:00Z: 30 of 50 preflights orphaned (60%)</title>"), std::string::npos);
  EXPECT_NE(page.find("<line class=\"since\""), std::string::npos);
  EXPECT_NE(page.find("Since 1970-01-01T01:00:00Z: 60% of 50 preflights orphaned from then on, 0% of 50 before (p = "), std::string::npos);
  EXPECT_NE(page.find("<line class=\"baseline\""), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos) << "a log line's text ran as script";
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("/var/log/&lt;b&gt;.log:11"), std::string::npos);
}

}  // namespace
}  // namespace silentcors::report
