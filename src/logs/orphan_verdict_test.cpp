#include "logs/orphan_verdict.h"

#include <random>

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

EndpointCounts counts(std::int64_t followed, std::int64_t orphaned) {
  EndpointCounts c;
  c.followed = followed;
  c.orphaned = orphaned;
  c.preflights = followed + orphaned;
  return c;
}

TEST(OrphanVerdict, AnEndpointWhoseOrphansStandOutIsAboveItsBaseline) {
  const auto verdict = judge_orphans({{{"POST", "/api/cart", ""}, counts(70, 30)},     // a sampler's 30%
                                      {{"POST", "/api/orders", ""}, counts(197, 3)},   // aborted navigations
                                      {{"GET", "/api/search", ""}, counts(298, 2)}});
  ASSERT_EQ(verdict.endpoints.size(), 3u);
  EXPECT_EQ(verdict.endpoints[0].key.path, "/api/cart");
  EXPECT_TRUE(verdict.endpoints[0].above_baseline);
  EXPECT_NEAR(verdict.endpoints[0].orphan_rate, 0.3, 1e-12);
  EXPECT_NEAR(*verdict.endpoints[0].baseline_rate, 5.0 / 500, 1e-12);
  EXPECT_LT(verdict.endpoints[0].interval.first, 0.3);
  EXPECT_FALSE(verdict.endpoints[1].above_baseline);
  EXPECT_TRUE(verdict.any_above_baseline());
}

TEST(OrphanVerdict, OneEndpointHasNoBaselineAndIsNeverFlagged) {
  const auto verdict = judge_orphans({{{"POST", "/api/cart", ""}, counts(0, 50)}});
  EXPECT_FALSE(verdict.endpoints[0].baseline_rate);
  EXPECT_FALSE(verdict.any_above_baseline());
}

// The rule's claim, by simulation: when every endpoint's preflights are
// orphaned at the same rate (each independently), a log is flagged at most
// alpha of the time. 2000 logs of 6 endpoints, rates and sizes varied.
TEST(OrphanVerdict, EqualRatesAreFlaggedNoMoreThanAlphaOfTheTime) {
  std::mt19937_64 random(20261206);
  int flagged = 0;
  const int logs = 2000;
  for (int i = 0; i < logs; ++i) {
    const double rate = std::uniform_real_distribution<double>(0.005, 0.3)(random);
    std::map<EndpointKey, EndpointCounts> endpoints;
    for (int e = 0; e < 6; ++e) {
      const int n = std::uniform_int_distribution<int>(5, 400)(random);
      const int orphaned = std::binomial_distribution<int>(n, rate)(random);
      endpoints[{"POST", "/api/" + std::to_string(e), ""}] = counts(n - orphaned, orphaned);
    }
    flagged += judge_orphans(endpoints, 0.01).any_above_baseline();
  }
  // alpha 0.01: 20 expected at most; the exact test is conservative. A
  // binomial(2000, 0.01) exceeds 35 with probability below 1e-3.
  EXPECT_LE(flagged, 35) << flagged << " of " << logs;
}

}  // namespace
}  // namespace silentcors::logs
