// CORS rules as small pure functions over header values, in the style of
// Chromium's services/network/public/cpp/cors/ (cors.cc, preflight_result.cc).
//
// Chromium tells us over CDP about ONE refused thing per request
// (corsErrorStatus.failedParameter). These rules look at the preflight
// response themselves and name EVERY refused header, plus what else would
// fail once the first error is fixed.
//
// Spec references are to the Fetch Living Standard by anchor
// (https://fetch.spec.whatwg.org/#...), because section numbers drift.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/http_headers.h"

#include "analysis/finding_kind.h"

namespace silentcors::cors {

enum class CorsErrorKind {
  kPreflightRedirect,          // preflight answered with a redirect
  kMissingAllowOrigin,         // no Access-Control-Allow-Origin
  kMultipleAllowOrigin,        // several values (repeated header or a list)
  kWildcardWithCredentials,    // "*" allow-origin on a credentialed request
  kInvalidAllowOrigin,         // value is not an origin at all
  kAllowOriginMismatch,        // an origin, but not the request's
  kCredentialsNotAllowed,      // Allow-Credentials not exactly "true"
  kPreflightStatus,            // preflight status not 2xx
  kInvalidAllowMethods,        // Allow-Methods is not a list of tokens
  kInvalidAllowHeaders,        // Allow-Headers is not a list of tokens
  kMethodNotAllowed,           // method missing from Allow-Methods
  kHeaderNotAllowed,           // request header(s) missing from Allow-Headers
  // Warnings: Chromium lets the request through today.
  kWildcardIgnoredWithCredentials,  // refused only because "*" is literal
  kAuthorizationWildcard,           // Authorization covered only by "*"
};

enum class Severity { kError, kWarning };

// The report `kind` (docs/report.md, "Kinds"). Several kinds share a name:
// kInvalidAllowOrigin -> "allow-origin-mismatch" (the value cannot match any
// origin), kInvalidAllowMethods -> "method-not-allowed", kInvalidAllowHeaders
// -> "header-not-allowed" (an unparseable list allows nothing),
// kWildcardIgnoredWithCredentials -> "wildcard-with-credentials".
FindingKind finding_kind(CorsErrorKind kind);
std::string_view kind_name(CorsErrorKind kind);  // name_of(finding_kind(kind))

// The Network.CorsError value Chromium reports for `kind`, with the
// "Preflight" variant when the check ran on a preflight response; "" for the
// warnings, which Chromium does not report as CORS errors.
std::string_view chromium_cors_error(CorsErrorKind kind, bool preflight);

struct CorsError {
  CorsErrorKind kind;
  Severity severity = Severity::kError;
  // kHeaderNotAllowed, kWildcardIgnoredWithCredentials, kAuthorizationWildcard:
  //   the refused request header names, lower-case, sorted (or the method).
  // kMethodNotAllowed: the request method.
  // Allow-Origin kinds: the Allow-Origin value ("" when missing).
  // kCredentialsNotAllowed: the Allow-Credentials value ("" when missing).
  // kPreflightStatus: the status code; kPreflightRedirect: the Location.
  // kInvalidAllowMethods/-Headers: the items that are not HTTP tokens.
  std::vector<std::string> params;
  std::string detail;  // one plain sentence
  bool operator==(const CorsError&) const = default;
};

// https://fetch.spec.whatwg.org/#concept-request-credentials-mode
enum class CredentialsMode { kOmit, kSameOrigin, kInclude };

struct CorsRequest {
  std::string origin;  // serialized origin, e.g. "http://app.example" or "null"
  std::string method = "GET";
  // The headers of requestWillBeSent.request.headers. Browser-controlled
  // names in it (User-Agent, Referer, Sec-*...) are ignored by the rules.
  HttpHeaders headers;
  // For a cross-origin request only "include" sends credentials.
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  bool credentialed() const { return credentials == CredentialsMode::kInclude; }
};

struct CorsResponse {
  int status = 200;
  HttpHeaders headers;
  // Set when the capture saw a redirect (e.g. redirectResponse in CDP). A
  // 301/302/303/307/308 carrying a Location header counts as one as well.
  std::optional<std::string> redirect_location;
  bool is_redirect() const;
};

// https://fetch.spec.whatwg.org/#extract-header-list-values with the
// #token ABNF of Access-Control-Allow-Headers/-Methods: split on ',', trim
// SP/HTAB, skip empty items; any other item that is not an HTTP token makes
// the whole value invalid (nullopt). Header names come back lower-case,
// methods as written (they are compared case-sensitively).
std::optional<std::vector<std::string>> parse_header_list(std::string_view value);
std::optional<std::vector<std::string>> parse_method_list(std::string_view value);
// https://httpwg.org/specs/rfc9110.html#tokens
bool is_http_token(std::string_view text);

// https://fetch.spec.whatwg.org/#cors-safelisted-method: GET, HEAD, POST
// (case-insensitively, as Fetch normalizes them to upper case).
bool is_cors_safelisted_method(std::string_view method);

// https://fetch.spec.whatwg.org/#cors-safelisted-request-header, with the
// value rules, plus the few names Chromium also safelists (client hints,
// Intervention).
bool is_cors_safelisted_request_header(std::string_view name, std::string_view value);

// https://fetch.spec.whatwg.org/#forbidden-request-header names (the page
// cannot set them; the browser adds them itself), plus what Chromium also
// keeps for itself: User-Agent, Content-Transfer-Encoding,
// Access-Control-Request-Private-Network.
bool is_forbidden_request_header_name(std::string_view name);

// https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: sorted,
// lower-cased, de-duplicated names that need an Access-Control-Allow-Headers
// allowance, including the safelisted ones once their values exceed 1024
// bytes in total. Forbidden names are skipped (as Chromium does), since CDP
// shows browser-added headers among the page's.
std::vector<std::string> cors_unsafe_request_header_names(const HttpHeaders& headers);

// Whether the request needs a CORS-preflight fetch: a non-safelisted method
// or at least one CORS-unsafe request header.
bool needs_preflight(const CorsRequest& request);

// https://fetch.spec.whatwg.org/#cors-check on an actual (non-preflight)
// response: the Allow-Origin error, if any, then the Allow-Credentials one.
std::vector<CorsError> check_access(const CorsRequest& request, const CorsResponse& response);

// https://fetch.spec.whatwg.org/#cors-preflight-fetch: ALL problems of the
// preflight response for `request`, in Chromium's checking order:
// allow-origin, allow-credentials, status, Allow-Methods then Allow-Headers
// syntax, method, headers. Each warning follows the check it belongs to.
// A redirect is reported alone: the redirect response says nothing about
// what the final URL would answer.
std::vector<CorsError> check_preflight(const CorsRequest& request,
                                       const CorsResponse& preflight_response);

// The error Chromium reports (the first of severity error, given the order
// above), or nullptr. For kHeaderNotAllowed Chromium names only the first
// refused header in request order as failedParameter; params has them all.
const CorsError* first_chromium_would_report(const std::vector<CorsError>& errors);

}  // namespace silentcors::cors
