#include "logs/json_lines_log.h"

#include <charconv>
#include <cmath>
#include <initializer_list>

#include <simdjson.h>

namespace silentcors::logs {

namespace {

std::nullopt_t fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return std::nullopt;
}

// The first of `names` with a value that is not empty or "-", as text.
std::optional<std::string> field(simdjson::dom::object object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    simdjson::dom::element value;
    if (object.at_key(name).get(value) != simdjson::SUCCESS) continue;
    std::string text;
    if (std::string_view string; value.get(string) == simdjson::SUCCESS) {
      text = string;
    } else if (std::int64_t integer; value.get(integer) == simdjson::SUCCESS) {
      text = std::to_string(integer);
    } else if (std::uint64_t big; value.get(big) == simdjson::SUCCESS) {
      text = std::to_string(big);
    } else if (double number; value.get(number) == simdjson::SUCCESS) {
      char digits[32];
      const auto written = std::to_chars(digits, digits + sizeof digits, number);  // Shortest that reads back.
      text.assign(digits, written.ptr);
    }
    if (!text.empty() && text != "-") return text;
  }
  return std::nullopt;
}

bool has(simdjson::dom::object object, const char* name) {
  simdjson::dom::element value;
  return object.at_key(name).get(value) == simdjson::SUCCESS;
}

// ISO 8601, the common log time, or Unix seconds (1796532300.71) or
// milliseconds (1796532300710): a number above 1e11 cannot be seconds
// before the year 5000.
std::optional<std::int64_t> time_of(const std::string& text) {
  if (auto iso = parse_iso8601_time(text)) return iso;
  if (auto common = parse_common_log_time(text)) return common;
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(number) || number < 0) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(number < 1e11 ? number * 1000 : number));
}

}  // namespace

std::optional<AccessLogEntry> parse_json_line(std::string_view line, std::string* why, bool* logs_request_headers) {
  // One parser per thread, reused: its buffers grow to the longest line once.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(line.data(), line.size()).get(object) != simdjson::SUCCESS) return fail(why, "not a JSON object");
  AccessLogEntry e;
  const auto client = field(object, {"remote_addr", "client_ip", "remote_ip", "client", "ip", "c-ip"});
  if (!client) return fail(why, "no client (remote_addr, client_ip, ...)");
  e.client = *client;
  const auto time = field(object, {"time_iso8601", "@timestamp", "timestamp", "time", "ts", "time_local", "msec"});
  if (!time) return fail(why, "no time (time_iso8601, @timestamp, timestamp, time, ts, time_local, msec)");
  const auto ms = time_of(*time);
  if (!ms) return fail(why, "a time that is neither ISO 8601, the common log time, nor Unix seconds");
  e.time_ms = *ms;
  std::string target;
  if (const auto request = field(object, {"request"})) {
    const auto space = request->find(' ');
    if (space == std::string::npos || space == 0) return fail(why, "a request without a method and target");
    e.method = request->substr(0, space);
    target = request->substr(space + 1);
    if (const auto end = target.rfind(" HTTP/"); end != std::string::npos) target.resize(end);
  } else {
    const auto method = field(object, {"request_method", "method"});
    const auto uri = field(object, {"request_uri", "uri", "path", "url"});
    if (!method || !uri) return fail(why, "no request, nor method and uri");
    e.method = *method;
    target = *uri;
  }
  if (const auto scheme = target.find("://"); scheme != std::string::npos) {
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string::npos ? "/" : target.substr(slash);
  }
  e.path = target.substr(0, target.find_first_of("?#"));
  if (e.path.empty()) return fail(why, "a request without a target");
  if (const auto status = field(object, {"status", "status_code"})) {
    if (status->size() != 3 || (*status)[0] < '1' || (*status)[0] > '5' ||
        status->find_first_not_of("0123456789") != std::string::npos) {
      return fail(why, "a status that is no 3-digit code");
    }
    e.status = std::stoi(*status);
  }
  if (const auto agent = field(object, {"http_user_agent", "user_agent", "ua"})) e.user_agent = *agent;
  e.origin = field(object, {"http_origin", "origin"});
  e.request_method = field(object, {"http_access_control_request_method", "access_control_request_method"});
  e.request_headers = field(object, {"http_access_control_request_headers", "access_control_request_headers"});
  if (logs_request_headers) {
    *logs_request_headers =
        has(object, "http_access_control_request_headers") || has(object, "access_control_request_headers");
  }
  return e;
}

}  // namespace silentcors::logs
