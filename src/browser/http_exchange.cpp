#include "browser/http_exchange.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace silentcors::browser {

namespace beast = boost::beast;
namespace http = beast::http;

HttpReply http_exchange(const std::string& host, int port, const std::string& method, const std::string& target,
                        const std::string& json_body, std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  boost::asio::ip::tcp::resolver resolver(io);
  stream.expires_after(timeout);
  auto addresses = resolver.resolve(host, std::to_string(port));
  stream.connect(addresses);
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  // Chromium answers /json only for a Host that is an IP or localhost.
  request.set(http::field::host, host + ":" + std::to_string(port));
  if (!json_body.empty()) {
    request.set(http::field::content_type, "application/json; charset=utf-8");
    request.body() = json_body;
  }
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);  // A Grid's /status lists every slot.
  http::read(stream, buffer, parser);
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace silentcors::browser
