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

}  // namespace
}  // namespace silentcors::report
