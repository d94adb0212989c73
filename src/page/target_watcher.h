// Everything a user's own suite does in a browser, seen from silentcors'
// connection (`watch`). Browser-level auto-attach (flatten, and
// waitForDebuggerOnStart) holds every new target of every browser context,
// pages, service and shared workers, until silentcors has enabled the
// domains it records; only then is the target resumed. The same is asked of
// each attached page, so its iframes and dedicated workers are held too.
// Nothing of a new page's traffic, its first request included, is missed.
//
// Events are kept per page visit: a page's events from one main-frame
// document request to the next, with the browser context it lives in. A
// child session's events (iframe, worker) belong to the page (or worker)
// at its root, as `run` records a page with its frames.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "browser/cdp_client.h"

namespace silentcors::page {

struct WatchedVisit {
  std::string context;      // Target.TargetInfo.browserContextId
  std::string target_type;  // page, service_worker, shared_worker, ...
  std::string url;          // The main-frame document (a worker's script URL).
  std::vector<std::string> events;  // The raw messages, in arrival order.
};

class TargetWatcher {
 public:
  // Subscribes, turns on discovery and auto-attach, and waits for the
  // browser to say yes. Targets that exist already (the first about:blank
  // tab) are attached as well. Throws browser::CdpError.
  // `set_up` is told each target's id once what it records is on for it
  // (the answers to its enable commands came): the moment a suite's own
  // resume of it may reach the browser. Called on the transport's thread.
  explicit TargetWatcher(browser::CdpClient& cdp, std::function<void(const std::string& target_id)> set_up = {});
  ~TargetWatcher();
  TargetWatcher(const TargetWatcher&) = delete;
  TargetWatcher& operator=(const TargetWatcher&) = delete;

  // Stops listening (idempotent) and hands over every visit, in the order
  // they began.
  std::vector<WatchedVisit> finish();

  // The browser context of the targets that existed before the suite
  // started: Chromium's default context ("" if there was none).
  std::string default_context() const;
  std::size_t targets_attached() const;

 private:
  struct Root {
    std::string target_id;
    std::size_t visit = 0;  // Index into visits_ of the current visit.
    bool requested = false;  // The current visit has made a request.
  };

  void on_event(const browser::CdpEvent& event);
  void on_attached(const std::string& parent_session, const nlohmann::json& params);
  void start_visit(Root& root, const std::string& context, const std::string& type, const std::string& url);

  browser::CdpClient& cdp_;
  std::function<void(const std::string&)> set_up_;
  int subscription_ = 0;

  mutable std::mutex mutex_;
  bool finished_ = false;
  std::map<std::string, Root> roots_;            // root session -> its visits
  std::map<std::string, std::string> root_of_;   // every session -> its root session
  std::map<std::string, std::string> context_of_;  // root session -> browser context
  std::vector<WatchedVisit> visits_;
  std::string default_context_;
  std::size_t attached_ = 0;
};

}  // namespace silentcors::page
