// One Page.navigate of a page's main frame, followed by its loaderId from
// the command to the commit of its document. Chromium's reply and its frame
// events come in no fixed order: the reply may come before the commit (the
// old document still runs its pagehide/unload work), and a late commit of an
// earlier navigation (the about:blank that reset the page) can land while
// this one is under way and supersede it, after which Chromium may never
// answer the command. Pure: fed the reply and the frame events, it says
// where the navigation stands; the waiting is PageSession's.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace silentcors::page {

class Navigation {
 public:
  enum class State {
    kSent,        // Page.navigate sent; nothing of it seen yet.
    kStarted,     // Its loaderId is known (frameStartedNavigating or the reply).
    kCommitted,   // Page.frameNavigated with its loaderId: its document is in.
    kSuperseded,  // Another document committed in the main frame before it.
  };

  // `main_frame`: the page's main frame id (a page target's id).
  Navigation(std::string url, std::string main_frame);

  // Page.navigate's result (errorText is the caller's to check). A reply
  // without loaderId is a same-document navigation: nothing to commit.
  void on_reply(const nlohmann::json& result);
  // Page.frameStartedNavigating, Page.frameNavigated and Page.lifecycleEvent
  // of the page's session; anything else is ignored.
  void on_event(std::string_view method, const nlohmann::json& params);

  State state() const { return state_; }
  bool answered() const { return answered_; }
  // The frame shows this navigation under way (started, or committed).
  bool progressed() const { return state_ == State::kStarted || state_ == State::kCommitted; }
  const std::string& loader_id() const { return loader_; }
  const std::string& url() const { return url_; }
  // Which document superseded it (its URL), for the note that says so.
  const std::string& superseded_by() const { return superseded_by_; }

 private:
  void learn_loader(const std::string& loader);

  std::string url_;
  std::string main_frame_;
  State state_ = State::kSent;
  bool answered_ = false;
  std::string loader_;
  std::string superseded_by_;
  // Loaders that committed before this navigation's own loader was known:
  // its commit can come before its reply.
  std::set<std::string> committed_;
};

// The URL Chromium reports for a navigation to `requested` ("http://h" is
// "http://h/"), so frameStartedNavigating can be matched to its command.
bool same_navigation_url(std::string_view requested, std::string_view reported);

}  // namespace silentcors::page
