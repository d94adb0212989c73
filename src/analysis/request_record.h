// What one request looked like, merged from every CDP event that mentions
// it: page-set headers (requestWillBeSent), raw wire headers and status
// (the ExtraInfo events), and how it ended (loadingFinished/-Failed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/http_headers.h"

namespace silentcors {

// Network.CorsErrorStatus: Chromium's own verdict, one error and ONE parameter.
struct CorsErrorStatus {
  std::string cors_error;
  std::string failed_parameter;
};

struct RequestRecord {
  enum class State { kPending, kFinished, kFailed };

  std::string session_id;
  std::string request_id;
  bool seen_will_be_sent = false;

  std::string method;
  std::string url;
  std::string resource_type;  // "Fetch", "XHR", "Preflight", "Document", ...
  std::string document_url;
  std::string initiator_type;        // "script", "parser", "preflight", ...
  std::string preflight_for;         // For a preflight: the main request's id.
  HttpHeaders page_headers;          // What the page asked for, sent or not.
  HttpHeaders wire_request_headers;  // What went on the wire (ExtraInfo).
  bool seen_wire_request = false;

  std::optional<int> status;         // responseReceived or its ExtraInfo
  // responseReceived itself: the response reached the page, so any CORS
  // check on it passed. (Its ExtraInfo alone comes for blocked responses too.)
  bool seen_response = false;
  HttpHeaders response_headers;      // Raw (ExtraInfo) when known, else responseReceived's.
  bool seen_wire_response = false;
  std::optional<int> redirect_status;  // A hop of this request was redirected.
  std::string redirect_location;

  State state = State::kPending;
  std::string error_text;
  bool canceled = false;
  std::string blocked_reason;
  std::optional<CorsErrorStatus> cors_error;
  // Chromium's monotonic clock (seconds) at its first requestWillBeSent, its
  // response, and its end: the report's timeline, nothing else reads them.
  std::optional<double> started_at;
  std::optional<double> responded_at;
  std::optional<double> ended_at;
  // Audits CorsIssue and console "cors" lines about this request.
  std::vector<std::string> corroboration;

  bool is_preflight() const { return resource_type == "Preflight" || initiator_type == "preflight"; }
  bool done() const { return state != State::kPending; }
};

// A main request with the preflight(s) Chromium sent for it.
struct CompletedRequest {
  RequestRecord main;
  std::vector<RequestRecord> preflights;
};

}  // namespace silentcors
