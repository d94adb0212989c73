#include "browser/browser.h"

#include "browser/browser_error.h"

namespace silentcors::browser {

Browser::Browser(const ChromeOptions& options) {
  process_ = std::make_unique<ChromeProcess>(options);
  transport_ = std::make_unique<LwsTransport>();
  client_ = std::make_unique<CdpClient>(*transport_);
  try {
    const auto& endpoint = process_->endpoint();
    transport_->connect(endpoint.host, endpoint.port, endpoint.path, options.startup_timeout);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

Browser::~Browser() {
  // Order matters: detach the client, stop the socket thread, then Chromium.
  client_.reset();
  transport_.reset();
  process_.reset();
}

void Browser::fail(const std::string& what) {
  std::string message = what;
  if (!process_->running()) {
    std::string tail = process_->log_tail();
    message += "\nChromium (" + process_->executable() + ") has exited";
    message += tail.empty() ? std::string(".") : ". Its log ends with:\n" + tail;
  }
  throw BrowserError(message);
}

}  // namespace silentcors::browser
