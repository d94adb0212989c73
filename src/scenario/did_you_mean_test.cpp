#include "scenario/did_you_mean.h"

#include <gtest/gtest.h>

namespace silentcors::scenario {
namespace {

constexpr std::string_view kKnown[] = {"name", "url", "timeoutMs", "idleMs", "steps", "waitFor"};

TEST(EditDistance, CountsSwapsAsOneEditAndIgnoresCase) {
  EXPECT_EQ(edit_distance("timeoutMs", "timeoutMs"), 0u);
  EXPECT_EQ(edit_distance("tiemoutMs", "timeoutMs"), 1u);  // swapped neighbours
  EXPECT_EQ(edit_distance("TIMEOUTMS", "timeoutMs"), 0u);
  EXPECT_EQ(edit_distance("step", "steps"), 1u);
  EXPECT_EQ(edit_distance("", "url"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestName, SuggestsPlausibleTypos) {
  EXPECT_EQ(closest_name("tiemoutMs", kKnown), "timeoutMs");
  EXPECT_EQ(closest_name("timeout", kKnown), "timeoutMs");
  EXPECT_EQ(closest_name("timout", kKnown), "timeoutMs");
  EXPECT_EQ(closest_name("waitfor", kKnown), "waitFor");
  EXPECT_EQ(closest_name("nmae", kKnown), "name");
  EXPECT_EQ(closest_name("ur", kKnown), "url");
}

TEST(ClosestName, StaysQuietWhenNothingIsClose) {
  EXPECT_EQ(closest_name("fixtures_for_the_api", kKnown), std::nullopt);
  EXPECT_EQ(closest_name("ab", kKnown), std::nullopt);  // not a typo of "url"
  EXPECT_EQ(closest_name("", kKnown), std::nullopt);
}

}  // namespace
}  // namespace silentcors::scenario
