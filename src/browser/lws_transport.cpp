#include "browser/lws_transport.h"

#include <condition_variable>
#include <cstring>
#include <stdexcept>

#include <libwebsockets.h>

namespace silentcors::browser {

namespace {

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t length) {
  lws_context* context = lws_get_context(wsi);
  auto* transport = context ? static_cast<LwsTransport*>(lws_context_user(context)) : nullptr;
  if (!transport) return 0;
  return transport->handle(wsi, reason, in, length);
}

// CDP events come in bursts; a larger receive buffer means fewer callbacks.
constexpr size_t kRxBufferSize = 256 * 1024;

const lws_protocols kProtocols[] = {
    {"silentcors-cdp", callback, 0, kRxBufferSize, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

LwsTransport::LwsTransport() = default;

LwsTransport::~LwsTransport() {
  close();
  {
    // An open connection closes with a close frame; give it a moment, then
    // stop servicing regardless (a handshake that never finished, a peer
    // that never answers).
    std::unique_lock lock(mutex_);
    connected_cv_.wait_for(lock, std::chrono::seconds(2), [this] { return finished_ || !established_; });
  }
  stop_.store(true);
  if (context_) lws_cancel_service(context_);
  if (service_thread_.joinable()) service_thread_.join();
  if (context_) lws_context_destroy(context_);
}

void LwsTransport::connect(const std::string& host, int port, const std::string& path,
                           std::chrono::milliseconds timeout, bool tls) {
  // lws logs connection trouble on its own; we report it ourselves, once.
  lws_set_log_level(0, nullptr);

  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = kProtocols;
  info.user = this;
  info.gid = -1;
  info.uid = -1;
  // OpenSSL's default verify paths: the system's CA store.
  if (tls) info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
  context_ = lws_create_context(&info);
  if (!context_) throw std::runtime_error("could not create the libwebsockets context");

  lws_client_connect_info connect_info;
  std::memset(&connect_info, 0, sizeof connect_info);
  connect_info.context = context_;
  connect_info.address = host.c_str();
  connect_info.port = port;
  connect_info.path = path.c_str();
  connect_info.host = host.c_str();
  connect_info.origin = nullptr;
  connect_info.protocol = nullptr;  // CDP speaks no WebSocket subprotocol.
  connect_info.ietf_version_or_minus_one = -1;
  connect_info.pwsi = &wsi_;
  if (tls) connect_info.ssl_connection = LCCSCF_USE_SSL;
  if (!lws_client_connect_via_info(&connect_info)) {
    throw std::runtime_error(std::string("could not start a WebSocket connection to ") + (tls ? "wss://" : "ws://") + host + ":" + std::to_string(port) + path);
  }

  service_thread_ = std::thread([this] {
    while (!stop_.load()) lws_service(context_, 0);
  });

  std::unique_lock lock(mutex_);
  bool done = connected_cv_.wait_for(lock, timeout, [this] { return established_ || finished_; });
  std::string where = (tls ? "wss://" : "ws://") + host + ":" + std::to_string(port) + path;
  if (!done) {
    lock.unlock();
    close();
    throw std::runtime_error("DevTools WebSocket handshake with " + where + " timed out after " +
                             std::to_string(timeout.count()) + " ms");
  }
  if (!established_) throw std::runtime_error("could not connect to DevTools at " + where + ": " + connect_error_);
}

bool LwsTransport::send(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (closing_ || finished_) return false;
    outgoing_.push_back(std::move(message));
  }
  if (context_) lws_cancel_service(context_);
  return true;
}

void LwsTransport::close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closing_ = true;
  }
  if (context_) lws_cancel_service(context_);
}

void LwsTransport::finish(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    if (!established_) connect_error_ = reason;
  }
  connected_cv_.notify_all();
  wsi_ = nullptr;
  stop_.store(true);
  closed(reason);
}

int LwsTransport::handle(lws* wsi, int reason, void* in, size_t length) {
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED: {
      std::lock_guard lock(mutex_);
      established_ = true;
      connected_cv_.notify_all();
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      finish(in && length ? std::string(static_cast<const char*>(in), length)
                          : std::string(in ? static_cast<const char*>(in) : "connection error"));
      return 0;
    case LWS_CALLBACK_CLIENT_CLOSED:
      finish("the browser closed the DevTools connection");
      return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED: {
      // Another thread queued a message or asked to close: ask for a write slot.
      if (wsi_) lws_callback_on_writable(wsi_);
      return 0;
    }
    case LWS_CALLBACK_CLIENT_WRITEABLE: {
      {
        std::lock_guard lock(mutex_);
        if (closing_) {
          lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, nullptr, 0);
          return -1;
        }
        if (outgoing_.empty()) return 0;
        write_buffer_.assign(LWS_PRE, '\0');
        write_buffer_ += outgoing_.front();
        outgoing_.pop_front();
        if (!outgoing_.empty()) lws_callback_on_writable(wsi);
      }
      size_t payload = write_buffer_.size() - LWS_PRE;
      auto* data = reinterpret_cast<unsigned char*>(write_buffer_.data()) + LWS_PRE;
      if (lws_write(wsi, data, payload, LWS_WRITE_TEXT) < static_cast<int>(payload)) return -1;
      return 0;
    }
    case LWS_CALLBACK_CLIENT_RECEIVE: {
      bool final_fragment = lws_is_final_fragment(wsi);
      auto result = assembler_.append(static_cast<const char*>(in), length, final_fragment);
      if (result == MessageAssembler::Result::kComplete) deliver(assembler_.take());
      return 0;
    }
    default:
      return 0;
  }
}

}  // namespace silentcors::browser
