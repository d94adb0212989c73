#include "analysis/cdp_event_json.h"

#include <nlohmann/json.hpp>

namespace silentcors {

namespace {

using nlohmann::json;

const json kEmptyObject = json::object();

// A member by reference, or an empty object: json::value() would copy the
// whole subtree, and some of these are large.
const json& object_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmptyObject;
}

std::string_view string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                               : std::string_view();
}

bool bool_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

CdpStatus status_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_number_unsigned()) return CdpStatus::of_unsigned(it->get<uint64_t>());
  if (it->is_number_integer()) return CdpStatus::of_signed(it->get<int64_t>());
  if (it->is_number_float()) return CdpStatus::of_float(it->get<double>());
  return {};
}

// nlohmann's object is already sorted, each name once.
void headers_at(const json& object, const char* key, CdpHeaders& out) {
  out.clear();
  const json& headers = object_at(object, key);
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (it->is_string()) out.push_back({it.key(), it->get_ref<const std::string&>()});
  }
}

CdpCorsErrorStatus cors_error_status_at(const json& object) {
  auto it = object.find("corsErrorStatus");
  if (it == object.end() || !it->is_object()) return {};
  return {true, string_at(*it, "corsError"), string_at(*it, "failedParameter")};
}

}  // namespace

void cdp_event_from_json(const json& message, CdpEvent& event) {
  event.clear();
  if (!message.is_object()) return;
  event.method = cdp_method(string_at(message, "method"));
  event.session_id = string_at(message, "sessionId");
  auto params_it = message.find("params");
  event.has_params = params_it != message.end() && params_it->is_object();
  if (!event.has_params) return;
  const json& params = *params_it;
  CdpEvent::Params& p = event.params;

  p.request_id = string_at(params, "requestId");
  p.type = string_at(params, "type");
  p.document_url = string_at(params, "documentURL");
  p.error_text = string_at(params, "errorText");
  p.blocked_reason = string_at(params, "blockedReason");
  p.canceled = bool_at(params, "canceled");
  if (auto it = params.find("timestamp"); it != params.end() && it->is_number()) {
    p.has_timestamp = true;
    p.timestamp = it->get<double>();
  }
  p.status_code = status_at(params, "statusCode");
  headers_at(params, "headers", p.headers);

  const json& request = object_at(params, "request");
  p.request.method = string_at(request, "method");
  p.request.url = string_at(request, "url");
  headers_at(request, "headers", p.request.headers);

  if (auto redirect = params.find("redirectResponse"); redirect != params.end() && redirect->is_object()) {
    p.redirect_response.present = true;
    p.redirect_response.status = status_at(*redirect, "status");
    headers_at(*redirect, "headers", p.redirect_response.headers);
  }

  const json& initiator = object_at(params, "initiator");
  p.initiator.type = string_at(initiator, "type");
  p.initiator.request_id = string_at(initiator, "requestId");

  const json& response = object_at(params, "response");
  p.response.status = status_at(response, "status");
  headers_at(response, "headers", p.response.headers);

  p.cors_error_status = cors_error_status_at(params);

  const json& issue = object_at(params, "issue");
  p.issue.code = string_at(issue, "code");
  const json& details = object_at(object_at(issue, "details"), "corsIssueDetails");
  p.issue.cors_error_status = cors_error_status_at(details);
  p.issue.request_id = string_at(object_at(details, "request"), "requestId");
  p.issue.is_warning = bool_at(details, "isWarning");

  const json& entry = object_at(params, "entry");
  p.entry.network_request_id = string_at(entry, "networkRequestId");
  p.entry.category = string_at(entry, "category");
  p.entry.text = string_at(entry, "text");
}

}  // namespace silentcors
