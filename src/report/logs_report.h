// `silentcors logs` in the forms a team reads: the console table (with a
// sparkline of each endpoint's orphan rate by time bucket) and report.json's
// "logs" (docs/report.schema.json).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "logs/log_summary.h"

namespace silentcors::report {

nlohmann::json logs_to_json(const logs::LogSummary& summary);
std::string logs_console(const logs::LogSummary& summary);
// What to add to a server's log format to log Access-Control-Request-Headers
// (and the Origin), in nginx's, Apache's, Caddy's, HAProxy's and morgan's
// own syntax.
std::string request_headers_advice();

}  // namespace silentcors::report
