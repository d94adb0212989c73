// A Transport over Chromium's --remote-debugging-pipe: Chromium reads CDP
// from its fd 3 and writes to its fd 4, each message ended by a NUL byte.
// Unlike a DevTools TCP port, which any local user can connect to (and, with
// --no-sandbox as root, thereby be root), these descriptors reach only the
// processes they are handed to. This is how Playwright and Puppeteer drive
// the browsers they launch.
//
// One reader thread polls the read side and a wake-up eventfd; it splits the
// stream on NUL and delivers each message. Senders write under a mutex,
// non-blocking with poll, so that close() also frees a sender stuck on a
// browser that stopped reading.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "browser/transport.h"

namespace silentcors::browser {

class PipeTransport : public Transport {
 public:
  // Takes ownership of both descriptors: `to_browser` is written (Chromium's
  // fd 3), `from_browser` is read (Chromium's fd 4). Each may be a pipe or a
  // stream socket. Set the handlers (CdpClient does) before start().
  PipeTransport(int to_browser, int from_browser);
  ~PipeTransport() override;
  PipeTransport(const PipeTransport&) = delete;
  PipeTransport& operator=(const PipeTransport&) = delete;

  // Starts the reader thread.
  void start();

  bool send(std::string message) override;
  // Idempotent. The reader stops, and on_closed runs once (unless the browser
  // side had closed already).
  void close() override;

 private:
  void read_loop();
  // Waits until `fd` is ready for `events` or close() is called; false then.
  bool wait_ready(int fd, short events);
  void finish(const std::string& reason);

  const int to_browser_;
  const int from_browser_;
  const bool to_socket_;   // send(MSG_NOSIGNAL): a dead reader gives EPIPE, not SIGPIPE.
  const int wake_fd_;      // An eventfd: readable once close() was called.
  std::atomic<bool> closing_{false};
  std::atomic<bool> finished_{false};
  std::mutex write_mutex_;  // One message at a time on the wire.
  std::thread reader_;
};

}  // namespace silentcors::browser
