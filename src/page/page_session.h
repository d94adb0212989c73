// One page in a fresh browser context: the unit every run, repeat and
// recording is made of. A browser context is Chromium's incognito-like
// profile, so cookies, storage and the CORS preflight cache of one run never
// reach another, without restarting Chromium.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "browser/cdp_client.h"
#include "browser/liveness_probe.h"
#include "page/navigation.h"
#include "page/network_idle.h"

namespace silentcors::page {

using Clock = std::chrono::steady_clock;

// The page itself could not be opened (DNS, refused connection...).
class NavigationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PageOptions {
  // Every request preflights again: a cached preflight would hide the very
  // failure we look for, and make runs depend on each other.
  bool disable_cache = true;
  std::map<std::string, std::string> extra_headers;
  std::optional<std::pair<int, int>> viewport;
  // Run in every frame before the page's own scripts (tracing rehearsal).
  std::vector<std::string> init_scripts;
  // How long a command may go unanswered before the browser is suspected
  // (a seam: the scripted browser of the tests makes it short).
  std::chrono::milliseconds command_timeout{30000};
};

class PageSession {
 public:
  using EventSink = std::function<void(const browser::CdpEvent&)>;

  // Creates the context and page and enables the domains whose events we
  // record. `sink` receives every event of this page and of the frames and
  // workers attached to it, on the transport thread. Throws CdpError.
  PageSession(browser::CdpClient& cdp, const PageOptions& options, EventSink sink);
  ~PageSession();
  PageSession(const PageSession&) = delete;
  PageSession& operator=(const PageSession&) = delete;

  // Opens `url` in the main frame and follows that navigation by its
  // loaderId until Chromium answers. A navigation superseded by another
  // document (a late commit of the one before) is seen at once and sent
  // again, once; so is one left unanswered while the frame shows it under
  // way (each with a note, see take_notes). Throws NavigationError when
  // Chromium could not open the URL at all, CdpError when it never answered.
  void navigate(const std::string& url, Clock::time_point deadline);

  enum class Wait { kDone, kTimedOut, kInterrupted };
  // Waits for the load event, then for `quiet` with no request in flight.
  Wait wait_for_network_idle(std::chrono::milliseconds quiet, Clock::time_point deadline);
  // Waits until `predicate` holds over the events seen so far.
  Wait wait_until(const std::function<bool()>& predicate, Clock::time_point deadline);

  // Runtime.evaluate in the page, awaiting promises; returns the value.
  // Throws CdpError "script failed: ..." when the script throws or its
  // promise rejects, CdpError when no answer came by `deadline` (plus a
  // second, so that a script's own timeout error arrives first) or the
  // connection broke, Interrupted on SIGINT/SIGTERM.
  // With `by_value` false the result is not copied out of the page (for
  // scripts whose value may not serialise, e.g. a DOM node): returns null.
  nlohmann::json evaluate(const std::string& expression, Clock::time_point deadline, bool by_value = true);
  // Any other command on the page's session (e.g. Input.dispatchKeyEvent).
  nlohmann::json command(const std::string& method, const nlohmann::json& params, Clock::time_point deadline);
  // Restarts the network-idle quiet period now: after a click, the request
  // it starts may be announced after the click itself has returned.
  void mark_activity();

  const std::string& session_id() const { return session_id_; }
  // False once the DevTools connection is gone (the browser crashed or quit).
  bool connected() const { return cdp_.connected(); }

  // Replaces the scripts run before the page's own in every new document
  // (a reused page's next run samples with a new seed).
  void replace_init_scripts(const std::vector<std::string>& scripts, Clock::time_point deadline);
  // Readies a reused page for an independent run: leaves the last document
  // (about:blank), deletes the context's cookies and the storage of
  // `origins`. The HTTP cache stays disabled, so every request preflights
  // again.
  void reset_for_next_run(const std::vector<std::string>& origins, Clock::time_point deadline);
  // What the page driver had to work around (a superseded navigation sent
  // again...), for the run's notes; cleared by the call.
  std::vector<std::string> take_notes();
  std::string describe_in_flight() const;
  size_t in_flight() const;
  size_t requests_seen() const;
  size_t preflights_seen() const;  // Of them, CORS preflights.

  // Closes the page and disposes of its context. Idempotent; never throws.
  void close();

 private:
  void on_event(const browser::CdpEvent& event);
  std::chrono::milliseconds remaining(Clock::time_point deadline) const;
  // navigate(), and reset's navigation to about:blank, which also waits for
  // its commit: until then the old document may still run (and write
  // storage, and commit late over the next run's navigation).
  void follow_navigation(const std::string& url, Clock::time_point deadline, bool until_commit);

  browser::CdpClient& cdp_;
  EventSink sink_;
  int subscription_ = 0;
  int interrupt_listener_ = 0;
  std::string context_id_;
  std::string target_id_;
  std::string session_id_;
  PageOptions options_;

  // What a command's reply wakes; shared, so a reply that arrives after
  // this page is gone wakes nobody instead of touching freed memory.
  struct Sync {
    std::mutex mutex;
    std::condition_variable changed;
  };
  std::shared_ptr<Sync> sync_ = std::make_shared<Sync>();
  std::mutex& mutex_ = sync_->mutex;
  std::condition_variable& changed_ = sync_->changed;
  std::set<std::string> sessions_;  // The page's and its attached children's.
  std::optional<Navigation> navigation_;  // The one being followed, if any.
  std::vector<std::string> notes_;
  NetworkIdleTracker tracker_;
  browser::LivenessProbe liveness_{cdp_};  // Used by waits, under mutex_.
  Clock::time_point last_change_ = Clock::now();
  bool closed_ = false;
  std::vector<std::string> init_script_ids_;
};

}  // namespace silentcors::page
