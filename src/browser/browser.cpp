#include "browser/browser.h"

#include <future>

#include "browser/browser_error.h"
#include "browser/lws_transport.h"
#include "browser/pipe_transport.h"

namespace silentcors::browser {

Browser::Browser(const ChromeOptions& options) {
  if (!options.grid_url.empty()) {
    connect_grid(options);
    return;
  }
  if (!options.cdp_url.empty()) {
    connect_remote(options);
    return;
  }
  process_ = std::make_unique<ChromeProcess>(options);
  if (options.debugging_port) {
    connect_websocket(options);
  } else {
    connect_pipe(options);
  }
}

void Browser::connect_pipe(const ChromeOptions& options) {
  DevToolsPipe pipe = process_->take_devtools_pipe();
  auto transport = std::make_unique<PipeTransport>(pipe.to_browser, pipe.from_browser);
  client_ = std::make_unique<CdpClient>(*transport);
  transport->start();
  transport_ = std::move(transport);
  // There is no file to wait for: Chromium is ready when it answers. Before
  // that it reads nothing from the pipe, and the command simply waits there.
  auto version = client_->send("Browser.getVersion");
  if (version.wait_for(options.startup_timeout) != std::future_status::ready) {
    process_->startup_failed(/*exited=*/false, options.startup_timeout);
  }
  try {
    version.get();
  } catch (const CdpError&) {
    // The pipe closed: Chromium (or what was started as Chromium) exited.
    process_->startup_failed(/*exited=*/true, options.startup_timeout);
  }
}

void Browser::connect_websocket(const ChromeOptions& options) {
  auto transport = std::make_unique<LwsTransport>();
  client_ = std::make_unique<CdpClient>(*transport);
  LwsTransport& lws = *transport;
  transport_ = std::move(transport);
  try {
    const auto& endpoint = process_->endpoint();
    lws.connect(endpoint.host, endpoint.port, endpoint.path, options.startup_timeout);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void Browser::connect_remote(const ChromeOptions& options) {
  std::string error;
  auto url = parse_cdp_url(options.cdp_url, error);
  if (!url) throw BrowserError("--cdp " + error);
  remote_ = resolve_cdp_url(*url, options.startup_timeout);
  auto transport = std::make_unique<LwsTransport>();
  client_ = std::make_unique<CdpClient>(*transport);
  LwsTransport& lws = *transport;
  transport_ = std::move(transport);
  try {
    lws.connect(remote_.host, remote_.port, remote_.path, options.startup_timeout, remote_.tls);
  } catch (const std::exception& e) {
    throw BrowserError("cannot reach the DevTools endpoint " + remote_.ws_url() + ": " + e.what());
  }
  // Something answered the WebSocket; it must speak Chromium's protocol.
  std::string product;
  try {
    product = client_->call("Browser.getVersion", nlohmann::json::object(), {}, options.startup_timeout)
                  .value("product", "");
  } catch (const CdpError& e) {
    throw BrowserError(remote_.ws_url() + " is not a Chromium DevTools endpoint (Browser.getVersion: " + e.what() +
                       ")");
  }
  if (product.find("Chrom") == std::string::npos && product.find("Edg") == std::string::npos) {
    throw BrowserError(remote_.ws_url() + " is " + (product.empty() ? "an unknown browser" : product) +
                       ", not Chromium: silentcors speaks Chromium's DevTools protocol only");
  }
}

void Browser::connect_grid(const ChromeOptions& options) {
  std::string error;
  auto url = parse_grid_url(options.grid_url, error);
  if (!url) throw BrowserError("--grid " + error);
  grid_ = std::make_unique<GridClient>(*url, options.startup_timeout);
  std::vector<std::string> args = headless_flags();
  // Whoever the node runs Chromium as (root, in many containers), silentcors
  // cannot tell from here, and as root Chromium starts only without its sandbox.
  args.push_back("--no-sandbox");
  const GridSession session = grid_->start(args);
  grid_session_ = session.id;
  ChromeOptions remote = options;
  remote.cdp_url = session.cdp_url;
  try {
    connect_remote(remote);
  } catch (const BrowserError& e) {
    client_.reset();
    transport_.reset();
    grid_->end(grid_session_);
    throw BrowserError(std::string(e.what()) + " (Grid session " + session.id + " on " + url->text() + ")");
  }
}

std::string Browser::ws_url() const { return process_ ? process_->endpoint().url() : remote_.ws_url(); }

std::string Browser::http_url() const {
  if (!process_) return remote_.http_url();
  const auto& endpoint = process_->endpoint();
  return "http://" + endpoint.host + ":" + std::to_string(endpoint.port);
}

Browser::~Browser() {
  // Order matters: detach the client, stop the transport's thread, then Chromium.
  client_.reset();
  transport_.reset();
  // The node ends the session's Chromium and chromedriver; a node that is
  // gone has nothing left to end.
  if (grid_ && !grid_session_.empty()) grid_->end(grid_session_);
  process_.reset();
}

void Browser::fail(const std::string& what) {
  std::string message = what;
  if (grid_) throw BrowserError(message + " (Grid session " + grid_session_ + " on " + grid_->url().text() + ")");
  if (!process_) throw BrowserError(message + " (the browser at " + remote_.ws_url() + ")");
  if (!process_->running()) {
    // One line: it ends up in a run's ERROR line and in every report. The
    // log itself (mostly Chromium's dbus and GPU noise) is kept, not quoted.
    const std::string log = process_->kept_log();
    message += "; Chromium (" + process_->executable() + ") has exited";
    message += log.empty() ? " (--chrome-log FILE keeps its log)" : "; its log: " + log;
  }
  throw BrowserError(message);
}

}  // namespace silentcors::browser
