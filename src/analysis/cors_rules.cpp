#include "analysis/cors_rules.h"

#include <algorithm>
#include <array>

namespace silentcors::cors {
namespace {

constexpr std::string_view kAllowOrigin = "access-control-allow-origin";
constexpr std::string_view kAllowCredentials = "access-control-allow-credentials";
constexpr std::string_view kAllowMethods = "access-control-allow-methods";
constexpr std::string_view kAllowHeaders = "access-control-allow-headers";

bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string to_upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view trim(std::string_view text, std::string_view whitespace) {
  size_t begin = text.find_first_not_of(whitespace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(whitespace);
  return text.substr(begin, end - begin + 1);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// A comma-separated list split into its valid tokens and the items that are
// not tokens (kept as written, for the error message).
struct SplitList {
  std::vector<std::string> tokens;
  std::vector<std::string> invalid;
};

SplitList split_list(std::string_view value, bool lower) {
  SplitList out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    // Optional whitespace around items is SP/HTAB only (RFC 9110 OWS).
    std::string_view item = trim(value.substr(start, comma - start), " \t");
    if (!item.empty()) {
      if (!is_http_token(item)) {
        out.invalid.emplace_back(item);
      } else {
        out.tokens.push_back(lower ? to_lower_ascii(item) : std::string(item));
      }
    }
    start = comma + 1;
  }
  return out;
}

// https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
bool is_cors_unsafe_request_header_byte(unsigned char b) {
  if (b < 0x20) return b != 0x09;
  return std::string_view("\"():<>?@[\\]{}\x7f").find(static_cast<char>(b)) !=
         std::string_view::npos;
}

bool has_unsafe_byte(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) {
    return is_cors_unsafe_request_header_byte(static_cast<unsigned char>(c));
  });
}

// Accept-Language / Content-Language: 0-9 A-Z a-z space * , - . ; = only.
bool is_language_value(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           std::string_view(" *,-.;=").find(c) != std::string_view::npos;
  });
}

// https://mimesniff.spec.whatwg.org/#parse-a-mime-type, as far as the
// essence: type "/" subtype, both tokens; parameters never fail parsing.
std::optional<std::string> mime_essence(std::string_view value) {
  value = trim(value, " \t\r\n");
  size_t slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view type = value.substr(0, slash);
  std::string_view rest = value.substr(slash + 1);
  std::string_view subtype = rest.substr(0, rest.find(';'));
  size_t last = subtype.find_last_not_of(" \t\r\n");
  subtype = last == std::string_view::npos ? std::string_view() : subtype.substr(0, last + 1);
  if (!is_http_token(type) || !is_http_token(subtype)) return std::nullopt;
  return to_lower_ascii(type) + "/" + to_lower_ascii(subtype);
}

bool is_safelisted_content_type(std::string_view value) {
  if (has_unsafe_byte(value)) return false;
  auto essence = mime_essence(value);
  return essence && (*essence == "application/x-www-form-urlencoded" ||
                     *essence == "multipart/form-data" || *essence == "text/plain");
}

// https://fetch.spec.whatwg.org/#simple-range-header-value: "bytes=" start
// "-" [end], one range, no suffix range, start <= end.
bool is_simple_range(std::string_view value) {
  std::string lower = to_lower_ascii(value);
  std::string_view rest(lower);
  if (!rest.starts_with("bytes=")) return false;
  rest.remove_prefix(6);
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos) return false;
  std::string_view start = rest.substr(0, dash), end = rest.substr(dash + 1);
  if (!is_digits(start) || (!end.empty() && !is_digits(end))) return false;
  if (end.empty()) return true;
  // Compare as numbers without overflow: strip leading zeros, then length.
  start = start.substr(std::min(start.find_first_not_of('0'), start.size()));
  end = end.substr(std::min(end.find_first_not_of('0'), end.size()));
  return start.size() != end.size() ? start.size() < end.size() : start <= end;
}

// 1*DIGIT [ "." 1*DIGIT ], Chromium's value rule for numeric client hints.
bool is_decimal(std::string_view value) {
  size_t dot = value.find('.');
  if (dot == std::string_view::npos) return is_digits(value);
  return is_digits(value.substr(0, dot)) && is_digits(value.substr(dot + 1));
}

bool is_ok_status(int status) { return status >= 200 && status <= 299; }

// Chromium reports kInvalidAllowOriginValue when GURL cannot parse the value;
// this approximates that with "scheme://something".
bool looks_like_origin_url(std::string_view value) {
  size_t colon = value.find("://");
  if (colon == 0 || colon == std::string_view::npos || colon + 3 >= value.size()) return false;
  std::string_view scheme = value.substr(0, colon);
  if (!((scheme[0] >= 'a' && scheme[0] <= 'z') || (scheme[0] >= 'A' && scheme[0] <= 'Z'))) {
    return false;
  }
  return std::all_of(scheme.begin(), scheme.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '+' || c == '-' || c == '.';
  });
}

CorsError make(CorsErrorKind kind, std::vector<std::string> params, std::string detail,
               Severity severity = Severity::kError) {
  return CorsError{kind, severity, std::move(params), std::move(detail)};
}

// The Access-Control-Allow-Origin part of https://fetch.spec.whatwg.org/#cors-check
// with Chromium's finer error kinds (cors.cc CheckAccess).
std::optional<CorsError> check_allow_origin(const CorsRequest& request,
                                            const HttpHeaders& headers) {
  std::optional<std::string> value = headers.get(kAllowOrigin);
  if (!value) {
    return make(CorsErrorKind::kMissingAllowOrigin, {""},
                "The response has no Access-Control-Allow-Origin header.");
  }
  if (*value == "*") {
    // https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
    if (!request.credentialed()) return std::nullopt;
    return make(CorsErrorKind::kWildcardWithCredentials, {*value},
                "Access-Control-Allow-Origin is * but the request is sent with credentials, "
                "so the server must answer with the origin " + request.origin + " itself.");
  }
  // Exact byte comparison with the serialized origin, "null" included.
  if (*value == request.origin) return std::nullopt;
  // A repeated header arrives joined with ", " (HttpHeaders::get).
  if (value->find_first_of(" ,") != std::string::npos) {
    return make(CorsErrorKind::kMultipleAllowOrigin, {*value},
                "Access-Control-Allow-Origin holds several values (" + *value +
                    ") but must hold exactly one origin.");
  }
  if (*value != "null" && !looks_like_origin_url(*value)) {
    return make(CorsErrorKind::kInvalidAllowOrigin, {*value},
                "Access-Control-Allow-Origin \"" + *value + "\" is not an origin; expected " +
                    request.origin + ".");
  }
  std::string why = ".";
  if (*value == request.origin + "/") {
    why = " (an origin has no trailing slash).";
  } else if (equals_ignore_case(*value, request.origin)) {
    why = " (the comparison is case-sensitive).";
  }
  return make(CorsErrorKind::kAllowOriginMismatch, {*value},
              "Access-Control-Allow-Origin is " + *value + " but the request's origin is " +
                  request.origin + why);
}

// https://fetch.spec.whatwg.org/#http-access-control-allow-credentials:
// only the exact, case-sensitive value "true" counts.
std::optional<CorsError> check_allow_credentials(const CorsRequest& request,
                                                 const HttpHeaders& headers) {
  if (!request.credentialed()) return std::nullopt;
  std::optional<std::string> value = headers.get(kAllowCredentials);
  if (value == "true") return std::nullopt;
  std::string shown = value ? "is \"" + *value + "\"" : "is missing";
  return make(CorsErrorKind::kCredentialsNotAllowed, {value.value_or("")},
              "Access-Control-Allow-Credentials " + shown +
                  " but must be exactly true for a request sent with credentials.");
}

// CORS-preflight fetch, the method step. Chromium (preflight_result.cc)
// upper-cases the request method and compares it case-sensitively with the
// listed methods, so "put" or "Patch" in the list never match.
void check_method(const CorsRequest& request, const std::optional<std::string>& raw,
                  const std::vector<std::string>& methods, std::vector<CorsError>& out) {
  const std::string& method = request.method;
  if (is_cors_safelisted_method(method)) return;
  std::string upper = to_upper_ascii(method);
  if (contains(methods, upper)) return;
  bool has_star = contains(methods, "*");
  if (has_star && !request.credentialed()) return;

  std::string detail;
  auto other_case = std::find_if(methods.begin(), methods.end(), [&](const std::string& m) {
    return equals_ignore_case(m, upper);
  });
  if (!raw) {
    detail = "The preflight response has no Access-Control-Allow-Methods, so only GET, HEAD "
             "and POST are allowed, not " + method + ".";
  } else if (other_case != methods.end()) {
    detail = "Access-Control-Allow-Methods lists " + *other_case +
             " but methods are compared case-sensitively with " + upper + ".";
  } else {
    detail = "Access-Control-Allow-Methods (" + *raw + ") does not list " + method + ".";
  }
  out.push_back(make(CorsErrorKind::kMethodNotAllowed, {method}, std::move(detail)));
  if (has_star) {
    out.push_back(make(CorsErrorKind::kWildcardIgnoredWithCredentials, {method},
                       "Access-Control-Allow-Methods is * but a request sent with credentials "
                       "takes * literally, so " + method + " must be listed by name.",
                       Severity::kWarning));
  }
}

// CORS-preflight fetch, the header steps: every CORS-unsafe request header
// must be listed; "*" covers them only without credentials, and never covers
// Authorization (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
void check_headers(const CorsRequest& request, const std::optional<std::string>& raw,
                   const std::vector<std::string>& allowed, std::vector<CorsError>& out) {
  bool has_star = contains(allowed, "*");
  bool wildcard = has_star && !request.credentialed();
  std::vector<std::string> refused, star_only, authorization;
  for (const auto& name : cors_unsafe_request_header_names(request.headers)) {
    if (contains(allowed, name)) continue;
    if (wildcard) {
      // Chromium still lets Authorization through "*" with a deprecation
      // issue (AuthorizationCoveredByWildcard); the standard does not.
      if (name == "authorization") authorization.push_back(name);
      continue;
    }
    refused.push_back(name);
    if (has_star) star_only.push_back(name);
  }
  if (!refused.empty()) {
    std::string names = join(refused, ", ");
    out.push_back(make(CorsErrorKind::kHeaderNotAllowed, refused,
                       raw ? "Access-Control-Allow-Headers (" + *raw + ") does not list " +
                                 names + "."
                           : "The preflight response has no Access-Control-Allow-Headers, so "
                             "the request headers " + names + " are refused."));
  }
  if (!star_only.empty()) {
    out.push_back(make(CorsErrorKind::kWildcardIgnoredWithCredentials, star_only,
                       "Access-Control-Allow-Headers is * but a request sent with credentials "
                       "takes * literally, so " + join(star_only, ", ") +
                           " must be listed by name.",
                       Severity::kWarning));
  }
  if (!authorization.empty()) {
    out.push_back(make(CorsErrorKind::kAuthorizationWildcard, authorization,
                       "Authorization is allowed only through * in Access-Control-Allow-Headers, "
                       "which Chromium still accepts but the Fetch standard and Firefox refuse.",
                       Severity::kWarning));
  }
}

}  // namespace

FindingKind finding_kind(CorsErrorKind kind) {
  switch (kind) {
    case CorsErrorKind::kPreflightRedirect: return FindingKind::kPreflightRedirect;
    case CorsErrorKind::kMissingAllowOrigin: return FindingKind::kMissingAllowOrigin;
    case CorsErrorKind::kMultipleAllowOrigin: return FindingKind::kMultipleAllowOrigin;
    case CorsErrorKind::kWildcardWithCredentials: return FindingKind::kWildcardWithCredentials;
    case CorsErrorKind::kInvalidAllowOrigin: return FindingKind::kAllowOriginMismatch;
    case CorsErrorKind::kAllowOriginMismatch: return FindingKind::kAllowOriginMismatch;
    case CorsErrorKind::kCredentialsNotAllowed: return FindingKind::kCredentialsNotAllowed;
    case CorsErrorKind::kPreflightStatus: return FindingKind::kPreflightStatus;
    case CorsErrorKind::kInvalidAllowMethods: return FindingKind::kMethodNotAllowed;
    case CorsErrorKind::kInvalidAllowHeaders: return FindingKind::kHeaderNotAllowed;
    case CorsErrorKind::kMethodNotAllowed: return FindingKind::kMethodNotAllowed;
    case CorsErrorKind::kHeaderNotAllowed: return FindingKind::kHeaderNotAllowed;
    case CorsErrorKind::kWildcardIgnoredWithCredentials: return FindingKind::kWildcardWithCredentials;
    case CorsErrorKind::kAuthorizationWildcard: return FindingKind::kAuthorizationWildcard;
  }
  return FindingKind::kOtherCors;
}

std::string_view kind_name(CorsErrorKind kind) { return name_of(finding_kind(kind)); }

std::string_view chromium_cors_error(CorsErrorKind kind, bool preflight) {
  switch (kind) {
    case CorsErrorKind::kPreflightRedirect: return "PreflightDisallowedRedirect";
    case CorsErrorKind::kMissingAllowOrigin:
      return preflight ? "PreflightMissingAllowOriginHeader" : "MissingAllowOriginHeader";
    case CorsErrorKind::kMultipleAllowOrigin:
      return preflight ? "PreflightMultipleAllowOriginValues" : "MultipleAllowOriginValues";
    case CorsErrorKind::kWildcardWithCredentials:
      return preflight ? "PreflightWildcardOriginNotAllowed" : "WildcardOriginNotAllowed";
    case CorsErrorKind::kInvalidAllowOrigin:
      return preflight ? "PreflightInvalidAllowOriginValue" : "InvalidAllowOriginValue";
    case CorsErrorKind::kAllowOriginMismatch:
      return preflight ? "PreflightAllowOriginMismatch" : "AllowOriginMismatch";
    case CorsErrorKind::kCredentialsNotAllowed:
      return preflight ? "PreflightInvalidAllowCredentials" : "InvalidAllowCredentials";
    case CorsErrorKind::kPreflightStatus: return "PreflightInvalidStatus";
    case CorsErrorKind::kInvalidAllowMethods: return "InvalidAllowMethodsPreflightResponse";
    case CorsErrorKind::kInvalidAllowHeaders: return "InvalidAllowHeadersPreflightResponse";
    case CorsErrorKind::kMethodNotAllowed: return "MethodDisallowedByPreflightResponse";
    case CorsErrorKind::kHeaderNotAllowed: return "HeaderDisallowedByPreflightResponse";
    case CorsErrorKind::kWildcardIgnoredWithCredentials:
    case CorsErrorKind::kAuthorizationWildcard: return "";
  }
  return "";
}

bool CorsResponse::is_redirect() const {
  if (redirect_location) return true;
  bool redirect_status =
      status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  return redirect_status && headers.has("location");
}

bool is_http_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

std::optional<std::vector<std::string>> parse_header_list(std::string_view value) {
  SplitList list = split_list(value, /*lower=*/true);
  if (!list.invalid.empty()) return std::nullopt;
  return std::move(list.tokens);
}

std::optional<std::vector<std::string>> parse_method_list(std::string_view value) {
  SplitList list = split_list(value, /*lower=*/false);
  if (!list.invalid.empty()) return std::nullopt;
  return std::move(list.tokens);
}

bool is_cors_safelisted_method(std::string_view method) {
  return equals_ignore_case(method, "GET") || equals_ignore_case(method, "HEAD") ||
         equals_ignore_case(method, "POST");
}

bool is_cors_safelisted_request_header(std::string_view name, std::string_view value) {
  if (value.size() > 128) return false;
  std::string lower = to_lower_ascii(name);
  if (lower == "accept") return !has_unsafe_byte(value);
  if (lower == "accept-language" || lower == "content-language") return is_language_value(value);
  if (lower == "content-type") return is_safelisted_content_type(value);
  if (lower == "range") return is_simple_range(value);
  // Chromium-only (cors.cc IsCorsSafelistedHeader): legacy client hints and
  // its own Intervention header.
  if (lower == "device-memory" || lower == "dpr" || lower == "downlink") return is_decimal(value);
  if (lower == "width" || lower == "viewport-width" || lower == "rtt") return is_digits(value);
  if (lower == "ect") {
    return value == "slow-2g" || value == "2g" || value == "3g" || value == "4g";
  }
  if (lower == "save-data") return equals_ignore_case(value, "on");
  return lower == "intervention";
}

bool is_forbidden_request_header_name(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kNames = {
      "accept-charset", "accept-encoding", "access-control-request-headers",
      "access-control-request-method", "connection", "content-length", "cookie", "cookie2",
      "date", "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te",
      "trailer", "transfer-encoding", "upgrade", "via",
      // Chromium keeps these for itself too (net::HttpUtil::IsSafeHeader).
      "user-agent", "content-transfer-encoding", "access-control-request-private-network"};
  std::string lower = to_lower_ascii(name);
  if (lower.starts_with("proxy-") || lower.starts_with("sec-")) return true;
  return std::find(kNames.begin(), kNames.end(), lower) != kNames.end();
}

std::vector<std::string> cors_unsafe_request_header_names(const HttpHeaders& headers) {
  std::vector<std::string> unsafe, safelisted;
  size_t safelisted_bytes = 0;
  for (const HttpHeader header : headers) {
    if (is_forbidden_request_header_name(header.name)) continue;
    if (is_cors_safelisted_request_header(header.name, header.value)) {
      safelisted.push_back(to_lower_ascii(header.name));
      safelisted_bytes += header.value.size();
    } else {
      unsafe.push_back(to_lower_ascii(header.name));
    }
  }
  // Safelisted values may add up to 1024 bytes; beyond that they all count.
  if (safelisted_bytes > 1024) unsafe.insert(unsafe.end(), safelisted.begin(), safelisted.end());
  std::sort(unsafe.begin(), unsafe.end());
  unsafe.erase(std::unique(unsafe.begin(), unsafe.end()), unsafe.end());
  return unsafe;
}

bool needs_preflight(const CorsRequest& request) {
  return !is_cors_safelisted_method(request.method) ||
         !cors_unsafe_request_header_names(request.headers).empty();
}

std::vector<CorsError> check_access(const CorsRequest& request, const CorsResponse& response) {
  std::vector<CorsError> out;
  if (auto error = check_allow_origin(request, response.headers)) out.push_back(*error);
  if (auto error = check_allow_credentials(request, response.headers)) out.push_back(*error);
  return out;
}

std::vector<CorsError> check_preflight(const CorsRequest& request,
                                       const CorsResponse& preflight_response) {
  const HttpHeaders& headers = preflight_response.headers;
  if (preflight_response.is_redirect()) {
    std::string location =
        preflight_response.redirect_location.value_or(headers.get("location").value_or(""));
    return {make(CorsErrorKind::kPreflightRedirect, {location},
                 "The preflight was answered with a redirect to " + location +
                     ", which browsers never follow for a preflight.")};
  }
  // Chromium checks origin and credentials before the status, so a 401
  // without CORS headers shows up as a missing Allow-Origin first.
  std::vector<CorsError> out = check_access(request, preflight_response);
  if (!is_ok_status(preflight_response.status)) {
    std::string status = std::to_string(preflight_response.status);
    out.push_back(make(CorsErrorKind::kPreflightStatus, {status},
                       "The preflight response status is " + status +
                           " but must be in the 200-299 range."));
  }

  std::optional<std::string> methods_raw = headers.get(kAllowMethods);
  std::optional<std::string> headers_raw = headers.get(kAllowHeaders);
  SplitList methods = split_list(methods_raw.value_or(""), /*lower=*/false);
  SplitList allowed = split_list(headers_raw.value_or(""), /*lower=*/true);
  if (!methods.invalid.empty()) {
    out.push_back(make(CorsErrorKind::kInvalidAllowMethods, methods.invalid,
                       "Access-Control-Allow-Methods (" + *methods_raw +
                           ") is not a comma-separated list of methods."));
  }
  if (!allowed.invalid.empty()) {
    out.push_back(make(CorsErrorKind::kInvalidAllowHeaders, allowed.invalid,
                       "Access-Control-Allow-Headers (" + *headers_raw +
                           ") is not a comma-separated list of header names."));
  }
  // An unparseable list allows nothing, and what its fixed version will allow
  // is anyone's guess, so its own check is skipped rather than guessed.
  if (methods.invalid.empty()) check_method(request, methods_raw, methods.tokens, out);
  if (allowed.invalid.empty()) check_headers(request, headers_raw, allowed.tokens, out);
  return out;
}

const CorsError* first_chromium_would_report(const std::vector<CorsError>& errors) {
  for (const auto& error : errors) {
    if (error.severity == Severity::kError) return &error;
  }
  return nullptr;
}

}  // namespace silentcors::cors
