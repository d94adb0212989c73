// Access logs written as one JSON object per line with named fields: nginx's
// `log_format ... escape=json '{"remote_addr":"$remote_addr",...}'`, a
// framework's request logger, a log shipper's output. Fields are found by the
// names these use (the first present wins):
//   client   remote_addr, client_ip, remote_ip, client, ip, c-ip
//   time     time_iso8601, @timestamp, timestamp, time, ts, time_local, msec
//            (ISO 8601, the common log time, or Unix seconds or milliseconds)
//   request  request ("METHOD target PROTOCOL"), or method / request_method
//            with uri / request_uri / path / url
//   status   status, status_code
//   agent    http_user_agent, user_agent, ua
//   origin   http_origin, origin
//   Access-Control-Request-Method / -Headers: http_access_control_request_method,
//            access_control_request_method / http_access_control_request_headers,
//            access_control_request_headers
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "logs/access_log_entry.h"

namespace silentcors::logs {

// `logs_request_headers`, when given, is told whether the line has an
// Access-Control-Request-Headers field at all ("-" for a request without it).
std::optional<AccessLogEntry> parse_json_line(std::string_view line, std::string* why = nullptr,
                                              bool* logs_request_headers = nullptr);

}  // namespace silentcors::logs
