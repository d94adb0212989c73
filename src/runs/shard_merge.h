// `silentcors merge`'s core, pure: the report.json of each shard of a suite
// (as `run --shard I/N` wrote it) in, the runs and combined report one
// unsharded `run` of that suite would have given out. Every run's report and
// the combined statistics are rebuilt from the verdicts each shard kept
// ("mergeInput"), in the suite's run order, by the code `run` uses.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "report/merge_input.h"

namespace silentcors::runs {

struct ShardReport {
  std::string file;  // Names it in errors and notes.
  nlohmann::json json;
};

struct MergedSuite {
  std::vector<ScenarioRun> runs;  // In the suite's order.
  Report combined;                // Notes about the merge itself come first.
  std::vector<std::string> merge_notes;  // Those notes alone: merge says them on stderr too.
  // What the merged report holds, for its own mergeInput: every shard
  // becomes "of 1" (the unsharded suite), so a merged report can be merged
  // again and reads as one run's.
  report::SuiteShare share;
};

// Throws InputError "FILE: why" for a file that is not a silentcors run
// report, has no mergeInput (or one of another version), belongs to another
// suite than the first file, or holds a shard or run another file holds too.
// Missing shards are no error: the combined report's first note says which.
MergedSuite merge_shards(const std::vector<ShardReport>& reports);

}  // namespace silentcors::runs
