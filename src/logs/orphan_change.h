// Since when an endpoint's preflights go unanswered: the day a sampler's
// ratio went up or a deploy began refusing a header shows in the log as a
// jump in the orphan rate from one time bucket on. Pure.
#pragma once

#include <cstdint>
#include <optional>

#include "logs/preflight_pairing.h"

namespace silentcors::logs {

struct OrphanChange {
  std::int64_t since_ms = 0;  // The start of the first bucket after the change.
  std::int64_t before_preflights = 0, before_orphaned = 0;
  std::int64_t after_preflights = 0, after_orphaned = 0;
  double p_value = 1;  // One-sided exact, times the boundaries it was chosen from.
};

// The boundary between two buckets whose before and after are most unlike
// (the largest binomial likelihood ratio), when the after has the higher
// orphan rate and a one-sided Fisher exact test of it, multiplied by the
// number of boundaries there were to choose from (Bonferroni: whichever
// rule chose the boundary, the smallest p of all of them is at most this),
// is below `alpha`. nullopt otherwise: a steady rate has no "since".
std::optional<OrphanChange> orphan_change(const EndpointCounts& counts, double alpha);

}  // namespace silentcors::logs
