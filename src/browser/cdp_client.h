// A Chrome DevTools Protocol client over any Transport. Commands get ids and
// are answered by id, whatever order the replies come in; events are handed
// to subscribers with their sessionId (flat sessions), so one connection
// serves the browser and every page attached to it. When the connection
// goes away every waiting command fails at once with the reason, instead of
// hanging until its timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "browser/protocol_log.h"
#include "browser/transport.h"

namespace silentcors::browser {

class CdpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A protocol event, with the exact text the browser sent (for recordings).
struct CdpEvent {
  const std::string& raw;
  const nlohmann::json& message;
  std::string_view method() const;
  std::string_view session_id() const;  // empty for browser-level events
  const nlohmann::json& params() const;
};

class CdpClient {
 public:
  using EventHandler = std::function<void(const CdpEvent&)>;
  static constexpr std::chrono::milliseconds kDefaultTimeout{30000};
  // How long the browser process itself may take to answer Browser.getVersion
  // before it counts as hung. Generous: a loaded CI machine is slow, not dead.
  static constexpr std::chrono::milliseconds kHungAfter{5000};

  explicit CdpClient(Transport& transport);
  ~CdpClient();
  CdpClient(const CdpClient&) = delete;
  CdpClient& operator=(const CdpClient&) = delete;

  // Handlers run on the transport thread, in arrival order. They must not
  // wait for a command's reply (that reply is delivered on the same thread);
  // use send() without waiting, or hand the work to another thread.
  int subscribe(EventHandler handler);
  void unsubscribe(int token);

  // Sends a command; the future holds `result` or a CdpError.
  std::future<nlohmann::json> send(std::string_view method, nlohmann::json params = nlohmann::json::object(),
                                   std::string_view session_id = {});
  // The same, and `on_settled` runs (on the transport thread, or at once
  // when the connection is already closed) as soon as the future is ready:
  // a waiter that watches events too wakes on the reply without polling.
  // It must not block, and must stay valid until it has run (capture what
  // outlives the caller).
  std::future<nlohmann::json> send(std::string_view method, nlohmann::json params, std::string_view session_id,
                                   std::function<void()> on_settled);
  // Sends and waits. Throws CdpError on an error reply, a timeout or a lost
  // connection. A timeout asks the browser itself (Browser.getVersion): if
  // that gets no answer either, the browser is hung and is abandoned.
  nlohmann::json call(std::string_view method, nlohmann::json params = nlohmann::json::object(),
                      std::string_view session_id = {}, std::chrono::milliseconds timeout = kDefaultTimeout);

  bool connected() const;
  std::string disconnect_reason() const;

  // Gives up on a browser that stopped answering (a connection can stay
  // open to a process that no longer runs, e.g. one stopped by SIGSTOP):
  // from now on the client behaves as if the connection broke, with
  // `reason`, and every waiting command fails at once.
  void abandon(const std::string& reason) { on_closed(reason); }
  // When the last message of any kind arrived from the browser.
  std::chrono::steady_clock::time_point last_message_at() const {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(last_message_.load()));
  }

 private:
  struct Pending {
    std::string method;
    std::promise<nlohmann::json> promise;
    std::function<void()> on_settled;
  };

  void on_message(std::string raw);
  void on_closed(std::string reason);

  Transport& transport_;
  std::unique_ptr<ProtocolLog> log_ = ProtocolLog::from_environment();
  mutable std::mutex mutex_;
  int next_id_ = 1;
  std::map<int, Pending> pending_;
  bool closed_ = false;
  std::string close_reason_;
  std::atomic<std::chrono::steady_clock::rep> last_message_{std::chrono::steady_clock::now().time_since_epoch().count()};

  std::mutex handlers_mutex_;
  int next_token_ = 1;
  std::map<int, EventHandler> handlers_;
};

}  // namespace silentcors::browser
