// The terminal view: one block per finding, then a closing summary line; and
// one line per scenario run as it finishes. ANSI colour only when asked for
// (the caller decides: a TTY, no NO_COLOR). Untrusted text is made
// terminal-safe (text_escape.h), so a server cannot write escape sequences.
#pragma once

#include <string>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

// For each finding:
//   error header-not-allowed: POST http://api/orders (3 occurrences)
//     headers: traceparent, tracestate
//     origin: http://app
//     scenario: checkout
//     why: <message>
//          Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)
//          <disagreement>
//     preflight: status 204, Access-Control-Allow-Headers: "content-type"
//          The server answered the preflight (OPTIONS) and never received ...
//     also fails: <each>
//     intermittent: fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); ...
//     fix: <fix>
// then "note: ..." for each note, then summary_sentence(). Ends in a newline.
std::string console_report(const Report& report, bool color);

// "PASS checkout [3/10] 1.2s", "FAIL checkout 1.2s: header-not-allowed:
// traceparent refused by POST http://api/orders (+1 more)", "ERROR checkout
// 0.3s: <error>". No trailing newline.
std::string console_run_line(const ScenarioRun& run, bool color);

}  // namespace silentcors::report
