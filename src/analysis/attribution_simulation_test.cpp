// The statistical claims of triage, proved by simulation: when failures do
// NOT depend on any header, triage says "explained" in at most 1% of runs
// of it, however the sampler decides (per request, per page load) and
// however the failures come (per request, whole runs); and when they do,
// it settles quickly. Pure and seeded: the same numbers every time.
#include <random>

#include <gtest/gtest.h>

#include "analysis/finding_aggregator.h"
#include "analysis/triage_verdict.h"

namespace silentcors {
namespace {

struct Shape {
  int requests_per_run = 10;
  bool sample_per_run = false;  // Datadog RUM: one decision per page load.
  double sample_ratio = 0.3;
  int untraced_first = 0;       // Requests made before the SDK's session exists.
  enum class Failures { kPerRequest, kPerRun, kWhenTraced } failures = Failures::kPerRequest;
  double failure_rate = 0.2;
};

struct Outcome {
  TriageVerdict::Kind kind = TriageVerdict::Kind::kNoFailure;
  int runs = 0;
  bool stopped_early = false;
};

RequestVerdict request(bool failed, bool traced) {
  RequestVerdict v;
  v.outcome = failed ? RequestVerdict::Outcome::kCorsFailure : RequestVerdict::Outcome::kOk;
  v.cross_origin = true;
  v.endpoint = "POST http://api/orders <- http://app";
  v.request_headers = {"content-type"};
  if (traced) v.request_headers = {"content-type", "traceparent", "tracestate"};
  if (failed) {
    Finding f;
    f.kind = FindingKind::kHeaderNotAllowed;
    f.severity = "error";
    f.method = "POST";
    f.url = "http://api/orders";
    f.origin = "http://app";
    f.headers = {"traceparent", "tracestate"};
    v.findings.push_back(f);
  }
  return v;
}

// triage's loop (runner/triage_runner.cpp) over simulated runs.
Outcome simulate_triage(const Shape& shape, std::mt19937_64& random, const StopRule& rule = {}) {
  std::uniform_real_distribution<double> uniform(0, 1);
  FindingAggregator aggregator({rule.looks()});
  Outcome outcome;
  int failed_runs = 0;
  for (int run = 1; run <= rule.max_runs; ++run) {
    const bool run_sampled = uniform(random) < shape.sample_ratio;
    const bool run_fails = uniform(random) < shape.failure_rate;
    bool any_failed = false;
    for (int i = 0; i < shape.requests_per_run; ++i) {
      const bool traced = i >= shape.untraced_first &&
                          (shape.sample_per_run ? run_sampled : uniform(random) < shape.sample_ratio);
      bool failed = false;
      switch (shape.failures) {
        case Shape::Failures::kPerRequest: failed = uniform(random) < shape.failure_rate; break;
        case Shape::Failures::kPerRun: failed = run_fails; break;
        case Shape::Failures::kWhenTraced: failed = traced; break;
      }
      any_failed |= failed;
      aggregator.add(request(failed, traced), "run " + std::to_string(run), "checkout");
    }
    failed_runs += any_failed;
    outcome.runs = run;
    if (rule.may_stop_after(run)) {
      TriageVerdict now = triage_verdict(aggregator.report(), {run, failed_runs}, rule.p_threshold);
      if (now.settled) {
        outcome.stopped_early = true;
        break;
      }
    }
  }
  outcome.kind = triage_verdict(aggregator.report(), {outcome.runs, failed_runs}, rule.p_threshold).kind;
  return outcome;
}

struct NullCase {
  const char* name;
  Shape shape;
};

class FailuresThatDoNotDependOnTheHeader : public ::testing::TestWithParam<NullCase> {};

TEST_P(FailuresThatDoNotDependOnTheHeader, AreExplainedInAtMostOnePercentOfTriages) {
  constexpr int kTriages = 1000;
  std::mt19937_64 random(20261201);
  int explained = 0;
  for (int t = 0; t < kTriages; ++t) {
    explained += simulate_triage(GetParam().shape, random).kind == TriageVerdict::Kind::kCorsExplained;
  }
  EXPECT_LE(explained, kTriages / 100) << GetParam().name;
  RecordProperty("wrongly_explained", explained);
}

Shape null_shape(bool per_run_sampler, Shape::Failures failures, double failure_rate, int untraced_first = 0) {
  Shape s;
  s.sample_per_run = per_run_sampler;
  s.failures = failures;
  s.failure_rate = failure_rate;
  s.untraced_first = untraced_first;
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Triage, FailuresThatDoNotDependOnTheHeader,
    ::testing::Values(
        NullCase{"per-request sampler, per-request failures", null_shape(false, Shape::Failures::kPerRequest, 0.2)},
        NullCase{"per-run sampler, per-request failures", null_shape(true, Shape::Failures::kPerRequest, 0.2)},
        NullCase{"per-request sampler, whole runs fail", null_shape(false, Shape::Failures::kPerRun, 0.3)},
        NullCase{"per-run sampler, whole runs fail", null_shape(true, Shape::Failures::kPerRun, 0.3)},
        NullCase{"per-run sampler after two untraced requests, whole runs fail",
                 null_shape(true, Shape::Failures::kPerRun, 0.3, 2)}),
    [](const auto& info) { return "Case" + std::to_string(info.index); });

TEST(TriageSettles, APerRequestSamplerOnA40RequestPageWithinFiveRuns) {
  Shape shape;
  shape.requests_per_run = 40;
  shape.sample_ratio = 0.25;
  shape.failures = Shape::Failures::kWhenTraced;
  std::mt19937_64 random(1);
  for (int t = 0; t < 100; ++t) {
    Outcome outcome = simulate_triage(shape, random);
    EXPECT_EQ(outcome.kind, TriageVerdict::Kind::kCorsExplained);
    EXPECT_EQ(outcome.runs, 5) << "triage " << t;
  }
}

TEST(TriageSettles, APerRunSamplerWithinAboutTwentyFiveRuns) {
  Shape shape;
  shape.sample_per_run = true;
  shape.sample_ratio = 0.3;
  shape.failures = Shape::Failures::kWhenTraced;
  std::mt19937_64 random(2);
  std::vector<int> runs;
  int explained = 0;
  for (int t = 0; t < 200; ++t) {
    Outcome outcome = simulate_triage(shape, random);
    explained += outcome.kind == TriageVerdict::Kind::kCorsExplained;
    runs.push_back(outcome.runs);
  }
  std::sort(runs.begin(), runs.end());
  EXPECT_LE(runs[runs.size() / 2], 25) << "median runs to a verdict";
  EXPECT_GE(explained, 190) << "of 200 triages explained by 40 runs";
  RecordProperty("median_runs", runs[runs.size() / 2]);
}

}  // namespace
}  // namespace silentcors
