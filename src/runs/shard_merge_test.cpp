#include "runs/shard_merge.h"

#include <gtest/gtest.h>

#include "analysis/input_error.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/markdown_summary.h"
#include "report/report_text.h"
#include "runs/expectations.h"
#include "runs/run_aggregation.h"

namespace silentcors::runs {
namespace {

using nlohmann::json;
using Outcome = RequestVerdict::Outcome;

const std::string kEndpoint = "POST http://api.test/api/orders <- http://app.test";

RequestVerdict request(bool traced) {
  RequestVerdict v;
  v.outcome = traced ? Outcome::kCorsFailure : Outcome::kOk;
  v.cross_origin = true;
  v.had_preflight = true;
  v.endpoint = kEndpoint;
  v.request_headers = traced ? std::vector<std::string>{"content-type", "traceparent"}
                             : std::vector<std::string>{"content-type"};
  if (traced) {
    Finding f;
    f.kind = FindingKind::kHeaderNotAllowed;
    f.severity = "error";
    f.method = "POST";
    f.url = "http://api.test/api/orders";
    f.origin = "http://app.test";
    f.headers = {"traceparent"};
    f.chrome = ChromeEvidence{"HeaderDisallowedByPreflightResponse", "traceparent"};
    f.message = "The preflight did not allow traceparent.";
    f.fix = "Add traceparent to Access-Control-Allow-Headers.";
    v.findings = {f};
  }
  return v;
}

// A run as judge_run leaves it: its report built from its verdicts, judged
// by the default expectations (every error fails it).
ScenarioRun judged(const std::string& name, int repeat, int repeats, std::size_t index,
                   std::vector<RequestVerdict> verdicts) {
  ScenarioRun run;
  run.scenario = name;
  run.file = "scenarios/" + name + ".json";
  run.repeat_index = repeat;
  run.repeat_count = repeats;
  run.suite_index = index;
  run.seconds = 0.25 + 0.125 * static_cast<double>(index);
  run.verdicts = std::move(verdicts);
  Report report = verdicts_report(run.verdicts, report::run_label(run), name, {"a note of " + report::run_label(run)});
  const Verdict verdict = judge(report, scenario::Expect{});
  run.failing = verdict.failing;
  run.failing_findings = verdict.failing.size();
  run.report = failing_first(std::move(report), verdict);
  run.failures = verdict.failures;
  run.outcome = run.failures.empty() ? ScenarioRun::Outcome::kPassed : ScenarioRun::Outcome::kFailed;
  return run;
}

// "flaky" repeats 10 times; a sampler traced half of them (refused);
// "steady" runs once and passes. Run k of the suite goes to shard k % N.
std::vector<ScenarioRun> suite() {
  std::vector<ScenarioRun> runs;
  const bool traced[] = {true, true, false, false, true, false, true, false, false, true};
  for (int i = 0; i < 10; ++i) {
    // Two requests per run, as a page load of an SDK that samples per session.
    runs.push_back(judged("flaky", i + 1, 10, i, {request(traced[i]), request(traced[i])}));
  }
  runs.push_back(judged("steady", 1, 1, 10, {request(false)}));
  return runs;
}

constexpr const char* kFingerprint = "0123456789abcdef";

// The report.json `run` writes for these runs of the suite.
json report_of(const std::vector<ScenarioRun>& runs, const report::SuiteShare& share) {
  CombinedReport combined;
  for (const auto& run : runs) combined.add(run);
  json out = report::run_to_json(runs, combined.report(), "test");
  out["mergeInput"] = report::merge_input_to_json(runs, share);
  return out;
}

ShardReport shard(int index, int of, const std::string& file = "") {
  std::vector<ScenarioRun> mine;
  for (const auto& run : suite()) {
    if (*run.suite_index % of == static_cast<std::size_t>(index - 1)) mine.push_back(run);
  }
  return {file.empty() ? "shard" + std::to_string(index) + ".json" : file,
          report_of(mine, {11, kFingerprint, of, {index}})};
}

json merged_json(const MergedSuite& merged) {
  json out = report::run_to_json(merged.runs, merged.combined, "test");
  out["mergeInput"] = report::merge_input_to_json(merged.runs, merged.share);
  return out;
}

TEST(ShardMergeTest, TwoShardsMergeIntoWhatOneUnshardedRunWrites) {
  const std::vector<ScenarioRun> whole = suite();
  CombinedReport combined;
  for (const auto& run : whole) combined.add(run);
  const json expected = report_of(whole, {11, kFingerprint, 1, {1}});

  const MergedSuite merged = merge_shards({shard(1, 2), shard(2, 2)});
  EXPECT_EQ(merged_json(merged), expected);
  EXPECT_EQ(report::junit_xml(merged.runs, "silentcors"), report::junit_xml(whole, "silentcors"));
  EXPECT_EQ(report::markdown_summary(merged.runs, merged.combined), report::markdown_summary(whole, combined.report()));
  EXPECT_EQ(merged_json(merge_shards({shard(2, 2), shard(1, 2)})), expected) << "in any order";

  // The statistics are the whole suite's, worked out again: 5 of 10 runs
  // failed, each with traceparent; neither shard alone says that.
  const json& finding = expected["findings"][0];
  ASSERT_TRUE(finding.contains("intermittent")) << expected.dump(2);
  EXPECT_EQ(finding["occurrences"], 10);
  EXPECT_EQ(finding["intermittent"]["runs"]["failed"], 5);
  EXPECT_EQ(finding["intermittent"]["runs"]["total"], 10);
  EXPECT_EQ(finding["intermittent"]["explainedBy"], json::array({"traceparent"}));
  const json alone = shard(1, 2).json["findings"][0]["intermittent"];
  EXPECT_EQ(alone["runs"]["total"], 5) << "shard 1 holds runs 0, 2, 4, 6 and 8 of flaky";
  EXPECT_EQ(alone["explainedBy"], json::array()) << "too few runs to tell, alone";
}

TEST(ShardMergeTest, AMergedReportCanBeMergedAgainAndReadsAsOneRun) {
  const MergedSuite once = merge_shards({shard(1, 3), shard(2, 3), shard(3, 3)});
  EXPECT_EQ(once.share.of, 1);
  const MergedSuite again = merge_shards({{"merged.json", merged_json(once)}});
  EXPECT_EQ(merged_json(again), merged_json(once));
}

TEST(ShardMergeTest, AMissingShardIsNotedAndTheRestMerged) {
  const MergedSuite merged = merge_shards({shard(1, 4), shard(3, 4)});
  ASSERT_FALSE(merged.combined.notes.empty());
  EXPECT_EQ(merged.combined.notes[0], "merged shards 1,3 of 4: shards 2,4 are missing; their runs are not in this report");
  ASSERT_EQ(merged.runs.size(), 6u);
  EXPECT_EQ(*merged.runs[0].suite_index, 0u);
  EXPECT_EQ(*merged.runs[1].suite_index, 2u);
  EXPECT_EQ(*merged.runs[5].suite_index, 10u);
  EXPECT_EQ(merged.share.of, 4);
  EXPECT_EQ(merged.share.shards, (std::vector<int>{1, 3}));
  const MergedSuite one = merge_shards({shard(2, 2)});
  EXPECT_EQ(one.combined.notes[0], "merged shard 2 of 2: shard 1 is missing; its runs are not in this report");
}

TEST(ShardMergeTest, AnInterruptedShardsMissingRunsAreNoted) {
  ShardReport cut = shard(1, 2);
  cut.json["mergeInput"]["runs"].erase(3);
  const MergedSuite merged = merge_shards({cut, shard(2, 2)});
  EXPECT_EQ(merged.combined.notes[0],
            "1 run of the shards merged is not in their reports (a shard interrupted before it finished)");
}

std::string error_of(const std::vector<ShardReport>& reports) {
  try {
    merge_shards(reports);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ShardMergeTest, WhatCannotBeMergedIsRefusedNamingTheFile) {
  EXPECT_EQ(error_of({{"notes.json", json{{"hello", 1}}}}),
            "notes.json: not a silentcors report (no schemaVersion and tool.name \"silentcors\")");
  ShardReport old = shard(1, 2, "old.json");
  old.json["schemaVersion"] = 0;
  EXPECT_EQ(error_of({old}), "old.json: a report of schemaVersion 0; this silentcors reads 1");
  ShardReport analyzed = shard(1, 2, "analyze.json");
  analyzed.json.erase("mergeInput");
  EXPECT_EQ(error_of({analyzed}).rfind("analyze.json: has no mergeInput (the per-run data merge needs)", 0), 0u)
      << error_of({analyzed});
  ShardReport newer = shard(1, 2, "newer.json");
  newer.json["mergeInput"]["version"] = 2;
  EXPECT_EQ(error_of({newer}).rfind("newer.json: mergeInput.version: is 2", 0), 0u) << error_of({newer});
}

TEST(ShardMergeTest, OverlappingOrForeignShardsAreRefused) {
  EXPECT_EQ(error_of({shard(1, 2, "a.json"), shard(1, 2, "b.json")}), "b.json: holds shard 1/2, as a.json does: each shard once");
  EXPECT_EQ(error_of({shard(1, 2, "a.json"), shard(2, 3, "b.json")}),
            "b.json: a share of 3 shards, but a.json is of 2: not shards of one split");
  ShardReport other = shard(2, 2, "other.json");
  other.json["mergeInput"]["suite"]["fingerprint"] = "ffffffffffffffff";
  EXPECT_EQ(error_of({shard(1, 2, "a.json"), other}).rfind("other.json: a shard of another suite than a.json", 0), 0u);
  // A run twice: a report that says it is shard 2 but holds a run of shard 1.
  ShardReport stray = shard(2, 2, "stray.json");
  stray.json["mergeInput"]["runs"].push_back(shard(1, 2).json["mergeInput"]["runs"][0]);
  EXPECT_EQ(error_of({shard(1, 2, "a.json"), stray}),
            "stray.json: run 0 (flaky [1/10]) belongs to shard 1/2, which this report does not hold");
  ShardReport twice = shard(1, 2, "twice.json");
  twice.json["mergeInput"]["runs"].push_back(twice.json["mergeInput"]["runs"][0]);
  EXPECT_EQ(error_of({twice}), "twice.json: run 0 (flaky [1/10]) is also in twice.json: each run once");
}

}  // namespace
}  // namespace silentcors::runs
