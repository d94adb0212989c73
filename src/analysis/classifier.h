// One completed request in, a verdict out: did CORS block it, and if so
// which rule, which headers, what else will fail next, and the fix. Also
// the latent problems of requests that passed (Authorization allowed only
// by "*", response headers JavaScript cannot read, hidden Server-Timing).
// Pure: no I/O, no state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/request_record.h"
#include "analysis/server_kind.h"

namespace silentcors {

struct RequestVerdict {
  enum class Outcome {
    kIgnored,       // Not a request we judge (a lone preflight, no requestWillBeSent).
    kOk,            // Finished.
    kCorsFailure,   // net::ERR_FAILED with corsErrorStatus.
    kOtherFailure,  // Connection refused, DNS, CSP, client block...: never a CORS finding.
    kCanceled,      // Aborted by the page (net::ERR_ABORTED, canceled).
    kUnfinished,    // Still in flight when the recording ended.
  };
  Outcome outcome = Outcome::kIgnored;
  std::vector<Finding> findings;  // Errors for a CORS failure; warnings for latent problems.
  // vary-origin-missing, as a candidate only: one response that names its
  // page's origin cannot tell an echo from a fixed Allow-Origin (nginx's
  // add_header with one origin, the commonest config, varies by nothing).
  // The aggregator reports it once the endpoint is seen echoing two origins.
  std::vector<Finding> vary_candidates;
  std::string other_error;        // errorText of a non-CORS failure.
  // A response that passed CORS but is a server error (HTTP 5xx): not a
  // CORS problem, but what "this flake is not CORS" is often made of.
  int server_error = 0;
  bool had_preflight = false;

  // For intermittency attribution: a cross-origin request in CORS mode.
  bool cross_origin = false;
  std::string endpoint;                      // "POST http://api/path <- http://page-origin"
  std::string method;                        // The endpoint's parts (a cross-origin request's).
  std::string url;                           // Without its query.
  std::string origin;                        // The page's.
  // Whether the backend's trace can come back to the page from this
  // response (a cross-origin one that passed): kLinkingOk and the others.
  std::string linking;
  std::vector<std::string> request_headers;  // Its CORS-unsafe header names, sorted.
};

// RequestVerdict::linking: a Server-Timing the page may read
// (Timing-Allow-Origin) or a trace-id response header JavaScript may read
// (Access-Control-Expose-Headers); else which of them is hidden; else none.
inline constexpr const char* kLinkingOk = "ok";
inline constexpr const char* kLinkingServerTimingHidden = "server-timing-hidden";
inline constexpr const char* kLinkingNotExposed = "not-exposed";
inline constexpr const char* kLinkingNone = "none";

// Response headers that carry a backend's trace id back (W3C Trace Context
// Level 2's traceresponse, and the ids servers and proxies commonly return).
bool is_trace_id_response_header(std::string_view lower_case_name);

// `servers`: what the user said answers each origin; otherwise the server
// is guessed from the responses, for the fix snippet.
RequestVerdict classify(const CompletedRequest& request, const ServerHints& servers = {});

// The endpoint key used to group requests: method, URL without query, page origin.
std::string endpoint_key(const std::string& method, const std::string& url, const std::string& origin);

}  // namespace silentcors
