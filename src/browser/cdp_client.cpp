#include "browser/cdp_client.h"

#include <vector>

namespace silentcors::browser {

namespace {
const nlohmann::json kEmptyObject = nlohmann::json::object();
}

std::string_view CdpEvent::method() const {
  auto it = message.find("method");
  return it != message.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
}

std::string_view CdpEvent::session_id() const {
  auto it = message.find("sessionId");
  return it != message.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
}

const nlohmann::json& CdpEvent::params() const {
  auto it = message.find("params");
  return it != message.end() ? *it : kEmptyObject;
}

CdpClient::CdpClient(Transport& transport) : transport_(transport) {
  transport_.set_handlers([this](std::string raw) { on_message(std::move(raw)); },
                          [this](std::string reason) { on_closed(std::move(reason)); });
}

CdpClient::~CdpClient() {
  transport_.set_handlers(nullptr, nullptr);
  on_closed("client destroyed");
}

int CdpClient::subscribe(EventHandler handler) {
  std::lock_guard lock(handlers_mutex_);
  handlers_.emplace(next_token_, std::move(handler));
  return next_token_++;
}

void CdpClient::unsubscribe(int token) {
  std::lock_guard lock(handlers_mutex_);
  handlers_.erase(token);
}

std::future<nlohmann::json> CdpClient::send(std::string_view method, nlohmann::json params,
                                            std::string_view session_id) {
  return send(method, std::move(params), session_id, nullptr);
}

std::future<nlohmann::json> CdpClient::send(std::string_view method, nlohmann::json params,
                                            std::string_view session_id, std::function<void()> on_settled) {
  nlohmann::json command = {{"method", method}, {"params", std::move(params)}};
  if (!session_id.empty()) command["sessionId"] = session_id;

  std::future<nlohmann::json> future;
  int id;
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      id = next_id_++;
      auto& pending = pending_[id];
      pending.method = method;
      pending.on_settled = std::move(on_settled);
      future = pending.promise.get_future();
    }
  }
  if (!future.valid()) {
    std::promise<nlohmann::json> failed;
    failed.set_exception(std::make_exception_ptr(
        CdpError(std::string(method) + ": DevTools connection is closed (" + disconnect_reason() + ")")));
    if (on_settled) on_settled();
    return failed.get_future();
  }
  command["id"] = id;
  std::string text = command.dump();
  if (log_) log_->write(true, text);
  if (!transport_.send(std::move(text))) {
    std::function<void()> settled;
    {
      std::lock_guard lock(mutex_);
      auto it = pending_.find(id);
      if (it != pending_.end()) {
        it->second.promise.set_exception(std::make_exception_ptr(
            CdpError(std::string(method) + ": could not send, DevTools connection is closed")));
        settled = std::move(it->second.on_settled);
        pending_.erase(it);
      }
    }
    if (settled) settled();
  }
  return future;
}

nlohmann::json CdpClient::call(std::string_view method, nlohmann::json params, std::string_view session_id,
                               std::chrono::milliseconds timeout) {
  auto future = send(method, std::move(params), session_id);
  if (future.wait_for(timeout) != std::future_status::ready) {
    const std::string late = std::string(method) + ": no reply from the browser within " +
                             std::to_string(timeout.count()) + " ms";
    // A slow page, or a browser that answers nothing any more?
    if (method != "Browser.getVersion" && connected()) {
      auto probe = send("Browser.getVersion");
      if (probe.wait_for(kHungAfter) != std::future_status::ready) {
        abandon("the browser stopped answering DevTools (" + late + ", and Browser.getVersion none within " +
                std::to_string(kHungAfter.count()) + " ms)");
      }
    }
    throw CdpError(late);
  }
  return future.get();
}

bool CdpClient::connected() const {
  std::lock_guard lock(mutex_);
  return !closed_;
}

std::string CdpClient::disconnect_reason() const {
  std::lock_guard lock(mutex_);
  return close_reason_;
}

void CdpClient::on_message(std::string raw) {
  last_message_ = std::chrono::steady_clock::now().time_since_epoch().count();
  if (log_) log_->write(false, raw);
  nlohmann::json message = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object()) return;  // Not CDP; nothing can be waiting for it.

  auto id_it = message.find("id");
  if (id_it != message.end() && id_it->is_number_integer()) {
    std::function<void()> settled;
    {
      std::lock_guard lock(mutex_);
      auto it = pending_.find(id_it->get<int>());
      if (it == pending_.end()) return;  // A reply to a command that already timed out.
      if (auto error = message.find("error"); error != message.end()) {
        std::string text = error->value("message", std::string("unknown error"));
        if (error->contains("data") && (*error)["data"].is_string()) text += ": " + (*error)["data"].get<std::string>();
        it->second.promise.set_exception(std::make_exception_ptr(CdpError(it->second.method + ": " + text)));
      } else {
        it->second.promise.set_value(message.value("result", nlohmann::json::object()));
      }
      settled = std::move(it->second.on_settled);
      pending_.erase(it);
    }
    if (settled) settled();
    return;
  }

  if (!message.contains("method")) return;
  CdpEvent event{raw, message};
  std::lock_guard lock(handlers_mutex_);
  for (auto& [token, handler] : handlers_) handler(event);
}

void CdpClient::on_closed(std::string reason) {
  std::map<int, Pending> failed;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    close_reason_ = reason;
    failed.swap(pending_);
  }
  for (auto& [id, pending] : failed) {
    pending.promise.set_exception(std::make_exception_ptr(
        CdpError(pending.method + ": DevTools connection closed while waiting for the reply (" + reason + ")")));
    if (pending.on_settled) pending.on_settled();
  }
}

}  // namespace silentcors::browser
