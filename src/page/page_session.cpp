#include "page/page_session.h"

#include <algorithm>
#include <utility>

#include "page/enable_then_resume.h"
#include "page/interrupt.h"

namespace silentcors::page {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// A lost connection sends no event to wake a wait, so waits look at the
// connection at least this often: a crashed browser ends a run promptly
// instead of at its timeout.
constexpr milliseconds kConnectionCheck{250};

void wait_all(std::vector<std::future<json>>& replies, milliseconds timeout) {
  for (auto& reply : replies) {
    if (reply.wait_for(timeout) != std::future_status::ready) {
      throw browser::CdpError("the browser did not answer within " + std::to_string(timeout.count()) + " ms");
    }
    reply.get();  // Rethrows a CdpError.
  }
}

// What every session of the page (the page, its iframes, its workers) needs
// before it runs, so none of its requests is missed.
std::vector<Command> domain_commands(const PageOptions& options, bool is_page) {
  std::vector<Command> commands;
  commands.push_back({"Network.enable", json::object()});
  if (options.disable_cache) commands.push_back({"Network.setCacheDisabled", {{"cacheDisabled", true}}});
  if (!options.extra_headers.empty()) {
    commands.push_back({"Network.setExtraHTTPHeaders", {{"headers", options.extra_headers}}});
  }
  commands.push_back({"Runtime.enable", json::object()});
  commands.push_back({"Log.enable", json::object()});
  if (is_page) {
    commands.push_back({"Audits.enable", json::object()});
    commands.push_back({"Page.enable", json::object()});
    // Lifecycle events name their document (loaderId), so a run waits for
    // its own page's load, not a late one from the page before.
    commands.push_back({"Page.setLifecycleEventsEnabled", {{"enabled", true}}});
    if (options.viewport) {
      commands.push_back({"Emulation.setDeviceMetricsOverride",
                          {{"width", options.viewport->first},
                           {"height", options.viewport->second},
                           {"deviceScaleFactor", 1},
                           {"mobile", false}}});
    }
  }
  // Out-of-process iframes and workers get sessions of their own; they wait
  // for us (runIfWaitingForDebugger) so their first request is not missed.
  commands.push_back({"Target.setAutoAttach",
                      {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}});
  return commands;
}

}  // namespace

PageSession::PageSession(browser::CdpClient& cdp, const PageOptions& options, EventSink sink)
    : cdp_(cdp), sink_(std::move(sink)), options_(options) {
  subscription_ = cdp_.subscribe([this](const browser::CdpEvent& event) { on_event(event); });
  interrupt_listener_ = add_interrupt_listener([this] {
    std::lock_guard lock(mutex_);
    changed_.notify_all();
  });
  try {
    context_id_ = cdp_.call("Target.createBrowserContext", {{"disposeOnDetach", true}}, {}, options_.command_timeout)
                      .at("browserContextId")
                      .get<std::string>();
    target_id_ = cdp_.call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", context_id_}}, {},
                           options_.command_timeout)
                     .at("targetId")
                     .get<std::string>();
    session_id_ = cdp_.call("Target.attachToTarget", {{"targetId", target_id_}, {"flatten", true}}, {},
                            options_.command_timeout)
                      .at("sessionId")
                      .get<std::string>();
    {
      std::lock_guard lock(mutex_);
      sessions_.insert(session_id_);
    }
    std::vector<std::future<json>> replies;
    for (const auto& [method, params] : domain_commands(options_, /*is_page=*/true)) {
      replies.push_back(cdp_.send(method, params, session_id_));
    }
    wait_all(replies, options_.command_timeout);
    replace_init_scripts(options_.init_scripts, Clock::now() + options_.command_timeout);
  } catch (...) {
    close();
    throw;
  }
}

PageSession::~PageSession() { close(); }

void PageSession::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  cdp_.unsubscribe(subscription_);
  remove_interrupt_listener(interrupt_listener_);
  if (!cdp_.connected()) return;
  try {
    if (!target_id_.empty()) cdp_.call("Target.closeTarget", {{"targetId", target_id_}}, {}, milliseconds(5000));
    if (!context_id_.empty()) {
      cdp_.call("Target.disposeBrowserContext", {{"browserContextId", context_id_}}, {}, milliseconds(5000));
    }
  } catch (const std::exception&) {
    // Closing is best effort: the browser itself is torn down after us anyway.
  }
}

void PageSession::on_event(const browser::CdpEvent& event) {
  std::string_view session = event.session_id();
  {
    std::lock_guard lock(mutex_);
    if (closed_ || session.empty() || !sessions_.count(std::string(session))) return;
    const std::string_view method = event.method();
    if (method == "Target.attachedToTarget") {
      const auto& params = event.params();
      std::string child = params.value("sessionId", "");
      if (!child.empty()) {
        sessions_.insert(child);
        enable_then_resume(cdp_, child, domain_commands(options_, /*is_page=*/false));
      }
    }
    bool changed = false;
    if (session == session_id_ && navigation_) {
      const auto before = navigation_->state();
      navigation_->on_event(method, event.params());
      changed = navigation_->state() != before;
    }
    if (tracker_.on_event(session, method, event.params())) {
      last_change_ = Clock::now();
      changed = true;
    }
    // A detached child's late events (a worker's last request) must not
    // hold the network busy for ever: the child is gone, so are they.
    if (method == "Target.detachedFromTarget") {
      const std::string child = event.params().value("sessionId", "");
      if (child != session_id_) sessions_.erase(child);
    }
    if (changed) changed_.notify_all();
  }
  if (sink_) sink_(event);
}

milliseconds PageSession::remaining(Clock::time_point deadline) const {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  return std::clamp(left, milliseconds(1), options_.command_timeout);
}

void PageSession::navigate(const std::string& url, Clock::time_point deadline) {
  follow_navigation(url, deadline, /*until_commit=*/false);
}

void PageSession::follow_navigation(const std::string& url, Clock::time_point deadline, bool until_commit) {
  constexpr int kAttempts = 2;  // The first, and one more when it was superseded or left unanswered.
  for (int attempt = 1;; ++attempt) {
    std::unique_lock lock(mutex_);
    navigation_.emplace(url, target_id_);
    lock.unlock();
    // The reply wakes the wait below as frame events do.
    std::weak_ptr<Sync> sync = sync_;
    auto reply = cdp_.send("Page.navigate", {{"url", url}}, session_id_, [sync] {
      if (auto alive = sync.lock()) {
        std::lock_guard guard(alive->mutex);
        alive->changed.notify_all();
      }
    });
    const auto answer_by = std::min(deadline, Clock::now() + options_.command_timeout);
    lock.lock();
    bool asked_again = false;
    // Not cut short by SIGINT: Chromium answers a navigation in
    // milliseconds, or the deadline ends the wait.
    while (!asked_again) {
      if (!navigation_->answered() && reply.wait_for(milliseconds(0)) == std::future_status::ready) {
        lock.unlock();
        json result = reply.get();  // Rethrows a CdpError (an error reply, a lost connection).
        if (auto error = result.find("errorText"); error != result.end() && error->is_string() && !error->empty()) {
          std::lock_guard guard(mutex_);
          navigation_.reset();
          throw NavigationError("could not open " + url + ": " + error->get<std::string>());
        }
        lock.lock();
        navigation_->on_reply(result);
      }
      const Navigation& nav = *navigation_;
      const bool done = until_commit ? nav.state() == Navigation::State::kCommitted
                                     : nav.answered() && nav.state() != Navigation::State::kSuperseded;
      if (done) {
        // Loads are matched by loader id: an earlier document's load (the
        // last run's about:blank) does not count for this one.
        tracker_.expect_load(target_id_, nav.loader_id());
        last_change_ = Clock::now();
        navigation_.reset();
        return;
      }
      const auto now = Clock::now();
      std::string again;
      if (nav.state() == Navigation::State::kSuperseded) {
        again = "the navigation to " + url + " was superseded by a late commit of " +
                (nav.superseded_by().empty() ? std::string("another document") : nav.superseded_by());
      } else if (now >= answer_by) {
        if (nav.answered()) {
          navigation_.reset();
          throw browser::CdpError("Page.navigate to " + url + " was answered, but its document never committed");
        }
        if (!nav.progressed() || now >= deadline) {
          navigation_.reset();
          throw browser::CdpError("Page.navigate: no reply from the browser within " +
                                  std::to_string(options_.command_timeout.count()) + " ms");
        }
        again = "Page.navigate to " + url + " went unanswered for " +
                std::to_string(options_.command_timeout.count()) + " ms while the frame showed it under way";
      }
      if (!again.empty()) {
        if (attempt >= kAttempts) {
          navigation_.reset();
          throw browser::CdpError(again + ", twice");
        }
        notes_.push_back(again + "; navigated again");
        asked_again = true;
        break;
      }
      if (!cdp_.connected()) {
        navigation_.reset();
        lock.unlock();
        reply.get();  // The lost connection's CdpError.
        throw browser::CdpError("the DevTools connection broke during Page.navigate");
      }
      changed_.wait_until(lock, std::min(answer_by, now + kConnectionCheck));
    }
  }
}

PageSession::Wait PageSession::wait_until(const std::function<bool()>& predicate, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  while (true) {
    if (interrupted()) return Wait::kInterrupted;
    if (predicate()) return Wait::kDone;
    // The caller's next command reports the lost (or hung) connection.
    if (!cdp_.connected() || !liveness_.check()) return Wait::kDone;
    changed_.wait_until(lock, std::min(deadline, Clock::now() + kConnectionCheck));
    if (Clock::now() >= deadline) return predicate() ? Wait::kDone : Wait::kTimedOut;
  }
}

PageSession::Wait PageSession::wait_for_network_idle(milliseconds quiet, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  while (true) {
    if (interrupted()) return Wait::kInterrupted;
    if (!cdp_.connected() || !liveness_.check()) return Wait::kDone;
    auto now = Clock::now();
    bool quiet_now = tracker_.load_event_fired() && tracker_.in_flight() == 0;
    if (quiet_now && now - last_change_ >= quiet) return Wait::kDone;
    if (now >= deadline) return Wait::kTimedOut;
    // Wake when something changes, when the quiet period would end, or at the deadline.
    auto wake = quiet_now ? std::min(deadline, last_change_ + quiet) : deadline;
    changed_.wait_until(lock, std::min(wake, now + kConnectionCheck));
  }
}

json PageSession::evaluate(const std::string& expression, Clock::time_point deadline, bool by_value) {
  auto reply = cdp_.send("Runtime.evaluate",
                         {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", by_value}},
                         session_id_);
  // A future cannot be woken by a signal, so look at the clock and the
  // signal between short waits for the answer.
  const auto give_up = deadline + milliseconds(1000);
  while (reply.wait_for(milliseconds(50)) != std::future_status::ready) {
    if (interrupted()) throw Interrupted();
    {
      std::lock_guard lock(mutex_);
      if (!liveness_.check()) break;  // The reply has failed: get() says why.
    }
    if (Clock::now() >= give_up) throw browser::CdpError("the page did not answer Runtime.evaluate in time");
  }
  json result = reply.get();  // Rethrows a CdpError (error reply, lost connection).
  if (auto details = result.find("exceptionDetails"); details != result.end()) {
    std::string text = details->value("text", "exception");
    if (auto exception = details->find("exception"); exception != details->end()) {
      text = exception->value("description", text);
    }
    throw browser::CdpError("script failed: " + text);
  }
  if (!by_value) return json();
  return result.value("result", json::object()).value("value", json());
}

void PageSession::replace_init_scripts(const std::vector<std::string>& scripts, Clock::time_point deadline) {
  std::vector<std::future<json>> replies;
  for (const auto& id : init_script_ids_) {
    replies.push_back(cdp_.send("Page.removeScriptToEvaluateOnNewDocument", {{"identifier", id}}, session_id_));
  }
  std::vector<std::future<json>> added;
  for (const auto& script : scripts) {
    added.push_back(cdp_.send("Page.addScriptToEvaluateOnNewDocument", {{"source", script}}, session_id_));
  }
  wait_all(replies, remaining(deadline));
  init_script_ids_.clear();
  for (auto& reply : added) {
    if (reply.wait_for(remaining(deadline)) != std::future_status::ready) {
      throw browser::CdpError("Page.addScriptToEvaluateOnNewDocument: no reply from the browser");
    }
    init_script_ids_.push_back(reply.get().at("identifier").get<std::string>());
  }
}

void PageSession::reset_for_next_run(const std::vector<std::string>& origins, Clock::time_point deadline) {
  // Followed to its commit, not only to Chromium's answer: the answer can
  // come first while the old document still runs its pagehide/unload work
  // (a RUM SDK flushing its batch). Until about:blank has committed, that
  // document can write storage after the clear below, and its late commit
  // can supersede the next run's navigation, which Chromium then never
  // answers. In the common case the commit is in before the answer, and
  // this waits for nothing.
  follow_navigation("about:blank", deadline, /*until_commit=*/true);
  {
    // What the old document had in flight is no longer the next run's
    // business (an aborted request may never report its end).
    std::lock_guard lock(mutex_);
    tracker_.forget_in_flight();
  }
  // Sent together and awaited together: one round trip, not 1 + origins.
  std::vector<std::future<json>> replies;
  replies.push_back(cdp_.send("Network.clearBrowserCookies", json::object(), session_id_));
  for (const auto& origin : origins) {
    replies.push_back(
        cdp_.send("Storage.clearDataForOrigin", {{"origin", origin}, {"storageTypes", "all"}}, session_id_));
  }
  wait_all(replies, remaining(deadline));
}

json PageSession::command(const std::string& method, const json& params, Clock::time_point deadline) {
  return cdp_.call(method, params, session_id_, remaining(deadline));
}

void PageSession::mark_activity() {
  std::lock_guard lock(mutex_);
  last_change_ = Clock::now();
  changed_.notify_all();
}

std::vector<std::string> PageSession::take_notes() {
  std::lock_guard lock(mutex_);
  return std::exchange(notes_, {});
}

std::string PageSession::describe_in_flight() const {
  std::lock_guard lock(mutex_);
  return tracker_.describe_in_flight();
}

size_t PageSession::in_flight() const {
  std::lock_guard lock(mutex_);
  return tracker_.in_flight();
}

size_t PageSession::requests_seen() const {
  std::lock_guard lock(mutex_);
  return tracker_.requests_seen();
}

size_t PageSession::preflights_seen() const {
  std::lock_guard lock(mutex_);
  return tracker_.preflights_seen();
}

}  // namespace silentcors::page
