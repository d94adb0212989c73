#include "browser/remote_endpoint.h"

#include <charconv>

#include <boost/system/system_error.hpp>
#include <nlohmann/json.hpp>

#include "browser/browser_error.h"
#include "browser/http_exchange.h"

namespace silentcors::browser {

std::string RemoteEndpoint::ws_url() const {
  return std::string(tls ? "wss://" : "ws://") + host + ":" + std::to_string(port) + path;
}

std::string RemoteEndpoint::http_url() const {
  return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

std::optional<CdpUrl> parse_cdp_url(const std::string& url, std::string& error) {
  CdpUrl parsed;
  std::string rest;
  int default_port = 0;
  for (auto [scheme, kind, tls, port] : {std::tuple{"ws://", CdpUrl::Kind::kWebSocket, false, 80},
                                         std::tuple{"wss://", CdpUrl::Kind::kWebSocket, true, 443},
                                         std::tuple{"http://", CdpUrl::Kind::kHttp, false, 80},
                                         std::tuple{"https://", CdpUrl::Kind::kHttp, true, 443}}) {
    if (url.rfind(scheme, 0) == 0) {
      parsed.kind = kind;
      parsed.endpoint.tls = tls;
      default_port = port;
      rest = url.substr(std::string(scheme).size());
      break;
    }
  }
  if (default_port == 0) {
    error = "\"" + url + "\" is not a ws://, wss://, http:// or https:// URL";
    return std::nullopt;
  }
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    error = "\"" + url + "\": credentials in the URL are not supported (Browserless takes ?token=)";
    return std::nullopt;
  }
  std::string host = authority;
  int port = default_port;
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    std::string digits = authority.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port <= 0 || port > 65535) {
      error = "\"" + url + "\": \"" + digits + "\" is not a port";
      return std::nullopt;
    }
  }
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) {
    error = "\"" + url + "\" names no host";
    return std::nullopt;
  }
  parsed.endpoint.host = host;
  parsed.endpoint.port = port;
  if (parsed.kind == CdpUrl::Kind::kHttp) {
    if (!path.empty() && path != "/") {
      error = "\"" + url + "\": give the DevTools HTTP server as http://HOST:PORT (no path)";
      return std::nullopt;
    }
    parsed.endpoint.path = "/json/version";
  } else {
    if (path.empty() || path[0] != '/') path = "/" + path;
    parsed.endpoint.path = path;
  }
  return parsed;
}

namespace {

std::string get_json_version(const RemoteEndpoint& server, std::chrono::milliseconds timeout) {
  HttpReply reply = http_exchange(server.host, server.port, "GET", server.path, "", timeout);
  if (reply.status != 200) {
    throw BrowserError(server.http_url() + server.path + " answered HTTP " + std::to_string(reply.status) +
                       ": not a Chromium DevTools endpoint");
  }
  return reply.body;
}

}  // namespace

RemoteEndpoint resolve_cdp_url(const CdpUrl& url, std::chrono::milliseconds timeout) {
  if (url.kind == CdpUrl::Kind::kWebSocket) return url.endpoint;
  if (url.endpoint.tls) {
    throw BrowserError("--cdp " + url.endpoint.http_url() +
                       ": HTTPS discovery is not supported; give the browser's wss:// URL instead");
  }
  std::string body;
  try {
    body = get_json_version(url.endpoint, timeout);
  } catch (const boost::system::system_error& e) {
    throw BrowserError("cannot reach the DevTools endpoint " + url.endpoint.http_url() + ": " + e.code().message());
  }
  nlohmann::json version = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::string ws;
  if (version.is_object() && version.contains("webSocketDebuggerUrl") && version["webSocketDebuggerUrl"].is_string()) {
    ws = version["webSocketDebuggerUrl"].get<std::string>();
  }
  std::string error;
  auto parsed = ws.empty() ? std::nullopt : parse_cdp_url(ws, error);
  if (!parsed || parsed->kind != CdpUrl::Kind::kWebSocket) {
    throw BrowserError(url.endpoint.http_url() +
                       "/json/version names no browser WebSocket (webSocketDebuggerUrl): not a Chromium DevTools "
                       "endpoint (Firefox and WebKit are not supported)");
  }
  return parsed->endpoint;
}

}  // namespace silentcors::browser
