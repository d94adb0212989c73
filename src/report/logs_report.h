// `silentcors logs` in the forms a team reads: the console table (with a
// sparkline of each endpoint's orphan rate by time bucket) and report.json's
// "logs" (docs/report.schema.json).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "logs/log_summary.h"

namespace silentcors::report {

nlohmann::json logs_to_json(const logs::LogSummary& summary);
std::string logs_console(const logs::LogSummary& summary);
// The report.html of `logs`: the endpoints' table, each one's orphan rate
// by bucket as a bar chart (its baseline and its since marked), the headers
// that tell, the skipped lines. Every value escaped (html_escape.h).
std::string logs_html(const logs::LogSummary& summary, int exit_code);

// Shared by the writers: "2026-12-05T14:00:00Z" of Unix ms; "POST /api/x"
// ("?" for an unknown method); "p = 0.0012" or "p < 1e-300".
std::string logs_time(std::int64_t ms);
std::string logs_endpoint_name(const logs::EndpointKey& key);
std::string p_text(double p);
// "2026-12-05T14:00:00Z: 20% of 900 preflights orphaned from then on, 0.4% of
// 800 before (p = 3e-41)": an endpoint's since, as every writer says it.
std::string logs_since_text(const logs::OrphanChange& change);

// What to add to a server's log format to log Access-Control-Request-Headers
// (and the Origin), in nginx's, Apache's, Caddy's, HAProxy's and morgan's
// own syntax.
std::string request_headers_advice();

}  // namespace silentcors::report
