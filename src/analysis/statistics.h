// Small numeric helpers for intermittency attribution: is "the failed
// requests carried traceparent, the successful ones did not" more than
// chance, and how sure are we of a failure rate measured over few runs?
#pragma once

#include <cstdint>
#include <utility>

namespace silentcors {

// Two-sided p-value of Fisher's exact test for the 2x2 table [[a b] [c d]],
// as R's fisher.test computes it: the sum of the probabilities of every
// table with the same margins that is no more likely than the observed one.
// Returns 1 for an empty table.
double fisher_exact_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                              std::uint64_t d);

// Wilson score interval for a binomial proportion, without continuity
// correction (R: prop.test(x, n, correct = FALSE)$conf.int). z defaults to
// the 97.5% normal quantile, i.e. a 95% interval. total == 0 gives {0, 1}.
std::pair<double, double> wilson_interval(std::uint64_t successes, std::uint64_t total,
                                          double z = 1.959963984540054);

}  // namespace silentcors
