// A scenario's `expect` applied to the findings of one run: which findings
// fail it, which are tolerated (and why), which expected ones are missing.
// Pure: a Report and an Expect in, a verdict out.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "scenario/scenario.h"

namespace silentcors::runs {

struct Verdict {
  bool passed() const { return failures.empty(); }
  // One sentence each: first the error findings nothing tolerates (in the
  // order of `failing`), then the expected findings that did not appear.
  std::vector<std::string> failures;
  // Findings an allow entry (with its reason) or an expected-finding entry
  // covers, so they stay visible in the reports.
  std::vector<std::string> tolerated;
  // The findings that fail the run, as indices into the report's findings.
  std::vector<std::size_t> failing;
};

// A finding matches a pattern of its kind, with the pattern's header (if
// any) among its headers, and its URL matching the pattern's glob (if any).
bool matches(const scenario::FindingPattern& pattern, const Finding& finding);

// By default every error-severity finding fails the run unless an allow
// entry covers it; `noErrors: false` turns that off. A finding matched by
// an `expect.findings` entry is expected, so it does not fail the run
// either; an entry that matches nothing does.
Verdict judge(const Report& report, const scenario::Expect& expect);

// The report with the findings that fail the run first (otherwise in their
// order), so that the one-line verdicts (console, JUnit message) name a
// finding that failed the run rather than a tolerated one.
Report failing_first(Report report, const Verdict& verdict);

// "header-not-allowed with header traceparent at a URL matching
// http://api.example/*".
std::string describe(const scenario::FindingPattern& pattern);

}  // namespace silentcors::runs
