// The sentences every writer shares, so that the console, Markdown and JUnit
// say the same thing in the same words. They return raw text: each writer
// escapes it for its medium (text_escape.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

std::string join(const std::vector<std::string>& items, std::string_view separator);

// "1 finding", "2 findings".
std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural);

// A fraction as a percentage with at most one decimal: 0.275 -> "27.5",
// 1.0 -> "100".
std::string percent(double fraction);

// "850ms", "1.2s", "95.0s".
std::string duration(double seconds);

// The one-line name of a finding, also JUnit's failure message:
// "header-not-allowed: traceparent, tracestate refused by POST http://api/orders";
// without headers: "preflight-status: POST http://api/orders".
std::string finding_summary(const Finding& finding);

// What Chromium itself said, for comparison with our own rules:
// "Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)"
// when it named one of several refused headers, otherwise
// "Chromium reported: HeaderDisallowedByPreflightResponse (failedParameter: x)".
// "" when there is no Chromium evidence.
std::string chrome_sentence(const Finding& finding);

// The server's answer as we saw it: "status 204,
// Access-Control-Allow-Headers: \"content-type\"" (values quoted, so that an
// empty header shows). "" when there is nothing to show.
std::string preflight_evidence(const Finding& finding);

// preflight_evidence() labelled "preflight: " when there was a preflight
// (a preflight status is known), else "response: ". "" when nothing to show.
std::string preflight_sentence(const Finding& finding);

// For an orphan preflight: what backend logs show. "" otherwise.
std::string orphan_sentence(const Finding& finding);

// "fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); explained by traceparent:
// present 11 failed/0 ok, absent 0 failed/29 ok, p = 4.3e-10; at full
// sampling: 100%"
std::string intermittency_sentence(const Intermittency& intermittency);
// Every line of `text` with `prefix` before it (for multi-line snippets).
std::string indent(const std::string& text, const std::string& prefix);
// For a run's one-liner: "failed 3 of 10 requests; all of them carried traceparent".
std::string intermittent_clause(const Intermittency& intermittency);

// "3 requests, 1 CORS failure, 2 findings (1 error, 1 warning); not CORS:
// net::ERR_CONNECTION_REFUSED x2"
std::string summary_sentence(const Summary& summary);

// The findings that fail a run: severity "error".
std::vector<const Finding*> error_findings(const Report& report);
// The findings that fail a run (see ScenarioRun::failing_findings): what a
// failed run's one-line verdicts name, never a tolerated finding.
std::vector<const Finding*> failing_findings(const ScenarioRun& run);

// "checkout", or "checkout [3/10]" for one of several repeats.
std::string run_label(const ScenarioRun& run);

}  // namespace silentcors::report
