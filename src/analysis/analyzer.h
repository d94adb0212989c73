// The analysis pipeline in one object: CDP messages -> request ledger ->
// classifier -> aggregated findings. Sources (recordings, scenario runs)
// are fed one after another; each gets a ledger of its own, since request
// and session ids are only unique within one browser session.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "analysis/finding_aggregator.h"
#include "analysis/request_ledger.h"
#include "analysis/server_kind.h"

namespace silentcors {

class Analyzer {
 public:
  explicit Analyzer(AttributionOptions attribution = {});
  ~Analyzer();

  // Starts a new source; ends the previous one.
  void begin_source(std::string label, std::string scenario = "");
  void add(const nlohmann::json& message);
  void add(const CdpEvent& event);
  // Ends the current source: requests still waiting are judged now.
  void end_source();
  void add_note(std::string note) { aggregator_.add_note(std::move(note)); }
  // Who answers which origin, as the user said (scenario "servers", --server).
  void set_servers(ServerHints servers) { servers_ = std::move(servers); }
  // Keep each source's requests on a time line (Report::timelines), for the
  // HTML report. On by default; a suite's combined analysis turns it off
  // (each run's own report has its timeline).
  void keep_timelines(bool keep) { aggregator_.keep_timelines(keep); }

  Report report() const { return aggregator_.report(); }

  // Also hands every verdict to `observer` before aggregating it: `run`
  // keeps a run's verdicts in its report.json so that `merge` can aggregate
  // them again, across shards, exactly as one unsharded run would.
  void on_verdict(std::function<void(const RequestVerdict&)> observer) { observer_ = std::move(observer); }

 private:
  FindingAggregator aggregator_;
  std::unique_ptr<RequestLedger> ledger_;
  std::string label_;
  std::string scenario_;
  ServerHints servers_;
  std::function<void(const RequestVerdict&)> observer_;
};

}  // namespace silentcors
