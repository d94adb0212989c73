#include "analysis/triage_verdict.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

Finding refused(uint64_t occurrences) {
  Finding f;
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.method = "POST";
  f.url = "https://api.shop.test/api/orders?id=3";
  f.headers = {"traceparent"};
  f.occurrences = occurrences;
  f.fix = "Add traceparent to Access-Control-Allow-Headers on https://api.shop.test (it now sends: Content-Type)";
  return f;
}

TEST(TriageVerdict, SampledHeaderIsNamedWithCountsRateAndFix) {
  Report report;
  Finding f = refused(11);
  Intermittency i;
  i.failed = 11;
  i.total = 40;
  i.explained_by = {"traceparent"};
  i.present = {11, 0};
  i.absent = {0, 29};
  i.p_value = 4.3e-10;
  i.p_method = "fisher-requests";
  i.candidates = 1;
  i.rate = 0.275;
  i.rate_interval = {0.16108, 0.42835};
  i.projected_rate_at_full_sampling = 1.0;
  f.intermittent = i;
  report.findings.push_back(f);
  auto verdict = triage_verdict(report, {40, 11});
  EXPECT_EQ(verdict.kind, TriageVerdict::Kind::kCorsExplained);
  EXPECT_TRUE(verdict.settled);
  ASSERT_EQ(verdict.lines.size(), 5u);
  EXPECT_EQ(verdict.lines[0],
            "POST /api/orders fails whenever `traceparent` is present (11/11) and never otherwise (0/29), p = 4.3e-10 "
            "(fisher-requests).");
  // Issue 18 item 5: the rule is said, and why triage may differ (one look here: analyze's case).
  EXPECT_EQ(verdict.lines[4],
            "The rule: a header set explains it at p < 0.01 after adjusting for 1 header set, checked once over all the runs; triage also adjusts "
            "for the looks of its early stop, so on the same runs it can need more evidence.");
  EXPECT_EQ(verdict.lines[1], "It is CORS: " + f.fix + ".");
  EXPECT_EQ(verdict.lines[2], "It failed 11 of 40 requests (27.5%, 95% CI 16.1%-42.8%).");
  EXPECT_EQ(verdict.lines[3], "At a sample ratio of 1.0 this endpoint would fail 100% of requests.");
}

// Issue 18 item 5: triage and analyze --runs-of gave opposite verdicts on
// the same runs, and neither said which rule it applied nor what a look is.
TEST(TriageVerdict, AnUnexplainedVerdictSaysItsRuleAndItsLooks) {
  Report report;
  Finding f = refused(3);
  Intermittency i;
  i.failed = 3;
  i.total = 12;
  i.p_method = "fisher-runs";
  i.candidates = 3;
  i.looks = 12;
  i.rate = 0.25;
  i.rate_interval = {0.05, 0.57};
  f.intermittent = i;
  report.findings.push_back(f);
  auto verdict = triage_verdict(report, {12, 3});
  EXPECT_EQ(verdict.kind, TriageVerdict::Kind::kCorsUnexplained);
  ASSERT_FALSE(verdict.lines.empty());
  EXPECT_EQ(verdict.lines.back(),
            "The rule: a header set explains it at p < 0.01 after adjusting for 3 header sets and for 12 looks (triage checks the evidence after "
            "each run and may stop at the first clear look); `analyze --runs-of` on the same recordings checks once, "
            "so it can call significant what triage did not.");
}

// With several runs, the rate a suite owner sees is the share of runs.
TEST(TriageVerdict, SeveralRunsSpeakOfRuns) {
  Report report;
  Finding f = refused(42);
  Intermittency i;
  i.failed = 42;
  i.total = 140;
  i.explained_by = {"traceparent", "tracestate"};
  i.present = {42, 0};
  i.absent = {0, 98};
  i.p_value = 0.00093;
  i.p_method = "fisher-runs";
  i.candidates = 1;
  i.looks = 36;
  i.rate = 0.3;
  i.rate_interval = {0.14546, 0.51897};
  i.runs = RunTable{6, 20, {6, 0}, {0, 14}};
  i.projected_rate_at_full_sampling = 1.0;
  f.intermittent = i;
  report.findings.push_back(f);
  auto verdict = triage_verdict(report, {20, 6});
  EXPECT_TRUE(verdict.settled);
  EXPECT_EQ(verdict.lines[0],
            "POST /api/orders fails whenever `traceparent` and `tracestate` are present (6/6 runs) and never otherwise "
            "(0/14 runs), p = 0.00093 (fisher-runs, adjusted for 1 header set and 36 looks).");
  EXPECT_EQ(verdict.lines[2], "It failed 6 of 20 runs (30%, 95% CI 14.5%-51.9%); 42 of 140 requests.");
  EXPECT_EQ(verdict.lines[3], "At a sample ratio of 1.0 this endpoint would fail 100% of runs.");
}

TEST(TriageVerdict, NotSettledWhileTheEvidenceIsThin) {
  Report report;
  Finding f = refused(2);
  Intermittency i;
  i.failed = 2;
  i.total = 6;
  i.explained_by = {"traceparent"};
  i.present = {2, 0};
  i.absent = {0, 4};
  i.p_value = 0.0667;
  f.intermittent = i;
  report.findings.push_back(f);
  EXPECT_FALSE(triage_verdict(report, {6, 2}).settled);
}

TEST(TriageVerdict, UnexplainedIntermittentFailureSaysSoPlainly) {
  Report report;
  Finding f = refused(6);
  Intermittency i;
  i.failed = 6;
  i.total = 20;
  i.rate = 0.3;
  f.intermittent = i;
  report.findings.push_back(f);
  auto verdict = triage_verdict(report, {20, 6});
  EXPECT_EQ(verdict.kind, TriageVerdict::Kind::kCorsUnexplained);
  EXPECT_FALSE(verdict.settled);
  EXPECT_NE(verdict.lines[1].find("No request header explains it"), std::string::npos);
}

TEST(TriageVerdict, FailingEveryTimeIsNotAFlake) {
  Report report;
  report.findings.push_back(refused(12));
  auto verdict = triage_verdict(report, {12, 12});
  EXPECT_EQ(verdict.kind, TriageVerdict::Kind::kCorsEveryTime);
  EXPECT_TRUE(verdict.settled);
  EXPECT_EQ(verdict.lines[0],
            "POST /api/orders fails every time (12 of 12 requests): not a flake, a broken CORS contract "
            "(header-not-allowed).");
}

TEST(TriageVerdict, FailuresThatAreNotCors) {
  Report report;
  report.summary.other_failures = {{"HTTP 503", 3}, {"net::ERR_CONNECTION_REFUSED", 1}};
  auto verdict = triage_verdict(report, {20, 4});
  EXPECT_EQ(verdict.kind, TriageVerdict::Kind::kNotCors);
  EXPECT_EQ(verdict.lines[0],
            "This flake is not CORS: no request was blocked by CORS in 20 runs; the failures were HTTP 503 x3, "
            "net::ERR_CONNECTION_REFUSED x1.");
}

TEST(TriageVerdict, WarningsAloneAreNoFailure) {
  Report report;
  Finding warning = refused(3);
  warning.severity = "warning";
  report.findings.push_back(warning);
  EXPECT_EQ(triage_verdict(report, {5, 0}).kind, TriageVerdict::Kind::kNoFailure);
}

}  // namespace
}  // namespace silentcors
