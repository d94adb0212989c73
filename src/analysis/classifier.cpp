#include "analysis/classifier.h"

#include <algorithm>
#include <set>

#include "analysis/chrome_cors_errors.h"
#include "analysis/cors_rules.h"
#include "analysis/cors_change.h"
#include "analysis/finding_text.h"
#include "analysis/fix_snippet.h"
#include "analysis/url_parts.h"

namespace silentcors {

using cors::CorsError;
using cors::CorsErrorKind;

namespace {

// The page's origin: what Chromium put on the wire as Origin, else the
// origin of the document that made the request.
std::string page_origin(const CompletedRequest& request) {
  if (auto origin = request.main.wire_request_headers.get("origin")) return *origin;
  for (const auto& preflight : request.preflights) {
    if (auto origin = preflight.wire_request_headers.get("origin")) return *origin;
  }
  if (auto origin = request.main.page_headers.get("origin")) return *origin;
  return origin_of(request.main.document_url);
}

cors::CorsResponse response_of(const RequestRecord& record) {
  cors::CorsResponse response;
  response.status = record.status.value_or(0);
  response.headers = record.response_headers;
  if (record.redirect_status) response.redirect_location = record.redirect_location;
  return response;
}

// The preflight Chromium judged: the last one sent for this request.
const RequestRecord* judged_preflight(const CompletedRequest& request) {
  return request.preflights.empty() ? nullptr : &request.preflights.back();
}

std::vector<CorsError> run_rules(const cors::CorsRequest& cors_request, const RequestRecord* preflight,
                                 const RequestRecord& main, bool about_preflight) {
  if (about_preflight && preflight) return cors::check_preflight(cors_request, response_of(*preflight));
  if (!about_preflight && main.status) return cors::check_access(cors_request, response_of(main));
  return {};
}

bool has_kind(const std::vector<CorsError>& errors, FindingKind kind) {
  return std::any_of(errors.begin(), errors.end(), [&](const CorsError& e) {
    return e.severity == cors::Severity::kError && cors::finding_kind(e.kind) == kind;
  });
}

std::vector<std::string> refused_headers(const std::vector<CorsError>& errors) {
  std::set<std::string> names;
  for (const auto& e : errors) {
    if (e.kind == CorsErrorKind::kHeaderNotAllowed && e.severity == cors::Severity::kError) {
      names.insert(e.params.begin(), e.params.end());
    }
  }
  return {names.begin(), names.end()};
}

// The CORS-unsafe headers a request asked to send, lower-case and sorted:
// its preflight's Access-Control-Request-Headers, else the page's headers.
std::vector<std::string> requested_headers(const RequestRecord* preflight, const RequestRecord& main) {
  if (preflight) {
    const HttpHeaders& asked = preflight->seen_wire_request ? preflight->wire_request_headers : preflight->page_headers;
    if (const auto names = asked.get("access-control-request-headers")) {
      if (auto list = cors::parse_header_list(*names)) {
        std::set<std::string> sorted;
        for (const auto& name : *list) sorted.insert(to_lower_ascii(name));
        return {sorted.begin(), sorted.end()};
      }
    }
  }
  return cors::cors_unsafe_request_header_names(main.page_headers);
}

Finding cors_failure_finding(const CompletedRequest& request, const std::string& origin) {
  const RequestRecord& main = request.main;
  const CorsErrorStatus& chrome = *main.cors_error;
  const RequestRecord* preflight = judged_preflight(request);
  const bool about_preflight = chrome_error_is_about_preflight(chrome.cors_error) ||
                               (preflight && !main.seen_wire_response && !main.status);

  Finding finding;
  finding.kind = finding_kind_for_chrome_error(chrome.cors_error);
  finding.severity = "error";
  finding.method = main.method;
  finding.url = main.url;
  finding.origin = origin;
  finding.chrome = ChromeEvidence{chrome.cors_error, chrome.failed_parameter};
  // Sorted: the console line and the DevTools issue come in either order,
  // and two runs of one page should say the same.
  finding.corroboration = main.corroboration;
  std::sort(finding.corroboration.begin(), finding.corroboration.end());

  // CDP does not say whether the request carried credentials. Judge it
  // without; if that does not reproduce Chromium's verdict and judging it
  // with credentials does, it was credentialed.
  cors::CorsRequest cors_request{origin, main.method, main.page_headers, cors::CredentialsMode::kSameOrigin};
  std::vector<CorsError> errors = run_rules(cors_request, preflight, main, about_preflight);
  if (!has_kind(errors, finding.kind)) {
    cors::CorsRequest credentialed = cors_request;
    credentialed.credentials = cors::CredentialsMode::kInclude;
    auto with_credentials = run_rules(credentialed, preflight, main, about_preflight);
    if (has_kind(with_credentials, finding.kind)) {
      errors = std::move(with_credentials);
      cors_request = credentialed;
    }
  }

  // Chromium checks Allow-Origin before the status, so an auth layer that
  // answers the preflight 401 without CORS headers shows up as a missing
  // Allow-Origin. The status is the cause: that answer never came from the
  // CORS-aware handler at all.
  if (about_preflight && preflight && preflight->status && !preflight->redirect_status &&
      (*preflight->status < 200 || *preflight->status > 299) && finding.kind != FindingKind::kPreflightStatus &&
      finding.kind != FindingKind::kPreflightRedirect && !response_of(*preflight).is_redirect()) {
    finding.disagreement = "Chromium reported " + chrome.cors_error +
                           " first (it checks Allow-Origin before the status); the cause is the " +
                           std::to_string(*preflight->status) +
                           " answer, from a layer that does not handle preflights.";
    finding.kind = FindingKind::kPreflightStatus;
  }

  // A CORS handler may refuse a preflight with an error status of its own:
  // Starlette's CORSMiddleware answers 400 "Disallowed CORS headers" (or
  // "method"), with its Access-Control-Allow-* headers on. Those say what it
  // refused, and the fix is in that handler's lists, not in a layer that
  // mishandles preflights (a 401 from auth carries no Allow-Origin).
  if (finding.kind == FindingKind::kPreflightStatus && about_preflight && preflight && preflight->status == 400 &&
      preflight->response_headers.has("access-control-allow-origin")) {
    for (FindingKind refused : {FindingKind::kMethodNotAllowed, FindingKind::kHeaderNotAllowed}) {
      if (!has_kind(errors, refused)) continue;
      finding.disagreement = "Chromium reported " + chrome.cors_error +
                             ": the 400 came from a CORS handler refusing the preflight (as Starlette's CORSMiddleware "
                             "does), and its Access-Control-Allow-* headers say what it refused.";
      finding.kind = refused;
      break;
    }
  }

  const RequestRecord* judged = about_preflight ? preflight : &main;
  if (judged) {
    finding.status = judged->status;
    if (judged->status) finding.preflight_status = about_preflight ? judged->status : std::nullopt;
    finding.allow_headers = judged->response_headers.get("access-control-allow-headers");
    finding.allow_methods = judged->response_headers.get("access-control-allow-methods");
    finding.allow_origin = judged->response_headers.get("access-control-allow-origin");
  }
  finding.orphan_preflight = preflight && preflight->status && !main.seen_wire_request && !main.status;

  // A redirect or an error status says nothing about what the real handler
  // would answer: the other checks on that response mean nothing.
  const bool response_is_meaningful = finding.kind != FindingKind::kPreflightStatus && finding.kind != FindingKind::kPreflightRedirect;
  if (response_is_meaningful) finding.headers = refused_headers(errors);
  if (response_is_meaningful && finding.kind == FindingKind::kHeaderNotAllowed && finding.headers.empty() &&
      std::any_of(errors.begin(), errors.end(), [](const CorsError& e) { return e.kind == CorsErrorKind::kInvalidAllowHeaders; })) {
    // An Allow-Headers that does not parse allows nothing (Chromium:
    // InvalidAllowHeadersPreflightResponse, no failedParameter): every
    // header the preflight asked for is refused.
    finding.headers = requested_headers(preflight, main);
  }
  if (finding.kind == FindingKind::kHeaderNotAllowed && !chrome.failed_parameter.empty()) {
    std::string named = to_lower_ascii(chrome.failed_parameter);
    if (std::find(finding.headers.begin(), finding.headers.end(), named) == finding.headers.end()) {
      finding.headers.push_back(named);
      std::sort(finding.headers.begin(), finding.headers.end());
      finding.disagreement = "Chromium refused " + named + ", but the " +
                             (judged ? "recorded preflight response allows it" : "preflight is not in the recording") +
                             "; kept as Chromium reported it.";
    }
  }
  if (finding.disagreement.empty() && !has_kind(errors, finding.kind) && finding.kind != FindingKind::kOtherCors) {
    finding.disagreement = std::string("Chromium reported ") + chrome.cors_error + ", which our rules do not reproduce from " +
                           (judged ? "the recorded response" : "the recording (the response is missing)") +
                           "; kept as Chromium reported it.";
  }

  if (response_is_meaningful) {
    bool primary_seen = false;
    for (const auto& e : errors) {
      bool primary = !primary_seen && e.severity == cors::Severity::kError && cors::finding_kind(e.kind) == finding.kind;
      if (primary) {
        primary_seen = true;
        continue;
      }
      finding.also_fails.push_back((e.severity == cors::Severity::kWarning ? "warning: " : "") + e.detail);
    }
  }
  finding.credentialed = cors_request.credentialed();
  finding.message = failure_message(finding, about_preflight, cors_request.credentialed());
  finding.fix = failure_fix(finding, about_preflight, cors_request.credentialed());
  return finding;
}

std::string linking_of(const HttpHeaders& headers, const std::string& origin, const std::vector<std::string>& hidden) {
  const bool timing = headers.has("server-timing");
  const bool timing_readable = timing && timing_allowed(headers, origin);
  bool trace_id = false, trace_id_readable = false;
  for (const HttpHeader header : headers) {
    const std::string name = to_lower_ascii(header.name);
    if (!is_trace_id_response_header(name)) continue;
    trace_id = true;
    if (std::find(hidden.begin(), hidden.end(), name) == hidden.end()) trace_id_readable = true;
  }
  if (timing_readable || trace_id_readable) return kLinkingOk;
  if (timing) return kLinkingServerTimingHidden;
  if (trace_id) return kLinkingNotExposed;
  return kLinkingNone;
}

// Latent problems of a request that passed.
void add_warnings(const CompletedRequest& request, const std::string& origin, RequestVerdict& verdict) {
  const RequestRecord& main = request.main;
  const RequestRecord* preflight = judged_preflight(request);
  if (preflight && preflight->status) {
    cors::CorsRequest cors_request{origin, main.method, main.page_headers, cors::CredentialsMode::kSameOrigin};
    for (const auto& e : cors::check_preflight(cors_request, response_of(*preflight))) {
      if (e.kind != CorsErrorKind::kAuthorizationWildcard) continue;
      Finding finding = latent_finding(FindingKind::kAuthorizationWildcard, main, origin, e.params);
      finding.allow_headers = preflight->response_headers.get("access-control-allow-headers");
      verdict.findings.push_back(std::move(finding));
    }
  }
  if (!main.status) return;
  const HttpHeaders& headers = main.response_headers;
  // Only a response JavaScript may read at all has headers it cannot read.
  if (!headers.has("access-control-allow-origin")) {
    verdict.linking = kLinkingNone;
    return;
  }
  auto hidden = unexposed_response_headers(headers);
  if (!hidden.empty()) verdict.findings.push_back(latent_finding(FindingKind::kHeaderNotExposed, main, origin, hidden));
  verdict.linking = linking_of(headers, origin, hidden);
  if (headers.has("server-timing") && !timing_allowed(headers, origin)) {
    verdict.findings.push_back(latent_finding(FindingKind::kServerTimingHidden, main, origin, {"server-timing"}));
  }
  // An answer that echoes one origin differs per origin: without Vary:
  // Origin a shared cache may hand it to another origin, which it refuses.
  if (headers.get("access-control-allow-origin") == origin && !varies_by_origin(headers)) {
    verdict.vary_candidates.push_back(latent_finding(FindingKind::kVaryOriginMissing, main, origin, {}));
  }
}

// Who answered: what the user said for the origin, else what the
// responses show (the one the check ran on first, then the others).
Finding::Server server_of(const CompletedRequest& request, const std::string& origin, const ServerHints& servers) {
  if (auto stated = servers.find(origin); stated != servers.end()) {
    return {std::string(server_name(stated->second)), "stated", "said by the user"};
  }
  std::vector<const RequestRecord*> records;
  for (const auto& p : request.preflights) records.push_back(&p);
  records.push_back(&request.main);
  for (const RequestRecord* r : records) {
    ServerGuess guess = guess_server(r->response_headers);
    if (guess.kind != ServerKind::kUnknown) return {std::string(server_name(guess.kind)), guess.confidence, guess.evidence};
  }
  return {std::string(server_name(ServerKind::kUnknown)), "unknown", "no response named its server"};
}

void attach_snippet(Finding& finding, const Finding::Server& server) {
  finding.server = server;
  auto change = change_for(finding);
  if (!change) return;
  const ServerKind kind = server_named(server.name).value_or(ServerKind::kUnknown);
  finding.fix_snippet = Finding::Snippet{server.name, fix_snippet_text(kind, *change)};
}

}  // namespace

bool is_trace_id_response_header(std::string_view name) {
  static constexpr std::string_view kNames[] = {"traceresponse",   "x-trace-id",      "trace-id",
                                                "x-datadog-trace-id", "x-amzn-trace-id", "x-b3-traceid",
                                                "x-cloud-trace-context", "sentry-trace"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

std::string endpoint_key(const std::string& method, const std::string& url, const std::string& origin) {
  return method + " " + without_query(url) + " <- " + origin;
}

namespace {
RequestVerdict classify_request(const CompletedRequest& request);
}  // namespace

RequestVerdict classify(const CompletedRequest& request, const ServerHints& servers) {
  RequestVerdict verdict = classify_request(request);
  if (!verdict.findings.empty() || !verdict.vary_candidates.empty()) {
    const std::string server_origin = origin_of(request.main.url);
    const Finding::Server server = server_of(request, server_origin, servers);
    for (auto& finding : verdict.findings) attach_snippet(finding, server);
    for (auto& finding : verdict.vary_candidates) attach_snippet(finding, server);
  }
  return verdict;
}

namespace {

RequestVerdict classify_request(const CompletedRequest& request) {
  RequestVerdict verdict;
  const RequestRecord& main = request.main;
  if (!main.seen_will_be_sent || main.is_preflight()) return verdict;
  verdict.had_preflight = !request.preflights.empty();

  const std::string origin = page_origin(request);
  verdict.cross_origin = origin != "null" && origin_of(main.url) != origin &&
                         (main.resource_type == "Fetch" || main.resource_type == "XHR" || verdict.had_preflight ||
                          main.cors_error.has_value());
  if (verdict.cross_origin) {
    verdict.endpoint = endpoint_key(main.method, main.url, origin);
    verdict.method = main.method;
    verdict.url = without_query(main.url);
    verdict.origin = origin;
    verdict.request_headers = cors::cors_unsafe_request_header_names(main.page_headers);
  }

  switch (main.state) {
    case RequestRecord::State::kPending:
      // A fetch() whose body the page never read has its response and no
      // loadingFinished (Chromium 156): it passed every CORS check.
      if (!main.seen_response) {
        verdict.outcome = RequestVerdict::Outcome::kUnfinished;
        return verdict;
      }
      [[fallthrough]];
    case RequestRecord::State::kFinished:
      verdict.outcome = RequestVerdict::Outcome::kOk;
      if (main.status && *main.status >= 500 && *main.status <= 599) verdict.server_error = *main.status;
      if (verdict.cross_origin) add_warnings(request, origin, verdict);
      return verdict;
    case RequestRecord::State::kFailed:
      break;
  }
  if (main.cors_error) {
    verdict.outcome = RequestVerdict::Outcome::kCorsFailure;
    verdict.findings.push_back(cors_failure_finding(request, origin));
    return verdict;
  }
  if (main.canceled) {
    verdict.outcome = RequestVerdict::Outcome::kCanceled;
    return verdict;
  }
  verdict.outcome = RequestVerdict::Outcome::kOtherFailure;
  verdict.other_error = main.error_text.empty() ? "unknown error" : main.error_text;
  if (!main.blocked_reason.empty()) verdict.other_error += " (blocked: " + main.blocked_reason + ")";
  return verdict;
}

}  // namespace

}  // namespace silentcors
