// A running headless Chromium and the DevTools connection to it: what every
// command that drives a browser starts with.
#pragma once

#include <memory>

#include "browser/cdp_client.h"
#include "browser/chrome_process.h"
#include "browser/lws_transport.h"

namespace silentcors::browser {

class Browser {
 public:
  // Starts Chromium and connects. Throws BrowserError (exit code 3).
  explicit Browser(const ChromeOptions& options);
  ~Browser();

  CdpClient& cdp() { return *client_; }
  ChromeProcess& process() { return *process_; }

  // A BrowserError for a failed command, with Chromium's last log lines if
  // Chromium is gone (a crash explains more than "connection closed").
  [[noreturn]] void fail(const std::string& what);

 private:
  std::unique_ptr<ChromeProcess> process_;
  std::unique_ptr<LwsTransport> transport_;
  std::unique_ptr<CdpClient> client_;
};

}  // namespace silentcors::browser
