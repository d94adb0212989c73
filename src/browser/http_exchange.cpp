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

// Asynchronous on purpose: a tcp_stream's deadline holds only for
// asynchronous operations, and a synchronous read waits forever on a server
// that accepted and never answers (a Grid queueing a new session, say).
HttpReply http_exchange(const std::string& host, int port, const std::string& method, const std::string& target,
                        const std::string& json_body, std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  // Chromium answers /json only for a Host that is an IP or localhost.
  request.set(http::field::host, host + ":" + std::to_string(port));
  if (!json_body.empty()) {
    request.set(http::field::content_type, "application/json; charset=utf-8");
    request.body() = json_body;
  }
  request.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);  // A Grid's /status lists every slot.

  beast::error_code failure;
  const auto fail = [&failure](beast::error_code ec) { failure = ec; };
  // Resolving a name has no deadline of its own in Asio: the whole exchange
  // has one, which io.run_for enforces by cancelling what is left.
  const auto addresses = resolver.resolve(host, std::to_string(port));
  stream.expires_after(timeout);
  stream.async_connect(addresses, [&](beast::error_code ec, const auto&) {
    if (ec) return fail(ec);
    http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
      if (ec) return fail(ec);
      http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
        if (ec) return fail(ec);
        beast::error_code ignored;
        stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      });
    });
  });
  io.run_for(timeout + std::chrono::seconds(1));
  if (!io.stopped()) failure = beast::error::timeout;
  if (failure) throw boost::system::system_error(failure);
  return {static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace silentcors::browser
