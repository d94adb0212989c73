// What `silentcors run` will do, decided before any browser starts: every
// scenario file read and validated (every problem in every file reported at
// once), fixture configurations checked, names made unique, --grep and
// --repeat applied.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "fixture/fixture_config.h"
#include "scenario/scenario.h"

namespace silentcors::runs {

struct PlannedScenario {
  scenario::Scenario scenario;
  std::optional<fixture::FixtureConfig> fixture;  // Set when the scenario has a "fixture".
  int repeat = 1;                                 // The scenario's own, or --repeat.
  std::string slug;                               // Unique in the plan; names its recordings.
  // The repeats (1-based) this plan runs; empty: all of them. --shard keeps
  // some repeats of a scenario in one shard and the rest in others.
  std::vector<int> indices;
  // Where its first repeat is in the whole suite's expanded list of runs
  // (0-based, before --shard): run k of the suite is first_run + repeat - 1,
  // the same number in every shard, which is what `merge` orders by.
  std::size_t first_run = 0;
};

// The repeats of `planned` to run, in order.
std::vector<int> run_indices(const PlannedScenario& planned);

struct PlanOptions {
  std::string grep;           // Run only scenarios whose name contains this (any case); "" for all.
  std::optional<int> repeat;  // Overrides every scenario's "repeat".
  // --shard I/N: of the expanded list of runs (each scenario's repeats, in
  // the order given), this plan keeps run k (0-based) when k % N == I - 1,
  // as Playwright's --shard does: N machines share a suite, each run once.
  std::optional<std::pair<int, int>> shard;
};

struct RunPlan {
  std::vector<PlannedScenario> scenarios;  // Selected, in the order given.
  // `FILE:LINE:COLUMN: FIELD: MESSAGE`, every problem of every file given
  // (selected by --grep or not): nothing runs unless this is empty.
  std::vector<std::string> errors;
  std::size_t not_selected = 0;  // Valid scenarios --grep left out.
  // Files that are JSON Schemas (scenarios/schema.json, which
  // `run scenarios/*.json` also names): not scenarios, so not run.
  std::vector<std::string> schemas_skipped;
  std::size_t total_runs() const;
  // The whole suite before --shard, the same in every shard, so that
  // `merge` can tell which runs are missing and that its shards are of one
  // suite: how many runs it has, and a fingerprint of its scenarios' names
  // and repeats (suite_fingerprint).
  std::size_t suite_runs = 0;
  std::string fingerprint;
};

// FNV-1a (64 bit, hex) over each scenario's name and repeat count, in
// order: shards planned from different files, --grep or --repeat differ.
std::string suite_fingerprint(const std::vector<PlannedScenario>& scenarios);

RunPlan plan_run(const std::vector<std::string>& files, const PlanOptions& options);

// True for a JSON Schema document ("$schema" naming json-schema.org), such
// as scenarios/schema.json; a scenario's "$schema" names that file instead.
bool is_json_schema(const std::string& file);

// Case-insensitive substring (ASCII), as --grep documents.
bool name_matches(std::string_view name, std::string_view pattern);

// "Checkout: EU cart" -> "checkout-eu-cart"; "scenario" when nothing is left.
std::string slug(std::string_view name);

// DIR-relative file name of one run's recording: "<slug>.jsonl", or
// "<slug>-<index>.jsonl" when the scenario repeats.
std::string recording_file_name(const PlannedScenario& planned, int repeat_index);

}  // namespace silentcors::runs
