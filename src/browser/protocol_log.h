// Every DevTools message both ways, as it crossed the wire, with the time:
// what it takes to see an ordering race (a reply that came before the event
// it implied, a command never answered). Turned on by the environment
// variable SILENTCORS_PROTOCOL_LOG=FILE; off, it costs one branch a message.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string_view>

namespace silentcors::browser {

class ProtocolLog {
 public:
  // The log named by SILENTCORS_PROTOCOL_LOG, appended to; null when unset
  // or when the file cannot be opened (said once on stderr).
  static std::unique_ptr<ProtocolLog> from_environment();
  explicit ProtocolLog(std::FILE* file) : file_(file) {}
  ~ProtocolLog();
  ProtocolLog(const ProtocolLog&) = delete;
  ProtocolLog& operator=(const ProtocolLog&) = delete;

  // One line: milliseconds since the log was opened, "->" (sent) or "<-"
  // (received), the message.
  void write(bool sent, std::string_view message);

 private:
  std::mutex mutex_;
  std::FILE* file_;
  const std::chrono::steady_clock::time_point opened_ = std::chrono::steady_clock::now();
};

}  // namespace silentcors::browser
