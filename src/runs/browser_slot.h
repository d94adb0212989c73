// The browser a suite's runs share, started again when it is lost. A
// browser that crashed or stopped answering fails the run it was in (an
// infrastructure error); the runs after it get a fresh browser and go on at
// normal speed, instead of each waiting out its timeout on a dead one.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "browser/browser.h"

namespace silentcors::runs {

// A remote browser (--cdp) is not ours to start: losing it ends the run.
// A Grid session (--grid) is: the Grid is asked for another.
class BrowserSlot {
 public:
  using Launch = std::function<std::unique_ptr<browser::Browser>()>;
  // A browser that keeps dying is not worth more starts than this.
  static constexpr int kMaxRelaunches = 2;

  // Starts the first browser; throws browser::BrowserError.
  explicit BrowserSlot(Launch launch) : launch_(std::move(launch)), browser_(launch_()) {}

  browser::Browser& get() { return *browser_; }

  // Tears the lost browser down (its reaper kills it, stopped or not) and
  // starts another. Returns "" on success, else why the remaining runs
  // cannot run.
  std::string relaunch() {
    // A Grid session is ours: a lost one is replaced by a new session.
    const bool remote = browser_ && browser_->remote() && !browser_->grid();
    browser_.reset();
    if (remote) return "the browser at --cdp was lost; silentcors does not start one in its place";
    if (relaunches_ >= kMaxRelaunches) {
      return "the browser was lost " + std::to_string(relaunches_ + 1) + " times; not starting it again";
    }
    ++relaunches_;
    try {
      browser_ = launch_();
    } catch (const std::exception& e) {
      return std::string("the browser did not start again: ") + e.what();
    }
    return "";
  }
  bool has_browser() const { return browser_ != nullptr; }
  // Ends the browser (a Grid session: its slot is free again) for good.
  void release() { browser_.reset(); }
  int relaunches() const { return relaunches_; }

 private:
  Launch launch_;
  std::unique_ptr<browser::Browser> browser_;
  int relaunches_ = 0;
};

}  // namespace silentcors::runs
