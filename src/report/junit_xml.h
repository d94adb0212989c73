// JUnit XML as Jenkins (junit plugin), GitLab (artifacts:reports:junit) and
// GitHub test reporters read it: one <testsuite>, one <testcase> per
// scenario run. A failed run carries <failure type="cors">, a run that could
// not run <error type="infrastructure">. The output is always well-formed
// XML 1.0, whatever bytes the URLs, headers and messages contain.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/scenario_run.h"

namespace silentcors::report {

// timestamp: when the suite started (the testsuite's timestamp attribute,
// ISO 8601 UTC without a zone, as the JUnit schema has it).
std::string junit_xml(const std::vector<ScenarioRun>& runs, std::string_view suite_name,
                      std::chrono::system_clock::time_point timestamp);

// The same, stamped with the current time.
std::string junit_xml(const std::vector<ScenarioRun>& runs, std::string_view suite_name);

// The failure message of a failed run: finding_summary() of its first error
// finding ("header-not-allowed: traceparent, tracestate refused by POST
// http://127.0.0.1:8002/api/orders", plus " (+N more)" when several failed),
// else its first failure sentence. Raw text, not escaped.
std::string junit_failure_message(const ScenarioRun& run);

}  // namespace silentcors::report
