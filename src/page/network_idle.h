// "The network is idle": no request in flight for a quiet period. Counts
// requests from Network events (keyed by session and request id, since
// iframes and workers have sessions of their own), so it is pure and
// testable from a recording.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json_fwd.hpp>

namespace silentcors::page {

class NetworkIdleTracker {
 public:
  // Returns true when the number of requests in flight changed, or the
  // awaited document loaded. Loads are Page.lifecycleEvent "load" (the page
  // session must have Page.setLifecycleEventsEnabled on). When the main
  // frame commits yet another document (a script or meta refresh moved on,
  // a click navigated), that document's load is the one awaited.
  bool on_event(std::string_view session_id, std::string_view method, const nlohmann::json& params);

  // A navigation of the main frame `frame_id` to a new document started
  // (Page.navigate's frameId and loaderId): idle again means after that
  // document's own load. An earlier document's load (the previous run's
  // about:blank, say) may still be on its way and must not count, so loads
  // are matched by loader id. A navigation without a loader id stayed in
  // its document: nothing to wait for.
  void expect_load(const std::string& frame_id, const std::string& loader_id);

  // The page moved on: what the old document had in flight no longer counts.
  void forget_in_flight() {
    in_flight_.clear();
    urls_.clear();
    frames_.clear();
    preflight_of_.clear();
  }

  size_t in_flight() const { return in_flight_.size(); }
  // Requests seen, as analyze counts them (their preflights apart), and
  // the preflights.
  size_t requests_seen() const { return main_requests_seen_; }
  size_t preflights_seen() const { return preflights_.size(); }
  bool load_event_fired() const { return load_event_fired_; }
  // The URLs (or ids) of what is still in flight, for timeout messages.
  std::string describe_in_flight(size_t max_items = 5) const;

 private:
  using Key = std::pair<std::string, std::string>;  // session, request id
  void erase(const Key& key);
  // Drops what is in flight where `belongs` holds; true if anything was.
  template <typename Predicate>
  bool drop_if(Predicate belongs);

  std::set<Key> in_flight_;
  std::map<Key, std::string> urls_;
  std::map<Key, std::string> frames_;
  // Preflight -> the request it is for. Chromium sends no end event for a
  // preflight whose request the page aborted, so it ends with its request.
  std::map<Key, Key> preflight_of_;
  std::set<Key> ended_;  // Requests that ended (a late preflight of theirs is not in flight).
  size_t main_requests_seen_ = 0;
  std::set<Key> preflights_;  // Every preflight seen, whenever it came.
  bool load_event_fired_ = false;
  std::string main_frame_;
  std::string expected_loader_;
  // Loads can be reported before Page.navigate's answer names the loader.
  std::set<std::string> loaded_loaders_;
};

}  // namespace silentcors::page
