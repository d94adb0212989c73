#include "report/merge_input.h"

#include <gtest/gtest.h>

#include "report/json_report.h"
#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using nlohmann::json;

// Every field finding_to_json writes comes back (intermittent aside: a
// verdict's finding has none, the aggregator works it out).
TEST(MergeInputTest, AFindingComesBackAsItWasWritten) {
  Finding f = testing::traced_post_refused();
  f.intermittent.reset();
  f.status = 500;
  f.fix_snippet = Finding::Snippet{"nginx", "add_header Access-Control-Allow-Headers \"traceparent\" always;"};
  f.server = Finding::Server{"nginx", "certain", "Server: nginx/1.22"};
  f.credentialed = true;
  f.disagreement = "Chromium named only traceparent";
  const Finding back = finding_from_json(finding_to_json(f));
  EXPECT_EQ(finding_to_json(back), finding_to_json(f));
  EXPECT_EQ(back.kind, FindingKind::kHeaderNotAllowed);
  EXPECT_EQ(back.status, 500);
  EXPECT_EQ(back.allow_headers, "content-type");
  EXPECT_TRUE(back.orphan_preflight);
  const Finding small = testing::header_not_exposed();
  EXPECT_EQ(finding_to_json(finding_from_json(finding_to_json(small))), finding_to_json(small));
}

RequestVerdict refused(const std::string& header) {
  RequestVerdict v;
  v.outcome = RequestVerdict::Outcome::kCorsFailure;
  v.cross_origin = true;
  v.had_preflight = true;
  v.endpoint = "POST http://api/orders <- http://app";
  v.request_headers = {"content-type", header};
  Finding f = testing::header_not_exposed();
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.headers = {header};
  f.scenario.clear();
  v.findings = {f};
  return v;
}

ScenarioRun judged_run() {
  ScenarioRun run;
  run.scenario = "checkout";
  run.file = "scenarios/checkout.json";
  run.repeat_index = 2;
  run.repeat_count = 3;
  run.seconds = 0.8125;
  run.outcome = ScenarioRun::Outcome::kFailed;
  run.failures = {"header-not-allowed: traceparent"};
  run.tolerated = {"vary-origin-missing (allowed: known)"};
  run.unsettled = "";
  run.report.notes = {"tracing rehearsal: 2 of 3 requests carried headers"};
  run.suite_index = 4;
  RequestVerdict ok;
  ok.outcome = RequestVerdict::Outcome::kOk;
  ok.cross_origin = true;
  ok.endpoint = "GET http://api/cart <- http://app";
  RequestVerdict down;
  down.outcome = RequestVerdict::Outcome::kOtherFailure;
  down.other_error = "net::ERR_CONNECTION_REFUSED";
  down.endpoint = "GET http://down/ <- http://app";
  RequestVerdict broken = ok;
  broken.server_error = 503;
  run.verdicts = {refused("traceparent"), ok, refused("traceparent"), down, broken, refused("baggage")};
  run.failing = {1, 0};
  run.failing_findings = 2;
  return run;
}

TEST(MergeInputTest, ARunComesBackWithEveryVerdictAndItsJudgement) {
  const ScenarioRun run = judged_run();
  const json written = merge_input_to_json({run}, {7, "abc", 3, {2}});
  const MergeInput back = merge_input_from_json(written);
  EXPECT_EQ(back.share.suite_runs, 7u);
  EXPECT_EQ(back.share.fingerprint, "abc");
  EXPECT_EQ(back.share.of, 3);
  EXPECT_EQ(back.share.shards, std::vector<int>{2});
  ASSERT_EQ(back.runs.size(), 1u);
  const ScenarioRun& r = back.runs[0];
  EXPECT_EQ(r.suite_index, 4u);
  EXPECT_EQ(r.scenario, "checkout");
  EXPECT_EQ(r.file, "scenarios/checkout.json");
  EXPECT_EQ(r.repeat_index, 2);
  EXPECT_EQ(r.repeat_count, 3);
  EXPECT_EQ(r.seconds, 0.8125);
  EXPECT_EQ(r.outcome, ScenarioRun::Outcome::kFailed);
  EXPECT_EQ(r.failures, run.failures);
  EXPECT_EQ(r.tolerated, run.tolerated);
  EXPECT_EQ(r.report.notes, run.report.notes);
  EXPECT_EQ(r.failing, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(r.failing_findings, 2u);
  ASSERT_EQ(r.verdicts.size(), 6u);
  // The repeated request is written once, with its count, and comes back
  // right after its first: the same aggregate (FindingAggregator adds
  // counts; the first of each keeps its place).
  EXPECT_EQ(written["runs"][0]["requests"][0]["count"], 2);
  EXPECT_EQ(written["runs"][0]["findings"].size(), 2u) << "each distinct finding once";
  EXPECT_EQ(r.verdicts[1].request_headers, (std::vector<std::string>{"content-type", "traceparent"}));
  EXPECT_EQ(r.verdicts[2].outcome, RequestVerdict::Outcome::kOk);
  EXPECT_EQ(r.verdicts[3].other_error, "net::ERR_CONNECTION_REFUSED");
  EXPECT_EQ(r.verdicts[4].server_error, 503);
  EXPECT_TRUE(r.verdicts[0].had_preflight);
  EXPECT_TRUE(r.verdicts[0].cross_origin);
  ASSERT_EQ(r.verdicts[5].findings.size(), 1u);
  EXPECT_EQ(r.verdicts[5].findings[0].headers, std::vector<std::string>{"baggage"});
}

TEST(MergeInputTest, ARunNeverJudgedHasNoFailingFindings) {
  ScenarioRun run = judged_run();
  run.failing_findings.reset();
  run.failing.clear();
  ScenarioRun watched = run;
  watched.suite_index.reset();
  const json written = merge_input_to_json({run, watched}, {});
  EXPECT_EQ(written["runs"].size(), 1u) << "a run of no suite (watch) is left out";
  EXPECT_FALSE(written["runs"][0].contains("failing"));
  EXPECT_FALSE(merge_input_from_json(written).runs[0].failing_findings);
}

std::string error_of(const json& input) {
  try {
    merge_input_from_json(input);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(MergeInputTest, WhatIsWrongIsNamedByItsPath) {
  json good = merge_input_to_json({judged_run()}, {7, "abc", 3, {2}});
  json v = good;
  v["version"] = 2;
  EXPECT_EQ(error_of(v),
            "mergeInput.version: is 2; this silentcors reads version 1 (merge reports written by the same version)");
  json outcome = good;
  outcome["runs"][0]["requests"][1]["outcome"] = "fine";
  EXPECT_EQ(error_of(outcome),
            "mergeInput.runs[0].requests[1].outcome: expected one of ok, cors-failure, other-failure, canceled, "
            "unfinished, got \"fine\"");
  json ref = good;
  ref["runs"][0]["requests"][0]["findings"][0] = 9;
  EXPECT_EQ(error_of(ref), "mergeInput.runs[0].requests[0].findings[0]: names finding 9 of 2");
  json missing = good;
  missing["runs"][0].erase("name");
  EXPECT_EQ(error_of(missing), "mergeInput.runs[0].name: missing");
  json shard = good;
  shard["shard"]["shards"][0] = 4;
  EXPECT_EQ(error_of(shard), "mergeInput.shard.shards[0]: is not a shard of 3");
  json kind = good;
  kind["runs"][0]["findings"][0]["kind"] = "header-refused";
  EXPECT_EQ(error_of(kind), "mergeInput.runs[0].findings[0].kind: \"header-refused\" is not a finding kind");
}

}  // namespace
}  // namespace silentcors::report
