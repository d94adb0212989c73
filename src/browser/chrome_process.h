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
  // profile, shown in error messages and removed with the profile.
  std::string log_path;
  std::vector<std::string> extra_args;
};

class ChromeProcess {
 public:
  // Starts Chromium and waits for its DevTools endpoint. Throws BrowserError.
  explicit ChromeProcess(const ChromeOptions& options);
  ~ChromeProcess();
  ChromeProcess(const ChromeProcess&) = delete;
  ChromeProcess& operator=(const ChromeProcess&) = delete;

  const DevToolsEndpoint& endpoint() const { return endpoint_; }
  const std::string& profile_dir() const { return profile_dir_; }
  const std::string& executable() const { return executable_; }
  // False once Chromium (or its reaper) has exited.
  bool running();
  // The last lines of Chromium's log, for error messages.
  std::string log_tail(size_t max_lines = 15) const;
  // Kills Chromium and waits until its processes and profile are gone. Idempotent.
  void shutdown();

  // The arguments Chromium is started with (exposed for tests and --help).
  static std::vector<std::string> arguments(const std::string& profile_dir, bool as_root);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string executable_;
  std::string profile_dir_;
  std::string log_path_;
  DevToolsEndpoint endpoint_;
};

// The silentcors-reaper executable: beside the running binary, else the one
// this build produced.
std::string reaper_path();

}  // namespace silentcors::browser
