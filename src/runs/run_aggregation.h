// From the verdicts of runs to reports: the one way `run`, `watch` and
// `merge` build a run's own report and a suite's combined report. `merge`
// has no events, only the verdicts each shard kept in its report.json, so
// both paths start from verdicts: the statistics of a scenario whose
// repeats ran on different shards come out as one unsharded run gives them.
#pragma once

#include <string>
#include <vector>

#include "analysis/finding_aggregator.h"
#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::runs {

// The report of one run: its verdicts counted as one source named `label`
// (report::run_label), with `notes`, before the failing findings move first.
Report verdicts_report(const std::vector<RequestVerdict>& verdicts, const std::string& label,
                       const std::string& scenario, const std::vector<std::string>& notes);

// run.report as judge_run built it, from run.verdicts, `notes` (the run's
// report notes) and run.failing.
Report rebuilt_run_report(const ScenarioRun& run, const std::vector<std::string>& notes);

// The suite's combined report: every run's verdicts as a source of its own
// (so repeats of one scenario are counted together, run by run), and its
// notes prefixed with its label. Runs are added in the suite's order.
class CombinedReport {
 public:
  void add(const ScenarioRun& run);
  Report report() const { return aggregator_.report(); }

 private:
  FindingAggregator aggregator_;
};

}  // namespace silentcors::runs
