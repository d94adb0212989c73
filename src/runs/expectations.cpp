#include "runs/expectations.h"

#include <algorithm>
#include <optional>

#include "report/report_text.h"

namespace silentcors::runs {

bool matches(const scenario::FindingPattern& pattern, const Finding& finding) {
  if (pattern.kind != name_of(finding.kind)) return false;
  if (pattern.header &&
      std::find(finding.headers.begin(), finding.headers.end(), *pattern.header) == finding.headers.end()) {
    return false;
  }
  return !pattern.url || scenario::url_matches_glob(*pattern.url, finding.url);
}

std::string describe(const scenario::FindingPattern& pattern) {
  std::string out = pattern.kind;
  if (pattern.header) out += " with header " + *pattern.header;
  if (pattern.url) out += " at a URL matching " + *pattern.url;
  return out;
}

Verdict judge(const Report& report, const scenario::Expect& expect) {
  Verdict verdict;
  std::vector<bool> seen(expect.findings.size(), false);
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& finding = report.findings[i];
    const std::string summary = report::finding_summary(finding);

    std::optional<std::size_t> expected;
    for (std::size_t e = 0; e < expect.findings.size(); ++e) {
      if (!matches(expect.findings[e], finding)) continue;
      seen[e] = true;
      if (!expected) expected = e;
    }
    const scenario::AllowRule* allowed = nullptr;
    for (const auto& rule : expect.allow) {
      if (matches(rule.pattern, finding)) {
        allowed = &rule;
        break;
      }
    }

    if (allowed) {
      verdict.tolerated.push_back(summary + " (allowed: " + allowed->reason + ")");
    } else if (expected) {
      verdict.tolerated.push_back(summary + " (expected by expect.findings[" + std::to_string(*expected) + "])");
    } else if (finding.severity == "error" && expect.no_errors) {
      verdict.failures.push_back(expect.from_scenario_file ? summary + " (no expect.allow entry covers it)" : summary);
      verdict.failing.push_back(i);
    }
  }
  for (std::size_t e = 0; e < expect.findings.size(); ++e) {
    if (!seen[e]) {
      verdict.failures.push_back("expected finding did not appear: " + describe(expect.findings[e]) +
                                 " (expect.findings[" + std::to_string(e) + "])");
    }
  }
  return verdict;
}

Report failing_first(Report report, const Verdict& verdict) {
  std::vector<Finding> ordered;
  ordered.reserve(report.findings.size());
  std::vector<std::size_t> moved_to(report.findings.size());  // Old index -> new, for the timelines.
  for (std::size_t i : verdict.failing) {
    moved_to[i] = ordered.size();
    ordered.push_back(report.findings[i]);
  }
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    if (std::find(verdict.failing.begin(), verdict.failing.end(), i) == verdict.failing.end()) {
      moved_to[i] = ordered.size();
      ordered.push_back(report.findings[i]);
    }
  }
  report.findings = std::move(ordered);
  for (auto& timeline : report.timelines) {
    for (auto& request : timeline.requests) {
      for (auto& index : request.findings) {
        if (index < moved_to.size()) index = moved_to[index];
      }
    }
  }
  return report;
}

}  // namespace silentcors::runs
