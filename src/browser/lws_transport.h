// A WebSocket Transport on libwebsockets, in the shape of lws' minimal
// clients: one service thread owns the lws context; other threads queue
// messages and wake it with lws_cancel_service(); each WRITEABLE callback
// writes one message with LWS_PRE headroom; fragments are reassembled until
// lws_is_final_fragment().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "browser/message_assembler.h"
#include "browser/transport.h"

struct lws;
struct lws_context;

namespace silentcors::browser {

class LwsTransport : public Transport {
 public:
  LwsTransport();
  ~LwsTransport() override;

  // Opens ws://host:port/path and waits for the handshake. No Origin header
  // is sent: Chromium refuses DevTools connections from unlisted origins.
  // Throws std::runtime_error with the reason on failure or timeout.
  // With `tls` (wss://) the server's certificate is checked against the
  // system's CA store.
  void connect(const std::string& host, int port, const std::string& path, std::chrono::milliseconds timeout,
               bool tls = false);

  bool send(std::string message) override;
  void close() override;

  // For the lws C callback.
  int handle(lws* wsi, int reason, void* in, size_t length);

 private:
  void finish(const std::string& reason);

  lws_context* context_ = nullptr;
  lws* wsi_ = nullptr;  // Touched only by the service thread.
  std::thread service_thread_;
  std::atomic<bool> stop_{false};

  std::mutex mutex_;
  std::deque<std::string> outgoing_;
  bool closing_ = false;
  bool finished_ = false;
  bool established_ = false;
  std::string connect_error_;
  std::condition_variable connected_cv_;

  MessageAssembler assembler_;
  std::string write_buffer_;
};

}  // namespace silentcors::browser
