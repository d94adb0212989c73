// Reassembles a WebSocket message from the fragments libwebsockets hands
// over. A Network.responseReceived with a large header set, or a
// Runtime.consoleAPICalled with a big object preview, can be several MB and
// arrives in many pieces; only the final piece completes the message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace silentcors::browser {

class MessageAssembler {
 public:
  // Bounds memory if a peer sends an endless message.
  explicit MessageAssembler(size_t max_message_bytes = 256u << 20) : max_(max_message_bytes) {}

  enum class Result { kIncomplete, kComplete, kTooLarge };

  // Appends one fragment. On kComplete, take() returns the whole message.
  Result append(const char* data, size_t length, bool is_final);
  std::string take();

 private:
  size_t max_;
  std::string buffer_;
  bool overflowed_ = false;
};

}  // namespace silentcors::browser
