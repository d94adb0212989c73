#include "analysis/attribution.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

using Headers = std::vector<std::string>;

// One recording: one run.
Intermittency one_run(uint64_t failed, uint64_t ok, std::map<std::string, OutcomeCounts> with_header) {
  return attribute({RunOutcomes{failed, ok, std::move(with_header)}});
}

TEST(Attribute, HeaderPresentOnEveryFailureAndNoSuccessExplainsIt) {
  auto i = one_run(11, 29, {{"traceparent", {11, 0}}, {"content-type", {11, 29}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent"}));
  EXPECT_EQ(i.present.failed, 11u);
  EXPECT_EQ(i.absent.ok, 29u);
  ASSERT_TRUE(i.p_value);
  EXPECT_NEAR(*i.p_value, 4.3256e-10, 1e-13);  // 1 / C(40, 11); content-type is on every request: not a candidate
  EXPECT_EQ(i.p_method, "fisher-requests");
  EXPECT_EQ(i.candidates, 1u);
  EXPECT_DOUBLE_EQ(i.rate, 0.275);
  EXPECT_EQ(i.projected_rate_at_full_sampling, 1.0);
  EXPECT_FALSE(i.runs) << "one recording: no run-level table";
}

TEST(Attribute, HeadersThatAlwaysTravelTogetherAreNamedTogether) {
  auto i = one_run(5, 15, {{"traceparent", {5, 0}}, {"tracestate", {5, 0}}, {"x-other", {2, 7}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent", "tracestate"}));
  EXPECT_EQ(i.candidates, 2u);
  ASSERT_TRUE(i.p_value && i.p_unadjusted);
  EXPECT_DOUBLE_EQ(*i.p_value, 2 * *i.p_unadjusted) << "adjusted for the two header sets tried";
}

TEST(Attribute, FailuresWithNoDistinguishingHeaderAreUnexplained) {
  auto i = one_run(6, 14, {{"content-type", {6, 14}}});
  EXPECT_TRUE(i.explained_by.empty());
  EXPECT_FALSE(i.p_value);
  EXPECT_FALSE(i.projected_rate_at_full_sampling);
  EXPECT_EQ(i.failed, 6u);
  EXPECT_EQ(i.total, 20u);
}

TEST(Attribute, ANegativeAssociationExplainsNothing) {
  // The header is on the successes, not the failures.
  auto i = one_run(5, 15, {{"x-cache-bust", {0, 15}}});
  EXPECT_TRUE(i.explained_by.empty());
}

TEST(Attribute, AWeakAssociationIsNotAnExplanation) {
  auto i = one_run(3, 7, {{"traceparent", {2, 3}}});
  EXPECT_TRUE(i.explained_by.empty());
}

TEST(Attribute, AStrongButImperfectAssociationExplainsWithItsCounts) {
  // A second, rarer cause also fails some requests without the header.
  auto i = one_run(21, 79, {{"traceparent", {20, 1}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent"}));
  EXPECT_EQ(i.absent.failed, 1u);
  EXPECT_LT(*i.p_value, 1e-10);
  EXPECT_NEAR(*i.projected_rate_at_full_sampling, 20.0 / 21.0, 1e-12);
}

// Datadog RUM samples per session: every request of a sampled page load
// carries the headers, no request of another does. Five runs, one sampled,
// six requests each: a request-level test would claim p = 1/C(30, 6) =
// 1.7e-6; the runs say 1 in 5.
TEST(Attribute, APerRunSamplerIsJudgedByItsRuns) {
  std::vector<RunOutcomes> runs(5, RunOutcomes{0, 6, {}});
  runs[2] = RunOutcomes{6, 0, {{"traceparent", {6, 0}}, {"x-datadog-trace-id", {6, 0}}}};
  auto i = attribute(runs);
  EXPECT_EQ(i.p_method, "fisher-runs");
  EXPECT_TRUE(i.explained_by.empty()) << "p = 1/5 explains nothing";
  ASSERT_TRUE(i.runs);
  EXPECT_EQ(i.runs->failed, 1u);
  EXPECT_EQ(i.runs->total, 5u);
  EXPECT_DOUBLE_EQ(i.rate, 0.2) << "the fraction of runs that failed";
  EXPECT_NEAR(i.rate_interval.first, 0.0362, 1e-4);
  EXPECT_NEAR(i.rate_interval.second, 0.6245, 1e-4);
  EXPECT_EQ(i.failed, 6u) << "the request-level counts stay";
  EXPECT_EQ(i.total, 30u);
}

TEST(Attribute, ManySampledRunsExplainWithTheRunTable) {
  // 20 runs, 6 sampled, all of those failed: p = 1/C(20, 6).
  std::vector<RunOutcomes> runs;
  for (int r = 0; r < 20; ++r) {
    runs.push_back(r % 3 == 0 && r < 18 ? RunOutcomes{4, 0, {{"traceparent", {4, 0}}}} : RunOutcomes{0, 4, {}});
  }
  auto i = attribute(runs);
  EXPECT_EQ(i.explained_by, (Headers{"traceparent"}));
  EXPECT_EQ(i.p_method, "fisher-runs");
  EXPECT_NEAR(*i.p_value, 1.0 / 38760, 1e-12);
  ASSERT_TRUE(i.runs);
  EXPECT_EQ(i.runs->present.failed, 6u);
  EXPECT_EQ(i.runs->present.ok, 0u);
  EXPECT_EQ(i.runs->absent.failed, 0u);
  EXPECT_EQ(i.runs->absent.ok, 14u);
  EXPECT_DOUBLE_EQ(i.rate, 0.3);
  EXPECT_EQ(i.projected_rate_at_full_sampling, 1.0);
  // Looking after every run costs evidence: 36 looks, 36 times the p-value.
  auto looked = attribute(runs, {36});
  EXPECT_NEAR(*looked.p_value, 36.0 / 38760, 1e-12);
  EXPECT_EQ(looked.looks, 36u);
}

TEST(Attribute, APerRequestSamplerIsComparedWithinRuns) {
  // Two runs; within each, the requests with the header failed.
  std::vector<RunOutcomes> runs = {RunOutcomes{3, 7, {{"traceparent", {3, 0}}}},
                                   RunOutcomes{2, 8, {{"traceparent", {2, 0}}}}};
  auto i = attribute(runs);
  EXPECT_EQ(i.p_method, "stratified-exact-by-run");
  EXPECT_NEAR(*i.p_value, 1.0 / (120 * 45), 1e-12);  // 1/C(10,3) * 1/C(10,2)
  ASSERT_TRUE(i.runs);
  EXPECT_EQ(i.runs->failed, 2u);
  EXPECT_EQ(i.runs->present.failed, 2u);
}

}  // namespace
}  // namespace silentcors
