#include "browser/devtools_endpoint.h"

#include <charconv>

namespace silentcors::browser {

std::optional<DevToolsEndpoint> parse_devtools_active_port(std::string_view contents) {
  size_t newline = contents.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  std::string_view port_text = contents.substr(0, newline);
  std::string_view path = contents.substr(newline + 1);
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.remove_suffix(1);
  int port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port <= 0 || port > 65535) {
    return std::nullopt;
  }
  if (path.rfind("/devtools/browser/", 0) != 0) return std::nullopt;
  DevToolsEndpoint endpoint;
  endpoint.port = port;
  endpoint.path = std::string(path);
  return endpoint;
}

}  // namespace silentcors::browser
