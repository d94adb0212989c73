#include "runs/run_aggregation.h"

#include "report/report_text.h"
#include "runs/expectations.h"

namespace silentcors::runs {

Report verdicts_report(const std::vector<RequestVerdict>& verdicts, const std::string& label,
                       const std::string& scenario, const std::vector<std::string>& notes) {
  FindingAggregator aggregator;
  for (const auto& verdict : verdicts) aggregator.add(verdict, label, scenario);
  for (const auto& note : notes) aggregator.add_note(note);
  return aggregator.report();
}

Report rebuilt_run_report(const ScenarioRun& run, const std::vector<std::string>& notes) {
  Verdict verdict;
  verdict.failing = run.failing;
  return failing_first(verdicts_report(run.verdicts, report::run_label(run), run.scenario, notes), verdict);
}

void CombinedReport::add(const ScenarioRun& run) {
  const std::string label = report::run_label(run);
  for (const auto& verdict : run.verdicts) aggregator_.add(verdict, label, run.scenario);
  for (const auto& note : run.report.notes) aggregator_.add_note(label + ": " + note);
}

}  // namespace silentcors::runs
