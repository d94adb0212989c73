// Tests in the style of Chromium's cors_unittest.cc and
// preflight_result_unittest.cc: one test per error kind, tables for the
// combinations, and Envoy-style policy tests that start from a good policy
// and change one field per case.
#include "analysis/cors_rules.h"

#include <functional>
#include <ostream>

#include <gtest/gtest.h>

namespace silentcors::cors {

// Readable gtest failure output for kinds.
void PrintTo(CorsErrorKind kind, std::ostream* os) {
  *os << static_cast<int>(kind) << " (" << kind_name(kind) << ")";
}

void PrintTo(const CorsError& error, std::ostream* os) {
  PrintTo(error.kind, os);
  *os << (error.severity == Severity::kError ? " error [" : " warning [");
  for (const auto& param : error.params) *os << '"' << param << "\" ";
  *os << "] " << error.detail;
}

namespace {

using Strings = std::vector<std::string>;

constexpr const char* kOrigin = "http://app.example";

std::vector<CorsErrorKind> kinds(const std::vector<CorsError>& errors) {
  std::vector<CorsErrorKind> out;
  for (const auto& e : errors) out.push_back(e.kind);
  return out;
}

// A good cross-origin policy for a credentialed, traced PUT; tests change one
// field at a time.
struct Policy {
  int status = 204;
  std::optional<std::string> allow_origin = kOrigin;
  std::optional<std::string> allow_credentials = "true";
  std::optional<std::string> allow_methods = "PUT";
  std::optional<std::string> allow_headers = "Authorization, Content-Type, traceparent";

  CorsResponse response() const {
    CorsResponse r;
    r.status = status;
    if (allow_origin) r.headers.add("Access-Control-Allow-Origin", *allow_origin);
    if (allow_credentials) r.headers.add("Access-Control-Allow-Credentials", *allow_credentials);
    if (allow_methods) r.headers.add("Access-Control-Allow-Methods", *allow_methods);
    if (allow_headers) r.headers.add("Access-Control-Allow-Headers", *allow_headers);
    return r;
  }
};

CorsRequest traced_put() {
  CorsRequest r;
  r.origin = kOrigin;
  r.method = "PUT";
  r.credentials = CredentialsMode::kInclude;
  r.headers = {{"Accept", "*/*"},
               {"Authorization", "Bearer x"},
               {"Content-Type", "application/json"},
               {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
               {"User-Agent", "Mozilla/5.0"},
               {"Referer", "http://app.example/checkout"}};
  return r;
}

CorsRequest plain_post(HttpHeaders headers) {
  CorsRequest r;
  r.origin = kOrigin;
  r.method = "POST";
  r.credentials = CredentialsMode::kSameOrigin;
  r.headers = std::move(headers);
  return r;
}

CorsResponse preflight(HttpHeaders headers, int status = 204) {
  CorsResponse r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

// --- Header-list parsing -------------------------------------------------

struct ListCase {
  const char* value;
  std::optional<Strings> expected;
};

TEST(CorsRules, ParseHeaderList) {
  const ListCase cases[] = {
      {"", Strings{}},
      {"Content-Type", Strings{"content-type"}},
      {"X-A,X-B", Strings{"x-a", "x-b"}},
      {" x-a ,\tX-B\t", Strings{"x-a", "x-b"}},
      {"x-a,,x-b,", Strings{"x-a", "x-b"}},
      {" , ,", Strings{}},
      {"*", Strings{"*"}},
      {"traceparent, tracestate, baggage", Strings{"traceparent", "tracestate", "baggage"}},
      {"x-a, x b", std::nullopt},     // space inside an item
      {"x-a; x-b", std::nullopt},     // ';' is not a separator
      {"\"x-a\"", std::nullopt},      // quoted strings are not tokens
      {"x-a, x-b\n", std::nullopt},   // only SP and HTAB are trimmed
      {"x-\xc3\xa9", std::nullopt},  // non-ASCII
      {"x-a:", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(parse_header_list(c.value), c.expected);
  }
}

TEST(CorsRules, ParseMethodListKeepsCase) {
  EXPECT_EQ(parse_method_list("GET, put,PATCH"), (Strings{"GET", "put", "PATCH"}));
  EXPECT_EQ(parse_method_list("GET POST"), std::nullopt);
  EXPECT_EQ(parse_method_list(""), Strings{});
}

TEST(CorsRules, RepeatedAllowHeadersParseAsOneList) {
  HttpHeaders headers{{"Access-Control-Allow-Headers", "x-a"},
                      {"access-control-allow-headers", "X-B, x-c"}};
  EXPECT_EQ(parse_header_list(*headers.get("Access-Control-Allow-Headers")),
            (Strings{"x-a", "x-b", "x-c"}));
}

// --- Safelisted and forbidden request headers -----------------------------

struct SafelistCase {
  const char* name;
  std::string value;
  bool safelisted;
};

TEST(CorsRules, SafelistedRequestHeaders) {
  const SafelistCase cases[] = {
      {"Accept", "*/*", true},
      {"accept", "application/json", true},
      {"accept", "text/html(", false},  // unsafe byte
      {"accept", std::string(128, 'a'), true},
      {"accept", std::string(129, 'a'), false},  // longer than 128 bytes
      {"Accept-Language", "en-US,en;q=0.9", true},
      {"accept-language", "en_US", false},
      {"content-language", "de-DE", true},
      {"content-language", "de:DE", false},
      {"range", "bytes=0-499", true},
      {"range", "bytes=500-", true},
      {"range", "bytes=-500", false},  // suffix range
      {"range", "bytes=5-1", false},
      {"range", "bytes=0-1,3-4", false},
      {"range", "bytes = 0-1", false},
      {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false},
      {"tracestate", "congo=t61rcWkgMzE", false},
      {"authorization", "Bearer x", false},
      {"x-requested-with", "XMLHttpRequest", false},
      // Chromium-only safelist entries.
      {"dpr", "2.0", true},
      {"width", "abc", false},
      {"save-data", "on", true},
      {"ect", "4g", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + c.value);
    EXPECT_EQ(is_cors_safelisted_request_header(c.name, c.value), c.safelisted);
  }
}

TEST(CorsRules, SafelistedContentTypes) {
  const SafelistCase cases[] = {
      {"Content-Type", "text/plain", true},
      {"content-type", "text/plain;charset=UTF-8", true},
      {"content-type", "TEXT/Plain", true},
      {"content-type", " text/plain ", true},
      {"content-type", "text/plain;", true},
      {"content-type", "application/x-www-form-urlencoded", true},
      {"content-type", "multipart/form-data; boundary=----WebKitFormBoundary7MA4", true},
      {"content-type", "application/json", false},
      {"content-type", "application/json; charset=utf-8", false},
      {"content-type", "text/html", false},
      {"content-type", "text/plain; charset=\"utf-8\"", false},  // '"' is unsafe
      {"content-type", "text/plain, application/json", false},
      {"content-type", "text / plain", false},
      {"content-type", "text/", false},
      {"content-type", "text", false},
      {"content-type", "text/plain; x=" + std::string(120, 'a'), false},  // > 128 bytes
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(is_cors_safelisted_request_header(c.name, c.value), c.safelisted);
  }
}

TEST(CorsRules, SafelistedMethods) {
  for (const char* m : {"GET", "HEAD", "POST", "get", "post"}) {
    EXPECT_TRUE(is_cors_safelisted_method(m)) << m;
  }
  for (const char* m : {"PUT", "PATCH", "DELETE", "OPTIONS", ""}) {
    EXPECT_FALSE(is_cors_safelisted_method(m)) << m;
  }
}

TEST(CorsRules, ForbiddenRequestHeaderNames) {
  for (const char* name : {"Origin", "Referer", "User-Agent", "Accept-Encoding", "Connection",
                           "Host", "Cookie", "Content-Length", "DNT", "Sec-Fetch-Mode",
                           "sec-ch-ua", "Proxy-Authorization", "Access-Control-Request-Headers"}) {
    EXPECT_TRUE(is_forbidden_request_header_name(name)) << name;
  }
  for (const char* name : {"traceparent", "Authorization", "Content-Type", "Accept", "X-Sec"}) {
    EXPECT_FALSE(is_forbidden_request_header_name(name)) << name;
  }
}

TEST(CorsRules, UnsafeRequestHeaderNamesAreSortedLowerCaseAndSkipBrowserHeaders) {
  HttpHeaders headers{{"TraceParent", "00-a-b-01"},  {"Accept", "*/*"},
                      {"Content-Type", "application/json"},
                      {"User-Agent", "Mozilla/5.0"}, {"Referer", "http://app.example/"},
                      {"sec-ch-ua", "\"Chromium\""}, {"tracestate", "a=b"},
                      {"traceparent", "00-c-d-01"}};
  EXPECT_EQ(cors_unsafe_request_header_names(headers),
            (Strings{"content-type", "traceparent", "tracestate"}));
  EXPECT_EQ(cors_unsafe_request_header_names({}), Strings{});
}

TEST(CorsRules, SafelistedValuesOver1024BytesAllNeedAnAllowance) {
  HttpHeaders headers;
  for (int i = 0; i < 8; ++i) headers.add("Accept", std::string(128, 'a'));  // 1024 bytes
  EXPECT_EQ(cors_unsafe_request_header_names(headers), Strings{});
  headers.add("Content-Language", "d");  // 1025 bytes
  EXPECT_EQ(cors_unsafe_request_header_names(headers), (Strings{"accept", "content-language"}));
}

TEST(CorsRules, NeedsPreflight) {
  EXPECT_FALSE(needs_preflight(plain_post({{"Content-Type", "text/plain;charset=UTF-8"}})));
  EXPECT_TRUE(needs_preflight(plain_post({{"Content-Type", "application/json"}})));
  EXPECT_TRUE(needs_preflight(plain_post({{"traceparent", "00-a-b-01"}})));
  EXPECT_TRUE(needs_preflight(traced_put()));
}

// --- One test per error kind ----------------------------------------------

TEST(CorsRules, PreflightRedirect) {
  auto errors = check_preflight(
      traced_put(), preflight({{"Location", "https://api.example/login"}}, 302));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            (CorsError{CorsErrorKind::kPreflightRedirect, Severity::kError,
                       {"https://api.example/login"},
                       "The preflight was answered with a redirect to "
                       "https://api.example/login, which browsers never follow for a preflight."}));

  CorsResponse flagged = Policy().response();
  flagged.redirect_location = "https://api.example/v2/orders";
  EXPECT_EQ(kinds(check_preflight(traced_put(), flagged)),
            std::vector{CorsErrorKind::kPreflightRedirect});
  // A 3xx without Location is no redirect, only a bad status.
  Policy no_location;
  no_location.status = 304;
  EXPECT_EQ(kinds(check_preflight(traced_put(), no_location.response())),
            std::vector{CorsErrorKind::kPreflightStatus});
}

TEST(CorsRules, MissingAllowOrigin) {
  Policy p;
  p.allow_origin.reset();
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kMissingAllowOrigin});
  EXPECT_EQ(errors[0].params, Strings{""});
  EXPECT_EQ(errors[0].detail, "The response has no Access-Control-Allow-Origin header.");
  EXPECT_EQ(chromium_cors_error(errors[0].kind, true), "PreflightMissingAllowOriginHeader");
}

TEST(CorsRules, MultipleAllowOrigin) {
  CorsResponse repeated = preflight({{"Access-Control-Allow-Origin", kOrigin},
                                     {"Access-Control-Allow-Origin", kOrigin}});
  auto errors = check_access(plain_post({}), repeated);
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kMultipleAllowOrigin});
  EXPECT_EQ(errors[0].params, Strings{"http://app.example, http://app.example"});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Origin holds several values (http://app.example, "
            "http://app.example) but must hold exactly one origin.");

  Policy spaced;
  spaced.allow_origin = "http://app.example http://admin.example";
  EXPECT_EQ(kinds(check_preflight(traced_put(), spaced.response())),
            std::vector{CorsErrorKind::kMultipleAllowOrigin});
}

TEST(CorsRules, WildcardWithCredentials) {
  Policy p;
  p.allow_origin = "*";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kWildcardWithCredentials});
  EXPECT_EQ(errors[0].params, Strings{"*"});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Origin is * but the request is sent with credentials, so the "
            "server must answer with the origin http://app.example itself.");
  EXPECT_EQ(kind_name(errors[0].kind), "wildcard-with-credentials");
}

TEST(CorsRules, InvalidAllowOrigin) {
  Policy p;
  p.allow_origin = "app.example";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kInvalidAllowOrigin});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Origin \"app.example\" is not an origin; expected "
            "http://app.example.");
  EXPECT_EQ(kind_name(errors[0].kind), "allow-origin-mismatch");
  EXPECT_EQ(chromium_cors_error(errors[0].kind, false), "InvalidAllowOriginValue");
}

struct MismatchCase {
  const char* request_origin;
  const char* allow_origin;
  std::optional<std::string> detail;  // nullopt: no error
};

TEST(CorsRules, AllowOriginMismatch) {
  const MismatchCase cases[] = {
      {"http://app.example", "http://app.example", std::nullopt},
      {"null", "null", std::nullopt},
      {"http://app.example", "http://app.example/",
       "Access-Control-Allow-Origin is http://app.example/ but the request's origin is "
       "http://app.example (an origin has no trailing slash)."},
      {"http://app.example", "http://App.Example",
       "Access-Control-Allow-Origin is http://App.Example but the request's origin is "
       "http://app.example (the comparison is case-sensitive)."},
      {"http://app.example", "https://app.example",
       "Access-Control-Allow-Origin is https://app.example but the request's origin is "
       "http://app.example."},
      {"http://app.example", "null",
       "Access-Control-Allow-Origin is null but the request's origin is http://app.example."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.request_origin) + " vs " + c.allow_origin);
    CorsRequest request = plain_post({});
    request.origin = c.request_origin;
    auto errors = check_access(request, preflight({{"Access-Control-Allow-Origin",
                                                    c.allow_origin}}));
    if (!c.detail) {
      EXPECT_TRUE(errors.empty());
      continue;
    }
    ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kAllowOriginMismatch});
    EXPECT_EQ(errors[0].params, Strings{c.allow_origin});
    EXPECT_EQ(errors[0].detail, *c.detail);
  }
}

TEST(CorsRules, CredentialsNotAllowed) {
  Policy p;
  p.allow_credentials = "True";  // case-sensitive
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kCredentialsNotAllowed});
  EXPECT_EQ(errors[0].params, Strings{"True"});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Credentials is \"True\" but must be exactly true for a request "
            "sent with credentials.");
  EXPECT_EQ(chromium_cors_error(errors[0].kind, true), "PreflightInvalidAllowCredentials");

  p.allow_credentials.reset();
  errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].params, Strings{""});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Credentials is missing but must be exactly true for a request "
            "sent with credentials.");
}

TEST(CorsRules, PreflightStatus) {
  Policy p;
  p.status = 401;
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kPreflightStatus});
  EXPECT_EQ(errors[0].params, Strings{"401"});
  EXPECT_EQ(errors[0].detail,
            "The preflight response status is 401 but must be in the 200-299 range.");
  p.status = 200;
  EXPECT_TRUE(check_preflight(traced_put(), p.response()).empty());
}

TEST(CorsRules, InvalidAllowMethods) {
  Policy p;
  p.allow_methods = "GET; PUT";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kInvalidAllowMethods});
  EXPECT_EQ(errors[0].params, Strings{"GET; PUT"});
  EXPECT_EQ(errors[0].detail,
            "Access-Control-Allow-Methods (GET; PUT) is not a comma-separated list of methods.");
  EXPECT_EQ(chromium_cors_error(errors[0].kind, true), "InvalidAllowMethodsPreflightResponse");
}

TEST(CorsRules, InvalidAllowHeaders) {
  Policy p;
  p.allow_headers = "authorization, content type, traceparent";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kInvalidAllowHeaders});
  EXPECT_EQ(errors[0].params, Strings{"content type"});
  EXPECT_EQ(kind_name(errors[0].kind), "header-not-allowed");
}

struct MethodCase {
  const char* method;
  std::optional<std::string> allow_methods;
  CredentialsMode credentials;
  std::optional<std::string> detail;  // nullopt: allowed
};

TEST(CorsRules, MethodNotAllowed) {
  const auto kOmit = CredentialsMode::kOmit;
  const MethodCase cases[] = {
      {"PUT", "GET, PUT", kOmit, std::nullopt},
      {"GET", std::nullopt, kOmit, std::nullopt},  // safelisted needs no listing
      {"post", "PUT", kOmit, std::nullopt},
      {"patch", "PATCH", kOmit, std::nullopt},  // Chromium upper-cases the request method
      {"PUT", "*", kOmit, std::nullopt},
      {"PUT", "GET, POST", kOmit, "Access-Control-Allow-Methods (GET, POST) does not list PUT."},
      {"PUT", "put", kOmit,
       "Access-Control-Allow-Methods lists put but methods are compared case-sensitively with "
       "PUT."},
      {"DELETE", std::nullopt, kOmit,
       "The preflight response has no Access-Control-Allow-Methods, so only GET, HEAD and POST "
       "are allowed, not DELETE."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " vs " + c.allow_methods.value_or("(none)"));
    CorsRequest request = plain_post({});
    request.method = c.method;
    request.credentials = c.credentials;
    Policy p;
    p.allow_methods = c.allow_methods;
    auto errors = check_preflight(request, p.response());
    if (!c.detail) {
      EXPECT_TRUE(errors.empty());
      continue;
    }
    ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kMethodNotAllowed});
    EXPECT_EQ(errors[0].params, Strings{c.method});
    EXPECT_EQ(errors[0].detail, *c.detail);
  }
}

TEST(CorsRules, HeaderNotAllowedListsEveryRefusedHeaderSorted) {
  CorsRequest request = plain_post({{"Content-Type", "application/json"},
                                    {"traceparent", "00-a-b-01"},
                                    {"tracestate", "vendor=x"},
                                    {"baggage", "user=1"}});
  auto errors = check_preflight(
      request, preflight({{"Access-Control-Allow-Origin", kOrigin},
                          {"Access-Control-Allow-Headers", "Content-Type"}}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            (CorsError{CorsErrorKind::kHeaderNotAllowed, Severity::kError,
                       {"baggage", "traceparent", "tracestate"},
                       "Access-Control-Allow-Headers (Content-Type) does not list baggage, "
                       "traceparent, tracestate."}));
  EXPECT_EQ(chromium_cors_error(errors[0].kind, true), "HeaderDisallowedByPreflightResponse");
}

TEST(CorsRules, HeaderNotAllowedWithoutAllowHeaders) {
  Policy p;
  p.allow_headers.reset();
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), std::vector{CorsErrorKind::kHeaderNotAllowed});
  EXPECT_EQ(errors[0].params, (Strings{"authorization", "content-type", "traceparent"}));
  EXPECT_EQ(errors[0].detail,
            "The preflight response has no Access-Control-Allow-Headers, so the request headers "
            "authorization, content-type, traceparent are refused.");
}

TEST(CorsRules, AuthorizationWildcardIsAWarning) {
  CorsRequest request = traced_put();
  request.credentials = CredentialsMode::kOmit;
  Policy p;
  p.allow_headers = "*";
  auto errors = check_preflight(request, p.response());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            (CorsError{CorsErrorKind::kAuthorizationWildcard, Severity::kWarning,
                       {"authorization"},
                       "Authorization is allowed only through * in Access-Control-Allow-Headers, "
                       "which Chromium still accepts but the Fetch standard and Firefox refuse."}));
  EXPECT_EQ(first_chromium_would_report(errors), nullptr);
  EXPECT_EQ(chromium_cors_error(errors[0].kind, true), "");
}

TEST(CorsRules, WildcardIgnoredWithCredentials) {
  Policy p;
  p.allow_headers = "*";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors), (std::vector{CorsErrorKind::kHeaderNotAllowed,
                                        CorsErrorKind::kWildcardIgnoredWithCredentials}));
  EXPECT_EQ(errors[0].params, (Strings{"authorization", "content-type", "traceparent"}));
  EXPECT_EQ(errors[1],
            (CorsError{CorsErrorKind::kWildcardIgnoredWithCredentials, Severity::kWarning,
                       {"authorization", "content-type", "traceparent"},
                       "Access-Control-Allow-Headers is * but a request sent with credentials "
                       "takes * literally, so authorization, content-type, traceparent must be "
                       "listed by name."}));
}

// --- Credentials combinations (Envoy style: one change per case) ----------

struct PolicyCase {
  const char* name;
  std::function<void(CorsRequest&, Policy&)> change;
  std::vector<CorsErrorKind> expected;
};

TEST(CorsRules, CredentialsCombinations) {
  using K = CorsErrorKind;
  const PolicyCase cases[] = {
      {"good default", [](CorsRequest&, Policy&) {}, {}},
      {"origin *", [](CorsRequest&, Policy& p) { p.allow_origin = "*"; },
       {K::kWildcardWithCredentials}},
      {"origin * and no credentials header",
       [](CorsRequest&, Policy& p) {
         p.allow_origin = "*";
         p.allow_credentials.reset();
       },
       {K::kWildcardWithCredentials, K::kCredentialsNotAllowed}},
      {"origin * without credentials",
       [](CorsRequest& r, Policy& p) {
         p.allow_origin = "*";
         r.credentials = CredentialsMode::kOmit;
       },
       {}},
      {"origin * with same-origin credentials",
       [](CorsRequest& r, Policy& p) {
         p.allow_origin = "*";
         r.credentials = CredentialsMode::kSameOrigin;
       },
       {}},
      {"no allow-credentials", [](CorsRequest&, Policy& p) { p.allow_credentials.reset(); },
       {K::kCredentialsNotAllowed}},
      {"allow-credentials TRUE", [](CorsRequest&, Policy& p) { p.allow_credentials = "TRUE"; },
       {K::kCredentialsNotAllowed}},
      {"allow-credentials repeated",
       [](CorsRequest&, Policy& p) { p.allow_credentials = "true, true"; },
       {K::kCredentialsNotAllowed}},
      {"no allow-credentials, omit",
       [](CorsRequest& r, Policy& p) {
         p.allow_credentials.reset();
         r.credentials = CredentialsMode::kOmit;
       },
       {}},
      {"methods *", [](CorsRequest&, Policy& p) { p.allow_methods = "*"; },
       {K::kMethodNotAllowed, K::kWildcardIgnoredWithCredentials}},
      {"methods *, omit",
       [](CorsRequest& r, Policy& p) {
         p.allow_methods = "*";
         r.credentials = CredentialsMode::kOmit;
       },
       {}},
      {"headers *", [](CorsRequest&, Policy& p) { p.allow_headers = "*"; },
       {K::kHeaderNotAllowed, K::kWildcardIgnoredWithCredentials}},
      {"headers *, omit",
       [](CorsRequest& r, Policy& p) {
         p.allow_headers = "*";
         r.credentials = CredentialsMode::kOmit;
       },
       {K::kAuthorizationWildcard}},
      {"headers *, authorization, omit",
       [](CorsRequest& r, Policy& p) {
         p.allow_headers = "*, authorization";
         r.credentials = CredentialsMode::kOmit;
       },
       {}},
      {"origin mismatch and method and headers",
       [](CorsRequest&, Policy& p) {
         p.allow_origin = "http://other.example";
         p.allow_methods = "GET";
         p.allow_headers = "content-type";
       },
       {K::kAllowOriginMismatch, K::kMethodNotAllowed, K::kHeaderNotAllowed}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CorsRequest request = traced_put();
    Policy policy;
    c.change(request, policy);
    EXPECT_EQ(kinds(check_preflight(request, policy.response())), c.expected);
  }
}

// --- Chromium's order and what it reports first ----------------------------

TEST(CorsRules, FirstChromiumWouldReportHidesTheRest) {
  Policy p;
  p.allow_origin.reset();
  p.status = 403;
  p.allow_methods = "GET";
  p.allow_headers = "content-type";
  auto errors = check_preflight(traced_put(), p.response());
  ASSERT_EQ(kinds(errors),
            (std::vector{CorsErrorKind::kMissingAllowOrigin, CorsErrorKind::kPreflightStatus,
                         CorsErrorKind::kMethodNotAllowed, CorsErrorKind::kHeaderNotAllowed}));
  ASSERT_NE(first_chromium_would_report(errors), nullptr);
  EXPECT_EQ(first_chromium_would_report(errors), &errors[0]);
  EXPECT_EQ(errors[3].params, (Strings{"authorization", "traceparent"}));
  EXPECT_EQ(first_chromium_would_report({}), nullptr);
}

TEST(CorsRules, CheckAccessOnActualResponse) {
  CorsRequest request = traced_put();
  EXPECT_TRUE(check_access(request, Policy().response()).empty());
  auto errors = check_access(request, preflight({}));
  ASSERT_EQ(kinds(errors), (std::vector{CorsErrorKind::kMissingAllowOrigin,
                                        CorsErrorKind::kCredentialsNotAllowed}));
  EXPECT_EQ(chromium_cors_error(errors[0].kind, false), "MissingAllowOriginHeader");
}

TEST(CorsRules, KindNames) {
  using K = CorsErrorKind;
  const std::pair<K, const char*> cases[] = {
      {K::kPreflightRedirect, "preflight-redirect"},
      {K::kMissingAllowOrigin, "missing-allow-origin"},
      {K::kMultipleAllowOrigin, "multiple-allow-origin"},
      {K::kWildcardWithCredentials, "wildcard-with-credentials"},
      {K::kInvalidAllowOrigin, "allow-origin-mismatch"},
      {K::kAllowOriginMismatch, "allow-origin-mismatch"},
      {K::kCredentialsNotAllowed, "credentials-not-allowed"},
      {K::kPreflightStatus, "preflight-status"},
      {K::kInvalidAllowMethods, "method-not-allowed"},
      {K::kInvalidAllowHeaders, "header-not-allowed"},
      {K::kMethodNotAllowed, "method-not-allowed"},
      {K::kHeaderNotAllowed, "header-not-allowed"},
      {K::kWildcardIgnoredWithCredentials, "wildcard-with-credentials"},
      {K::kAuthorizationWildcard, "authorization-wildcard"},
  };
  for (const auto& [kind, name] : cases) EXPECT_EQ(kind_name(kind), name);
}

}  // namespace
}  // namespace silentcors::cors
