// What stands between a suite's DevTools connection and the browser under
// `watch`: the suite's Runtime.runIfWaitingForDebugger for a target held at
// start (waitForDebuggerOnStart) waits until silentcors has what it records
// on for that target. Chromium lets a held target go at the first resume of
// ANY client, so without this a suite's own resume (Playwright and Puppeteer
// send theirs without waiting) let a popup make its first request before
// silentcors' Network.enable was answered: 2 watched Playwright runs in 143
// on a loaded machine lost the popup's refused fetch.
//
// Pure: one ResumeHold per suite connection sees the messages both ways as
// text and says which suite messages to pass on now. Messages of a session
// whose resume is held wait behind it, in order. The clock is a parameter.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace silentcors::browser {

class ResumeHold {
 public:
  using Clock = std::chrono::steady_clock;

  // `released`: the targets silentcors has set up (shared by every
  // connection, owned by the caller, read only here).
  explicit ResumeHold(const std::set<std::string>& released) : released_(released) {}

  // A message from the browser to the suite: learns which of the suite's
  // sessions is which target, and whether it was attached held.
  void from_browser(std::string_view message);

  // A message from the suite: what to pass to the browser now, in order
  // (nothing when it must wait).
  std::vector<std::string> from_suite(std::string message, Clock::time_point now);

  // silentcors has set `target_id` up: what was held for it, to pass on now.
  std::vector<std::string> release(const std::string& target_id);

  // Everything held since before `deadline` (a target silentcors never set
  // up must not hang the suite), to pass on now.
  std::vector<std::string> expire(Clock::time_point deadline);

  // The earliest hold still waiting, if any (for the caller's timer).
  bool holding() const { return !held_.empty(); }
  Clock::time_point oldest_hold() const;
  // Resumes held so far, and how many of them went on only at a deadline.
  std::size_t holds() const { return holds_; }
  std::size_t expired() const { return expired_; }

 private:
  struct Held {
    std::string target_id;
    Clock::time_point since;
    std::deque<std::string> messages;  // The resume first, then what came after it.
  };
  std::vector<std::string> pass(std::map<std::string, Held>::iterator it);

  const std::set<std::string>& released_;
  std::map<std::string, std::string> held_target_of_;  // suite session -> target attached waiting
  std::map<std::string, Held> held_;                   // suite session -> its held messages
  std::size_t holds_ = 0;
  std::size_t expired_ = 0;
};

}  // namespace silentcors::browser
