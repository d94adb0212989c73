// `watch`'s verdict: the page visits a suite made, as the runs of the
// reports. A run is one visit; visits of the same page URL in the same
// browser context are the repeats of one "scenario" (named after both), so
// findings are grouped by context and page, and a page the suite visits
// again and again gets the same intermittency statistics as `run --repeat`.
#pragma once

#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "runs/expectations.h"
#include "page/target_watcher.h"

namespace silentcors::runs {

struct WatchResult {
  std::vector<ScenarioRun> runs;
  std::vector<Verdict> verdicts;  // One per run.
  Report combined;
  std::size_t contexts = 0;  // Browser contexts the runs came from.
  std::size_t browsers = 0;  // Browsers the runs came from.
};

// One browser's visits: watch's own, or one the suite launched as
// silentcors-chromium (each Playwright worker has its own).
struct BrowserVisits {
  std::vector<page::WatchedVisit> visits;
  std::string default_context;  // TargetWatcher::default_context()
};

// "default context" for Chromium's own, else "context 2", "context 3"... in
// the order the suite first used them.
std::string context_label(std::size_t number);

// Visits that made no request at all (the first about:blank) are left out.
// When visits of more than one browser are left, each scenario names its
// browser too ("browser 2, context 3"), browsers numbered in the order given.
// With `record_dir`, each visit's events are saved as
// record_dir/<NNN>-<host and path>.jsonl (throws InputError if one cannot be).
WatchResult judge_visits(const std::vector<BrowserVisits>& browsers, const std::string& record_dir);
// One browser's.
WatchResult judge_visits(const std::vector<page::WatchedVisit>& visits, const std::string& default_context,
                         const std::string& record_dir);

}  // namespace silentcors::runs
