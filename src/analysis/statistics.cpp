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
