// Collects request verdicts across a recording, several recordings, or the
// repeats of a scenario: merges identical findings (kind, method, URL
// without query, headers) into one with a count, keeps the summary counts,
// and keeps, per endpoint, the 2x2 table of header present/absent x
// failed/succeeded that proves which header a flaky failure depends on.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/classifier.h"
#include "analysis/report_model.h"

namespace silentcors {

class FindingAggregator {
 public:
  // `source` names the recording or run; `scenario` is set by `run`.
  void add(const RequestVerdict& verdict, const std::string& source, const std::string& scenario = "");
  void add_note(std::string note) { notes_.push_back(std::move(note)); }

  // The report so far, with intermittency worked out per finding.
  Report report() const;

 private:
  struct EndpointStats {
    uint64_t failed = 0;
    uint64_t ok = 0;
    std::map<std::string, OutcomeCounts> with_header;
  };

  Summary summary_;
  std::map<std::string, Finding> findings_;
  std::vector<std::string> order_;  // Merge keys, first seen first.
  std::map<std::string, std::string> endpoint_of_;
  std::map<std::string, EndpointStats> endpoints_;
  std::vector<std::string> notes_;
};

// The statistics of one endpoint's failures (exposed for tests and triage).
Intermittency attribute(uint64_t failed, uint64_t ok, const std::map<std::string, OutcomeCounts>& with_header);

}  // namespace silentcors
