// The requests of each run as they happened in time, for the HTML report's
// waterfall: collected as the ledger completes them (in the order they
// ended), handed over sorted by start, as offsets from the run's first
// request, each joined to the findings it produced. Kept apart from the
// findings so that the statistics never depend on it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/request_record.h"

namespace silentcors {

class TimelineBuilder {
 public:
  // A page of thousands of requests draws as an unreadable waterfall and a
  // recording of millions would hold them all in memory: past this many per
  // run, requests are only counted.
  static constexpr size_t kMaxRequestsPerRun = 2000;

  explicit TimelineBuilder(size_t max_per_run = kMaxRequestsPerRun) : max_per_run_(max_per_run) {}

  // Starts the timeline of a new run.
  void begin(std::string source);
  // A completed request and its preflights. `outcome`: the main request's, as
  // the classifier judged it; `findings`: the ordinals (first-seen order) of
  // the findings it produced.
  void add(const CompletedRequest& request, TimelineRequest::Outcome outcome, const std::vector<size_t>& findings);

  // The timelines; `index_of[ordinal]` is where that finding ended up in the
  // report (ordinals beyond it are dropped).
  std::vector<RunTimeline> timelines(const std::vector<size_t>& index_of) const;

 private:
  struct Entry {
    TimelineRequest request;
    std::optional<double> start;  // Chromium's clock, seconds.
    std::optional<double> end;
  };
  struct Run {
    std::string source;
    std::vector<Entry> entries;
    uint64_t left_out = 0;
  };
  void add_record(Run& run, const RequestRecord& record, TimelineRequest::Outcome outcome,
                  const std::vector<size_t>& findings);

  size_t max_per_run_;
  std::vector<Run> runs_;
};

}  // namespace silentcors
