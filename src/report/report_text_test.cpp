#include "report/report_text.h"

#include <gtest/gtest.h>

#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using testing::failing_report;
using testing::header_not_exposed;
using testing::traced_post_refused;

TEST(ReportText, Percent) {
  EXPECT_EQ(percent(0.275), "27.5");
  EXPECT_EQ(percent(0.161), "16.1");
  EXPECT_EQ(percent(1.0), "100");
  EXPECT_EQ(percent(0), "0");
  EXPECT_EQ(percent(0.33333), "33.3");
}

TEST(ReportText, Duration) {
  EXPECT_EQ(duration(0.25), "250ms");
  EXPECT_EQ(duration(1.25), "1.2s");
  EXPECT_EQ(duration(95), "95.0s");
}

TEST(ReportText, CountOf) {
  EXPECT_EQ(count_of(1, "finding", "findings"), "1 finding");
  EXPECT_EQ(count_of(0, "finding", "findings"), "0 findings");
}

TEST(ReportText, FindingSummaryNamesKindHeadersMethodAndUrl) {
  EXPECT_EQ(finding_summary(traced_post_refused()),
            "header-not-allowed: traceparent, tracestate refused by POST "
            "http://127.0.0.1:8002/api/orders");
  EXPECT_EQ(finding_summary(header_not_exposed()),
            "header-not-exposed: x-request-id hidden by GET http://127.0.0.1:8002/api/cart");
  Finding status = traced_post_refused();
  status.kind = FindingKind::kPreflightStatus;
  status.headers.clear();
  EXPECT_EQ(finding_summary(status), "preflight-status: POST http://127.0.0.1:8002/api/orders");
}

TEST(ReportText, ChromeReportedOnlyOneOfSeveralHeaders) {
  EXPECT_EQ(chrome_sentence(traced_post_refused()),
            "Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)");
}

TEST(ReportText, ChromeReportedTheOnlyHeader) {
  Finding f = traced_post_refused();
  f.headers = {"traceparent"};
  EXPECT_EQ(chrome_sentence(f),
            "Chromium reported: HeaderDisallowedByPreflightResponse (failedParameter: traceparent)");
  f.chrome->failed_parameter.clear();
  EXPECT_EQ(chrome_sentence(f), "Chromium reported: HeaderDisallowedByPreflightResponse");
  EXPECT_EQ(chrome_sentence(header_not_exposed()), "");
}

TEST(ReportText, ChromeParameterMatchesHeadersCaseInsensitively) {
  Finding f = traced_post_refused();
  f.chrome->failed_parameter = "TraceParent";
  EXPECT_EQ(chrome_sentence(f),
            "Chromium reported only: TraceParent (HeaderDisallowedByPreflightResponse)");
}

TEST(ReportText, PreflightEvidenceQuotesValues) {
  EXPECT_EQ(preflight_sentence(traced_post_refused()),
            "preflight: status 204, Access-Control-Allow-Origin: \"http://127.0.0.1:8001\", "
            "Access-Control-Allow-Methods: \"GET, POST\", Access-Control-Allow-Headers: "
            "\"content-type\"");
  Finding f = header_not_exposed();
  EXPECT_EQ(preflight_sentence(f), "");
  f.allow_origin = "*";
  EXPECT_EQ(preflight_sentence(f), "response: Access-Control-Allow-Origin: \"*\"");
}

TEST(ReportText, OrphanSentence) {
  EXPECT_EQ(orphan_sentence(traced_post_refused()),
            "The server answered the preflight (OPTIONS) and never received the POST it was "
            "for: its logs show an OPTIONS and nothing after it.");
  EXPECT_EQ(orphan_sentence(header_not_exposed()), "");
}

TEST(ReportText, IntermittencySentence) {
  EXPECT_EQ(intermittency_sentence(*traced_post_refused().intermittent),
            "fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); explained by traceparent: present 11 "
            "failed/0 ok, absent 0 failed/29 ok, p = 4.3e-10; at full sampling: 100%");
}

TEST(ReportText, IntermittentClauseForARunsOneLiner) {
  EXPECT_EQ(intermittent_clause(*traced_post_refused().intermittent),
            "failed 11 of 40 requests; all of them carried traceparent");
  Intermittency i;
  i.failed = 3;
  i.total = 10;
  EXPECT_EQ(intermittent_clause(i), "failed 3 of 10 requests");
}

TEST(ReportText, IntermittencyUnexplained) {
  Intermittency i;
  i.failed = 1;
  i.total = 4;
  i.rate = 0.25;
  i.rate_interval = {0.0456, 0.6994};
  EXPECT_EQ(intermittency_sentence(i),
            "fails 1 of 4 (25%, 95% CI 4.6-69.9%); not explained by any request header");
}

TEST(ReportText, SummarySentence) {
  Summary s;
  s.requests = 3;
  s.cors_failures = 1;
  s.findings = 1;
  s.errors = 1;
  EXPECT_EQ(summary_sentence(s), "3 requests, 1 CORS failure, 1 finding (1 error)");
  s.other_failures = {{"net::ERR_CONNECTION_REFUSED", 2}, {"net::ERR_ABORTED", 1}};
  EXPECT_EQ(summary_sentence(s),
            "3 requests, 1 CORS failure, 1 finding (1 error); not CORS: net::ERR_ABORTED x1, "
            "net::ERR_CONNECTION_REFUSED x2");
  EXPECT_EQ(summary_sentence(Summary{}), "0 requests, 0 CORS failures, no findings");
  EXPECT_EQ(summary_sentence(failing_report().summary),
            "3 requests, 1 CORS failure, 2 findings (1 error, 1 warning); not CORS: "
            "net::ERR_CONNECTION_REFUSED x2");
}

TEST(ReportText, FailingFindingsLeaveOutTheToleratedOnes) {
  ScenarioRun run = testing::failed_run();
  run.report.findings = {traced_post_refused(), traced_post_refused(), header_not_exposed()};
  EXPECT_EQ(failing_findings(run).size(), 2u);  // Unset: every error finding fails the run.
  run.failing_findings = 1;
  EXPECT_EQ(failing_findings(run).size(), 1u);
  run.failing_findings = 0;  // Tolerated by an allow entry: the run failed for another reason.
  EXPECT_TRUE(failing_findings(run).empty());
}

TEST(ReportText, RunLabel) {
  EXPECT_EQ(run_label(testing::passed_run()), "checkout");
  EXPECT_EQ(run_label(testing::passed_run(3, 10)), "checkout [3/10]");
}

}  // namespace
}  // namespace silentcors::report
