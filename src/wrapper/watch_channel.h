// The private channel between `silentcors watch` and each silentcors-chromium
// its suite launches: a unix socket in a directory only this user can open
// ($SILENTCORS_WATCH_SOCKET), one connection per browser, lines of text.
//
//   wrapper -> watch   "browser ws://127.0.0.1:PORT/devtools/browser/ID"
//   watch -> wrapper   "attached"          silentcors watches every target:
//                                          the suite's commands may go now
//                      "failed REASON"     it does not: the suite goes on unwatched
//                      "release TARGET"    silentcors has set TARGET up: a
//                                          suite's resume of it may go (ResumeHold)
#pragma once

#include <optional>
#include <string>

namespace silentcors::wrapper {

constexpr const char* kWatchSocketEnv = "SILENTCORS_WATCH_SOCKET";

namespace line {
constexpr const char* kBrowser = "browser ";
constexpr const char* kAttached = "attached";
constexpr const char* kFailed = "failed ";
constexpr const char* kRelease = "release ";
}  // namespace line

// A connected stream socket to `path`; "@name" is the abstract socket
// `name` (Linux: no file). -1 with errno set when it cannot be.
int connect_watch_socket(const std::string& path);
// A listening socket at `path` ("@name" too), close-on-exec; -1 with errno.
int listen_watch_socket(const std::string& path);

// Sends text + '\n' whole (never SIGPIPE); false once the other side is gone.
bool send_line(int fd, const std::string& text);

// Messages as they arrive on a socket or pipe, each ended by `delimiter`:
// '\n' for this channel's lines, '\0' for Chromium's DevTools pipe.
class DelimitedReader {
 public:
  explicit DelimitedReader(char delimiter) : delimiter_(delimiter) {}
  // Reads what is there (blocking only if nothing is); false at the end of
  // the stream or on an error.
  bool fill(int fd);
  // The next complete message without its delimiter.
  std::optional<std::string> next();

 private:
  char delimiter_;
  std::string buffer_;
  std::size_t start_ = 0;  // Where the first message not handed out begins.
};

}  // namespace silentcors::wrapper
