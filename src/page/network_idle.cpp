#include "page/network_idle.h"

#include <vector>

#include <nlohmann/json.hpp>

namespace silentcors::page {

bool NetworkIdleTracker::on_event(std::string_view session_id, std::string_view method,
                                  const nlohmann::json& params) {
  if (method == "Page.frameNavigated") {
    auto frame = params.find("frame");
    if (frame == params.end() || !frame->is_object() || main_frame_.empty()) return false;
    auto id = frame->find("id");
    auto loader = frame->find("loaderId");
    if (id == frame->end() || *id != main_frame_ || loader == frame->end() || !loader->is_string()) return false;
    if (*loader == expected_loader_) return false;
    expected_loader_ = loader->get<std::string>();
    load_event_fired_ = loaded_loaders_.count(expected_loader_) > 0;
    return true;
  }
  if (method == "Page.lifecycleEvent") {
    auto name = params.find("name");
    auto loader = params.find("loaderId");
    if (name == params.end() || *name != "load" || loader == params.end() || !loader->is_string()) return false;
    loaded_loaders_.insert(loader->get<std::string>());
    if (load_event_fired_ || *loader != expected_loader_) return false;
    load_event_fired_ = true;
    return true;
  }
  if (method == "Target.detachedFromTarget") {
    auto child = params.find("sessionId");
    if (child == params.end() || !child->is_string()) return false;
    return drop_if([&](const Key& key) { return key.first == child->get_ref<const std::string&>(); });
  }
  if (method == "Page.frameDetached") {
    auto frame = params.find("frameId");
    if (frame == params.end() || !frame->is_string()) return false;
    return drop_if([&](const Key& key) {
      auto it = frames_.find(key);
      return it != frames_.end() && it->second == frame->get_ref<const std::string&>();
    });
  }
  if (method.substr(0, 8) != "Network.") return false;
  auto id_it = params.find("requestId");
  if (id_it == params.end() || !id_it->is_string()) return false;
  auto key = std::make_pair(std::string(session_id), id_it->get<std::string>());

  if (method == "Network.requestWillBeSent") {
    if (auto initiator = params.find("initiator"); initiator != params.end() && initiator->is_object() &&
                                                   initiator->value("type", "") == "preflight") {
      // Counted even when it comes after its request ended (the order
      // varies from run to run), as analyze counts what was recorded.
      preflights_.insert(key);
      Key main{key.first, initiator->value("requestId", "")};
      if (ended_.count(main)) return false;  // Its request is already over.
      preflight_of_[key] = main;
    }
    // A redirect reuses the request id: still the same request in flight.
    if (in_flight_.insert(key).second && !preflights_.count(key)) ++main_requests_seen_;
    if (auto request = params.find("request"); request != params.end() && request->is_object()) {
      if (auto url = request->find("url"); url != request->end() && url->is_string()) urls_[key] = url->get<std::string>();
    }
    if (auto frame = params.find("frameId"); frame != params.end() && frame->is_string()) {
      frames_[key] = frame->get<std::string>();
    }
    return true;
  }
  // A fetch() whose body the page never reads gets its response but no
  // loadingFinished until the body is consumed (observed on Chromium 156):
  // once its headers are in, it no longer holds the network busy.
  if (method == "Network.responseReceived" || method == "Network.loadingFinished" ||
      method == "Network.loadingFailed") {
    const bool was_in_flight = in_flight_.count(key) > 0;
    erase(key);
    if (preflight_of_.count(key)) return was_in_flight;
    ended_.insert(key);
    // Its preflights end with it, whether Chromium says so or not.
    return drop_if([&](const Key& other) {
      auto it = preflight_of_.find(other);
      return it != preflight_of_.end() && it->second == key;
    }) || was_in_flight;
  }
  return false;
}

void NetworkIdleTracker::erase(const Key& key) {
  in_flight_.erase(key);
  urls_.erase(key);
  frames_.erase(key);
}

template <typename Predicate>
bool NetworkIdleTracker::drop_if(Predicate belongs) {
  std::vector<Key> gone;
  for (const auto& key : in_flight_) {
    if (belongs(key)) gone.push_back(key);
  }
  for (const auto& key : gone) erase(key);
  return !gone.empty();
}

void NetworkIdleTracker::expect_load(const std::string& frame_id, const std::string& loader_id) {
  if (!frame_id.empty()) main_frame_ = frame_id;
  expected_loader_ = loader_id;
  load_event_fired_ = loader_id.empty() || loaded_loaders_.count(loader_id) > 0;
}

std::string NetworkIdleTracker::describe_in_flight(size_t max_items) const {
  std::string out;
  size_t shown = 0;
  for (const auto& key : in_flight_) {
    if (shown == max_items) {
      out += ", and " + std::to_string(in_flight_.size() - shown) + " more";
      break;
    }
    if (shown++) out += ", ";
    auto url = urls_.find(key);
    out += url != urls_.end() ? url->second : "request " + key.second;
  }
  return out;
}

}  // namespace silentcors::page
