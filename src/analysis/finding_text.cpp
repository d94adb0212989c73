#include "analysis/finding_text.h"

#include <algorithm>
#include <set>

#include "analysis/cors_change.h"
#include "analysis/cors_rules.h"
#include "analysis/url_parts.h"

namespace silentcors {

namespace {

std::string now_sends(const std::optional<std::string>& value) {
  return value && !value->empty() ? "it now sends: " + *value : "it now sends none";
}

std::string where(bool about_preflight) { return about_preflight ? "preflight (OPTIONS) response" : "response"; }

// The actual request was answered with an error status: whatever CORS
// check failed on it, the status came first.
bool error_status_on_actual(const Finding& f, bool about_preflight) {
  return !about_preflight && f.status && (*f.status < 200 || *f.status > 299);
}

// With credentials, "*" in Allow-Headers or Allow-Methods is a literal name
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch, step 7).
bool literal_star(const std::optional<std::string>& list, bool credentialed) {
  if (!credentialed || !list) return false;
  auto names = cors::parse_header_list(*list);
  return names && std::find(names->begin(), names->end(), "*") != names->end();
}

// https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
const std::set<std::string> kSafelistedResponseHeaders = {
    "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"};

// Headers a page has no reason to read: transport, caching and security
// plumbing. Reporting them would bury the ones that matter.
const std::set<std::string> kPlumbing = {
    "accept-ranges", "access-control-allow-credentials", "access-control-allow-headers",
    "access-control-allow-methods", "access-control-allow-origin", "access-control-expose-headers",
    "access-control-max-age", "age", "alt-svc", "connection", "content-encoding", "content-security-policy",
    "content-security-policy-report-only", "cross-origin-embedder-policy", "cross-origin-opener-policy",
    "cross-origin-resource-policy", "date", "keep-alive", "nel", "origin-agent-cluster", "permissions-policy",
    "referrer-policy", "report-to", "reporting-endpoints", "server", "server-timing", "set-cookie",
    "strict-transport-security", "timing-allow-origin", "transfer-encoding", "vary", "via", "x-content-type-options",
    "x-frame-options", "x-powered-by", "x-xss-protection", "etag"};

// The items of an Access-Control-Allow-Headers/-Methods value that are not
// HTTP tokens, quoted: what made Chromium refuse the whole list.
std::vector<std::string> unparsed_items(const std::optional<std::string>& list) {
  std::vector<std::string> out;
  if (!list) return out;
  for (const auto& item : split_header_list(*list)) {
    if (!cors::is_http_token(item)) out.push_back("\"" + item + "\"");
  }
  return out;
}

std::string not_header_names(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + (items.size() == 1 ? " is not a header name" : " are not header names");
}

}  // namespace

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += (i + 1 == words.size()) ? " and " : ", ";
    out += words[i];
  }
  return out;
}

namespace {

std::string join_commas(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
  return out;
}

}  // namespace

std::string failure_message(const Finding& f, bool about_preflight, bool credentialed) {
  const std::string request = f.method + " " + f.url;
  if (error_status_on_actual(f, about_preflight)) {
    const std::string status = std::to_string(*f.status);
    const std::string what = f.kind == FindingKind::kMissingAllowOrigin
                                 ? "its error responses carry no CORS headers"
                                 : "its error response fails the CORS check (" + std::string(name_of(f.kind)) + ")";
    return "The server answered " + status + " to " + request + ", and " + what + ": the real failure is the " +
           status + "; the page only sees \"Failed to fetch\" and cannot read the error.";
  }
  const std::string never_sent = about_preflight ? ", so Chromium never sent the " + f.method + " (the page sees only "
                                                       "\"Failed to fetch\")."
                                                 : "; the server did process the request, but the page cannot read "
                                                   "the answer (it sees only \"Failed to fetch\").";
  const std::string headers = join_words(f.headers);
  switch (f.kind) {
    case FindingKind::kHeaderNotAllowed:
      if (const auto unparsed = unparsed_items(f.allow_headers); !unparsed.empty()) {
        // Chromium's InvalidAllowHeadersPreflightResponse: the list allows nothing.
        return "The preflight for " + request + " was refused as a whole: its Access-Control-Allow-Headers (" +
               *f.allow_headers + ") does not parse (" + not_header_names(unparsed) + ")" +
               (f.headers.empty() ? std::string(": it allows no request header")
                                  : ": it allows none of the request header" +
                                        std::string(f.headers.size() == 1 ? " " : "s ") + headers +
                                        " the preflight asked for") +
               never_sent;
      }
      return "The preflight for " + request + " did not allow the request header" +
             (f.headers.size() == 1 ? " " : "s ") + headers + " in Access-Control-Allow-Headers" + never_sent;
    case FindingKind::kMethodNotAllowed:
      return "The preflight for " + request + " did not allow the method " + f.method +
             " in Access-Control-Allow-Methods" + never_sent;
    case FindingKind::kPreflightStatus:
      return "The preflight for " + request + " was answered " +
             (f.preflight_status ? std::to_string(*f.preflight_status) : std::string("with an error status")) +
             ", not 2xx" + never_sent;
    case FindingKind::kPreflightRedirect:
      return "The preflight for " + request + " was answered with a redirect, which preflights may not follow" +
             never_sent;
    case FindingKind::kMissingAllowOrigin:
      return "The " + where(about_preflight) + " for " + request + " has no Access-Control-Allow-Origin for " +
             f.origin + never_sent;
    case FindingKind::kAllowOriginMismatch:
      return "The " + where(about_preflight) + " for " + request + " allows the origin " +
             f.allow_origin.value_or("(none)") + ", not the page's origin " + f.origin + never_sent;
    case FindingKind::kMultipleAllowOrigin:
      return "The " + where(about_preflight) + " for " + request +
             " carries several Access-Control-Allow-Origin values (" + f.allow_origin.value_or("") +
             "); browsers accept exactly one" + never_sent;
    case FindingKind::kCredentialsNotAllowed:
      return request + " is sent with credentials, but its " + where(about_preflight) +
             " lacks Access-Control-Allow-Credentials: true" + never_sent;
    case FindingKind::kWildcardWithCredentials:
      return request + " is sent with credentials, and Access-Control-Allow-Origin: * does not cover credentialed "
                       "requests" + never_sent;
    case FindingKind::kHeaderNotExposed:
    case FindingKind::kServerTimingHidden:
    case FindingKind::kAuthorizationWildcard:
    case FindingKind::kVaryOriginMissing:
    case FindingKind::kOtherCors:
      break;  // Latent kinds are worded by latent_finding; the rest by Chromium's code.
  }
  std::string chrome = f.chrome ? f.chrome->cors_error : "an unknown reason";
  if (f.chrome && !f.chrome->failed_parameter.empty()) chrome += " (" + f.chrome->failed_parameter + ")";
  (void)credentialed;
  return "Chromium blocked " + request + " for a CORS reason it calls " + chrome + never_sent;
}

std::string failure_fix(const Finding& f, bool about_preflight, bool credentialed) {
  const std::string server = origin_of(f.url);
  const std::string on = about_preflight ? "the OPTIONS responses of " + server : "the responses of " + server;
  if (error_status_on_actual(f, about_preflight)) {
    return "Find why " + f.method + " " + without_query(f.url) + " answered " + std::to_string(*f.status) +
           " (the server's logs have it), and send the CORS headers on " + server +
           "'s error responses too, so the page can read them (nginx: add_header ... always)";
  }
  const std::string star = " (it now sends: *, which does not count with credentials: list each name)";
  switch (f.kind) {
    case FindingKind::kHeaderNotAllowed:
      if (const auto unparsed = unparsed_items(f.allow_headers); !unparsed.empty()) {
        return "Send Access-Control-Allow-Headers on " + server + " as a comma-separated list of header names" +
               (f.headers.empty() ? std::string(" that lists the headers the page sends")
                                  : " that lists " + join_commas(f.headers)) +
               " (it now sends: " + *f.allow_headers + "; " + not_header_names(unparsed) + ")";
      }
      if (literal_star(f.allow_headers, credentialed)) {
        return "Add " + join_commas(f.headers) + " to Access-Control-Allow-Headers on " + server + star;
      }
      return "Add " + join_commas(f.headers) + " to Access-Control-Allow-Headers on " + server + " (" +
             now_sends(f.allow_headers) + ")";
    case FindingKind::kMethodNotAllowed:
      if (literal_star(f.allow_methods, credentialed)) {
        return "Add " + f.method + " to Access-Control-Allow-Methods on " + server + star;
      }
      return "Add " + f.method + " to Access-Control-Allow-Methods on " + server + " (" + now_sends(f.allow_methods) +
             ")";
    case FindingKind::kPreflightStatus:
      return "Answer OPTIONS " + without_query(f.url) + " with 2xx before authentication or routing runs " +
             "(a preflight never carries credentials)";
    case FindingKind::kPreflightRedirect:
      return "Serve " + without_query(f.url) + " without a redirect, or call the URL it redirects to";
    case FindingKind::kMissingAllowOrigin:
    case FindingKind::kAllowOriginMismatch:
      return "Send Access-Control-Allow-Origin: " + f.origin + " on " + on + " (" + now_sends(f.allow_origin) + ")";
    case FindingKind::kMultipleAllowOrigin:
      return "Send exactly one Access-Control-Allow-Origin (" + f.origin + ") on " + on +
             "; two layers (often a proxy and the app) each add one";
    case FindingKind::kCredentialsNotAllowed:
      return "Send Access-Control-Allow-Credentials: true on " + on +
             ", or drop credentials: 'include' if the request needs no cookies";
    case FindingKind::kWildcardWithCredentials:
      return "Echo the page's origin (" + f.origin + ") in Access-Control-Allow-Origin instead of * on " + on;
    case FindingKind::kHeaderNotExposed:
    case FindingKind::kServerTimingHidden:
    case FindingKind::kAuthorizationWildcard:
    case FindingKind::kVaryOriginMissing:
    case FindingKind::kOtherCors:
      break;
  }
  return "Check the CORS configuration of " + server + " for requests from " + f.origin +
         (f.chrome ? " (Chromium's code for this failure: " + f.chrome->cors_error + ")" : std::string());
}

Finding latent_finding(FindingKind kind, const RequestRecord& main, const std::string& origin,
                       std::vector<std::string> headers) {
  Finding f;
  f.kind = kind;
  f.severity = std::string(info(kind).severity);
  f.method = main.method;
  f.url = main.url;
  f.origin = origin;
  f.headers = std::move(headers);
  f.status = main.status;
  const std::string server = origin_of(main.url);
  const std::string request = main.method + " " + main.url;
  switch (kind) {
    case FindingKind::kAuthorizationWildcard:
      f.message = request + " sends Authorization, which Access-Control-Allow-Headers allows only through *: "
                  "Chromium lets it pass with a deprecation warning, but the Fetch standard and Firefox refuse it.";
      f.fix = "List Authorization explicitly in Access-Control-Allow-Headers on " + server;
      break;
    case FindingKind::kHeaderNotExposed:
      f.message = request + " returns " + join_words(f.headers) + ", which JavaScript on " + origin +
                  " cannot read: not in Access-Control-Expose-Headers (reads return null).";
      f.fix = "Add " + join_commas(f.headers) + " to Access-Control-Expose-Headers on " + server +
              " if the page reads " + (f.headers.size() == 1 ? "it" : "them") + " (" +
              now_sends(main.response_headers.get("access-control-expose-headers")) + ")";
      break;
    case FindingKind::kServerTimingHidden:
      f.message = request + " sends Server-Timing, but without Timing-Allow-Origin for " + origin +
                  " the page's Resource Timing shows none of it.";
      f.fix = "Send Timing-Allow-Origin: " + origin + " on the responses of " + server + " (" +
              now_sends(main.response_headers.get("timing-allow-origin")) + ")";
      break;
    case FindingKind::kVaryOriginMissing:
      f.message = request + " echoes the page's origin in Access-Control-Allow-Origin without Vary: Origin: a "
                  "shared cache (a CDN, a proxy) may serve this answer to a page on another origin, where it fails.";
      f.fix = "Send Vary: Origin on the responses of " + server + " that echo the origin (" +
              now_sends(main.response_headers.get("vary")) + ")";
      break;
    case FindingKind::kHeaderNotAllowed:
    case FindingKind::kMethodNotAllowed:
    case FindingKind::kPreflightStatus:
    case FindingKind::kPreflightRedirect:
    case FindingKind::kMissingAllowOrigin:
    case FindingKind::kAllowOriginMismatch:
    case FindingKind::kMultipleAllowOrigin:
    case FindingKind::kCredentialsNotAllowed:
    case FindingKind::kWildcardWithCredentials:
    case FindingKind::kOtherCors:
      break;  // Failures, not latent: classifier.cpp words them.
  }
  return f;
}

bool varies_by_origin(const HttpHeaders& response_headers) {
  for (const auto& value : response_headers.get_all("vary")) {
    auto names = cors::parse_header_list(value);
    if (!names) continue;
    for (const auto& name : *names) {
      if (name == "*" || name == "origin") return true;
    }
  }
  return false;
}

std::vector<std::string> unexposed_response_headers(const HttpHeaders& response_headers) {
  std::set<std::string> exposed;
  bool wildcard = false;
  if (auto list = response_headers.get("access-control-expose-headers")) {
    if (auto names = cors::parse_header_list(*list)) {
      for (const auto& name : *names) {
        if (name == "*") wildcard = true;
        exposed.insert(name);
      }
    }
  }
  // "*" exposes everything to requests without credentials; the common case.
  if (wildcard && response_headers.get("access-control-allow-credentials") != "true") return {};
  std::set<std::string> hidden;
  for (const HttpHeader header : response_headers) {
    std::string name = to_lower_ascii(header.name);
    if (kSafelistedResponseHeaders.count(name) || kPlumbing.count(name) || exposed.count(name)) continue;
    hidden.insert(name);
  }
  return {hidden.begin(), hidden.end()};
}

bool timing_allowed(const HttpHeaders& response_headers, const std::string& origin) {
  for (const auto& value : response_headers.get_all("timing-allow-origin")) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(',', start);
      std::string item = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (item == "*" || item == origin) return true;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return false;
}

}  // namespace silentcors
