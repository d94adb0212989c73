#include "analysis/request_ledger.h"

#include <algorithm>

#include "analysis/cdp_event_json.h"
#include "analysis/cors_rules.h"
#include "analysis/input_error.h"

namespace silentcors {

namespace {

void take_from_preflight(CompletedRequest& request);

// An HTTP status as the ledger takes it: absent stays absent; a number that
// is no status is bad input. `path`: where it is in the message, for the error.
std::optional<int> status_of(const CdpStatus& status, std::vector<std::string> path) {
  switch (status.kind) {
    case CdpStatus::Kind::kAbsent: return std::nullopt;
    case CdpStatus::Kind::kValid: return status.value;
    case CdpStatus::Kind::kOutOfRange: break;
  }
  throw MessageError(std::move(path), "is out of range (expected a whole number from 0 to " +
                                          std::to_string(CdpStatus::kMaxStatus) + ")");
}

// The Audits issue and console line texts we keep as corroboration.
std::string describe_cors_issue(const CdpEvent::Params::Issue& issue) {
  std::string text = "DevTools issue CorsIssue: ";
  text += issue.cors_error_status.cors_error;
  if (!issue.cors_error_status.failed_parameter.empty()) {
    text += " (";
    text += issue.cors_error_status.failed_parameter;
    text += ")";
  }
  if (issue.is_warning) text += " [warning]";
  return text;
}

}  // namespace

RequestLedger::RequestLedger(Sink sink, uint64_t settle_messages)
    : sink_(std::move(sink)), settle_messages_(settle_messages) {}

RequestRecord& RequestLedger::record(std::string_view session, std::string_view request_id) {
  auto it = requests_.find(KeyView{session, request_id});
  if (it != requests_.end()) return it->second;
  it = requests_.try_emplace(Key{session, request_id}).first;
  it->second.session_id = session;
  it->second.request_id = request_id;
  return it->second;
}

void RequestLedger::on_message(const nlohmann::json& message) {
  CdpEvent event;
  cdp_event_from_json(message, event);
  on_event(event);
}

void RequestLedger::on_event(const CdpEvent& event) {
  ++message_count_;
  if (event.method == CdpMethod::kNone || !event.has_params) {
    release_settled();
    return;
  }
  const CdpEvent::Params& params = event.params;
  const std::string_view session = event.session_id;

  if (event.method == CdpMethod::kAuditsIssueAdded) {
    if (params.issue.code == "CorsIssue") {
      // Chromium 156 may raise the issue before the request's own
      // requestWillBeSent: keep it for the request that is still to come.
      if (!params.issue.request_id.empty()) {
        record(session, params.issue.request_id).corroboration.push_back(describe_cors_issue(params.issue));
      }
    }
    release_settled();
    return;
  }
  if (event.method == CdpMethod::kLogEntryAdded) {
    const auto& entry = params.entry;
    if (!entry.network_request_id.empty() && entry.category == "cors") {
      record(session, entry.network_request_id).corroboration.push_back("console: " + std::string(entry.text));
    }
    release_settled();
    return;
  }
  // What every request is known by: a requestWillBeSent without it is a
  // message of an unexpected shape (docs/recording.md: exit 2), not a request
  // to count.
  if (event.method == CdpMethod::kRequestWillBeSent) {
    if (params.request_id.empty()) {
      throw MessageError({"params", "requestId"}, "is missing or not a string (expected the request's id)");
    }
    if (params.request.url.empty()) {
      throw MessageError({"params", "request", "url"}, "is missing or not a string (expected the request's URL)");
    }
  }
  // Other methods, Network.* among them, do not concern the ledger.
  const std::string_view request_id = params.request_id;
  if (event.method == CdpMethod::kOther || request_id.empty()) {
    release_settled();
    return;
  }

  switch (event.method) {
    case CdpMethod::kRequestWillBeSent: {
      RequestRecord& r = record(session, request_id);
      if (params.redirect_response.present) {
        // The same id again: the previous hop was redirected.
        r.redirect_status = status_of(params.redirect_response.status, {"params", "redirectResponse", "status"});
        r.redirect_location = HttpHeaders::from_cdp(params.redirect_response.headers).get("location").value_or("");
      }
      // A redirect hop comes with the same id: the request began at the first.
      if (params.has_timestamp && !r.started_at) r.started_at = params.timestamp;
      r.seen_will_be_sent = true;
      r.method = params.request.method;
      r.url = params.request.url;
      r.page_headers = HttpHeaders::from_cdp(params.request.headers);
      r.resource_type = params.type;
      r.document_url = params.document_url;
      r.initiator_type = params.initiator.type;
      if (r.is_preflight()) {
        r.preflight_for = params.initiator.request_id;
        if (!r.preflight_for.empty()) {
          auto& list = preflights_of_[Key{session, r.preflight_for}];
          Key own{session, request_id};
          if (std::find(list.begin(), list.end(), own) == list.end()) list.push_back(own);
        }
      }
      break;
    }
    case CdpMethod::kRequestWillBeSentExtraInfo: {
      RequestRecord& r = record(session, request_id);
      r.seen_wire_request = true;
      r.wire_request_headers = HttpHeaders::from_cdp(params.headers);
      break;
    }
    case CdpMethod::kResponseReceivedExtraInfo: {
      RequestRecord& r = record(session, request_id);
      r.seen_wire_response = true;
      r.response_headers = HttpHeaders::from_cdp(params.headers);
      if (auto status = status_of(params.status_code, {"params", "statusCode"})) r.status = status;
      break;
    }
    case CdpMethod::kResponseReceived: {
      RequestRecord& r = record(session, request_id);
      r.seen_response = true;
      if (params.has_timestamp) r.responded_at = params.timestamp;
      if (!r.status) r.status = status_of(params.response.status, {"params", "response", "status"});
      // Raw headers (ExtraInfo) win: they keep repeated lines apart.
      if (!r.seen_wire_response) r.response_headers = HttpHeaders::from_cdp(params.response.headers);
      if (r.resource_type.empty()) r.resource_type = params.type;
      // A fetch() whose body the page never reads gets no loadingFinished at
      // all; its CORS verdict is in with the response. Settling from here
      // keeps such requests from piling up until the end of the recording.
      if (!r.is_preflight()) ended(r);
      break;
    }
    case CdpMethod::kLoadingFinished: {
      RequestRecord& r = record(session, request_id);
      r.state = RequestRecord::State::kFinished;
      if (params.has_timestamp) r.ended_at = params.timestamp;
      ended(r);
      break;
    }
    case CdpMethod::kLoadingFailed: {
      RequestRecord& r = record(session, request_id);
      r.state = RequestRecord::State::kFailed;
      if (params.has_timestamp) r.ended_at = params.timestamp;
      r.error_text = params.error_text;
      r.canceled = params.canceled;
      r.blocked_reason = params.blocked_reason;
      if (params.cors_error_status.present) {
        r.cors_error = CorsErrorStatus{std::string(params.cors_error_status.cors_error),
                                       std::string(params.cors_error_status.failed_parameter)};
      }
      if (r.resource_type.empty()) r.resource_type = params.type;
      ended(r);
      break;
    }
    default: break;
  }
  release_settled();
}

void RequestLedger::ended(const RequestRecord& r) {
  // Preflights travel with their main request; they wait for it.
  if (r.is_preflight()) return;
  settling_.emplace_back(message_count_, Key{r.session_id, r.request_id});
}

void RequestLedger::release_settled() {
  while (!settling_.empty() && settling_.front().first + settle_messages_ <= message_count_) {
    Key key = settling_.front().second;
    settling_.pop_front();
    emit(key);
  }
}

void RequestLedger::emit(const Key& key) {
  auto it = requests_.find(key);
  if (it == requests_.end()) return;
  // Its requestWillBeSent came late and says it is a preflight: it waits
  // for its main request after all.
  if (it->second.is_preflight()) return;
  CompletedRequest done;
  done.main = std::move(it->second);
  requests_.erase(it);
  if (auto pre = preflights_of_.find(key); pre != preflights_of_.end()) {
    for (const Key& preflight_key : pre->second) {
      auto p = requests_.find(preflight_key);
      if (p == requests_.end()) continue;
      done.preflights.push_back(std::move(p->second));
      requests_.erase(p);
    }
    preflights_of_.erase(pre);
  }
  if (!done.main.seen_will_be_sent) take_from_preflight(done);
  sink_(std::move(done));
}

namespace {

// A request whose requestWillBeSent never came, though its preflight and
// its end did: under `watch`, a suite's own client can let a new page run
// before Chromium has processed our Network.enable in the renderer, where
// requestWillBeSent of a fetch comes from; the browser-side events (the
// preflight, loadingFailed with its corsErrorStatus) still arrive.
void take_from_preflight(CompletedRequest& request) {
  RequestRecord& main = request.main;
  const RequestRecord* preflight = nullptr;
  for (const auto& p : request.preflights) {
    if (p.seen_will_be_sent) preflight = &p;
  }
  if (!preflight || !main.done()) return;
  // Its preflight asked for it in so many words: the method, the URL, the
  // page's origin and the name of every CORS-unsafe header it carried.
  const HttpHeaders& asked = preflight->seen_wire_request ? preflight->wire_request_headers : preflight->page_headers;
  const auto method = asked.get("access-control-request-method");
  if (!method) return;
  main.method = *method;
  main.url = preflight->url;
  main.document_url = preflight->document_url;
  if (const auto origin = asked.get("origin")) main.page_headers.add("Origin", *origin);
  if (const auto names = asked.get("access-control-request-headers")) {
    if (const auto list = cors::parse_header_list(*names)) {
      for (const auto& name : *list) main.page_headers.add(name, "");
    }
  }
  if (!main.started_at) main.started_at = preflight->started_at;
  main.seen_will_be_sent = true;
  main.corroboration.push_back(
      "its requestWillBeSent was never seen (another DevTools client let the page run before silentcors' Network "
      "domain was on); method, URL and headers are those its preflight asked for");
}

}  // namespace

void RequestLedger::finish() {
  while (!settling_.empty()) {
    Key key = settling_.front().second;
    settling_.pop_front();
    emit(key);
  }
  // Requests that never ended, then preflights whose request never appeared.
  std::vector<Key> mains, orphans;
  for (const auto& [key, r] : requests_) (r.is_preflight() ? orphans : mains).push_back(key);
  // In the order of their ids, as reports have always listed them.
  std::sort(mains.begin(), mains.end());
  std::sort(orphans.begin(), orphans.end());
  for (const Key& key : mains) emit(key);
  for (const Key& key : orphans) {
    auto it = requests_.find(key);
    if (it == requests_.end()) continue;
    CompletedRequest done;
    done.preflights.push_back(std::move(it->second));
    requests_.erase(it);
    sink_(std::move(done));
  }
  preflights_of_.clear();
}

}  // namespace silentcors
