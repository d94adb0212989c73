// The outcome of one scenario run (one repeat), as `run` reports it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/classifier.h"
#include "analysis/report_model.h"

namespace silentcors {

struct ScenarioRun {
  enum class Outcome { kPassed, kFailed, kError };

  std::string scenario;  // The scenario's name.
  std::string file;      // The scenario file.
  int repeat_index = 1;  // 1-based
  int repeat_count = 1;
  double seconds = 0;
  Outcome outcome = Outcome::kPassed;
  Report report;  // This run's findings and counts.
  // Why it failed, one sentence each: error findings not allowed, expected
  // findings that did not appear.
  std::vector<std::string> failures;
  // Findings tolerated by an `allow` entry, with its reason.
  std::vector<std::string> tolerated;
  // How many of report.findings (they come first) fail the run; the rest
  // are tolerated, expected, or warnings. Unset: every error finding fails it.
  std::optional<size_t> failing_findings;
  std::string error;  // Infrastructure error (outcome kError).
  // The built-in fixture's frontend and API origins for this run (new
  // ports each time it starts), or empty: what `audit` lines runs up by.
  std::vector<std::string> fixture_origins;
  // Why the run's verdict is not the whole story: it ended at its timeout
  // with requests in flight ("PASS?" rather than PASS).
  std::string unsettled;

  // What `merge` needs to rebuild this run's report and the suite's
  // combined one exactly as `run` built them (report.json "mergeInput"):
  // Its place in the whole suite's expanded list of runs (0-based, the same
  // in every shard), or unset where there is no suite (watch, triage).
  std::optional<std::size_t> suite_index;
  // The verdicts of its requests, in the order they were judged, ignored
  // ones left out: what FindingAggregator consumes, for this run's report
  // and for the combined one.
  std::vector<RequestVerdict> verdicts;
  // The findings that fail it, as indices into the report its verdicts
  // give before the failing ones are moved first (Verdict::failing).
  std::vector<std::size_t> failing;
};

}  // namespace silentcors
