// The DevTools endpoint `watch` gives a suite: a loopback door of
// silentcors' own in front of Chromium's, passing every HTTP request
// (/json/version, /json/list...: the browser's own answers, with our address
// in them) and every WebSocket message both ways, except that a suite's
// resume of a target held at start waits until silentcors has set that
// target up (ResumeHold, which says why). A resume nobody releases goes on
// after kHoldLimit: a suite is slowed, never hung.
#pragma once

#include <chrono>
#include <memory>
#include <string>

namespace silentcors::browser {

class DevToolsGate {
 public:
  static constexpr std::chrono::milliseconds kHoldLimit{10000};

  // Listens on 127.0.0.1 (a free port) in front of the browser's DevTools
  // at upstream_host:upstream_port. Throws std::runtime_error.
  DevToolsGate(const std::string& upstream_host, int upstream_port);
  ~DevToolsGate();  // Closes every connection.
  DevToolsGate(const DevToolsGate&) = delete;
  DevToolsGate& operator=(const DevToolsGate&) = delete;

  int port() const;
  // The suite's URLs: the browser's with our address.
  std::string http_url() const;
  std::string ws_url(const std::string& browser_path) const;

  // silentcors has what it records on for target_id: a suite's resume of it
  // may go. Safe from any thread.
  void release(const std::string& target_id);
  // How many suite resumes waited, and how many of them until kHoldLimit.
  std::size_t resumes_held() const;
  std::size_t resumes_expired() const;

  struct Impl;  // The io thread and its connections (devtools_gate.cpp).

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace silentcors::browser
