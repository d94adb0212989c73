// `silentcors triage`'s loop: repeats one scenario (in parallel pages when
// asked), analyses every run together, and stops as soon as the verdict is
// statistically settled, or when the runs are used up.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "analysis/triage_verdict.h"
#include "browser/browser.h"
#include "runs/run_plan.h"
#include "page/scenario_runner.h"

namespace silentcors::runs {

struct TriageOptions {
  int runs = 40;         // At most.
  int workers = 1;       // Pages running repeats side by side.
  page::Isolation isolation = page::Isolation::kPage;
  bool stop_early = true;
  int min_runs = 5;      // Never stop before this many, however clear it looks.
  double p_threshold = 0.001;
  StopRule stop_rule() const { return {runs, min_runs, stop_early, p_threshold}; }
  std::optional<double> sample_ratio;  // Overrides the scenario's tracing.sampleRatio.
  std::string record_dir;              // When set: each run's events in <dir>/<scenario>-<run>.jsonl.
  ServerHints servers;                 // --server: who answers which origin.
};

struct TriageResult;

struct TriageListener {
  // After each run: runs done, of at most `total`, how many failed.
  std::function<void(int done, int total, int failed)> on_progress;
  // After each run, when set: the triage as it would end now (its runs,
  // combined report and verdict), for the reports a second Ctrl-C writes
  // before the process ends (page::LastWords). Called with the triage's
  // lock held: keep it short.
  std::function<void(const TriageResult& so_far)> on_counted;
  // When a run's attempt has ended and its recording is on disk, before it
  // is counted: the moment a signal must not cost a finished run (a test
  // sends one here).
  std::function<void(int run_index)> on_run_ended;
};

struct TriageResult {
  std::vector<ScenarioRun> runs;  // In run order (1, 2, ...), whatever order they finished in.
  Report combined;
  TriageVerdict verdict;
  bool stopped_early = false;
  // Wall time of the runs alone (not the browser's start): what
  // scripts/bench-vs-playwright divides by the number of runs.
  double runs_seconds = 0;
  // The same per run once every worker has finished its first run (0 when
  // no run finished after that).
  double warm_ms_per_run = 0;
  int interrupted_by = 0;
  // Set when the triage could not go on: Chromium or the connection lost,
  // or a run that could not be carried out at all.
  std::string browser_lost;
};

TriageResult run_triage(browser::Browser& browser, const PlannedScenario& planned, const TriageOptions& options,
                        const TriageListener& listener);
// The same over several browsers (--grid: one Grid session per worker),
// worker i on browsers[i % size]. A browser lost while others remain gives
// its run to them; the triage stops only when none is left.
TriageResult run_triage(const std::vector<browser::Browser*>& browsers, const PlannedScenario& planned,
                        const TriageOptions& options, const TriageListener& listener);

}  // namespace silentcors::runs
