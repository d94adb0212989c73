// The seam between the CDP client and the wire. The real implementations are
// PipeTransport (Chromium's --remote-debugging-pipe, for every browser
// silentcors launches) and LwsTransport (a WebSocket over libwebsockets, for
// endpoints a user names); tests use a fake that hands messages over
// in-process, so framing and dispatch are tested without a browser.
#pragma once

#include <functional>
#include <mutex>
#include <string>

namespace silentcors::browser {

class Transport {
 public:
  using MessageHandler = std::function<void(std::string message)>;
  using CloseHandler = std::function<void(std::string reason)>;

  virtual ~Transport() = default;

  // Set both before the first message can arrive. Handlers run on the
  // transport's own thread and must not block on replies from it.
  // Replacing them waits for a handler that is running to return, so a
  // client can detach safely before it is destroyed.
  void set_handlers(MessageHandler on_message, CloseHandler on_closed) {
    std::lock_guard lock(handlers_mutex_);
    on_message_ = std::move(on_message);
    on_closed_ = std::move(on_closed);
  }

  // Queues one complete text message. Thread-safe. Returns false once closed.
  virtual bool send(std::string message) = 0;
  // Starts closing; on_closed runs once the connection is gone.
  virtual void close() = 0;

 protected:
  void deliver(std::string message) {
    std::lock_guard lock(handlers_mutex_);
    if (on_message_) on_message_(std::move(message));
  }
  void closed(std::string reason) {
    std::lock_guard lock(handlers_mutex_);
    if (on_closed_) on_closed_(std::move(reason));
  }

 private:
  std::mutex handlers_mutex_;
  MessageHandler on_message_;
  CloseHandler on_closed_;
};

}  // namespace silentcors::browser
