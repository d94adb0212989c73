#include "logs/caddy_log.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace silentcors::logs {

namespace {

std::nullopt_t fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return std::nullopt;
}

// A header's values, joined as one line would carry them; nullopt when absent.
// Caddy keeps the names as Go canonicalizes them (Access-Control-Request-Headers).
std::optional<std::string> header(const nlohmann::json& headers, const char* name) {
  const auto it = headers.find(name);
  if (it == headers.end() || !it->is_array() || it->empty()) return std::nullopt;
  std::string joined;
  for (const auto& value : *it) {
    if (!value.is_string()) continue;
    joined += (joined.empty() ? "" : ",") + value.get<std::string>();
  }
  if (joined.empty()) return std::nullopt;
  return joined;
}

}  // namespace

std::optional<AccessLogEntry> parse_caddy_json(std::string_view line, std::string* why) {
  const auto object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return fail(why, "not a JSON object");
  const auto request = object.find("request");
  if (request == object.end() || !request->is_object()) return fail(why, "no \"request\" object (not an access log line)");
  const auto ts = object.find("ts");
  if (ts == object.end() || !ts->is_number() || !std::isfinite(ts->get<double>()) || ts->get<double>() < 0 ||
      ts->get<double>() > 1e11) {
    return fail(why, "no \"ts\" in Unix seconds");
  }
  AccessLogEntry e;
  e.time_ms = static_cast<std::int64_t>(std::llround(ts->get<double>() * 1000));
  // client_ip is the client behind trusted proxies; remote_ip the peer.
  for (const char* key : {"client_ip", "remote_ip"}) {
    if (const auto it = request->find(key); it != request->end() && it->is_string() && !it->get<std::string>().empty()) {
      e.client = it->get<std::string>();
      break;
    }
  }
  if (e.client.empty()) return fail(why, "no request.remote_ip");
  const auto method = request->find("method");
  const auto uri = request->find("uri");
  if (method == request->end() || !method->is_string() || method->get<std::string>().empty()) {
    return fail(why, "no request.method");
  }
  if (uri == request->end() || !uri->is_string()) return fail(why, "no request.uri");
  e.method = method->get<std::string>();
  const std::string target = uri->get<std::string>();
  e.path = target.substr(0, target.find_first_of("?#"));
  if (e.path.empty()) return fail(why, "an empty request.uri");
  if (const auto status = object.find("status"); status != object.end() && status->is_number_integer()) {
    const auto value = status->get<std::int64_t>();
    if (value >= 100 && value <= 599) e.status = static_cast<int>(value);
  }
  if (const auto headers = request->find("headers"); headers != request->end() && headers->is_object()) {
    e.user_agent = header(*headers, "User-Agent").value_or("");
    e.origin = header(*headers, "Origin");
    e.request_method = header(*headers, "Access-Control-Request-Method");
    e.request_headers = header(*headers, "Access-Control-Request-Headers");
  }
  return e;
}

}  // namespace silentcors::logs
