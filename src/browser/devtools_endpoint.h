// Where Chromium's DevTools listen. With --remote-debugging-port=0 Chromium
// picks a free port and writes "<port>\n<browser target path>" to
// <user-data-dir>/DevToolsActivePort.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace silentcors::browser {

struct DevToolsEndpoint {
  std::string host = "127.0.0.1";  // Loopback only: DevTools must never face a network.
  int port = 0;
  std::string path;  // /devtools/browser/<uuid>

  std::string url() const { return "ws://" + host + ":" + std::to_string(port) + path; }
};

// nullopt while the file is absent or only partly written.
std::optional<DevToolsEndpoint> parse_devtools_active_port(std::string_view contents);

}  // namespace silentcors::browser
