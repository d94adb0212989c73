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

namespace silentcors::runner {

class NetworkIdleTracker {
 public:
  // Returns true when the number of requests in flight changed.
  bool on_event(std::string_view session_id, std::string_view method, const nlohmann::json& params);

  // A new navigation starts: idle again means after its own load event.
  void expect_new_load() { load_event_fired_ = false; }

  size_t in_flight() const { return in_flight_.size(); }
  size_t requests_seen() const { return requests_seen_; }
  bool load_event_fired() const { return load_event_fired_; }
  // The URLs (or ids) of what is still in flight, for timeout messages.
  std::string describe_in_flight(size_t max_items = 5) const;

 private:
  std::set<std::pair<std::string, std::string>> in_flight_;
  std::map<std::pair<std::string, std::string>, std::string> urls_;
  size_t requests_seen_ = 0;
  bool load_event_fired_ = false;
};

}  // namespace silentcors::runner
