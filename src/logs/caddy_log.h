// Caddy's access log: one JSON object per line (its default `log` output),
// with the request's headers as Caddy received them, so Origin and the
// Access-Control-Request-* headers are there without configuring anything.
// Pure: a line in, an entry out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "logs/access_log_entry.h"

namespace silentcors::logs {

// {"ts":1796532300.71,"request":{"client_ip":"...","remote_ip":"...","method":"OPTIONS","uri":"/api?x",
//  "headers":{"Origin":["..."],...}},"status":204,...}. nullopt with the
// reason in `why` when the line is not such an object.
std::optional<AccessLogEntry> parse_caddy_json(std::string_view line, std::string* why = nullptr);

}  // namespace silentcors::logs
