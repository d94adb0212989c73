// A browser somebody else runs (--cdp URL): a Chromium started with
// --remote-debugging-port, Browserless, a Selenium Grid 4 session's se:cdp.
// Users name it as the browser's WebSocket (ws:// or wss://
// HOST:PORT/devtools/browser/ID, any query kept: tokens live there) or as
// its DevTools HTTP server (http://HOST:PORT), which names the WebSocket in
// /json/version.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace silentcors::browser {

struct RemoteEndpoint {
  bool tls = false;  // wss://, verified against the system's CA store.
  std::string host;
  int port = 0;
  std::string path;  // With its query.

  std::string ws_url() const;
  // http(s)://HOST:PORT: what Selenium's debuggerAddress and Playwright's
  // connectOverCDP take.
  std::string http_url() const;
};

// What the user typed, checked: nullopt with `error` saying why not.
struct CdpUrl {
  enum class Kind { kWebSocket, kHttp } kind = Kind::kWebSocket;
  RemoteEndpoint endpoint;  // For kHttp, path is "/json/version".
};
std::optional<CdpUrl> parse_cdp_url(const std::string& url, std::string& error);

// The browser's WebSocket: the URL itself, or what /json/version names.
// Throws BrowserError (exit 3) when nothing answers, or what answers is not
// a Chromium DevTools endpoint.
RemoteEndpoint resolve_cdp_url(const CdpUrl& url, std::chrono::milliseconds timeout);

}  // namespace silentcors::browser
