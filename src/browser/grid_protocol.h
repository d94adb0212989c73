// What silentcors says to a Selenium Grid 4 and reads from its answers (W3C
// WebDriver over HTTP): pure, so the unit tests feed it the answers a real
// Grid gave. The I/O is GridClient's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace silentcors::browser {

// --grid http://HOST:PORT[/PREFIX] (Grid 3's /wd/hub prefix is kept).
struct GridUrl {
  std::string host;
  int port = 4444;
  std::string prefix;  // "" or "/wd/hub": no trailing slash.
  std::string text() const;
};
std::optional<GridUrl> parse_grid_url(const std::string& url, std::string& error);

// From GET /status: how many sessions of Chromium the Grid can start now.
struct GridCapacity {
  bool ready = false;
  std::string message;     // The Grid's own ("Selenium Grid ready.").
  int nodes_up = 0;
  int chromium_slots = 0;  // On nodes that are up, free or not.
  int chromium_free = 0;   // Free now, within each node's max-sessions.
};
// Throws std::runtime_error when `status` is not a Grid 4 /status answer.
GridCapacity grid_capacity(const nlohmann::json& status);

// POST /session's body: Chromium ("chrome" is the browserName Chromium
// nodes register under), headless with silentcors' flags. The node's own
// stereotype supplies the binary.
nlohmann::json new_session_request(const std::vector<std::string>& chrome_args);

struct GridSession {
  std::string id;
  std::string cdp_url;  // se:cdp: the browser's DevTools, proxied by the Grid.
  std::string browser_version;
};
// The answer to POST /session. Throws std::runtime_error with the Grid's own
// message when it made no session, or made one without se:cdp (then `id`
// is in the message's session_id out-parameter so it can still be ended).
GridSession parse_new_session(int http_status, const std::string& body, std::string& session_id);

}  // namespace silentcors::browser
