// Which endpoints' preflights go unanswered more often than the log's other
// endpoints: orphans have other causes too (a navigation that aborted the
// request, a tab closed), so an endpoint is flagged only when its orphan rate
// is above the baseline of every other endpoint pooled, by a one-sided
// Fisher exact test at alpha / endpoints (Bonferroni). Never a CORS verdict:
// the log cannot say why a request was not sent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "logs/orphan_change.h"
#include "logs/preflight_pairing.h"

namespace silentcors::logs {

// One request header against an endpoint's orphans, when the log has
// Access-Control-Request-Headers: the share of orphaned preflights that
// asked for it against the share of followed ones, and a one-sided Fisher
// exact test that asking for it goes with no follow-up (at alpha / the
// endpoint's headers). A server refusing the header makes every preflight
// that asks for it an orphan, and none of those that do not.
struct HeaderEvidence {
  std::string name;
  std::int64_t orphaned_asking = 0;
  std::int64_t followed_asking = 0;
  double orphaned_share = 0;  // Of the endpoint's orphans.
  double followed_share = 0;  // Of its followed preflights; 0 when none.
  double p_value = 1;
  bool goes_with_orphans = false;
};

struct EndpointVerdict {
  EndpointKey key;
  EndpointCounts counts;
  double orphan_rate = 0;
  std::pair<double, double> interval{0, 1};  // Wilson 95%
  // The other endpoints pooled; unset when there is no other endpoint.
  std::optional<double> baseline_rate;
  double p_value = 1;
  bool above_baseline = false;
  std::vector<HeaderEvidence> headers;  // Most telling first; empty when not logged.
  std::optional<OrphanChange> since;    // When its orphan rate jumped (at alpha / endpoints).
};

struct OrphanVerdict {
  std::vector<EndpointVerdict> endpoints;  // Most orphans first.
  double alpha = 0.001;
  bool any_above_baseline() const;
};

OrphanVerdict judge_orphans(const std::map<EndpointKey, EndpointCounts>& endpoints, double alpha = 0.001);

}  // namespace silentcors::logs
