#include "browser/resume_hold.h"

#include <nlohmann/json.hpp>

namespace silentcors::browser {

using nlohmann::json;

namespace {

// The targets silentcors sets up before they run (page/target_watcher):
// documents and workers. Others (Puppeteer's "tab", the browser) are never
// released, so never held.
bool set_up_by_silentcors(const std::string& type) {
  return type == "page" || type == "iframe" || type == "worker" || type == "shared_worker" ||
         type == "service_worker";
}

std::string text(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void ResumeHold::from_browser(std::string_view message) {
  // Most of the browser's messages are network events, some large: only
  // the two that change what is held are parsed.
  const bool attached = message.find("\"Target.attachedToTarget\"") != std::string_view::npos;
  const bool detached = message.find("\"Target.detachedFromTarget\"") != std::string_view::npos;
  if (!attached && !detached) return;
  json parsed = json::parse(message, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("params")) return;
  const json& params = parsed["params"];
  const std::string method = text(parsed, "method");
  const std::string session = text(params, "sessionId");
  if (session.empty()) return;
  if (method == "Target.attachedToTarget") {
    auto waiting = params.find("waitingForDebugger");
    if (waiting != params.end() && waiting->is_boolean() && waiting->get<bool>() && params.contains("targetInfo") &&
        set_up_by_silentcors(text(params["targetInfo"], "type"))) {
      held_target_of_[session] = text(params["targetInfo"], "targetId");
    }
  } else if (method == "Target.detachedFromTarget") {
    // Nothing will set a gone target up; what waited for it is passed on
    // by release()/expire() of whoever still holds it, never dropped.
    held_target_of_.erase(session);
  }
}

std::vector<std::string> ResumeHold::from_suite(std::string message, Clock::time_point now) {
  // The suite's every command comes here (some large, as
  // Runtime.evaluate of a script): while nothing is held, only a resume of
  // a target attached held can change that, so the rest is not parsed.
  if (held_.empty() && (held_target_of_.empty() ||
                        message.find("Runtime.runIfWaitingForDebugger") == std::string::npos)) {
    return {std::move(message)};
  }
  // Only a command with a session can be held: the suite's browser-level
  // commands never wait.
  const json parsed = json::parse(message, nullptr, /*allow_exceptions=*/false);
  const std::string session = text(parsed, "sessionId");
  if (session.empty()) return {std::move(message)};
  if (auto held = held_.find(session); held != held_.end()) {
    held->second.messages.push_back(std::move(message));  // Stays behind the held resume.
    return {};
  }
  auto target = held_target_of_.find(session);
  if (target == held_target_of_.end() || text(parsed, "method") != "Runtime.runIfWaitingForDebugger" ||
      released_.count(target->second)) {
    return {std::move(message)};
  }
  Held& held = held_[session];
  held.target_id = target->second;
  held.since = now;
  ++holds_;
  held.messages.push_back(std::move(message));
  return {};
}

std::vector<std::string> ResumeHold::pass(std::map<std::string, Held>::iterator it) {
  std::vector<std::string> out(std::make_move_iterator(it->second.messages.begin()),
                               std::make_move_iterator(it->second.messages.end()));
  held_target_of_.erase(it->first);  // Resumed once; never held again.
  held_.erase(it);
  return out;
}

std::vector<std::string> ResumeHold::release(const std::string& target_id) {
  std::vector<std::string> out;
  for (auto it = held_.begin(); it != held_.end();) {
    auto next = std::next(it);
    if (it->second.target_id == target_id) {
      for (auto& m : pass(it)) out.push_back(std::move(m));
    }
    it = next;
  }
  return out;
}

std::vector<std::string> ResumeHold::expire(Clock::time_point deadline) {
  std::vector<std::string> out;
  for (auto it = held_.begin(); it != held_.end();) {
    auto next = std::next(it);
    if (it->second.since <= deadline) {
      ++expired_;
      for (auto& m : pass(it)) out.push_back(std::move(m));
    }
    it = next;
  }
  return out;
}

ResumeHold::Clock::time_point ResumeHold::oldest_hold() const {
  Clock::time_point oldest = Clock::time_point::max();
  for (const auto& [session, held] : held_) oldest = std::min(oldest, held.since);
  return oldest;
}

}  // namespace silentcors::browser
