// The fix in each server's own language. Servers that run here are also
// verified for real (tests/servers: the snippet applied, the scenario
// passes); these text tests hold the rest to the same shape.
#include "analysis/fix_snippet.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

Finding refused_traceparent() {
  Finding f;
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.method = "POST";
  f.url = "https://api.shop.test/api/orders?id=3";
  f.origin = "https://shop.test";
  f.headers = {"traceparent", "tracestate"};
  f.allow_headers = "Content-Type, X-Request-Id";
  f.status = 204;
  f.preflight_status = 204;
  return f;
}

std::string snippet(ServerKind server, const Finding& f) { return fix_snippet_text(server, *change_for(f)); }

void expect_has(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
}

TEST(CorsChange, KeepsWhatTheServerAllowsAndAddsWhatWasRefused) {
  auto c = change_for(refused_traceparent());
  ASSERT_TRUE(c);
  EXPECT_EQ(c->path, "/api/orders");
  EXPECT_EQ(c->allow_headers, (std::vector<std::string>{"Content-Type", "X-Request-Id", "traceparent", "tracestate"}));
}

TEST(CorsChange, WithCredentialsStarIsReplacedByTheNames) {
  Finding f = refused_traceparent();
  f.allow_headers = "*";
  f.credentialed = true;
  EXPECT_EQ(change_for(f)->allow_headers, (std::vector<std::string>{"traceparent", "tracestate"}));
}

// An item that is no header name (a stray character, a space inside a name)
// made Chromium refuse the whole list: the fixed list drops it.
TEST(CorsChange, ItemsThatAreNoHeaderNamesAreDropped) {
  Finding f = refused_traceparent();
  f.allow_headers = "Content-Type, traceparent;, X-Request-Id, trace state";
  EXPECT_EQ(change_for(f)->allow_headers, (std::vector<std::string>{"Content-Type", "X-Request-Id", "traceparent", "tracestate"}));
}

TEST(CorsChange, AnErrorStatusGetsTheErrorPathFix) {
  Finding f;
  f.kind = FindingKind::kMissingAllowOrigin;
  f.url = "http://api.test/api/orders";
  f.origin = "http://app.test";
  f.status = 500;
  auto c = change_for(f);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->on_error_responses);
  EXPECT_EQ(c->error_status, 500);
  expect_has(snippet(ServerKind::kNginx, f), "add_header Access-Control-Allow-Origin \"http://app.test\" always;");
}

TEST(FixSnippet, EachServerInItsOwnLanguage) {
  const Finding f = refused_traceparent();
  expect_has(snippet(ServerKind::kNginx, f),
             "add_header Access-Control-Allow-Headers \"Content-Type, X-Request-Id, traceparent, tracestate\" always;");
  expect_has(snippet(ServerKind::kNginx, f), "inherits none from outer blocks");
  expect_has(snippet(ServerKind::kApache, f),
             "Header always set Access-Control-Allow-Headers \"Content-Type, X-Request-Id, traceparent, tracestate\"");
  expect_has(snippet(ServerKind::kCaddy, f), "Access-Control-Allow-Headers \"Content-Type, X-Request-Id, traceparent, tracestate\"");
  expect_has(snippet(ServerKind::kHaproxy, f), "http-after-response set-header Access-Control-Allow-Headers");
  expect_has(snippet(ServerKind::kExpress, f),
             "allowedHeaders: ['Content-Type', 'X-Request-Id', 'traceparent', 'tracestate'],");
  expect_has(snippet(ServerKind::kExpress, f), "origin: 'https://shop.test',");
  expect_has(snippet(ServerKind::kStarlette, f),
             "allow_headers=[\"content-type\", \"x-request-id\", \"traceparent\", \"tracestate\"],");
  expect_has(snippet(ServerKind::kDjango, f),
             "CORS_ALLOW_HEADERS = (*default_headers, \"content-type\", \"x-request-id\", \"traceparent\", \"tracestate\")");
  expect_has(snippet(ServerKind::kFlask, f), "\"allow_headers\": [\"Content-Type\", \"X-Request-Id\", \"traceparent\", \"tracestate\"],");
  expect_has(snippet(ServerKind::kRack, f), "headers: %w[Content-Type X-Request-Id traceparent tracestate]");
  expect_has(snippet(ServerKind::kGoRsCors, f),
             "AllowedHeaders: []string{\"Content-Type\", \"X-Request-Id\", \"traceparent\", \"tracestate\"},");
  expect_has(snippet(ServerKind::kSpring, f),
             "config.setAllowedHeaders(List.of(\"Content-Type\", \"X-Request-Id\", \"traceparent\", \"tracestate\"));");
  expect_has(snippet(ServerKind::kSpring, f), "source.registerCorsConfiguration(\"/api/orders\", config);");
  expect_has(snippet(ServerKind::kAspNetCore, f), ".WithHeaders(\"Content-Type\", \"X-Request-Id\", \"traceparent\", \"tracestate\")");
  expect_has(snippet(ServerKind::kEnvoy, f), "allow_headers: \"content-type,x-request-id,traceparent,tracestate\"");
  expect_has(snippet(ServerKind::kEnvoy, f), "Envoy answers every preflight 200");
  expect_has(snippet(ServerKind::kApiGateway, f), "AllowHeaders=content-type,x-request-id,traceparent,tracestate");
  expect_has(snippet(ServerKind::kUnknown, f),
             "Access-Control-Allow-Headers: Content-Type, X-Request-Id, traceparent, tracestate");
}

TEST(FixSnippet, CredentialsCarryTheGotchaThatBitesNext) {
  Finding f;
  f.kind = FindingKind::kWildcardWithCredentials;
  f.url = "https://api.shop.test/api/me";
  f.origin = "https://shop.test";
  f.credentialed = true;
  expect_has(snippet(ServerKind::kSpring, f), "Spring refuses \"*\" origins with credentials at start-up");
  expect_has(snippet(ServerKind::kAspNetCore, f), ".AllowCredentials()  // not with AllowAnyOrigin");
  expect_has(snippet(ServerKind::kExpress, f), "credentials: true,");
  expect_has(snippet(ServerKind::kNginx, f), "add_header Access-Control-Allow-Credentials \"true\" always;");
}

TEST(FixSnippet, MethodsKeepTheListAndStarletteSaysItsDefault) {
  Finding f = refused_traceparent();
  f.kind = FindingKind::kMethodNotAllowed;
  f.method = "DELETE";
  f.headers = {};
  f.allow_methods = "GET, POST";
  expect_has(snippet(ServerKind::kStarlette, f), "allow_methods=[\"GET\", \"POST\", \"DELETE\"],  # the default is GET only");
  expect_has(snippet(ServerKind::kNginx, f), "add_header Access-Control-Allow-Methods \"GET, POST, DELETE\" always;");
}

// Found on the real Starlette (tests/servers): a snippet that replaces the
// whole add_middleware call must restate the methods allowed now, or
// Starlette's GET-only default refuses the POST next.
TEST(FixSnippet, StarletteKeepsTheMethodsItAllowsWhenOnlyHeadersChange) {
  Finding f = refused_traceparent();
  f.allow_methods = "GET, POST";
  expect_has(snippet(ServerKind::kStarlette, f), "allow_methods=[\"GET\", \"POST\"],  # kept: the default is GET only");
}

// Found on the real HAProxy (tests/servers): http-response rules never run
// on HAProxy's own answers (its 503, http-request return).
TEST(FixSnippet, HaproxySetsTheHeadersOnItsOwnAnswersToo) {
  Finding f;
  f.kind = FindingKind::kMissingAllowOrigin;
  f.url = "http://api.test/api/orders";
  f.origin = "http://app.test";
  f.status = 503;
  const std::string text = snippet(ServerKind::kHaproxy, f);
  expect_has(text, "http-after-response set-header Access-Control-Allow-Origin \"http://app.test\"");
  EXPECT_EQ(text.find("http-response set-header"), std::string::npos) << text;
}

// Found on the real rack-cors and rs/cors (tests/servers): they answer a
// preflight that asks for a header they do not allow with no CORS header
// at all. Chromium names the missing Allow-Origin; the fix must also allow
// what the preflight asked for, or that fails next.
TEST(CorsChange, APreflightWithoutCorsHeadersAlsoGetsTheHeadersAndMethodItAskedFor) {
  Finding f;
  f.kind = FindingKind::kMissingAllowOrigin;
  f.method = "PUT";
  f.url = "http://api.test/api/orders";
  f.origin = "http://app.test";
  f.headers = {"content-type", "traceparent"};
  f.status = 200;
  f.preflight_status = 200;
  auto c = change_for(f);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->allow_origin);
  EXPECT_EQ(c->allow_headers, (std::vector<std::string>{"content-type", "traceparent"}));
  EXPECT_EQ(c->allow_methods, (std::vector<std::string>{"PUT"}));
  expect_has(snippet(ServerKind::kRack, f), "headers: %w[content-type traceparent]");
  expect_has(snippet(ServerKind::kGoRsCors, f), "AllowedHeaders: []string{\"content-type\", \"traceparent\"}");
  // A simple request's missing Allow-Origin asked for nothing more.
  f.preflight_status.reset();
  EXPECT_TRUE(change_for(f)->allow_headers.empty());
}

TEST(ServerGuess, FromWhatTheResponsesShow) {
  auto guess = [](std::vector<std::pair<std::string, std::string>> headers) {
    HttpHeaders h;
    for (auto& [name, value] : headers) h.add(name, value);
    return guess_server(h);
  };
  EXPECT_EQ(guess({{"Server", "nginx/1.22.1"}}).kind, ServerKind::kNginx);
  EXPECT_EQ(guess({{"Server", "nginx/1.22.1"}}).evidence, "Server: nginx/1.22.1");
  EXPECT_EQ(guess({{"Server", "Apache/2.4.62 (Debian)"}}).kind, ServerKind::kApache);
  EXPECT_EQ(guess({{"Server", "Caddy"}}).kind, ServerKind::kCaddy);
  EXPECT_EQ(guess({{"server", "uvicorn"}}).kind, ServerKind::kStarlette);
  EXPECT_EQ(guess({{"X-Powered-By", "Express"}}).kind, ServerKind::kExpress);
  EXPECT_EQ(guess({{"Server", "Werkzeug/2.2.2 Python/3.11.2"}}).kind, ServerKind::kFlask);
  EXPECT_EQ(guess({{"Server", "WSGIServer/0.2 CPython/3.11.2"}}).kind, ServerKind::kDjango);
  EXPECT_EQ(guess({{"X-Rack-CORS", "preflight-hit; no-path"}}).kind, ServerKind::kRack);
  EXPECT_EQ(guess({{"apigw-requestid", "abc="}}).kind, ServerKind::kApiGateway);
  EXPECT_EQ(guess({{"x-envoy-upstream-service-time", "3"}}).confidence, "likely");
  EXPECT_EQ(guess({{"Server", "Kestrel"}}).kind, ServerKind::kAspNetCore);
  EXPECT_EQ(guess({{"Content-Type", "text/plain"}}).kind, ServerKind::kUnknown);
}

TEST(ServerKind, NamesRoundTrip) {
  for (auto kind : {ServerKind::kExpress, ServerKind::kNginx, ServerKind::kGoRsCors, ServerKind::kApiGateway}) {
    EXPECT_EQ(server_named(server_name(kind)), kind);
  }
  EXPECT_EQ(server_named("fastapi"), ServerKind::kStarlette);
  EXPECT_FALSE(server_named("iis"));
}

}  // namespace
}  // namespace silentcors
