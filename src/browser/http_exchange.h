// One plain HTTP/1.1 request and its answer, every step bounded by a
// deadline: what DevTools discovery (/json/version) and a Selenium Grid's
// W3C WebDriver endpoints need, and no more (no TLS, no redirects).
#pragma once

#include <chrono>
#include <string>

namespace silentcors::browser {

struct HttpReply {
  int status = 0;
  std::string body;
};

// `method` is GET, POST or DELETE; a non-empty `json_body` is sent as
// application/json; charset=utf-8 (Selenium Grid refuses a POST without the
// charset). Throws boost::system::system_error when the server cannot be
// reached or does not answer in time.
HttpReply http_exchange(const std::string& host, int port, const std::string& method, const std::string& target,
                        const std::string& json_body, std::chrono::milliseconds timeout);

}  // namespace silentcors::browser
