// Collects request verdicts across a recording, several recordings, or the
// repeats of a scenario: merges identical findings (kind, method, URL
// without query, headers) into one with a count, keeps the summary counts,
// and keeps, per endpoint and run, which requests carried which header and
// failed: what proves which header a flaky failure depends on. Findings and
// their statistics belong to one scenario (one recording in `analyze`):
// two pages of one app that call the same endpoint are never pooled.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/attribution.h"
#include "analysis/classifier.h"
#include "analysis/report_model.h"

namespace silentcors {

class FindingAggregator {
 public:
  explicit FindingAggregator(AttributionOptions attribution = {}) : attribution_(attribution) {}

  // `source` names the recording or run (a run is the unit of chance);
  // `scenario` is set by `run` and `triage`: its runs are counted together.
  // Without it, each source is counted on its own.
  void add(const RequestVerdict& verdict, const std::string& source, const std::string& scenario = "");
  void add_note(std::string note) { notes_.push_back(std::move(note)); }

  // The report so far, with intermittency worked out per finding.
  Report report() const;

 private:
  struct EndpointStats {
    std::vector<std::string> run_order;  // Sources, first seen first.
    std::map<std::string, RunOutcomes> runs;
  };

  AttributionOptions attribution_;
  Summary summary_;
  std::map<std::string, Finding> findings_;
  std::vector<std::string> order_;  // Merge keys, first seen first.
  std::map<std::string, std::string> endpoint_of_;
  std::map<std::string, EndpointStats> endpoints_;
  std::vector<std::string> notes_;
};

}  // namespace silentcors
