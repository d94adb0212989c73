// An in-process Transport for tests: records what the client sends and lets
// the test play the browser, including fragmented frames.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "browser/message_assembler.h"
#include "browser/transport.h"

namespace silentcors::browser {

class FakeTransport : public Transport {
 public:
  bool send(std::string message) override {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    sent_.push_back(nlohmann::json::parse(message));
    cv_.notify_all();
    return true;
  }
  void close() override { disconnect("closed by client"); }

  // Blocks until the client has sent `count` messages; returns them. A
  // client that never sends them fails the test (the exception names the
  // counts) instead of hanging it until ctest's timeout.
  std::vector<nlohmann::json> wait_sent(size_t count,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return sent_.size() >= count; })) {
      throw std::runtime_error("FakeTransport: the client sent " + std::to_string(sent_.size()) + " messages, not " +
                               std::to_string(count) + ", within " + std::to_string(timeout.count()) + " ms");
    }
    return sent_;
  }

  // The `index`-th message the client sent (0-based), once it has been
  // sent; nullopt if it was not sent within `timeout`.
  std::optional<nlohmann::json> sent_at(size_t index, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return sent_.size() > index; })) return std::nullopt;
    return sent_[index];
  }

  // Plays the browser: one whole message.
  void receive(const nlohmann::json& message) { deliver(message.dump()); }
  // Plays the browser: one message in fragments of `fragment_size` bytes,
  // through the same assembler the real transport uses.
  void receive_fragmented(const std::string& text, size_t fragment_size) {
    for (size_t at = 0; at < text.size(); at += fragment_size) {
      size_t length = std::min(fragment_size, text.size() - at);
      bool final_fragment = at + length >= text.size();
      if (assembler_.append(text.data() + at, length, final_fragment) == MessageAssembler::Result::kComplete) {
        deliver(assembler_.take());
      }
    }
  }
  void disconnect(const std::string& reason) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      closed_ = true;
    }
    closed(reason);
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<nlohmann::json> sent_;
  bool closed_ = false;
  MessageAssembler assembler_;
};

}  // namespace silentcors::browser
