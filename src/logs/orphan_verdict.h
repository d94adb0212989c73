// Which endpoints' preflights go unanswered more often than the log's other
// endpoints: orphans have other causes too (a navigation that aborted the
// request, a tab closed), so an endpoint is flagged only when its orphan rate
// is above the baseline of every other endpoint pooled, by a one-sided
// Fisher exact test at alpha / endpoints (Bonferroni). Never a CORS verdict:
// the log cannot say why a request was not sent.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "logs/preflight_pairing.h"

namespace silentcors::logs {

struct EndpointVerdict {
  EndpointKey key;
  EndpointCounts counts;
  double orphan_rate = 0;
  std::pair<double, double> interval{0, 1};  // Wilson 95%
  // The other endpoints pooled; unset when there is no other endpoint.
  std::optional<double> baseline_rate;
  double p_value = 1;
  bool above_baseline = false;
};

struct OrphanVerdict {
  std::vector<EndpointVerdict> endpoints;  // Most orphans first.
  double alpha = 0.001;
  bool any_above_baseline() const;
};

OrphanVerdict judge_orphans(const std::map<EndpointKey, EndpointCounts>& endpoints, double alpha = 0.001);

}  // namespace silentcors::logs
