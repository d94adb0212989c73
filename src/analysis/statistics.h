// Small numeric helpers for intermittency attribution: is "the failed
// requests carried traceparent, the successful ones did not" more than
// chance, and how sure are we of a failure rate measured over few runs?
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

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

// Requests (or runs) split by whether they carried a header and whether
// they failed.
struct Table2x2 {
  std::uint64_t present_failed = 0;
  std::uint64_t present_ok = 0;
  std::uint64_t absent_failed = 0;
  std::uint64_t absent_ok = 0;
};

// One-sided exact test that failures go with presence, stratified: with
// every stratum's margins fixed, its present_failed cell follows a
// hypergeometric law; the statistic is their sum over the strata, and the
// p-value is P(sum >= observed). Strata are independent units (the runs of
// a triage), so requests of one run may depend on each other in any way
// that leaves their margins as they are: the test stays valid when a
// sampler decides per page load. One stratum is Fisher's exact test with
// alternative "greater" (R: fisher.test(alternative = "greater")); several
// are R's mantelhaen.test(exact = TRUE, alternative = "greater").
// A stratum whose presence or outcome is constant carries no information
// and changes nothing. Returns 1 when nothing can be said.
double exact_stratified_upper_tail(const std::vector<Table2x2>& strata);

}  // namespace silentcors
