#include "page/navigation.h"

#include <nlohmann/json.hpp>

namespace silentcors::page {

namespace {

std::string text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool same_navigation_url(std::string_view requested, std::string_view reported) {
  if (requested == reported) return true;
  // "http://host" is navigated to as "http://host/"; a fragment stays out of
  // neither. Nothing cleverer: a URL we cannot match is learnt from the reply.
  return reported.size() == requested.size() + 1 && reported.back() == '/' &&
         reported.substr(0, requested.size()) == requested;
}

Navigation::Navigation(std::string url, std::string main_frame)
    : url_(std::move(url)), main_frame_(std::move(main_frame)) {}

void Navigation::learn_loader(const std::string& loader) {
  if (loader.empty() || !loader_.empty()) return;
  loader_ = loader;
  if (state_ == State::kSent) state_ = committed_.count(loader_) ? State::kCommitted : State::kStarted;
}

void Navigation::on_reply(const nlohmann::json& result) {
  answered_ = true;
  const std::string loader = text(result, "loaderId");
  if (loader.empty()) {
    // Same document (a fragment): there is no new document to wait for.
    if (state_ == State::kSent || state_ == State::kStarted) state_ = State::kCommitted;
    return;
  }
  if (!loader_.empty() && loader != loader_) {
    // The reply is the authority on which document is ours.
    loader_.clear();
    if (state_ == State::kStarted) state_ = State::kSent;
  }
  learn_loader(loader);
}

void Navigation::on_event(std::string_view method, const nlohmann::json& params) {
  if (state_ == State::kCommitted || state_ == State::kSuperseded) return;
  if (method == "Page.frameStartedNavigating") {
    if (text(params, "frameId") != main_frame_) return;
    // The first navigation of the main frame to our URL since the command
    // was sent is ours (the reply, when it comes, confirms it).
    if (loader_.empty() && same_navigation_url(url_, text(params, "url"))) learn_loader(text(params, "loaderId"));
    return;
  }
  if (method != "Page.frameNavigated") return;
  auto frame = params.find("frame");
  if (frame == params.end() || !frame->is_object() || text(*frame, "id") != main_frame_) return;
  const std::string loader = text(*frame, "loaderId");
  if (loader.empty()) return;
  if (loader == loader_) {
    state_ = State::kCommitted;
    return;
  }
  if (loader_.empty()) {
    // Ours or not? Not known until the reply names our loader.
    committed_.insert(loader);
    return;
  }
  // Ours had started and another document took the frame.
  state_ = State::kSuperseded;
  superseded_by_ = text(*frame, "url");
}

}  // namespace silentcors::page
