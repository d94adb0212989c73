#include "browser/grid_protocol.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace silentcors::browser {

std::string GridUrl::text() const { return "http://" + host + ":" + std::to_string(port) + prefix; }

std::optional<GridUrl> parse_grid_url(const std::string& url, std::string& error) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    error = "\"" + url + "\" is not an http:// URL (a Grid's address is http://HOST:4444)";
    return std::nullopt;
  }
  std::string rest = url.substr(scheme.size());
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (prefix.find_first_of("?#") != std::string::npos) {
    error = "\"" + url + "\": a Grid's address has no query or fragment";
    return std::nullopt;
  }
  GridUrl grid;
  grid.prefix = prefix;
  const size_t colon = authority.rfind(':');
  grid.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string digits = authority.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), grid.port);
    if (ec != std::errc() || end != digits.data() + digits.size() || grid.port <= 0 || grid.port > 65535) {
      error = "\"" + url + "\": \"" + digits + "\" is not a port";
      return std::nullopt;
    }
  }
  if (grid.host.empty() || grid.host.find('@') != std::string::npos) {
    error = "\"" + url + "\" names no host";
    return std::nullopt;
  }
  return grid;
}

namespace {

bool is_chromium(const nlohmann::json& stereotype) {
  const std::string name = stereotype.value("browserName", "");
  return name == "chrome" || name == "chromium";
}

}  // namespace

GridCapacity grid_capacity(const nlohmann::json& status) {
  const nlohmann::json* value = status.is_object() ? &status["value"] : nullptr;
  if (!value || !value->is_object() || !value->contains("ready")) {
    throw std::runtime_error("its /status is not a Selenium Grid 4 status (no value.ready)");
  }
  GridCapacity capacity;
  capacity.ready = value->value("ready", false);
  capacity.message = value->value("message", "");
  if (!value->contains("nodes")) {
    // A standalone chromedriver or Grid 3 answers /status without nodes.
    throw std::runtime_error("its /status lists no nodes: not a Selenium Grid 4 (a chromedriver or Grid 3 "
                             "answers like that)");
  }
  for (const auto& node : (*value)["nodes"]) {
    if (!node.is_object() || node.value("availability", "") != "UP") continue;
    ++capacity.nodes_up;
    int busy = 0, free = 0;
    for (const auto& slot : node.value("slots", nlohmann::json::array())) {
      const bool in_use = slot.contains("session") && !slot["session"].is_null();
      busy += in_use ? 1 : 0;
      if (!is_chromium(slot.value("stereotype", nlohmann::json::object()))) continue;
      ++capacity.chromium_slots;
      free += in_use ? 0 : 1;
    }
    // A node offers more slots than it runs sessions at once.
    const int max_sessions = node.value("maxSessions", free + busy);
    capacity.chromium_free += std::max(0, std::min(free, max_sessions - busy));
  }
  return capacity;
}

nlohmann::json new_session_request(const std::vector<std::string>& chrome_args) {
  return {{"capabilities",
           {{"alwaysMatch", {{"browserName", "chrome"}, {"goog:chromeOptions", {{"args", chrome_args}}}}}}}};
}

GridSession parse_new_session(int http_status, const std::string& body, std::string& session_id) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json value = answer.is_object() ? answer.value("value", nlohmann::json()) : nlohmann::json();
  if (http_status != 200 || !value.is_object() || !value.contains("sessionId")) {
    std::string why = value.is_object() ? value.value("message", "") : "";
    if (why.empty()) why = "HTTP " + std::to_string(http_status);
    // The Grid's messages carry a Java stack and build info after the first line.
    why = why.substr(0, why.find('\n'));
    throw std::runtime_error("it made no session: " + why);
  }
  GridSession session;
  session.id = value.value("sessionId", "");
  session_id = session.id;
  const nlohmann::json capabilities = value.value("capabilities", nlohmann::json::object());
  session.browser_version = capabilities.value("browserVersion", "");
  session.cdp_url = capabilities.value("se:cdp", "");
  if (session.cdp_url.empty()) {
    throw std::runtime_error("its session " + session.id +
                             " has no se:cdp (a Grid 4 with Chromium nodes offers one; is its CDP turned off?)");
  }
  return session;
}

}  // namespace silentcors::browser
