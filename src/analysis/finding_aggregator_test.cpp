#include "analysis/finding_aggregator.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

RequestVerdict request(bool failed, bool traced) {
  RequestVerdict v;
  v.outcome = failed ? RequestVerdict::Outcome::kCorsFailure : RequestVerdict::Outcome::kOk;
  v.cross_origin = true;
  v.endpoint = "POST http://api/orders <- http://app";
  if (traced) v.request_headers = {"traceparent"};
  if (failed) {
    Finding f;
    f.kind = FindingKind::kHeaderNotAllowed;
    f.severity = "error";
    f.method = "POST";
    f.url = "http://api/orders";
    f.origin = "http://app";
    f.headers = {"traceparent"};
    v.findings.push_back(f);
  }
  return v;
}

RequestVerdict echoed(const std::string& page_origin) {
  RequestVerdict v;
  v.outcome = RequestVerdict::Outcome::kOk;
  v.cross_origin = true;
  v.endpoint = "GET http://api/profile <- " + page_origin;
  Finding f;
  f.kind = FindingKind::kVaryOriginMissing;
  f.severity = "warning";
  f.method = "GET";
  f.url = "http://api/profile?id=1";
  f.origin = page_origin;
  v.vary_candidates.push_back(f);
  return v;
}

// A suite's combined report is one aggregation of every run's verdicts:
// two scenarios on two page origins that get their own origin back from one
// endpoint are the evidence of an echo, though neither run alone is.
TEST(FindingAggregator, AnEchoIsProvedByTwoPageOriginsAcrossScenarios) {
  FindingAggregator one_run;
  one_run.add(echoed("http://app"), "cart [1/1]", "cart");
  one_run.add(echoed("http://app"), "cart [1/1]", "cart");
  EXPECT_TRUE(one_run.report().findings.empty()) << "one origin, however often, may be a fixed Allow-Origin";

  FindingAggregator suite;
  suite.add(echoed("http://app"), "cart [1/1]", "cart");
  suite.add(echoed("http://admin"), "admin [1/1]", "admin");
  const Report report = suite.report();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].origin, "http://app");  // Held, then reported when the second came.
  EXPECT_EQ(report.findings[0].scenario, "cart");
  EXPECT_EQ(report.findings[1].origin, "http://admin");
  EXPECT_EQ(report.summary.requests, 2u);
}

// Two pages of one app call the same endpoint: each scenario's finding
// counts its own requests only (once, a 20-request scenario said "failed
// 32, total 40").
TEST(FindingAggregator, ScenariosThatShareAnEndpointAreNotPooled) {
  FindingAggregator aggregator;
  for (int i = 0; i < 20; ++i) aggregator.add(request(i < 16, i < 16), "cart [1/1]", "cart");
  for (int i = 0; i < 20; ++i) aggregator.add(request(i < 4, i < 4), "checkout [1/1]", "checkout");
  Report report = aggregator.report();
  ASSERT_EQ(report.findings.size(), 2u);
  for (const auto& f : report.findings) {
    SCOPED_TRACE(f.scenario);
    ASSERT_TRUE(f.intermittent);
    EXPECT_EQ(f.intermittent->total, 20u);
    EXPECT_EQ(f.intermittent->failed, f.scenario == "cart" ? 16u : 4u);
    EXPECT_EQ(f.occurrences, f.scenario == "cart" ? 16u : 4u);
  }
}

TEST(FindingAggregator, RecordingsAreCountedEachOnItsOwn) {
  FindingAggregator aggregator;
  for (int i = 0; i < 10; ++i) aggregator.add(request(i < 2, i < 2), "a.jsonl");
  for (int i = 0; i < 10; ++i) aggregator.add(request(i < 5, i < 5), "b.jsonl");
  Report report = aggregator.report();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].intermittent->total, 10u);
  EXPECT_EQ(report.findings[1].intermittent->total, 10u);
  EXPECT_EQ(report.findings[0].sources.size(), 1u);
}

TEST(FindingAggregator, TheRunsOfAScenarioAreCountedTogetherByRun) {
  FindingAggregator aggregator;
  for (int run = 1; run <= 4; ++run) {
    const std::string source = "checkout [" + std::to_string(run) + "/4]";
    for (int i = 0; i < 5; ++i) aggregator.add(request(run == 2, run == 2), source, "checkout");
  }
  Report report = aggregator.report();
  ASSERT_EQ(report.findings.size(), 1u);
  const Intermittency& i = *report.findings[0].intermittent;
  EXPECT_EQ(i.total, 20u);
  ASSERT_TRUE(i.runs);
  EXPECT_EQ(i.runs->failed, 1u);
  EXPECT_EQ(i.runs->total, 4u);
  EXPECT_DOUBLE_EQ(i.rate, 0.25);
}

// The HTML report's strip: run by run, whether it failed and whether it
// carried the explaining header.
TEST(FindingAggregator, EachRunIsMarkedFailedOrNotAndCarriedOrNot) {
  FindingAggregator aggregator;
  const bool traced[] = {true, false, true, false, false, false};
  for (int run = 1; run <= 6; ++run) {
    const std::string source = "checkout [" + std::to_string(run) + "/6]";
    for (int i = 0; i < 3; ++i) aggregator.add(request(traced[run - 1], traced[run - 1]), source, "checkout");
  }
  Report report = aggregator.report();
  ASSERT_EQ(report.findings.size(), 1u);
  const auto& marks = report.findings[0].intermittent->run_marks;
  ASSERT_EQ(marks.size(), 6u);
  for (int run = 0; run < 6; ++run) {
    EXPECT_EQ(marks[run].run, "checkout [" + std::to_string(run + 1) + "/6]");
    EXPECT_EQ(marks[run].failed, traced[run]);
    if (!report.findings[0].intermittent->explained_by.empty()) EXPECT_EQ(marks[run].carried, traced[run]);
  }
}

// add() says which findings a request went into, by first-seen ordinal.
TEST(FindingAggregator, AddReturnsTheOrdinalsOfTheFindingsARequestWentInto) {
  FindingAggregator aggregator;
  EXPECT_TRUE(aggregator.add(request(false, false), "a").empty());
  EXPECT_EQ(aggregator.add(request(true, true), "a"), (std::vector<size_t>{0}));
  EXPECT_EQ(aggregator.add(request(true, true), "a"), (std::vector<size_t>{0}));
  EXPECT_EQ(aggregator.add(request(true, true), "b"), (std::vector<size_t>{1}));  // Another recording's own.
}

TEST(FindingAggregator, CountsCanceledAndCrossOriginRequests) {
  FindingAggregator aggregator;
  RequestVerdict canceled;
  canceled.outcome = RequestVerdict::Outcome::kCanceled;
  canceled.cross_origin = true;
  aggregator.add(canceled, "x");
  aggregator.add(request(false, false), "x");
  RequestVerdict same_origin;
  same_origin.outcome = RequestVerdict::Outcome::kOk;
  aggregator.add(same_origin, "x");
  Report report = aggregator.report();
  EXPECT_EQ(report.summary.canceled_requests, 1u);
  EXPECT_EQ(report.summary.cross_origin_requests, 2u);
  EXPECT_EQ(report.summary.requests, 3u);
}

}  // namespace
}  // namespace silentcors
