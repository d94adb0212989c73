#include "browser/remote_endpoint.h"

#include <charconv>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "browser/browser_error.h"

namespace silentcors::browser {

namespace beast = boost::beast;
namespace http = beast::http;

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

// GET /json/version over plain HTTP, every step bounded by the deadline.
std::string get_json_version(const RemoteEndpoint& server, std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  boost::asio::ip::tcp::resolver resolver(io);
  stream.expires_after(timeout);
  auto addresses = resolver.resolve(server.host, std::to_string(server.port));
  stream.connect(addresses);
  http::request<http::empty_body> request(http::verb::get, server.path, 11);
  // Chromium answers /json only for a Host that is an IP or localhost.
  request.set(http::field::host, server.host + ":" + std::to_string(server.port));
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  if (response.result_int() != 200) {
    throw BrowserError(server.http_url() + server.path + " answered HTTP " + std::to_string(response.result_int()) +
                       ": not a Chromium DevTools endpoint");
  }
  return response.body();
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
