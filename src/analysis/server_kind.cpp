#include "analysis/server_kind.h"

#include <array>
#include <utility>

namespace silentcors {

namespace {

constexpr std::array<std::pair<ServerKind, std::string_view>, 15> kNames{{
    {ServerKind::kUnknown, "http"},
    {ServerKind::kExpress, "express"},
    {ServerKind::kNginx, "nginx"},
    {ServerKind::kApache, "apache"},
    {ServerKind::kCaddy, "caddy"},
    {ServerKind::kHaproxy, "haproxy"},
    {ServerKind::kStarlette, "starlette"},
    {ServerKind::kDjango, "django"},
    {ServerKind::kFlask, "flask"},
    {ServerKind::kRack, "rack"},
    {ServerKind::kGoRsCors, "go-rs-cors"},
    {ServerKind::kSpring, "spring"},
    {ServerKind::kAspNetCore, "aspnetcore"},
    {ServerKind::kEnvoy, "envoy"},
    {ServerKind::kApiGateway, "api-gateway"},
}};

// Server header products, lower-cased prefix -> kind. A product names the
// server that wrote the header; a framework behind a proxy may not show.
constexpr std::array<std::pair<std::string_view, ServerKind>, 11> kServerProducts{{
    {"nginx", ServerKind::kNginx},
    {"openresty", ServerKind::kNginx},
    {"apache", ServerKind::kApache},
    {"caddy", ServerKind::kCaddy},
    {"uvicorn", ServerKind::kStarlette},
    {"hypercorn", ServerKind::kStarlette},
    {"werkzeug", ServerKind::kFlask},
    {"wsgiserver", ServerKind::kDjango},
    {"kestrel", ServerKind::kAspNetCore},
    {"envoy", ServerKind::kEnvoy},
    {"haproxy", ServerKind::kHaproxy},
}};

}  // namespace

std::string_view server_name(ServerKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "http";
}

std::optional<ServerKind> server_named(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  if (name == "fastapi") return ServerKind::kStarlette;
  if (name == "rails") return ServerKind::kRack;
  return std::nullopt;
}

std::string server_names() {
  std::string out;
  for (const auto& [k, name] : kNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out + " (also: fastapi, rails)";
}

ServerGuess guess_server(const HttpHeaders& headers) {
  if (auto server = headers.get("server")) {
    const std::string product = to_lower_ascii(*server);
    for (const auto& [prefix, kind] : kServerProducts) {
      if (product.rfind(prefix, 0) == 0) return {kind, "certain", "Server: " + *server};
    }
  }
  if (auto powered = headers.get("x-powered-by")) {
    const std::string value = to_lower_ascii(*powered);
    if (value.find("express") != std::string::npos) return {ServerKind::kExpress, "certain", "X-Powered-By: " + *powered};
    if (value.find("asp.net") != std::string::npos) {
      return {ServerKind::kAspNetCore, "likely", "X-Powered-By: " + *powered};
    }
  }
  // Fingerprints: headers only one product sends.
  if (headers.has("x-rack-cors")) return {ServerKind::kRack, "certain", "X-Rack-CORS (rack-cors' debug header)"};
  if (headers.has("x-amz-apigw-id") || headers.has("apigw-requestid")) {
    return {ServerKind::kApiGateway, "certain", headers.has("apigw-requestid") ? "Apigw-Requestid" : "X-Amz-Apigw-Id"};
  }
  if (headers.has("x-envoy-upstream-service-time")) {
    return {ServerKind::kEnvoy, "likely", "X-Envoy-Upstream-Service-Time"};
  }
  if (auto via = headers.get("via"); via && to_lower_ascii(*via).find("envoy") != std::string::npos) {
    return {ServerKind::kEnvoy, "likely", "Via: " + *via};
  }
  if (headers.has("x-application-context")) return {ServerKind::kSpring, "likely", "X-Application-Context"};
  return {};
}

}  // namespace silentcors
