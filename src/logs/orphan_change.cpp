#include "logs/orphan_change.h"

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/statistics.h"

namespace silentcors::logs {

namespace {

// The binomial log-likelihood of k orphans in n at their own rate.
double log_likelihood(std::int64_t k, std::int64_t n) {
  if (n == 0) return 0;
  auto term = [&](std::int64_t x) {
    return x == 0 ? 0.0 : static_cast<double>(x) * std::log(static_cast<double>(x) / static_cast<double>(n));
  };
  return term(k) + term(n - k);
}

}  // namespace

std::optional<OrphanChange> orphan_change(const EndpointCounts& counts, double alpha) {
  // Buckets without preflights are no boundary of their own.
  std::vector<std::pair<std::int64_t, std::pair<std::int64_t, std::int64_t>>> buckets;
  for (const auto& bucket : counts.buckets) {
    if (bucket.second.first > 0) buckets.push_back(bucket);
  }
  if (buckets.size() < 2) return std::nullopt;
  const std::int64_t all_n = counts.preflights, all_k = counts.orphaned;
  double best_ratio = -std::numeric_limits<double>::infinity();
  OrphanChange best;
  std::int64_t n = 0, k = 0;
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    n += buckets[i - 1].second.first;
    k += buckets[i - 1].second.second;
    const double ratio = log_likelihood(k, n) + log_likelihood(all_k - k, all_n - n);
    if (ratio > best_ratio) {
      best_ratio = ratio;
      best = {buckets[i].first, n, k, all_n - n, all_k - k, 1};
    }
  }
  // After against before; a higher rate after is the alternative.
  if (best.after_orphaned * best.before_preflights <= best.before_orphaned * best.after_preflights) return std::nullopt;
  const double p = exact_stratified_upper_tail(
      {{static_cast<std::uint64_t>(best.after_orphaned),
        static_cast<std::uint64_t>(best.after_preflights - best.after_orphaned),
        static_cast<std::uint64_t>(best.before_orphaned),
        static_cast<std::uint64_t>(best.before_preflights - best.before_orphaned)}});
  best.p_value = std::min(1.0, p * static_cast<double>(buckets.size() - 1));
  if (best.p_value >= alpha) return std::nullopt;
  return best;
}

}  // namespace silentcors::logs
