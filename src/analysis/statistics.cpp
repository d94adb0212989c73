#include "analysis/statistics.h"

#include <algorithm>
#include <cmath>

namespace silentcors {
namespace {

double log_choose(std::uint64_t n, std::uint64_t k) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
         std::lgamma(static_cast<double>(n - k) + 1);
}

}  // namespace

double fisher_exact_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                              std::uint64_t d) {
  const std::uint64_t row1 = a + b, row2 = c + d, col1 = a + c, n = row1 + row2;
  if (n == 0) return 1.0;
  // With the margins fixed, the top-left cell x follows a hypergeometric law
  // over [max(0, col1 - row2), min(row1, col1)].
  const std::uint64_t lo = col1 > row2 ? col1 - row2 : 0;
  const std::uint64_t hi = std::min(row1, col1);
  const double log_total = log_choose(n, col1);
  auto log_p = [&](std::uint64_t x) {
    return log_choose(row1, x) + log_choose(row2, col1 - x) - log_total;
  };
  // R compares with a relative tolerance of 1e-7 so that tables exactly as
  // likely as the observed one are not lost to rounding.
  const double threshold = log_p(a) + std::log1p(1e-7);
  double p = 0;
  for (std::uint64_t x = lo; x <= hi; ++x) {
    double lp = log_p(x);
    if (lp <= threshold) p += std::exp(lp);
  }
  return std::min(p, 1.0);
}

double exact_stratified_upper_tail(const std::vector<Table2x2>& strata) {
  // The law of the sum, built stratum by stratum: distribution[k] is
  // P(sum == offset + k). Probabilities below this are dropped: they cannot
  // move a p-value we print, and they keep large recordings cheap.
  constexpr double kNegligible = 1e-300;
  std::vector<double> distribution{1.0};
  std::uint64_t offset = 0, observed = 0;
  for (const auto& t : strata) {
    const std::uint64_t row1 = t.present_failed + t.present_ok, row2 = t.absent_failed + t.absent_ok;
    const std::uint64_t col1 = t.present_failed + t.absent_failed, n = row1 + row2;
    observed += t.present_failed;
    if (n == 0) continue;
    const std::uint64_t lo = col1 > row2 ? col1 - row2 : 0;
    const std::uint64_t hi = std::min(row1, col1);
    const double log_total = log_choose(n, col1);
    std::vector<double> pmf(hi - lo + 1);
    for (std::uint64_t x = lo; x <= hi; ++x) {
      pmf[x - lo] = std::exp(log_choose(row1, x) + log_choose(row2, col1 - x) - log_total);
    }
    std::vector<double> next(distribution.size() + pmf.size() - 1, 0.0);
    for (std::size_t i = 0; i < distribution.size(); ++i) {
      if (distribution[i] < kNegligible) continue;
      for (std::size_t j = 0; j < pmf.size(); ++j) next[i + j] += distribution[i] * pmf[j];
    }
    distribution.swap(next);
    offset += lo;
  }
  if (observed <= offset) return 1.0;
  double p = 0;
  for (std::size_t k = observed - offset; k < distribution.size(); ++k) p += distribution[k];
  // Never exactly 0: a p-value says "at most this likely", not "impossible".
  return std::clamp(p, 1e-300, 1.0);
}

std::pair<double, double> wilson_interval(std::uint64_t successes, std::uint64_t total,
                                          double z) {
  if (total == 0) return {0.0, 1.0};
  successes = std::min(successes, total);  // more successes than trials: treat as n/n
  const double n = static_cast<double>(total);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  // At 0/n and n/n the exact bound is 0 or 1; do not let rounding move it.
  double lower = successes == 0 ? 0.0 : std::max(0.0, center - half);
  double upper = successes >= total ? 1.0 : std::min(1.0, center + half);
  return {lower, upper};
}

}  // namespace silentcors
