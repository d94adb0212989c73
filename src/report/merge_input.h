// report.json's "mergeInput": what `silentcors merge` needs to rebuild, from
// the reports of a suite's shards, the report one unsharded run would have
// written. Per run: its place in the suite, its outcome as judged, its
// notes, and the verdict of every request it judged (what FindingAggregator
// consumes: outcome, endpoint, the CORS-unsafe headers it carried, its
// findings). The statistics of a scenario whose repeats ran on several
// shards are then worked out again from these, never averaged.
//
// Kept compact: a run's distinct findings are listed once ("findings") and
// its requests refer to them by index; identical requests are one entry
// with a "count" (replaying them together gives the same aggregate: counts
// add up, and the first of each keeps its place).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

// Bumped when a field changes meaning; merge refuses other versions.
inline constexpr int kMergeInputVersion = 1;

// What a report says about the suite it is (a share of).
struct SuiteShare {
  std::size_t suite_runs = 0;  // Runs of the whole suite, every shard's together.
  std::string fingerprint;     // runs::suite_fingerprint of the whole suite.
  int of = 1;                  // Shards the suite was split into (1: not sharded).
  std::vector<int> shards;     // Which of them (1-based, sorted) this report holds.
};

struct MergeInput {
  SuiteShare share;
  // Runs with suite_index, verdicts, failing and everything judge_run set
  // but the report: its notes are in report.notes, its findings and counts
  // are the verdicts' to give (runs::rebuilt_run_report).
  std::vector<ScenarioRun> runs;
};

// Runs without a suite_index are left out (they belong to no suite).
nlohmann::json merge_input_to_json(const std::vector<ScenarioRun>& runs, const SuiteShare& share);

// Throws std::invalid_argument naming the first field that is missing or
// wrong ("runs[2].requests[0].outcome: expected one of ok, ...").
MergeInput merge_input_from_json(const nlohmann::json& json);

// The inverse of finding_to_json for the findings of verdicts (those
// classify gives); throws std::invalid_argument as above, `path` prefixed.
Finding finding_from_json(const nlohmann::json& json, const std::string& path = "finding");

}  // namespace silentcors::report
