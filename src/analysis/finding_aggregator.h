// Collects request verdicts across a recording, several recordings, or the
// repeats of a scenario: merges identical findings (kind, method, URL
// without query, headers) into one with a count, keeps the summary counts,
// and keeps, per endpoint and run, which requests carried which header and
// failed: what proves which header a flaky failure depends on. Findings and
// their statistics belong to one scenario (one recording in `analyze`):
// two pages of one app that call the same endpoint are never pooled.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/attribution.h"
#include "analysis/classifier.h"
#include "analysis/report_model.h"
#include "analysis/request_timeline.h"

namespace silentcors {

class FindingAggregator {
 public:
  explicit FindingAggregator(AttributionOptions attribution = {}) : attribution_(attribution) {}

  // `source` names the recording or run (a run is the unit of chance);
  // `scenario` is set by `run` and `triage`: its runs are counted together.
  // Without it, each source is counted on its own.
  // Returns the ordinals (first-seen order) of the findings it went into.
  std::vector<size_t> add(const RequestVerdict& verdict, const std::string& source, const std::string& scenario = "");
  // The request timeline (HTML waterfall), off unless asked for: a suite's
  // combined report would copy every run's requests at each update.
  void keep_timelines(bool keep) { keep_timelines_ = keep; }
  void begin_timeline(std::string source) {
    if (keep_timelines_) timelines_.begin(std::move(source));
  }
  // `findings`: what add() returned for this request's verdict.
  void add_to_timeline(const CompletedRequest& request, const RequestVerdict& verdict,
                       const std::vector<size_t>& findings);
  void add_note(std::string note) { notes_.push_back(std::move(note)); }

  // The report so far, with intermittency worked out per finding.
  Report report() const;

 private:
  struct EndpointStats {
    std::vector<std::string> run_order;  // Sources, first seen first.
    std::map<std::string, RunOutcomes> runs;
  };

  // Both add the ordinals of the findings they went into to `ordinals`, each once.
  void add_findings(const std::vector<Finding>& findings, const std::string& group, const std::string& endpoint,
                    const std::string& source, const std::string& scenario, std::vector<size_t>& ordinals);
  void add_vary_candidate(const Finding& finding, const std::string& group, const std::string& endpoint,
                          const std::string& source, const std::string& scenario, std::vector<size_t>& ordinals);

  // Per server endpoint (method, URL without query): the page origins it
  // echoed without Vary: Origin, and the candidates held until there are two.
  struct VaryEvidence {
    std::set<std::string> origins;
    struct Held {
      Finding finding;
      std::string group, endpoint, source, scenario;
    };
    std::vector<Held> held;
  };
  std::map<std::string, VaryEvidence> vary_;

  AttributionOptions attribution_;
  Summary summary_;
  std::map<std::string, Finding> findings_;
  std::vector<std::string> order_;  // Merge keys, first seen first.
  std::map<std::string, size_t> ordinal_of_;  // Merge key -> its place in order_.
  std::map<std::string, std::string> endpoint_of_;
  std::map<std::string, EndpointStats> endpoints_;
  std::vector<std::string> notes_;
  bool keep_timelines_ = false;
  TimelineBuilder timelines_;
};

}  // namespace silentcors
