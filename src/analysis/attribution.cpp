#include "analysis/attribution.h"

#include <algorithm>
#include <limits>

#include "analysis/statistics.h"

namespace silentcors {

namespace {

// Headers that travel together (the same requests of every run carry
// them) are one candidate: traceparent and tracestate, Datadog's seven.
struct Candidate {
  std::vector<std::string> headers;
  std::vector<OutcomeCounts> present_by_run;
};

std::vector<Candidate> candidates_of(const std::vector<RunOutcomes>& runs) {
  std::map<std::string, std::vector<OutcomeCounts>> by_header;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const auto& [header, counts] : runs[r].with_header) {
      auto& row = by_header[header];
      row.resize(runs.size());
      row[r] = counts;
    }
  }
  std::vector<Candidate> out;
  for (auto& entry : by_header) {
    // Named, not a structured binding: clang 14 (the fuzz build) cannot
    // capture those in a lambda.
    const auto& header = entry.first;
    auto& row = entry.second;
    auto same = std::find_if(out.begin(), out.end(), [&](const Candidate& c) {
      return std::equal(c.present_by_run.begin(), c.present_by_run.end(), row.begin(), row.end(),
                        [](const OutcomeCounts& a, const OutcomeCounts& b) { return a.failed == b.failed && a.ok == b.ok; });
    });
    if (same != out.end()) {
      same->headers.push_back(header);
    } else {
      out.push_back({{header}, std::move(row)});
    }
  }
  return out;
}

Table2x2 table_of(const RunOutcomes& run, const OutcomeCounts& present) {
  return {present.failed, present.ok, run.failed - present.failed, run.ok - present.ok};
}

struct Test {
  double p = 1;
  std::string method;
};

// The valid test for this candidate. Chosen from where the header was
// (never from the outcomes), so the choice itself cannot make chance look
// like a cause.
Test test_candidate(const std::vector<RunOutcomes>& runs, const Candidate& c) {
  if (runs.size() == 1) return {exact_stratified_upper_tail({table_of(runs[0], c.present_by_run[0])}), "fisher-requests"};
  bool constant_within_runs = true;
  std::vector<Table2x2> strata;
  Table2x2 by_run;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const Table2x2 t = table_of(runs[r], c.present_by_run[r]);
    strata.push_back(t);
    const bool present = t.present_failed + t.present_ok > 0;
    const bool absent = t.absent_failed + t.absent_ok > 0;
    constant_within_runs = constant_within_runs && !(present && absent);
    const bool failed = runs[r].failed > 0;
    (present ? (failed ? by_run.present_failed : by_run.present_ok) : (failed ? by_run.absent_failed : by_run.absent_ok))++;
  }
  // A per-session sampler: the run is the unit, and runs are independent.
  if (constant_within_runs) return {exact_stratified_upper_tail({by_run}), "fisher-runs"};
  // A per-request sampler: compare requests within each run only, so
  // whatever makes whole runs fail together cannot pose as the header.
  return {exact_stratified_upper_tail(strata), "stratified-exact-by-run"};
}

}  // namespace

Intermittency attribute(const std::vector<RunOutcomes>& runs, const AttributionOptions& options) {
  Intermittency result;
  uint64_t failed_runs = 0;
  for (const auto& run : runs) {
    result.failed += run.failed;
    result.total += run.failed + run.ok;
    failed_runs += run.failed > 0;
  }
  const uint64_t ok = result.total - result.failed;
  const bool by_run = runs.size() > 1;
  result.rate = by_run ? static_cast<double>(failed_runs) / runs.size()
                       : result.total ? static_cast<double>(result.failed) / result.total : 0;
  result.rate_interval = by_run ? wilson_interval(failed_runs, runs.size()) : wilson_interval(result.failed, result.total);
  if (by_run) result.runs = RunTable{failed_runs, runs.size(), {}, {failed_runs, runs.size() - failed_runs}};
  result.looks = std::max<uint64_t>(1, options.looks);

  // A header on every request, or on none, can tell nothing apart.
  std::vector<Candidate> candidates;
  for (auto& c : candidates_of(runs)) {
    uint64_t carried = 0;
    for (const auto& counts : c.present_by_run) carried += counts.failed + counts.ok;
    if (carried > 0 && carried < result.total) candidates.push_back(std::move(c));
  }
  result.candidates = candidates.size();
  const Candidate* best = nullptr;
  Test best_test;
  for (const auto& c : candidates) {
    Test t = test_candidate(runs, c);
    if (!best || t.p < best_test.p) {
      best = &c;
      best_test = t;
    }
  }
  if (!best) return result;
  const double adjusted = std::min(1.0, best_test.p * static_cast<double>(candidates.size() * result.looks));
  result.p_method = best_test.method;
  if (adjusted >= kExplainedBelow) return result;

  result.explained_by = best->headers;
  result.p_value = adjusted;
  result.p_unadjusted = best_test.p;
  for (const auto& counts : best->present_by_run) {
    result.present.failed += counts.failed;
    result.present.ok += counts.ok;
  }
  result.absent = {result.failed - result.present.failed, ok - result.present.ok};
  result.projected_rate_at_full_sampling =
      static_cast<double>(result.present.failed) / std::max<uint64_t>(1, result.present.failed + result.present.ok);
  if (by_run) {
    RunTable& table = *result.runs;
    table.present = {};
    table.absent = {};
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const bool present = best->present_by_run[r].failed + best->present_by_run[r].ok > 0;
      OutcomeCounts& side = present ? table.present : table.absent;
      (runs[r].failed > 0 ? side.failed : side.ok)++;
    }
    result.projected_rate_at_full_sampling =
        static_cast<double>(table.present.failed) / std::max<uint64_t>(1, table.present.failed + table.present.ok);
  }
  return result;
}

}  // namespace silentcors
