// `watch`'s side of silentcors-chromium: a unix socket
// ($SILENTCORS_WATCH_SOCKET for COMMAND) where every browser the suite
// launches through the wrapper announces itself. The socket is abstract (no
// file: nothing is left behind even by a kill -9), and only this user's
// processes are heard (SO_PEERCRED). silentcors attaches
// to each (a TargetWatcher over its loopback WebSocket, as --cdp connects)
// and only then says "attached", so the wrapper lets the suite's first
// command through after silentcors sees every target. Each target it has set
// up is passed back as "release TARGET" (watch_channel.h).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runs/watch_runs.h"

namespace silentcors::cli {

class WrappedBrowsers {
 public:
  // Opens the socket and starts taking browsers. Throws std::runtime_error.
  WrappedBrowsers();
  // Stops taking browsers and lets each go.
  ~WrappedBrowsers();
  WrappedBrowsers(const WrappedBrowsers&) = delete;
  WrappedBrowsers& operator=(const WrappedBrowsers&) = delete;

  const std::string& socket_path() const { return socket_path_; }

  // Stops taking browsers (idempotent); each browser's visits, in the order
  // the browsers announced themselves.
  std::vector<runs::BrowserVisits> finish();
  // Browsers announced, and those silentcors could not attach to (said on
  // stderr as they happen).
  std::size_t announced() const { return announced_; }
  std::size_t failed() const { return failed_; }

  struct Watched;  // One browser: its connection, Browser and TargetWatcher.

 private:
  void serve();
  void attach(int connection);

  std::string socket_path_;  // "@name": the abstract socket's name.
  int listener_ = -1;
  int stop_ = -1;  // An eventfd: finish() wakes the serving thread with it.
  std::thread server_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Watched>> watched_;
  std::atomic<std::size_t> announced_{0};
  std::atomic<std::size_t> failed_{0};
  bool finished_ = false;
};

}  // namespace silentcors::cli
