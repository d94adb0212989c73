#include "analysis/finding_aggregator.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

using Headers = std::vector<std::string>;

TEST(Attribute, HeaderPresentOnEveryFailureAndNoSuccessExplainsIt) {
  auto i = attribute(11, 29, {{"traceparent", {11, 0}}, {"content-type", {11, 29}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent"}));
  EXPECT_EQ(i.present.failed, 11u);
  EXPECT_EQ(i.absent.ok, 29u);
  ASSERT_TRUE(i.p_value);
  EXPECT_NEAR(*i.p_value, 4.3256e-10, 1e-13);  // 1 / C(40, 11)
  EXPECT_DOUBLE_EQ(i.rate, 0.275);
  EXPECT_EQ(i.projected_rate_at_full_sampling, 1.0);
}

TEST(Attribute, HeadersThatAlwaysTravelTogetherAreNamedTogether) {
  auto i = attribute(5, 15, {{"traceparent", {5, 0}}, {"tracestate", {5, 0}}, {"x-other", {2, 7}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent", "tracestate"}));
}

TEST(Attribute, FailuresWithNoDistinguishingHeaderAreUnexplained) {
  auto i = attribute(6, 14, {{"content-type", {6, 14}}});
  EXPECT_TRUE(i.explained_by.empty());
  EXPECT_FALSE(i.p_value);
  EXPECT_FALSE(i.projected_rate_at_full_sampling);
  EXPECT_EQ(i.failed, 6u);
  EXPECT_EQ(i.total, 20u);
}

TEST(Attribute, ANegativeAssociationExplainsNothing) {
  // The header is on the successes, not the failures.
  auto i = attribute(5, 15, {{"x-cache-bust", {0, 15}}});
  EXPECT_TRUE(i.explained_by.empty());
}

TEST(Attribute, AWeakAssociationIsNotAnExplanation) {
  auto i = attribute(3, 7, {{"traceparent", {2, 3}}});
  EXPECT_TRUE(i.explained_by.empty());
}

TEST(Attribute, AStrongButImperfectAssociationExplainsWithItsCounts) {
  // A second, rarer cause also fails some requests without the header.
  auto i = attribute(21, 79, {{"traceparent", {20, 1}}});
  EXPECT_EQ(i.explained_by, (Headers{"traceparent"}));
  EXPECT_EQ(i.absent.failed, 1u);
  EXPECT_LT(*i.p_value, 1e-10);
  EXPECT_NEAR(*i.projected_rate_at_full_sampling, 20.0 / 21.0, 1e-12);
}

}  // namespace
}  // namespace silentcors
