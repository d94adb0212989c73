#include "logs/orphan_verdict.h"

#include <algorithm>

#include "analysis/statistics.h"

namespace silentcors::logs {

bool OrphanVerdict::any_above_baseline() const {
  return std::any_of(endpoints.begin(), endpoints.end(), [](const EndpointVerdict& e) { return e.above_baseline; });
}

namespace {

std::vector<HeaderEvidence> header_evidence(const EndpointCounts& c, double alpha) {
  std::vector<HeaderEvidence> out;
  const double per_test = alpha / static_cast<double>(std::max<std::size_t>(1, c.asked.size()));
  for (const auto& [name, asking] : c.asked) {
    HeaderEvidence h{name, asking.first, asking.second};
    h.orphaned_share = c.orphaned ? static_cast<double>(asking.first) / static_cast<double>(c.orphaned) : 0;
    h.followed_share = c.followed ? static_cast<double>(asking.second) / static_cast<double>(c.followed) : 0;
    // Rows: asked for it or not; columns: orphaned or followed.
    h.p_value = exact_stratified_upper_tail({{static_cast<std::uint64_t>(asking.first),
                                              static_cast<std::uint64_t>(asking.second),
                                              static_cast<std::uint64_t>(c.orphaned - asking.first),
                                              static_cast<std::uint64_t>(c.followed - asking.second)}});
    h.goes_with_orphans = h.p_value < per_test && h.orphaned_share > h.followed_share;
    out.push_back(std::move(h));
  }
  std::stable_sort(out.begin(), out.end(), [](const HeaderEvidence& a, const HeaderEvidence& b) {
    return a.p_value < b.p_value;
  });
  return out;
}

}  // namespace

OrphanVerdict judge_orphans(const std::map<EndpointKey, EndpointCounts>& endpoints, double alpha) {
  OrphanVerdict verdict;
  verdict.alpha = alpha;
  std::int64_t all_orphaned = 0, all_followed = 0;
  for (const auto& [key, c] : endpoints) {
    all_orphaned += c.orphaned;
    all_followed += c.followed;
  }
  const double per_test = alpha / static_cast<double>(std::max<std::size_t>(1, endpoints.size()));
  for (const auto& [key, c] : endpoints) {
    EndpointVerdict e{key, c};
    e.orphan_rate = c.preflights ? static_cast<double>(c.orphaned) / static_cast<double>(c.preflights) : 0;
    e.interval = wilson_interval(static_cast<std::uint64_t>(c.orphaned), static_cast<std::uint64_t>(c.preflights));
    const std::int64_t other_orphaned = all_orphaned - c.orphaned, other_followed = all_followed - c.followed;
    if (other_orphaned + other_followed > 0) {
      e.baseline_rate = static_cast<double>(other_orphaned) / static_cast<double>(other_orphaned + other_followed);
      e.p_value = exact_stratified_upper_tail({{static_cast<std::uint64_t>(c.orphaned), static_cast<std::uint64_t>(c.followed),
                                                static_cast<std::uint64_t>(other_orphaned),
                                                static_cast<std::uint64_t>(other_followed)}});
      e.above_baseline = e.p_value < per_test && e.orphan_rate > *e.baseline_rate;
    }
    e.headers = header_evidence(c, alpha);
    e.since = orphan_change(c, per_test);
    verdict.endpoints.push_back(std::move(e));
  }
  std::stable_sort(verdict.endpoints.begin(), verdict.endpoints.end(),
                   [](const EndpointVerdict& a, const EndpointVerdict& b) { return a.counts.orphaned > b.counts.orphaned; });
  return verdict;
}

}  // namespace silentcors::logs
