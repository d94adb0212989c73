#include "page/page_session.h"

#include <algorithm>

#include "page/interrupt.h"

namespace silentcors::page {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// Commands sent while setting a page up are answered in milliseconds; this
// only bounds a browser that stopped answering.
constexpr milliseconds kCommandTimeout{30000};

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
std::vector<std::future<json>> enable_domains(browser::CdpClient& cdp, const std::string& session,
                                              const PageOptions& options, bool is_page) {
  std::vector<std::future<json>> replies;
  replies.push_back(cdp.send("Network.enable", json::object(), session));
  if (options.disable_cache) replies.push_back(cdp.send("Network.setCacheDisabled", {{"cacheDisabled", true}}, session));
  if (!options.extra_headers.empty()) {
    replies.push_back(cdp.send("Network.setExtraHTTPHeaders", {{"headers", options.extra_headers}}, session));
  }
  replies.push_back(cdp.send("Runtime.enable", json::object(), session));
  replies.push_back(cdp.send("Log.enable", json::object(), session));
  if (is_page) {
    replies.push_back(cdp.send("Audits.enable", json::object(), session));
    replies.push_back(cdp.send("Page.enable", json::object(), session));
    // Lifecycle events name their document (loaderId), so a run waits for
    // its own page's load, not a late one from the page before.
    replies.push_back(cdp.send("Page.setLifecycleEventsEnabled", {{"enabled", true}}, session));
    if (options.viewport) {
      replies.push_back(cdp.send("Emulation.setDeviceMetricsOverride",
                                 {{"width", options.viewport->first},
                                  {"height", options.viewport->second},
                                  {"deviceScaleFactor", 1},
                                  {"mobile", false}},
                                 session));
    }
  }
  // Out-of-process iframes and workers get sessions of their own; they wait
  // for us (runIfWaitingForDebugger) so their first request is not missed.
  replies.push_back(cdp.send("Target.setAutoAttach",
                             {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}, session));
  return replies;
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
    context_id_ = cdp_.call("Target.createBrowserContext", {{"disposeOnDetach", true}}, {}, kCommandTimeout)
                      .at("browserContextId")
                      .get<std::string>();
    target_id_ = cdp_.call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", context_id_}}, {},
                           kCommandTimeout)
                     .at("targetId")
                     .get<std::string>();
    session_id_ = cdp_.call("Target.attachToTarget", {{"targetId", target_id_}, {"flatten", true}}, {},
                            kCommandTimeout)
                      .at("sessionId")
                      .get<std::string>();
    {
      std::lock_guard lock(mutex_);
      sessions_.insert(session_id_);
    }
    auto replies = enable_domains(cdp_, session_id_, options_, /*is_page=*/true);
    wait_all(replies, kCommandTimeout);
    replace_init_scripts(options_.init_scripts, Clock::now() + kCommandTimeout);
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
    if (session.empty() || !sessions_.count(std::string(session))) return;
    if (event.method() == "Target.attachedToTarget") {
      const auto& params = event.params();
      std::string child = params.value("sessionId", "");
      if (!child.empty()) {
        sessions_.insert(child);
        // Answers come on this very thread, so they are not waited for here:
        // commands on one session run in order, so the child is resumed
        // only after its domains are on.
        enable_domains(cdp_, child, options_, /*is_page=*/false);
        cdp_.send("Runtime.runIfWaitingForDebugger", json::object(), child);
      }
    }
    if (tracker_.on_event(session, event.method(), event.params())) {
      last_change_ = Clock::now();
      changed_.notify_all();
    }
  }
  if (sink_) sink_(event);
}

milliseconds PageSession::remaining(Clock::time_point deadline) const {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  return std::clamp(left, milliseconds(1), kCommandTimeout);
}

void PageSession::navigate(const std::string& url, Clock::time_point deadline) {
  json result = cdp_.call("Page.navigate", {{"url", url}}, session_id_, remaining(deadline));
  if (auto error = result.find("errorText"); error != result.end() && error->is_string() && !error->empty()) {
    throw NavigationError("could not open " + url + ": " + error->get<std::string>());
  }
  auto text = [&result](const char* key) {
    auto it = result.find(key);
    return it != result.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::lock_guard lock(mutex_);
  tracker_.expect_load(text("frameId"), text("loaderId"));
  last_change_ = Clock::now();
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
  // Page.navigate answers once about:blank has committed: from then on the
  // last run's document is gone (unloaded, or frozen in the back/forward
  // cache, where no script runs), so nothing of it can write storage after
  // the clear below. Waiting for about:blank's load event as well cost a
  // round trip and ~25 ms per run and protected nothing more.
  navigate("about:blank", deadline);
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

}  // namespace silentcors::page
