#include "runs/worker_count.h"

#include <gtest/gtest.h>

namespace silentcors::runs {
namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

TEST(DefaultWorkers, TwoPerCoreUpToFour) {
  EXPECT_EQ(default_workers({1, 16 * kGiB}), 2);
  EXPECT_EQ(default_workers({2, 16 * kGiB}), 4);
  EXPECT_EQ(default_workers({64, 256 * kGiB}), 4);
}

TEST(DefaultWorkers, MemoryCapsIt) {
  EXPECT_EQ(default_workers({8, 512ull << 20}), 2);
  EXPECT_EQ(default_workers({8, 100ull << 20}), 1);  // Never fewer than one.
}

TEST(DefaultWorkers, UnknownMemoryDoesNotCap) { EXPECT_EQ(default_workers({2, 0}), 4); }

TEST(DefaultWorkers, IsDescribedWithWhatItWasChosenFor) {
  EXPECT_EQ(describe_default_workers({2, 3 * kGiB / 2}), "4 (chosen for 2 cores, 1.5 GB available)");
  EXPECT_EQ(describe_default_workers({1, 0}), "2 (chosen for 1 core)");
}

}  // namespace
}  // namespace silentcors::runs
