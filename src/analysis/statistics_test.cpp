#include "analysis/statistics.h"

#include <cmath>
#include <functional>
#include <random>

#include <gtest/gtest.h>

namespace silentcors {
namespace {

struct FisherCase {
  std::uint64_t a, b, c, d;
  double p;
};

// Reference values computed exactly from the hypergeometric law (and checked
// against R's fisher.test where quoted).
TEST(FisherExact, KnownTables) {
  const FisherCase cases[] = {
      // Every failure carried the header, no success did: p = 1 / C(40, 11).
      {11, 0, 0, 29, 4.325631010940109e-10},
      {3, 1, 1, 3, 0.4857142857142857},  // R: 0.4857
      {1, 9, 11, 3, 0.002759456185220083},  // R: 0.002759 (Wikipedia's example)
      {10, 0, 0, 10, 1.082508822446903e-05},
      {9, 31, 0, 60, 0.00014374635036199619},
      {2, 3, 4, 5, 1.0},
  };
  for (const auto& t : cases) {
    SCOPED_TRACE(::testing::Message() << t.a << " " << t.b << " " << t.c << " " << t.d);
    EXPECT_NEAR(fisher_exact_two_sided(t.a, t.b, t.c, t.d), t.p, t.p * 1e-9);
  }
}

TEST(FisherExact, SymmetricUnderTransposeAndRowSwap) {
  EXPECT_NEAR(fisher_exact_two_sided(1, 9, 11, 3), fisher_exact_two_sided(1, 11, 9, 3), 1e-15);
  EXPECT_NEAR(fisher_exact_two_sided(1, 9, 11, 3), fisher_exact_two_sided(11, 3, 1, 9), 1e-15);
}

TEST(FisherExact, DegenerateTablesGiveOne) {
  EXPECT_EQ(fisher_exact_two_sided(0, 0, 0, 0), 1.0);
  EXPECT_EQ(fisher_exact_two_sided(5, 0, 0, 0), 1.0);
  EXPECT_EQ(fisher_exact_two_sided(0, 5, 0, 5), 1.0);  // one column empty
  EXPECT_LE(fisher_exact_two_sided(3, 3, 3, 3), 1.0);
}

TEST(WilsonInterval, KnownValues) {
  // R: prop.test(11, 40, correct = FALSE)$conf.int
  auto [lo, hi] = wilson_interval(11, 40);
  EXPECT_NEAR(lo, 0.16108016247667337, 1e-12);
  EXPECT_NEAR(hi, 0.42834955806210573, 1e-12);
  auto [lo2, hi2] = wilson_interval(1, 2);
  EXPECT_NEAR(lo2, 0.09453120573423074, 1e-12);
  EXPECT_NEAR(hi2, 0.9054687942657693, 1e-12);
}

TEST(WilsonInterval, EdgeCases) {
  EXPECT_EQ(wilson_interval(0, 0), (std::pair<double, double>{0.0, 1.0}));
  auto [lo0, hi0] = wilson_interval(0, 10);
  EXPECT_EQ(lo0, 0.0);
  EXPECT_NEAR(hi0, 0.2775327998628892, 1e-12);
  auto [lon, hin] = wilson_interval(10, 10);
  EXPECT_NEAR(lon, 0.7224672001371107, 1e-12);
  EXPECT_EQ(hin, 1.0);
  EXPECT_EQ(wilson_interval(12, 10), wilson_interval(10, 10));
}

TEST(WilsonInterval, WiderZGivesWiderInterval) {
  auto [lo95, hi95] = wilson_interval(11, 40);
  auto [lo99, hi99] = wilson_interval(11, 40, 2.5758293035489004);
  EXPECT_LT(lo99, lo95);
  EXPECT_GT(hi99, hi95);
}

}  // namespace
}  // namespace silentcors

namespace silentcors {
namespace {

TEST(ExactStratified, OneStratumIsFishersOneSidedTest) {
  // Every failure carried the header, no success did: 1 / C(40, 11).
  EXPECT_NEAR(exact_stratified_upper_tail({{11, 0, 0, 29}}), 4.325631010940109e-10, 1e-19);
  // R: fisher.test(matrix(c(3,1,1,3),2), alternative="greater")$p.value = 0.2428571
  EXPECT_NEAR(exact_stratified_upper_tail({{3, 1, 1, 3}}), 17.0 / 70.0, 1e-12);
  // The wrong direction is not evidence: P(X >= 1) = 1 - P(X = 0) = 1 - 91/2704156.
  EXPECT_NEAR(exact_stratified_upper_tail({{1, 9, 11, 3}}), 1 - 91.0 / 2704156.0, 1e-12);
}

TEST(ExactStratified, StrataMultiplyTheirEvidence) {
  // Each stratum alone: p = 1/2; both: P(sum >= 2) = 1/4.
  EXPECT_NEAR(exact_stratified_upper_tail({{1, 0, 0, 1}, {1, 0, 0, 1}}), 0.25, 1e-15);
}

TEST(ExactStratified, ConstantStrataCarryNoInformation) {
  const double alone = exact_stratified_upper_tail({{3, 1, 1, 3}});
  // A run where every request carried the header, one where none did, one
  // where every request failed: the margins fix their cells.
  EXPECT_NEAR(exact_stratified_upper_tail({{3, 1, 1, 3}, {5, 2, 0, 0}, {0, 0, 4, 4}, {2, 0, 3, 0}}), alone, 1e-12);
  EXPECT_EQ(exact_stratified_upper_tail({{5, 2, 0, 0}, {0, 0, 4, 4}}), 1.0);
  EXPECT_EQ(exact_stratified_upper_tail({}), 1.0);
}

// The convolution against plain enumeration of every joint table.
TEST(ExactStratified, EqualsEnumerationOnSmallTables) {
  std::mt19937 random(7);
  auto log_choose = [](double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); };
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<Table2x2> strata;
    const int count = 1 + static_cast<int>(random() % 3);
    for (int s = 0; s < count; ++s) {
      strata.push_back({random() % 4, random() % 4, random() % 4, random() % 4});
    }
    // P(sum >= observed) by walking every combination of cells.
    std::uint64_t observed = 0;
    for (const auto& t : strata) observed += t.present_failed;
    std::function<double(std::size_t, std::uint64_t)> walk = [&](std::size_t i, std::uint64_t sum) -> double {
      if (i == strata.size()) return sum >= observed ? 1.0 : 0.0;
      const auto& t = strata[i];
      const std::uint64_t row1 = t.present_failed + t.present_ok, row2 = t.absent_failed + t.absent_ok;
      const std::uint64_t col1 = t.present_failed + t.absent_failed;
      double total = 0;
      for (std::uint64_t x = 0; x <= std::min(row1, col1); ++x) {
        if (col1 - x > row2) continue;
        const double p = std::exp(log_choose(row1, x) + log_choose(row2, col1 - x) - log_choose(row1 + row2, col1));
        total += p * walk(i + 1, sum + x);
      }
      return total;
    };
    SCOPED_TRACE(trial);
    EXPECT_NEAR(exact_stratified_upper_tail(strata), std::min(1.0, walk(0, 0)), 1e-12);
  }
}

}  // namespace
}  // namespace silentcors
