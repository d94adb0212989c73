#include "report/json_report.h"

#include <gtest/gtest.h>

#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using nlohmann::json;
using testing::failed_run;
using testing::error_run;
using testing::failing_report;
using testing::header_not_exposed;
using testing::passed_run;
using testing::traced_post_refused;

Report report_of(const Finding& f) {
  Report r;
  r.findings = {f};
  return r;
}

TEST(JsonReport, TopLevelContract) {
  const json j = report_to_json(failing_report(), "0.1.0");
  EXPECT_EQ(j["schemaVersion"], 1);
  EXPECT_EQ(j["tool"], (json{{"name", "silentcors"}, {"version", "0.1.0"}}));
  ASSERT_TRUE(j["findings"].is_array());
  EXPECT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["notes"], json::array());
}

TEST(JsonReport, SummaryContractAndExtras) {
  const json s = report_to_json(failing_report(), "0.1.0")["summary"];
  EXPECT_EQ(s, (json{{"requests", 3},
                     {"failedRequests", 3},
                     {"canceledRequests", 0},
                     {"crossOriginRequests", 0},
                     {"corsFailures", 1},
                     {"findings", 2},
                     {"preflights", 2},
                     {"errors", 1},
                     {"warnings", 1},
                     {"otherFailures", {{"net::ERR_CONNECTION_REFUSED", 2}}}}));
  for (const char* key : {"requests", "failedRequests", "corsFailures", "findings"}) {
    EXPECT_TRUE(s[key].is_number_unsigned()) << key;
  }
}

TEST(JsonReport, EmptyReportHasEmptyCollections) {
  const json j = report_to_json(Report{}, "dev");
  EXPECT_EQ(j["findings"], json::array());
  EXPECT_EQ(j["summary"]["otherFailures"], json::object());
  EXPECT_EQ(j["summary"]["findings"], 0);
}

TEST(JsonReport, FindingWithChromeAndIntermittency) {
  const json f = report_to_json(report_of(traced_post_refused()), "0.1.0")["findings"][0];
  const json expected = {
      {"kind", "header-not-allowed"},
      {"severity", "error"},
      {"method", "POST"},
      {"url", "http://127.0.0.1:8002/api/orders"},
      {"origin", "http://127.0.0.1:8001"},
      {"headers", {"traceparent", "tracestate"}},
      {"chrome",
       {{"corsError", "HeaderDisallowedByPreflightResponse"}, {"failedParameter", "traceparent"}}},
      {"occurrences", 11},
      {"scenario", "checkout"},
      {"message",
       "The preflight response's Access-Control-Allow-Headers does not list traceparent, "
       "tracestate."},
      {"fix",
       "Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS response for "
       "http://127.0.0.1:8002/api/orders."},
      {"preflightStatus", 204},
      {"allowHeaders", "content-type"},
      {"allowMethods", "GET, POST"},
      {"allowOrigin", "http://127.0.0.1:8001"},
      {"orphanPreflight", true},
      {"alsoFails", json::array({"method-not-allowed: PUT is not in Access-Control-Allow-Methods"})},
      {"corroboration",
       {"Audits CorsIssue", "console: Request header field traceparent is not allowed"}},
      {"sources", {"checkout run 1", "checkout run 2"}},
      {"intermittent",
       {{"failed", 11},
        {"total", 40},
        {"explainedBy", json::array({"traceparent"})},
        {"present", {{"failed", 11}, {"ok", 0}}},
        {"absent", {{"failed", 0}, {"ok", 29}}},
        {"pValue", 4.3e-10},
        {"rate", 0.275},
        {"rateInterval", {0.161, 0.428}},
        {"projectedRateAtFullSampling", 1.0}}},
  };
  EXPECT_EQ(f, expected) << f.dump(2);
}

TEST(JsonReport, ContractKeyTypes) {
  const json f = report_to_json(report_of(traced_post_refused()), "0.1.0")["findings"][0];
  for (const char* key : {"kind", "severity", "method", "url", "origin", "scenario", "message", "fix"}) {
    EXPECT_TRUE(f[key].is_string()) << key;
  }
  EXPECT_TRUE(f["headers"].is_array());
  EXPECT_TRUE(f["occurrences"].is_number_unsigned());
  EXPECT_TRUE(f["chrome"]["corsError"].is_string());
  EXPECT_TRUE(f["chrome"]["failedParameter"].is_string());
  const json& i = f["intermittent"];
  EXPECT_TRUE(i["failed"].is_number_unsigned());
  EXPECT_TRUE(i["total"].is_number_unsigned());
  EXPECT_TRUE(i["explainedBy"].is_array());
  EXPECT_TRUE(i["present"]["failed"].is_number_unsigned());
  EXPECT_TRUE(i["absent"]["ok"].is_number_unsigned());
  EXPECT_TRUE(i["pValue"].is_number_float());
  EXPECT_TRUE(i["rate"].is_number_float());
  ASSERT_TRUE(i["rateInterval"].is_array());
  EXPECT_EQ(i["rateInterval"].size(), 2u);
  EXPECT_TRUE(i["projectedRateAtFullSampling"].is_number());
}

TEST(JsonReport, FindingWithoutChromeOrIntermittencyOmitsThem) {
  const json f = report_to_json(report_of(header_not_exposed()), "0.1.0")["findings"][0];
  const json expected = {
      {"kind", "header-not-exposed"},
      {"severity", "warning"},
      {"method", "GET"},
      {"url", "http://127.0.0.1:8002/api/cart"},
      {"origin", "http://127.0.0.1:8001"},
      {"headers", json::array({"x-request-id"})},
      {"occurrences", 1},
      {"message",
       "JavaScript reads x-request-id as null: it is not in Access-Control-Expose-Headers."},
      {"fix", "Add x-request-id to Access-Control-Expose-Headers on http://127.0.0.1:8002/api/cart."},
  };
  EXPECT_EQ(f, expected) << f.dump(2);
}

TEST(JsonReport, HeadersAlwaysAnArray) {
  Finding f = header_not_exposed();
  f.headers.clear();
  EXPECT_EQ(report_to_json(report_of(f), "x")["findings"][0]["headers"], json::array());
}

TEST(JsonReport, OrphanPreflightFalseIsOmitted) {
  Finding f = traced_post_refused();
  f.orphan_preflight = false;
  EXPECT_FALSE(report_to_json(report_of(f), "x")["findings"][0].contains("orphanPreflight"));
}

TEST(JsonReport, EmptyAllowHeadersIsKeptBecauseTheServerSentIt) {
  Finding f = header_not_exposed();
  f.allow_headers = "";
  EXPECT_EQ(report_to_json(report_of(f), "x")["findings"][0]["allowHeaders"], "");
}

TEST(JsonReport, DisagreementWhenSet) {
  Finding f = header_not_exposed();
  f.disagreement = "Chromium allowed it; the Fetch standard does not.";
  EXPECT_EQ(report_to_json(report_of(f), "x")["findings"][0]["disagreement"],
            "Chromium allowed it; the Fetch standard does not.");
}

TEST(JsonReport, MissingStatisticsAreNull) {
  Finding f = traced_post_refused();
  f.intermittent->p_value.reset();
  f.intermittent->projected_rate_at_full_sampling.reset();
  f.intermittent->explained_by.clear();
  const json i = report_to_json(report_of(f), "x")["findings"][0]["intermittent"];
  EXPECT_TRUE(i["pValue"].is_null());
  EXPECT_TRUE(i["projectedRateAtFullSampling"].is_null());
  EXPECT_EQ(i["explainedBy"], json::array());
}

TEST(JsonReport, NotesAreKept) {
  Report r;
  r.notes = {"the recording ends mid-request"};
  EXPECT_EQ(report_to_json(r, "x")["notes"], json::array({"the recording ends mid-request"}));
}

TEST(JsonReport, InvalidUtf8BecomesReplacementCharacterAndDumps) {
  Finding f = header_not_exposed();
  f.url = "http://api.example/\xff\xfe";
  const json j = report_to_json(report_of(f), "x");
  EXPECT_EQ(j["findings"][0]["url"], "http://api.example/\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_NO_THROW(j.dump());
}

TEST(JsonReport, RunAddsScenarios) {
  const json j = run_to_json({passed_run(1, 2), failed_run(2, 2), error_run()}, failing_report(),
                             "0.1.0");
  EXPECT_EQ(j["schemaVersion"], 1);
  EXPECT_EQ(j["findings"].size(), 2u);
  ASSERT_EQ(j["scenarios"].size(), 3u);
  EXPECT_EQ(j["scenarios"][0], (json{{"name", "checkout"},
                                     {"file", "scenarios/checkout.json"},
                                     {"repeat", 1},
                                     {"repeats", 2},
                                     {"seconds", 1.25},
                                     {"outcome", "passed"},
                                     {"findings", 0},
                                     {"failures", json::array()},
                                     {"tolerated", json::array()},
                                     {"error", ""}}));
  EXPECT_EQ(j["scenarios"][1]["outcome"], "failed");
  EXPECT_EQ(j["scenarios"][1]["repeat"], 2);
  EXPECT_EQ(j["scenarios"][1]["findings"], 2);
  EXPECT_EQ(j["scenarios"][1]["failures"],
            json::array({"header-not-allowed is an error finding and no allow entry covers it"}));
  EXPECT_EQ(j["scenarios"][2]["outcome"], "error");
  EXPECT_EQ(j["scenarios"][2]["error"], "Chromium exited with signal 9 before the page loaded");
}

TEST(JsonReport, RunWithoutScenariosHasEmptyArray) {
  EXPECT_EQ(run_to_json({}, Report{}, "x")["scenarios"], json::array());
}

TEST(JsonReport, JsonTextIsIndentedAndEndsInNewline) {
  const std::string text = json_text(report_to_json(Report{}, "x"));
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\n  \"schemaVersion\": 1"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text)["tool"]["version"], "x");
}

TEST(JsonReport, OutcomeNames) {
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kPassed), "passed");
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kFailed), "failed");
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kError), "error");
}

}  // namespace
}  // namespace silentcors::report
