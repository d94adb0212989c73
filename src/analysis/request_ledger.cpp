#include "analysis/request_ledger.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"

namespace silentcors {

using nlohmann::json;

namespace {

const std::string kEmpty;
const json kEmptyObject = json::object();

// A member by reference, or an empty object: json::value() would copy the
// whole subtree, and some of these are large.
const json& object_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmptyObject;
}

const std::string& string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}

bool bool_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// An HTTP status. Not a number: absent, as before. A number that is no
// status (1e300, 4294967696, -1, 200.5) is bad input: converting it to int
// was undefined behaviour or wrapped round (4294967696 read as 400).
// `path`: where `object` is in the message, for the error.
std::optional<int> status_at(const json& object, const char* key, std::vector<std::string> path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  constexpr int kMax = 999;
  bool ok = false;
  if (it->is_number_unsigned()) {
    ok = it->get<uint64_t>() <= kMax;
  } else if (it->is_number_integer()) {
    ok = it->get<int64_t>() >= 0 && it->get<int64_t>() <= kMax;
  } else {
    double value = it->get<double>();
    ok = value >= 0 && value <= kMax && value == static_cast<double>(static_cast<int>(value));
  }
  if (!ok) {
    path.push_back(key);
    throw MessageError(std::move(path), "is out of range (expected a whole number from 0 to " + std::to_string(kMax) + ")");
  }
  return it->is_number_float() ? static_cast<int>(it->get<double>()) : static_cast<int>(it->get<int64_t>());
}

// The Audits issue and console line texts we keep as corroboration.
std::string describe_cors_issue(const json& details) {
  const json& status = object_at(details, "corsErrorStatus");
  std::string text = "DevTools issue CorsIssue: " + string_at(status, "corsError");
  const std::string& parameter = string_at(status, "failedParameter");
  if (!parameter.empty()) text += " (" + parameter + ")";
  if (bool_at(details, "isWarning")) text += " [warning]";
  return text;
}

}  // namespace

RequestLedger::RequestLedger(Sink sink, uint64_t settle_messages)
    : sink_(std::move(sink)), settle_messages_(settle_messages) {}

RequestRecord& RequestLedger::record(const std::string& session, const std::string& request_id) {
  auto [it, inserted] = requests_.try_emplace(Key{session, request_id});
  if (inserted) {
    it->second.session_id = session;
    it->second.request_id = request_id;
  }
  return it->second;
}

void RequestLedger::on_message(const json& message) {
  ++message_count_;
  const std::string& method = string_at(message, "method");
  auto params_it = message.find("params");
  if (method.empty() || params_it == message.end() || !params_it->is_object()) {
    release_settled();
    return;
  }
  const json& params = *params_it;
  const std::string& session = string_at(message, "sessionId");

  if (method == "Audits.issueAdded") {
    const json& issue = object_at(params, "issue");
    if (string_at(issue, "code") == "CorsIssue") {
      const json& details = object_at(object_at(issue, "details"), "corsIssueDetails");
      const std::string& request_id = string_at(object_at(details, "request"), "requestId");
      // Chromium 156 may raise the issue before the request's own
      // requestWillBeSent: keep it for the request that is still to come.
      if (!request_id.empty()) record(session, request_id).corroboration.push_back(describe_cors_issue(details));
    }
    release_settled();
    return;
  }
  if (method == "Log.entryAdded") {
    const json& entry = object_at(params, "entry");
    const std::string& request_id = string_at(entry, "networkRequestId");
    if (!request_id.empty() && string_at(entry, "category") == "cors") {
      record(session, request_id).corroboration.push_back("console: " + string_at(entry, "text"));
    }
    release_settled();
    return;
  }
  if (method.compare(0, 8, "Network.") != 0) {
    release_settled();
    return;
  }

  const std::string& request_id = string_at(params, "requestId");
  if (request_id.empty()) {
    release_settled();
    return;
  }

  if (method == "Network.requestWillBeSent") {
    RequestRecord& r = record(session, request_id);
    if (auto redirect = params.find("redirectResponse"); redirect != params.end() && redirect->is_object()) {
      // The same id again: the previous hop was redirected.
      r.redirect_status = status_at(*redirect, "status", {"params", "redirectResponse"});
      r.redirect_location = HttpHeaders::from_cdp(object_at(*redirect, "headers")).get("location").value_or("");
    }
    const json& request = object_at(params, "request");
    r.seen_will_be_sent = true;
    r.method = string_at(request, "method");
    r.url = string_at(request, "url");
    r.page_headers = HttpHeaders::from_cdp(object_at(request, "headers"));
    r.resource_type = string_at(params, "type");
    r.document_url = string_at(params, "documentURL");
    const json& initiator = object_at(params, "initiator");
    r.initiator_type = string_at(initiator, "type");
    if (r.is_preflight()) {
      r.preflight_for = string_at(initiator, "requestId");
      if (!r.preflight_for.empty()) {
        auto& list = preflights_of_[Key{session, r.preflight_for}];
        Key own{session, request_id};
        if (std::find(list.begin(), list.end(), own) == list.end()) list.push_back(own);
      }
    }
  } else if (method == "Network.requestWillBeSentExtraInfo") {
    RequestRecord& r = record(session, request_id);
    r.seen_wire_request = true;
    r.wire_request_headers = HttpHeaders::from_cdp(object_at(params, "headers"));
  } else if (method == "Network.responseReceivedExtraInfo") {
    RequestRecord& r = record(session, request_id);
    r.seen_wire_response = true;
    r.response_headers = HttpHeaders::from_cdp(object_at(params, "headers"));
    if (auto status = status_at(params, "statusCode", {"params"})) r.status = status;
  } else if (method == "Network.responseReceived") {
    RequestRecord& r = record(session, request_id);
    const json& response = object_at(params, "response");
    r.seen_response = true;
    if (!r.status) r.status = status_at(response, "status", {"params", "response"});
    // Raw headers (ExtraInfo) win: they keep repeated lines apart.
    if (!r.seen_wire_response) r.response_headers = HttpHeaders::from_cdp(object_at(response, "headers"));
    if (r.resource_type.empty()) r.resource_type = string_at(params, "type");
    // A fetch() whose body the page never reads gets no loadingFinished at
    // all; its CORS verdict is in with the response. Settling from here
    // keeps such requests from piling up until the end of the recording.
    if (!r.is_preflight()) ended(Key{session, request_id});
  } else if (method == "Network.loadingFinished") {
    RequestRecord& r = record(session, request_id);
    r.state = RequestRecord::State::kFinished;
    ended(Key{session, request_id});
  } else if (method == "Network.loadingFailed") {
    RequestRecord& r = record(session, request_id);
    r.state = RequestRecord::State::kFailed;
    r.error_text = string_at(params, "errorText");
    r.canceled = bool_at(params, "canceled");
    r.blocked_reason = string_at(params, "blockedReason");
    if (auto status = params.find("corsErrorStatus"); status != params.end() && status->is_object()) {
      r.cors_error = CorsErrorStatus{string_at(*status, "corsError"), string_at(*status, "failedParameter")};
    }
    if (r.resource_type.empty()) r.resource_type = string_at(params, "type");
    ended(Key{session, request_id});
  }
  release_settled();
}

void RequestLedger::ended(const Key& key) {
  const RequestRecord& r = requests_.at(key);
  // Preflights travel with their main request; they wait for it.
  if (r.is_preflight()) return;
  settling_.emplace_back(message_count_, key);
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
  sink_(std::move(done));
}

void RequestLedger::finish() {
  while (!settling_.empty()) {
    Key key = settling_.front().second;
    settling_.pop_front();
    emit(key);
  }
  // Requests that never ended, then preflights whose request never appeared.
  std::vector<Key> mains, orphans;
  for (const auto& [key, r] : requests_) (r.is_preflight() ? orphans : mains).push_back(key);
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
