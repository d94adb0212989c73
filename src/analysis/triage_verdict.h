// The verdict `silentcors triage` prints after repeating a scenario: a
// sentence a person can act on, and whether the numbers already settle it
// (so triage can stop early).
#pragma once

#include <string>
#include <vector>

#include "analysis/report_model.h"

namespace silentcors {

struct TriageVerdict {
  enum class Kind {
    kCorsExplained,    // Fails when a header is present, not otherwise.
    kCorsUnexplained,  // CORS fails sometimes; no header explains it.
    kCorsEveryTime,    // CORS fails every time: not a flake, a broken contract.
    kNotCors,          // Failures, none of them CORS.
    kNoFailure,        // Nothing failed in these runs.
  };
  Kind kind = Kind::kNoFailure;
  bool settled = false;
  std::vector<std::string> lines;  // The verdict, one sentence per line.
};

struct TriageProgress {
  int runs = 0;         // Runs so far.
  int failed_runs = 0;  // Runs whose scenario failed (any reason).
};

// When triage may stop: once the verdict is settled, never before
// `min_runs`, at `max_runs` at the latest. The attribution's p-values are
// adjusted for looks(), so stopping at the first clear look is honest.
struct StopRule {
  int max_runs = 40;
  int min_runs = 5;
  bool early = true;
  double p_threshold = 0.001;  // An adjusted p-value below this settles an explanation.

  // Every run from min_runs to max_runs - 1, and the end.
  uint64_t looks() const {
    return early && max_runs > min_runs ? static_cast<uint64_t>(max_runs - min_runs + 1) : 1;
  }
  bool may_stop_after(int done) const { return early && done >= min_runs && done < max_runs; }
};

// `p_threshold`: how sure attribution must be to stop early.
TriageVerdict triage_verdict(const Report& combined, const TriageProgress& progress, double p_threshold = 0.001);

}  // namespace silentcors
