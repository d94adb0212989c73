#include "logs/orphan_change.h"

#include <gtest/gtest.h>

#include <random>

namespace silentcors::logs {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

// Bucket i holds `preflights` preflights, `orphaned(i)` of them orphans.
template <typename Orphans>
EndpointCounts hours(int count, std::int64_t preflights, Orphans orphaned) {
  EndpointCounts c;
  for (int i = 0; i < count; ++i) {
    const std::int64_t k = orphaned(i);
    c.buckets[i * kHour] = {preflights, k};
    c.preflights += preflights;
    c.orphaned += k;
    c.followed += preflights - k;
  }
  return c;
}

TEST(OrphanChange, TheHourTheOrphansBeganIsTheSince) {
  const auto c = hours(10, 100, [](int i) { return i < 6 ? 0 : 25; });
  const auto change = orphan_change(c, 0.001);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->since_ms, 6 * kHour);
  EXPECT_EQ(change->before_preflights, 600);
  EXPECT_EQ(change->before_orphaned, 0);
  EXPECT_EQ(change->after_preflights, 400);
  EXPECT_EQ(change->after_orphaned, 100);
  EXPECT_LT(change->p_value, 1e-20);
}

TEST(OrphanChange, ASteadyRateOrAFallHasNoSince) {
  EXPECT_FALSE(orphan_change(hours(10, 100, [](int) { return 10; }), 0.001));
  EXPECT_FALSE(orphan_change(hours(10, 100, [](int i) { return i < 5 ? 30 : 0; }), 0.001));
  EXPECT_FALSE(orphan_change(hours(1, 100, [](int) { return 50; }), 0.001)) << "one bucket has no boundary";
}

// The claim "since" must hold for orphans as they come: each preflight an
// orphan with the same chance every hour (navigations aborted, tabs
// closed) gives a "since" at most alpha of the time; a jump from 2% to 20%
// is found, at its hour.
TEST(OrphanChange, BySimulationItIsRarelyFoundWhereThereIsNoneAndFoundWhereThereIsOne) {
  std::mt19937_64 random(2026);
  constexpr int kTrials = 2000;
  constexpr double kAlpha = 0.05;
  int false_since = 0, found = 0, found_at_its_hour = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::binomial_distribution<std::int64_t> steady(50, 0.1), low(50, 0.02), high(50, 0.2);
    if (orphan_change(hours(24, 50, [&](int) { return steady(random); }), kAlpha)) ++false_since;
    const auto jump = orphan_change(hours(24, 50, [&](int i) { return i < 12 ? low(random) : high(random); }), kAlpha);
    if (jump) ++found;
    if (jump && jump->since_ms == 12 * kHour) ++found_at_its_hour;
  }
  // alpha, plus three standard errors of a proportion over kTrials.
  EXPECT_LE(false_since, kTrials * kAlpha + 3 * std::sqrt(kTrials * kAlpha * (1 - kAlpha))) << false_since;
  EXPECT_GE(found, kTrials * 0.95) << found;
  EXPECT_GE(found_at_its_hour, kTrials * 0.6) << found_at_its_hour;
  std::cout << "steady: " << false_since << " of " << kTrials << " with a since; a jump: found " << found
            << ", at its hour " << found_at_its_hour << "\n";
}

}  // namespace
}  // namespace silentcors::logs
