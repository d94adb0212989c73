// One request as a server's access log records it: the fields `silentcors
// logs` (issue 21) pairs a preflight with its follow-up by. Pure: text in,
// an entry out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace silentcors::logs {

struct AccessLogEntry {
  std::string client;      // The remote address as logged.
  std::string user_agent;  // "" when the format has none or it is "-".
  std::string method;
  std::string path;        // Without its query.
  std::int64_t time_ms = 0;  // Unix time, from the line's own time and zone.
  int status = 0;
  // Present when the format logs them ("-" counts as absent).
  std::optional<std::string> origin;
  std::optional<std::string> request_method;   // Access-Control-Request-Method
  std::optional<std::string> request_headers;  // Access-Control-Request-Headers
};

// nginx's and Apache's `combined` format, the default every server writes:
//   127.0.0.1 - - [10/Oct/2026:13:55:36 -0700] "OPTIONS /api/cart?x=1 HTTP/1.1" 204 0 "-" "Mozilla/5.0 ..."
// The line without its ending. nullopt with the reason in `why` when the line
// is not in that format: a caller counts and shows it, never drops it silently.
std::optional<AccessLogEntry> parse_combined(std::string_view line, std::string* why = nullptr);

// "10/Oct/2026:13:55:36 -0700" -> Unix milliseconds; nullopt when malformed.
std::optional<std::int64_t> parse_common_log_time(std::string_view text);

// ISO 8601 as servers and load balancers write it -> Unix milliseconds:
// "2026-10-10T13:55:36+00:00" (nginx's $time_iso8601),
// "2018-07-02T22:23:00.186641Z" (AWS ALB), "2026-10-10 13:55:36.5+0200".
// A time without a zone is UTC. nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_time(std::string_view text);

}  // namespace silentcors::logs
