#include "report/console_report.h"

#include <gtest/gtest.h>

#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using testing::error_run;
using testing::failed_run;
using testing::failing_report;
using testing::header_not_exposed;
using testing::passed_run;
using testing::traced_post_refused;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ConsoleReport, FindingBlockHasEveryPart) {
  const std::string text = console_report(failing_report(), false);
  const char* expected[] = {
      "error header-not-allowed: POST http://127.0.0.1:8002/api/orders (11 occurrences)\n",
      "  headers: traceparent, tracestate\n",
      "  origin: http://127.0.0.1:8001\n",
      "  scenario: checkout\n",
      "  why: The preflight response's Access-Control-Allow-Headers does not list traceparent, "
      "tracestate.\n",
      "       Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)\n",
      "  preflight: status 204, Access-Control-Allow-Origin: \"http://127.0.0.1:8001\", "
      "Access-Control-Allow-Methods: \"GET, POST\", Access-Control-Allow-Headers: "
      "\"content-type\"\n",
      "       The server answered the preflight (OPTIONS) and never received the POST it was "
      "for: its logs show an OPTIONS and nothing after it.\n",
      "  also fails: method-not-allowed: PUT is not in Access-Control-Allow-Methods\n",
      "  intermittent: fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); explained by traceparent: "
      "present 11 failed/0 ok, absent 0 failed/29 ok, p = 4.3e-10; at full sampling: 100%\n",
      "  fix: Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS "
      "response for http://127.0.0.1:8002/api/orders.\n",
      "warning header-not-exposed: GET http://127.0.0.1:8002/api/cart (1 occurrence)\n",
  };
  for (const char* part : expected) EXPECT_TRUE(contains(text, part)) << part << "\n---\n" << text;
}

TEST(ConsoleReport, EndsWithTheSummaryLine) {
  const std::string text = console_report(failing_report(), false);
  const std::string last =
      "\n3 requests, 1 CORS failure, 2 findings (1 error, 1 warning); not CORS: "
      "net::ERR_CONNECTION_REFUSED x2\n";
  ASSERT_GE(text.size(), last.size());
  EXPECT_EQ(text.substr(text.size() - last.size()), last) << text;
}

TEST(ConsoleReport, EmptyReportIsJustTheSummary) {
  EXPECT_EQ(console_report(Report{}, false), "0 requests, 0 CORS failures, no findings\n");
}

TEST(ConsoleReport, NotesBeforeSummary) {
  Report r;
  r.notes = {"the recording ends mid-request"};
  EXPECT_EQ(console_report(r, false),
            "note: the recording ends mid-request\n0 requests, 0 CORS failures, no findings\n");
}

TEST(ConsoleReport, NoAnsiCodesWithoutColor) {
  EXPECT_FALSE(contains(console_report(failing_report(), false), "\x1b"));
  for (const auto& run : {passed_run(), failed_run(), error_run()}) {
    EXPECT_FALSE(contains(console_run_line(run, false), "\x1b"));
  }
}

TEST(ConsoleReport, ColorMarksSeverityAndHeadline) {
  const std::string text = console_report(failing_report(), true);
  EXPECT_TRUE(contains(text, "\x1b[1;31merror\x1b[0m \x1b[1mheader-not-allowed: POST "
                             "http://127.0.0.1:8002/api/orders (11 occurrences)\x1b[0m\n"))
      << text;
  EXPECT_TRUE(contains(text, "\x1b[1;33mwarning\x1b[0m \x1b[1mheader-not-exposed")) << text;
  EXPECT_TRUE(contains(text, "\x1b[31m3 requests")) << text;
}

TEST(ConsoleReport, UntrustedTextCannotInjectEscapes) {
  Report r;
  Finding f = header_not_exposed();
  f.url = "http://evil.example/\x1b]0;pwned\x07";
  f.message = "line one\nline two";
  r.findings = {f};
  const std::string plain = console_report(r, false);
  EXPECT_FALSE(contains(plain, "\x1b")) << plain;
  EXPECT_FALSE(contains(plain, "\x07"));
  EXPECT_TRUE(contains(plain, "http://evil.example/\\x1B]0;pwned\\x07")) << plain;
  EXPECT_TRUE(contains(plain, "why: line one\\x0Aline two\n")) << plain;
}

TEST(ConsoleReport, AbsentPartsLeaveNoEmptyLines) {
  Report r;
  r.findings = {header_not_exposed()};
  EXPECT_EQ(console_report(r, false),
            "warning header-not-exposed: GET http://127.0.0.1:8002/api/cart (1 occurrence)\n"
            "  headers: x-request-id\n"
            "  origin: http://127.0.0.1:8001\n"
            "  why: JavaScript reads x-request-id as null: it is not in "
            "Access-Control-Expose-Headers.\n"
            "  fix: Add x-request-id to Access-Control-Expose-Headers on "
            "http://127.0.0.1:8002/api/cart.\n"
            "\n"
            "0 requests, 0 CORS failures, no findings\n");
}

TEST(ConsoleRunLine, Passed) {
  EXPECT_EQ(console_run_line(passed_run(), false), "PASS checkout 1.2s");
  EXPECT_EQ(console_run_line(passed_run(3, 10), false), "PASS checkout [3/10] 1.2s");
}

TEST(ConsoleRunLine, PassedWithWarnings) {
  ScenarioRun run = passed_run();
  run.report.findings = {header_not_exposed()};
  run.tolerated = {"authorization-wildcard: allowed because Firefox is not a target"};
  EXPECT_EQ(console_run_line(run, false), "PASS checkout 1.2s: 1 finding, 1 tolerated");
}

TEST(ConsoleRunLine, FailedNamesTheHeadlineFinding) {
  EXPECT_EQ(console_run_line(failed_run(2, 5), false),
            "FAIL checkout [2/5] 1.2s: header-not-allowed: traceparent, tracestate refused by "
            "POST http://127.0.0.1:8002/api/orders; failed 11 of 40 requests; all of them carried traceparent (+1 more)");
}

TEST(ConsoleRunLine, FailedWithoutFindingsNamesTheFailure) {
  ScenarioRun run = passed_run();
  run.outcome = ScenarioRun::Outcome::kFailed;
  run.failures = {"expected header-not-allowed on /api/orders did not appear"};
  EXPECT_EQ(console_run_line(run, false),
            "FAIL checkout 1.2s: expected header-not-allowed on /api/orders did not appear");
}

TEST(ConsoleRunLine, Error) {
  EXPECT_EQ(console_run_line(error_run(), false),
            "ERROR login 300ms: Chromium exited with signal 9 before the page loaded");
}

TEST(ConsoleRunLine, Color) {
  EXPECT_EQ(console_run_line(passed_run(), true), "\x1b[1;32mPASS\x1b[0m checkout 1.2s");
}

}  // namespace
// A run that timed out with requests in flight proves less than a pass;
// one that saw no cross-origin request proves nothing about CORS.
TEST(ConsoleRunLine, PassesThatProveLessSaySo) {
  ScenarioRun run = passed_run();
  run.unsettled = "the network was not idle at timeoutMs; 3 requests still in flight";
  EXPECT_EQ(console_run_line(run, false),
            "PASS? checkout 1.2s: the network was not idle at timeoutMs; 3 requests still in flight");
  ScenarioRun quiet = passed_run();
  quiet.report.summary.cross_origin_requests = 0;
  EXPECT_EQ(console_run_line(quiet, false), "PASS checkout 1.2s: no cross-origin request seen");
}

}  // namespace silentcors::report
