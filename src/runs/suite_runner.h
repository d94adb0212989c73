// `silentcors run`'s loop: every planned scenario, each repeat in a fresh
// browser context of one Chromium, its fixture app started for it and
// stopped after; each run's events analysed on their own (the run's
// verdict) and all together (the combined report, which merges identical
// findings and measures intermittency across repeats).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "browser/browser.h"
#include "runs/browser_slot.h"
#include "runs/expectations.h"
#include "runs/run_plan.h"
#include "page/scenario_runner.h"

namespace silentcors::runs {

struct SuiteOptions {
  std::string record_dir;  // Where each run's recording goes; "" for none.
  ServerHints servers;     // --server: who answers which origin.
};

struct SuiteListener {
  // Before a run starts: its 1-based number among all runs.
  std::function<void(const ScenarioRun& upcoming, std::size_t number, std::size_t total)> on_start;
  // When a run has finished. The verdict's failing findings are the first
  // `verdict.failing.size()` of run.report.findings.
  std::function<void(const ScenarioRun& run, const Verdict& verdict)> on_finish;
  // After on_finish: the combined report of the runs so far, for a caller
  // that must write reports before the loop ends (a second Ctrl-C).
  std::function<void(const Report& combined)> on_combined;
};

struct SuiteResult {
  std::vector<ScenarioRun> runs;  // In the order they ran; an interrupted run is left out.
  Report combined;
  int interrupted_by = 0;  // The signal that stopped the run, or 0.
};

// Throws InputError when a recording cannot be written. A browser that
// crashes or hangs fails the run it was in (an error); the runs after it
// get a new browser (BrowserSlot::kMaxRelaunches at most).
SuiteResult run_suite(BrowserSlot& browsers, const std::vector<PlannedScenario>& plan, const SuiteOptions& options,
                      const SuiteListener& listener);
// The same with one worker per browser (--grid: one Grid session each), the
// runs taken in plan order by whichever worker is free, and reported and
// combined in plan order. A worker whose browser is lost for good leaves
// its next runs to the others; when none is left, the rest are errors.
SuiteResult run_suite(const std::vector<BrowserSlot*>& slots, const std::vector<PlannedScenario>& plan,
                      const SuiteOptions& options, const SuiteListener& listener);

// The note of a run that saw no cross-origin request at all.
extern const std::string_view kNoCrossOriginNote;

// The pieces of the loop that `triage` shares:
ScenarioRun blank_run(const PlannedScenario& planned, int index);
// Feeds one run's events to `analyzer` as a source of its own.
// `servers`: who answers which origin, as the user said (for fix snippets).
void feed(Analyzer& analyzer, const ScenarioRun& run, const page::RunAttempt& attempt, const std::string& label,
          const ServerHints& servers = {});
// The run's verdict from what happened in the browser and what its events show.
ScenarioRun judge_run(ScenarioRun run, const page::RunAttempt& attempt, const scenario::Expect& expect, Verdict& verdict,
                      const ServerHints& servers = {});
// The scenario's "servers", with what the command line said on top.
ServerHints servers_for(const scenario::Scenario& scenario, const ServerHints& command_line);
// The tracing rehearsal's sampler seed for repeat `index` (1-based).
std::uint64_t tracing_seed_for(const scenario::Scenario& scenario, int index);
// After a run that ended in an error: whether the browser is still there,
// connected and answering DevTools. A Grid node that died leaves its
// session's WebSocket open on the hub, unanswered: only asking tells.
bool still_answers(browser::CdpClient& cdp,
                   std::chrono::milliseconds within = browser::CdpClient::kHungAfter);
// `what`, with Chromium's last log lines if it is gone.
std::string browser_failure(browser::Browser& browser, const std::string& what);

// Every run of the plan as an error, for when the browser would not start.
std::vector<ScenarioRun> runs_not_started(const std::vector<PlannedScenario>& plan, const std::string& error);

}  // namespace silentcors::runs
