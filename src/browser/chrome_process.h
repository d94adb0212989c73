// One headless Chromium, started through silentcors-reaper so that nothing
// of it survives silentcors: not on a normal exit, an exception, a signal,
// or a crash of silentcors itself (the reaper sees its stdin close).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "browser/devtools_endpoint.h"

namespace silentcors::browser {

struct ChromeOptions {
  std::string chrome_path;  // Empty: find_browser() decides.
  std::chrono::milliseconds startup_timeout{30000};
  // Where Chromium's own stdout/stderr go. Empty: a file inside the private
  // profile, removed with the profile.
  std::string log_path;
  // A folder (the command's --out): if Chromium exits under silentcors, its
  // log is copied there as chromium.log (chromium-2.log...) and the error
  // names the copy. Empty, or with log_path: nothing is copied.
  std::string crash_log_dir;
  std::vector<std::string> extra_args;
  // Open a DevTools TCP port on loopback (--remote-debugging-port=0) instead
  // of the private pipe. Any local user can connect to that port, so only
  // for what needs a WebSocket endpoint: the LwsTransport tests against a
  // real Chromium, the transport benchmark, and later `watch`.
  bool debugging_port = false;
  // `watch`: silentcors still drives Chromium over its private pipe, and a
  // loopback DevTools port (reachable by any local user while it is open)
  // is opened beside it for the user's own suite. Chromium accepts both.
  bool suite_port = false;
  // --cdp: connect to this running browser (ws://, wss://, http://) instead
  // of launching one. It is never closed; only what silentcors opened is.
  std::string cdp_url;
  // --grid: start a Chromium session on this Selenium Grid 4 and drive it
  // over its se:cdp; the session is ended with the Browser.
  std::string grid_url;
};

// The flags every Chromium silentcors drives runs with, wherever it runs
// (here, or on a Selenium Grid node): headless, and quiet on a closed network.
std::vector<std::string> headless_flags();

// silentcors' ends of Chromium's --remote-debugging-pipe (its fd 3 and 4).
struct DevToolsPipe {
  int to_browser = -1;    // Written by silentcors, read by Chromium as fd 3.
  int from_browser = -1;  // Written by Chromium as fd 4, read by silentcors.
};

class ChromeProcess {
 public:
  // Starts Chromium. With options.debugging_port, waits for its DevTools
  // endpoint; otherwise Chromium is driven over take_devtools_pipe() and is
  // ready when it answers there. Throws BrowserError.
  explicit ChromeProcess(const ChromeOptions& options);
  ~ChromeProcess();
  ChromeProcess(const ChromeProcess&) = delete;
  ChromeProcess& operator=(const ChromeProcess&) = delete;

  // Only with options.debugging_port or options.suite_port.
  const DevToolsEndpoint& endpoint() const { return endpoint_; }
  // The pipe's ends, once (the caller owns them); -1s with debugging_port.
  DevToolsPipe take_devtools_pipe();
  // Gives up on a Chromium that did not come up: says whether it exited or
  // did not answer within `timeout`, with the tail of its log, shuts it down.
  [[noreturn]] void startup_failed(bool exited, std::chrono::milliseconds timeout);
  const std::string& profile_dir() const { return profile_dir_; }
  const std::string& executable() const { return executable_; }
  // False once Chromium (or its reaper) has exited.
  bool running();
  // The last lines of Chromium's log, for error messages.
  std::string log_tail(size_t max_lines = 15) const;
  // Where Chromium's log can be read after the run: options.log_path, else
  // a copy in options.crash_log_dir; "" when neither is possible.
  std::string kept_log();
  // Kills Chromium and waits until its processes and profile are gone. Idempotent.
  void shutdown();

  // Waits for <profile>/DevToolsActivePort; startup_failed() on timeout.
  void wait_for_endpoint(std::chrono::milliseconds timeout);

  // The arguments Chromium is started with (exposed for tests and --help).
  static std::vector<std::string> arguments(const std::string& profile_dir, bool as_root,
                                            bool debugging_port = false);

 private:
  std::string log_contents() const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string executable_;
  std::string profile_dir_;
  std::string log_path_;
  bool log_is_users_ = false;  // options.log_path: the user keeps it.
  std::string crash_log_dir_;
  std::string kept_log_;  // Copied once.
  // Opened before Chromium starts, so its tail can be read even after the
  // reaper has removed the profile the log lives in.
  int log_fd_ = -1;
  DevToolsEndpoint endpoint_;
  DevToolsPipe pipe_;
};

// The silentcors-reaper executable: beside the running binary, else the one
// this build produced.
std::string reaper_path();

}  // namespace silentcors::browser
