#include "page/target_watcher.h"

#include <chrono>

#include "page/enable_then_resume.h"

namespace silentcors::page {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kCommandTimeout{30000};

const json kHoldNewTargets = {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}};

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_document_target(const std::string& type) { return type == "page" || type == "iframe"; }
bool is_worker_target(const std::string& type) {
  return type == "worker" || type == "shared_worker" || type == "service_worker";
}

}  // namespace

TargetWatcher::TargetWatcher(browser::CdpClient& cdp, std::function<void(const std::string&)> set_up)
    : cdp_(cdp), set_up_(std::move(set_up)) {
  subscription_ = cdp_.subscribe([this](const browser::CdpEvent& event) { on_event(event); });
  try {
    // Chromium names its default context here (an experimental field, so
    // absent on some builds; then the first context seen stands for it).
    json contexts = cdp_.call("Target.getBrowserContexts", json::object(), {}, kCommandTimeout);
    {
      std::lock_guard lock(mutex_);
      default_context_ = text(contexts, "defaultBrowserContextId");
    }
    // Discovery tells us of targets auto-attach does not cover (tabs, the
    // browser); auto-attach is what holds the ones that matter.
    cdp_.call("Target.setDiscoverTargets", {{"discover", true}}, {}, kCommandTimeout);
    cdp_.call("Target.setAutoAttach", kHoldNewTargets, {}, kCommandTimeout);
  } catch (...) {
    cdp_.unsubscribe(subscription_);
    throw;
  }
}

TargetWatcher::~TargetWatcher() { finish(); }

std::vector<WatchedVisit> TargetWatcher::finish() {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return {};
  }
  // Stop holding new targets first: one held for a watcher that no longer
  // listens would wait for ever (a remote browser lives on after us).
  if (cdp_.connected()) {
    try {
      cdp_.call("Target.setAutoAttach", {{"autoAttach", false}, {"waitForDebuggerOnStart", false}}, {},
                milliseconds(5000));
      cdp_.call("Target.setDiscoverTargets", {{"discover", false}}, {}, milliseconds(5000));
    } catch (const std::exception&) {
      // The browser is going away; nothing is held by a browser that is gone.
    }
  }
  cdp_.unsubscribe(subscription_);  // Waits for a handler that is running.
  std::lock_guard lock(mutex_);
  finished_ = true;
  return std::move(visits_);
}

std::string TargetWatcher::default_context() const {
  std::lock_guard lock(mutex_);
  return default_context_;
}

std::size_t TargetWatcher::targets_attached() const {
  std::lock_guard lock(mutex_);
  return attached_;
}

void TargetWatcher::start_visit(Root& root, const std::string& context, const std::string& type,
                                const std::string& url) {
  root.visit = visits_.size();
  root.requested = false;
  visits_.push_back({context, type, url, {}});
}

void TargetWatcher::on_attached(const std::string& parent_session, const json& params) {
  const std::string session = text(params, "sessionId");
  if (session.empty()) return;
  const json& info = params.contains("targetInfo") ? params["targetInfo"] : json::object();
  const std::string type = text(info, "type");
  ++attached_;

  if (parent_session.empty() || !root_of_.count(parent_session)) {
    // A target of its own (a page, a service worker): it starts a visit.
    root_of_[session] = session;
    Root& root = roots_[session];
    root.target_id = text(info, "targetId");
    std::string context = text(info, "browserContextId");
    if (default_context_.empty()) default_context_ = context;
    context_of_[session] = context;
    start_visit(root, context, type, text(info, "url"));
  } else {
    root_of_[session] = root_of_[parent_session];
  }

  std::vector<Command> commands;
  if (is_document_target(type) || is_worker_target(type)) {
    commands = {{"Network.enable", json::object()}, {"Runtime.enable", json::object()}, {"Log.enable", json::object()}};
    if (is_document_target(type)) {
      commands.push_back({"Audits.enable", json::object()});
      commands.push_back({"Page.enable", json::object()});
    }
    // Its iframes and workers are held for us in turn.
    commands.push_back({"Target.setAutoAttach", kHoldNewTargets});
  }
  const std::string target_id = text(info, "targetId");
  std::function<void()> set_up;
  if (set_up_) set_up = [notify = set_up_, target_id] { notify(target_id); };
  if (params.value("waitingForDebugger", false)) {
    // Whatever it is, it must not stay paused on our account; what we
    // record is on before our resume lets it go.
    enable_then_resume(cdp_, session, commands, set_up);
  } else {
    // Already running: nothing to hold it for.
    for (const auto& [method, command_params] : commands) cdp_.send(method, command_params, session);
    if (set_up) set_up();
  }
}

void TargetWatcher::on_event(const browser::CdpEvent& event) {
  const std::string session(event.session_id());
  const std::string_view method = event.method();
  std::lock_guard lock(mutex_);
  if (finished_) return;
  if (method == "Target.attachedToTarget") on_attached(session, event.params());
  if (session.empty()) return;  // Browser-level: not a page's traffic.
  auto root_it = root_of_.find(session);
  if (root_it == root_of_.end()) return;
  Root& root = roots_[root_it->second];

  // A new main-frame document begins a new visit of the page (the old
  // visit's findings stay with the URL they happened on).
  if (session == root_it->second && method == "Network.requestWillBeSent") {
    const json& params = event.params();
    if (text(params, "type") == "Document" && text(params, "frameId") == root.target_id &&
        !params.contains("redirectResponse")) {
      const std::string url = params.contains("request") ? text(params["request"], "url") : "";
      WatchedVisit& current = visits_[root.visit];
      // A visit that has made no request yet (the first about:blank) is this one.
      if (!root.requested) {
        current.url = url;
      } else {
        start_visit(root, context_of_[root_it->second], current.target_type, url);
      }
    }
  }
  // Where the document really ended up, after redirects.
  if (session == root_it->second && method == "Page.frameNavigated") {
    const json& frame = event.params().contains("frame") ? event.params()["frame"] : json::object();
    if (!frame.contains("parentId") && text(frame, "id") == root.target_id) {
      std::string url = text(frame, "url");
      if (!url.empty()) visits_[root.visit].url = url;
    }
  }
  if (method == "Network.requestWillBeSent") root.requested = true;
  visits_[root.visit].events.push_back(event.raw);
  if (method == "Target.detachedFromTarget") root_of_.erase(text(event.params(), "sessionId"));
}

}  // namespace silentcors::page
