// A running headless Chromium and the DevTools connection to it: what every
// command that drives a browser starts with.
#pragma once

#include <memory>

#include "browser/cdp_client.h"
#include "browser/grid_client.h"
#include "browser/chrome_process.h"
#include "browser/remote_endpoint.h"
#include "browser/transport.h"

namespace silentcors::browser {

class Browser {
 public:
  // Starts Chromium and connects: over its private DevTools pipe, or with
  // options.debugging_port over a WebSocket to its loopback port. Throws
  // BrowserError (exit code 3).
  explicit Browser(const ChromeOptions& options);
  ~Browser();

  CdpClient& cdp() { return *client_; }
  // Launched browsers only (check remote() first).
  ChromeProcess& process() { return *process_; }
  // A browser somebody else runs (--cdp): silentcors did not start it, so
  // it does not stop it, nor start another when it is lost.
  bool remote() const { return process_ == nullptr; }
  // A Selenium Grid session silentcors started (--grid): remote, but ours to
  // end, and to replace with a new session when it is lost.
  bool grid() const { return grid_ != nullptr; }
  // Where a suite connects to this browser (`watch`): the browser's
  // WebSocket, and its DevTools HTTP server. With a launched browser, only
  // when started with ChromeOptions::suite_port or debugging_port.
  std::string ws_url() const;
  std::string http_url() const;

  // A BrowserError for a failed command, one line, naming where Chromium's log
  // is kept if Chromium is gone (a crash explains more than "connection closed").
  [[noreturn]] void fail(const std::string& what);

 private:
  void connect_pipe(const ChromeOptions& options);
  void connect_websocket(const ChromeOptions& options);
  void connect_remote(const ChromeOptions& options);
  void connect_grid(const ChromeOptions& options);

  std::unique_ptr<ChromeProcess> process_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<CdpClient> client_;
  RemoteEndpoint remote_;
  std::unique_ptr<GridClient> grid_;
  std::string grid_session_;  // Its id; "" once ended.
};

}  // namespace silentcors::browser
