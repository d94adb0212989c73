#include "runs/expectations.h"

#include <gtest/gtest.h>

namespace silentcors::runs {
namespace {

// A run's findings start from a traced POST refused by its preflight; each
// test changes one thing (Envoy's style: a good default, one field changed).
Finding refused(std::vector<std::string> headers = {"traceparent", "tracestate"},
                std::string url = "http://127.0.0.1:8002/api/orders") {
  Finding f;
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.method = "POST";
  f.url = std::move(url);
  f.headers = std::move(headers);
  return f;
}

Finding warning_not_exposed() {
  Finding f;
  f.kind = FindingKind::kHeaderNotExposed;
  f.severity = "warning";
  f.method = "GET";
  f.url = "http://127.0.0.1:8002/api/cart";
  f.headers = {"x-request-id"};
  return f;
}

Report report_of(std::vector<Finding> findings) {
  Report r;
  r.findings = std::move(findings);
  return r;
}

scenario::AllowRule allow(std::string kind, std::optional<std::string> header, std::optional<std::string> url,
                          std::string reason) {
  return {{std::move(kind), std::move(header), std::move(url)}, std::move(reason)};
}

TEST(Expectations, NoFindingsPasses) {
  const Verdict v = judge(Report{}, scenario::Expect{});
  EXPECT_TRUE(v.passed());
  EXPECT_TRUE(v.tolerated.empty());
}

TEST(Expectations, AnErrorFindingFailsByDefaultAndNamesHeadersMethodAndUrl) {
  const Verdict v = judge(report_of({refused()}), scenario::Expect{});
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_EQ(v.failures[0],
            "header-not-allowed: traceparent, tracestate refused by POST http://127.0.0.1:8002/api/orders "
            "(no expect.allow entry covers it)");
  EXPECT_EQ(v.failing, std::vector<std::size_t>{0});
}

TEST(Expectations, AWarningDoesNotFail) {
  const Verdict v = judge(report_of({warning_not_exposed()}), scenario::Expect{});
  EXPECT_TRUE(v.passed());
  EXPECT_TRUE(v.tolerated.empty());
}

TEST(Expectations, NoErrorsFalseLetsErrorsThrough) {
  scenario::Expect expect;
  expect.no_errors = false;
  EXPECT_TRUE(judge(report_of({refused()}), expect).passed());
}

TEST(Expectations, AllowWithReasonToleratesAndKeepsItVisible) {
  scenario::Expect expect;
  expect.allow.push_back(allow("header-not-allowed", "traceparent", std::nullopt, "OPS-123: tracing goes live in May"));
  const Verdict v = judge(report_of({refused()}), expect);
  EXPECT_TRUE(v.passed());
  ASSERT_EQ(v.tolerated.size(), 1u);
  EXPECT_EQ(v.tolerated[0],
            "header-not-allowed: traceparent, tracestate refused by POST http://127.0.0.1:8002/api/orders "
            "(allowed: OPS-123: tracing goes live in May)");
}

TEST(Expectations, ANewFindingOnTheSamePageStillFails) {
  scenario::Expect expect;
  expect.allow.push_back(allow("header-not-allowed", "traceparent", std::nullopt, "OPS-123"));
  Finding method = refused({}, "http://127.0.0.1:8002/api/orders/7");
  method.kind = FindingKind::kMethodNotAllowed;
  method.method = "DELETE";
  const Verdict v = judge(report_of({refused(), method}), expect);
  EXPECT_FALSE(v.passed());
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_NE(v.failures[0].find("method-not-allowed: DELETE http://127.0.0.1:8002/api/orders/7"), std::string::npos)
      << v.failures[0];
  EXPECT_EQ(v.tolerated.size(), 1u);
  EXPECT_EQ(v.failing, std::vector<std::size_t>{1});
}

TEST(Expectations, AllowForOneHeaderDoesNotCoverAnotherHeader) {
  scenario::Expect expect;
  expect.allow.push_back(allow("header-not-allowed", "baggage", std::nullopt, "not ours"));
  EXPECT_FALSE(judge(report_of({refused()}), expect).passed());
}

TEST(Expectations, AllowUrlGlobMatchesOnlyItsUrls) {
  scenario::Expect expect;
  expect.allow.push_back(allow("header-not-allowed", std::nullopt, "http://127.0.0.1:8002/api/*", "staging API"));
  EXPECT_TRUE(judge(report_of({refused()}), expect).passed());
  EXPECT_FALSE(judge(report_of({refused({"traceparent"}, "http://cdn.example/api/orders")}), expect).passed());
  // The glob is anchored at both ends.
  expect.allow[0].pattern.url = "http://127.0.0.1:8002/api";
  EXPECT_FALSE(judge(report_of({refused()}), expect).passed());
}

TEST(Expectations, ExpectedFindingMissingFails) {
  scenario::Expect expect;
  expect.findings.push_back({"header-not-allowed", "baggage", "https://api.example/*"});
  const Verdict v = judge(report_of({}), expect);
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_EQ(v.failures[0],
            "expected finding did not appear: header-not-allowed with header baggage at a URL matching "
            "https://api.example/* (expect.findings[0])");
}

TEST(Expectations, ExpectedFindingPresentPassesAndIsListed) {
  scenario::Expect expect;
  expect.findings.push_back({"header-not-allowed", "tracestate", std::nullopt});
  const Verdict v = judge(report_of({refused()}), expect);
  EXPECT_TRUE(v.passed());
  ASSERT_EQ(v.tolerated.size(), 1u);
  EXPECT_NE(v.tolerated[0].find("(expected by expect.findings[0])"), std::string::npos);
}

TEST(Expectations, FailingFindingsComeFirst) {
  scenario::Expect expect;
  expect.allow.push_back(allow("header-not-exposed", std::nullopt, std::nullopt, "unused header"));
  Finding method = refused({});
  method.kind = FindingKind::kMethodNotAllowed;
  Report report = report_of({warning_not_exposed(), refused(), method});
  // The timeline's requests point at findings by index: they follow the move.
  TimelineRequest get, post;
  get.findings = {0};
  post.findings = {1, 2};
  report.timelines = {RunTimeline{"run", {get, post}, 0}};
  const Verdict v = judge(report, expect);
  const Report ordered = failing_first(report, v);
  ASSERT_EQ(ordered.findings.size(), 3u);
  EXPECT_EQ(name_of(ordered.findings[0].kind), "header-not-allowed");
  EXPECT_EQ(name_of(ordered.findings[1].kind), "method-not-allowed");
  EXPECT_EQ(name_of(ordered.findings[2].kind), "header-not-exposed");
  EXPECT_EQ(ordered.timelines[0].requests[0].findings, (std::vector<size_t>{2}));
  EXPECT_EQ(ordered.timelines[0].requests[1].findings, (std::vector<size_t>{0, 1}));
}

TEST(Expectations, PatternMatchesKindHeaderAndUrl) {
  EXPECT_TRUE(matches({"header-not-allowed", std::nullopt, std::nullopt}, refused()));
  EXPECT_FALSE(matches({"method-not-allowed", std::nullopt, std::nullopt}, refused()));
  EXPECT_TRUE(matches({"header-not-allowed", "tracestate", std::nullopt}, refused()));
  EXPECT_FALSE(matches({"header-not-allowed", "traceparent", std::nullopt}, refused({})));
  EXPECT_TRUE(matches({"header-not-allowed", std::nullopt, "*/api/orders"}, refused()));
}

}  // namespace
}  // namespace silentcors::runs
