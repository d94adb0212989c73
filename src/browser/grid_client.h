// A Selenium Grid 4 as a source of browsers (--grid URL): asks it how many
// Chromium sessions it can start, starts them (W3C new session), and ends
// them. Each session's Chromium is then driven over its se:cdp endpoint.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "browser/grid_protocol.h"

namespace silentcors::browser {

class GridClient {
 public:
  GridClient(GridUrl url, std::chrono::milliseconds timeout) : url_(std::move(url)), timeout_(timeout) {}

  // GET /status. Throws BrowserError (exit 3) when the Grid cannot be
  // reached or is no Grid 4.
  GridCapacity capacity() const;
  // POST /session for a headless Chromium. Its se:cdp is given on the
  // Grid's address as the user named it: a Grid started without --grid-url
  // names an address of its own machine (and port 4444), which may not be
  // reachable from here. Throws BrowserError when no session was made.
  GridSession start(const std::vector<std::string>& chrome_args) const;
  // DELETE /session/ID: the node ends that Chromium and its chromedriver.
  // Never throws: returns "" or why the Grid did not confirm it.
  std::string end(const std::string& session_id) const;

  const GridUrl& url() const { return url_; }

 private:
  GridUrl url_;
  std::chrono::milliseconds timeout_;
};

// The se:cdp URL on `grid`'s host and port (its path and query kept).
std::string cdp_url_via(const GridUrl& grid, const std::string& se_cdp);

}  // namespace silentcors::browser
