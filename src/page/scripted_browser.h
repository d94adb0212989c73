// A browser played by a script, for tests of the page driver without
// Chromium (as ninja tests its builder with a fake command runner). It
// answers every command the way Chromium does by default, and a test
// replaces the answer of any method to stage the orders Chromium can produce
// but cannot be made to produce on demand: a reply before its commit, a late
// commit that supersedes the next navigation, a command never answered, an
// event for a session that is gone. Commands are handled in the order sent,
// on a thread of the browser's own, as Chromium's replies arrive on the
// transport's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "browser/cdp_client.h"
#include "browser/fake_transport.h"

namespace silentcors::page::testing {

class ScriptedBrowser {
 public:
  using json = nlohmann::json;
  using Clock = std::chrono::steady_clock;
  // Handles one command: reply() to it (or not), and send events.
  using Handler = std::function<void(const json& command)>;

  static constexpr const char* kContext = "CTX-1";
  static constexpr const char* kTarget = "PAGE-1";  // Also the main frame's id, as in Chromium.
  static constexpr const char* kSession = "S-PAGE";

  ScriptedBrowser() : client(transport) {
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedBrowser() {
    stop_ = true;
    thread_.join();
  }
  ScriptedBrowser(const ScriptedBrowser&) = delete;
  ScriptedBrowser& operator=(const ScriptedBrowser&) = delete;

  // Replaces how `method` is answered (before the client sends it).
  void on(const std::string& method, Handler handler) {
    std::lock_guard lock(mutex_);
    handlers_[method] = std::move(handler);
  }

  void reply(const json& command, json result = json::object()) {
    json message = {{"id", command["id"]}, {"result", std::move(result)}};
    if (command.contains("sessionId")) message["sessionId"] = command["sessionId"];
    transport.receive(message);
  }
  void event(const std::string& method, json params, const std::string& session = kSession) {
    json message = {{"method", method}, {"params", std::move(params)}};
    if (!session.empty()) message["sessionId"] = session;
    transport.receive(message);
  }
  // The events of one main-frame navigation, as Chromium names them.
  void started(const std::string& loader, const std::string& url) {
    event("Page.frameStartedNavigating",
          {{"frameId", kTarget}, {"url", url}, {"loaderId", loader}, {"navigationType", "differentDocument"}});
  }
  void committed(const std::string& loader, const std::string& url) {
    event("Page.frameNavigated", {{"frame", {{"id", kTarget}, {"loaderId", loader}, {"url", url}}}});
  }
  void loaded(const std::string& loader) {
    event("Page.lifecycleEvent", {{"frameId", kTarget}, {"loaderId", loader}, {"name", "load"}});
  }
  // Chromium's usual order for a navigation that commits at once.
  void navigate_normally(const json& command, const std::string& loader) {
    const std::string url = command["params"]["url"];
    started(loader, url);
    reply(command, {{"frameId", kTarget}, {"loaderId", loader}});
    committed(loader, url);
    loaded(loader);
  }
  // Runs `action` on the browser's thread once `delay` has passed (the old
  // document's unload work, say); commands keep being handled meanwhile.
  void after(std::chrono::milliseconds delay, std::function<void()> action) {
    std::lock_guard lock(mutex_);
    timers_.push_back({Clock::now() + delay, std::move(action)});
  }

  // The commands sent with `method`, so far.
  std::vector<json> sent(const std::string& method) {
    std::vector<json> out;
    for (const auto& c : transport.wait_sent(0)) {
      if (c.value("method", "") == method) out.push_back(c);
    }
    return out;
  }
  // Whether `condition` (over what was sent) came true within `timeout`:
  // for what the client sends from the transport's thread, later.
  bool until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto give_up = Clock::now() + timeout;
    std::size_t seen = transport.wait_sent(0).size();
    while (!condition()) {
      if (Clock::now() >= give_up) return false;
      if (transport.sent_at(seen, std::chrono::milliseconds(20))) ++seen;  // Woken by the next message, if any.
    }
    return true;
  }
  // A fresh loader id per navigation: L1, L2...
  std::string next_loader() { return "L" + std::to_string(++loaders_); }

  browser::FakeTransport transport;
  browser::CdpClient client;

 private:
  struct Timer {
    Clock::time_point at;
    std::function<void()> action;
  };

  void serve() {
    std::size_t next = 0;
    while (!stop_) {
      run_due_timers();
      auto command = transport.sent_at(next, std::chrono::milliseconds(5));
      if (!command) continue;
      ++next;
      Handler handler;
      {
        std::lock_guard lock(mutex_);
        if (auto it = handlers_.find((*command)["method"]); it != handlers_.end()) handler = it->second;
      }
      if (handler) {
        handler(*command);
      } else {
        answer_by_default(*command);
      }
    }
  }

  void run_due_timers() {
    std::vector<std::function<void()>> due;
    {
      std::lock_guard lock(mutex_);
      const auto now = Clock::now();
      for (auto it = timers_.begin(); it != timers_.end();) {
        if (it->at <= now) {
          due.push_back(std::move(it->action));
          it = timers_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& action : due) action();
  }

  void answer_by_default(const json& command) {
    const std::string method = command["method"];
    if (method == "Target.createBrowserContext") return reply(command, {{"browserContextId", kContext}});
    if (method == "Target.createTarget") return reply(command, {{"targetId", kTarget}});
    if (method == "Target.attachToTarget") return reply(command, {{"sessionId", kSession}});
    if (method == "Target.getBrowserContexts") return reply(command, {{"defaultBrowserContextId", "CTX-0"}});
    if (method == "Page.addScriptToEvaluateOnNewDocument") {
      return reply(command, {{"identifier", std::to_string(++scripts_)}});
    }
    if (method == "Page.navigate") return navigate_normally(command, next_loader());
    reply(command);
  }

  std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::vector<Timer> timers_;
  std::atomic<bool> stop_{false};
  int scripts_ = 0;
  std::atomic<int> loaders_{0};
  std::thread thread_;
};

}  // namespace silentcors::page::testing
