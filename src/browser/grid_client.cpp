#include "browser/grid_client.h"

#include <boost/system/system_error.hpp>

#include "browser/browser_error.h"
#include "browser/http_exchange.h"

namespace silentcors::browser {

std::string cdp_url_via(const GridUrl& grid, const std::string& se_cdp) {
  const size_t scheme_end = se_cdp.find("://");
  if (scheme_end == std::string::npos) return se_cdp;
  const size_t path = se_cdp.find('/', scheme_end + 3);
  const std::string rest = path == std::string::npos ? "" : se_cdp.substr(path);
  return se_cdp.substr(0, scheme_end) + "://" + grid.host + ":" + std::to_string(grid.port) + rest;
}

GridCapacity GridClient::capacity() const {
  HttpReply reply;
  try {
    reply = http_exchange(url_.host, url_.port, "GET", url_.prefix + "/status", "", timeout_);
  } catch (const boost::system::system_error& e) {
    throw BrowserError("cannot reach the Selenium Grid at " + url_.text() + ": " + e.code().message());
  }
  const auto status = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  try {
    return grid_capacity(status);
  } catch (const std::exception& e) {
    throw BrowserError("the Selenium Grid at " + url_.text() + " is not usable: " + e.what() + " (HTTP " +
                       std::to_string(reply.status) + ")");
  }
}

GridSession GridClient::start(const std::vector<std::string>& chrome_args) const {
  HttpReply reply;
  try {
    reply = http_exchange(url_.host, url_.port, "POST", url_.prefix + "/session",
                          new_session_request(chrome_args).dump(), timeout_);
  } catch (const boost::system::system_error& e) {
    throw BrowserError("cannot start a Chromium on the Selenium Grid at " + url_.text() + ": " + e.code().message());
  }
  std::string id;
  try {
    GridSession session = parse_new_session(reply.status, reply.body, id);
    session.cdp_url = cdp_url_via(url_, session.cdp_url);
    return session;
  } catch (const std::exception& e) {
    if (!id.empty()) end(id);  // A session we cannot drive still holds a slot.
    throw BrowserError("the Selenium Grid at " + url_.text() + " started no usable Chromium: " + e.what());
  }
}

std::string GridClient::end(const std::string& session_id) const {
  try {
    HttpReply reply = http_exchange(url_.host, url_.port, "DELETE", url_.prefix + "/session/" + session_id, "",
                                    timeout_);
    if (reply.status == 200) return "";
    return "DELETE /session/" + session_id + " answered HTTP " + std::to_string(reply.status);
  } catch (const boost::system::system_error& e) {
    return "DELETE /session/" + session_id + ": " + e.code().message();
  }
}

}  // namespace silentcors::browser
