// The suite's door under `watch` (browser/devtools_gate.h) in front of real
// Chromium: a suite's resume of a page held at start reaches the browser
// only once silentcors has set that page up. Found under load: Playwright's
// resume let a popup make its first (refused) request a second before
// silentcors' Network.enable was answered, so the report missed it (3 runs
// in 80). Here silentcors' side never sets the page up until the test says
// so, which no timing can change.
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser/browser.h"
#include "browser/cdp_client.h"
#include "browser/devtools_gate.h"
#include "browser/lws_transport.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const json kHoldNewTargets = {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}};

struct Attached {
  std::string session;
  std::string target;
};

// The next page attached to `cdp` (its first attachedToTarget event).
std::future<Attached> next_attached(browser::CdpClient& cdp, int& token) {
  auto promise = std::make_shared<std::promise<Attached>>();
  auto done = std::make_shared<bool>(false);
  token = cdp.subscribe([promise, done](const browser::CdpEvent& event) {
    if (*done || event.method() != "Target.attachedToTarget") return;
    const json& params = event.message["params"];
    if (params["targetInfo"]["type"] != "page") return;
    *done = true;
    promise->set_value({params["sessionId"], params["targetInfo"]["targetId"]});
  });
  return promise->get_future();
}

class DevToolsGateTest : public ::testing::Test {
 protected:
  static browser::ChromeOptions with_suite_port() {
    browser::ChromeOptions options;
    options.suite_port = true;
    return options;
  }
  // The suite connects through the gate and holds new targets, as
  // Playwright does; then opens a page, which starts held.
  Attached open_held_page() {
    transport.connect("127.0.0.1", gate.port(), chrome.process().endpoint().path, 10s);
    suite = std::make_unique<browser::CdpClient>(transport);
    suite->call("Target.setAutoAttach", kHoldNewTargets);
    int token = 0;
    std::future<Attached> attached = next_attached(*suite, token);
    suite->send("Target.createTarget", {{"url", "about:blank"}});
    const bool came = attached.wait_for(30s) == std::future_status::ready;
    suite->unsubscribe(token);
    if (!came) throw std::runtime_error("the new page was never attached to the suite");
    return attached.get();
  }

  browser::Browser chrome{with_suite_port()};
  browser::DevToolsGate gate{chrome.process().endpoint().host, chrome.process().endpoint().port};
  browser::LwsTransport transport;
  std::unique_ptr<browser::CdpClient> suite;
};

TEST_F(DevToolsGateTest, ASuitesResumeOfAHeldPageWaitsUntilSilentcorsHasSetItUp) {
  // silentcors holds every new target, as watch does.
  chrome.cdp().call("Target.setAutoAttach", kHoldNewTargets);

  const Attached page = open_held_page();
  browser::CdpClient& suite = *this->suite;
  std::future<json> resumed = suite.send("Runtime.runIfWaitingForDebugger", json::object(), page.session);
  // A command sent after it has been answered: the gate has read the resume.
  suite.call("Browser.getVersion");
  EXPECT_EQ(gate.resumes_held(), 1u);
  EXPECT_EQ(resumed.wait_for(0s), std::future_status::timeout) << "the resume reached the browser";

  gate.release(page.target);
  ASSERT_EQ(resumed.wait_for(30s), std::future_status::ready);
  resumed.get();  // Answered, not failed.
  // The page runs: Chromium let it go at the suite's resume.
  json two = suite.call("Runtime.evaluate", {{"expression", "1 + 1"}, {"returnByValue", true}}, page.session);
  EXPECT_EQ(two["result"]["value"], 2);
  EXPECT_EQ(gate.resumes_expired(), 0u);
}

TEST_F(DevToolsGateTest, ATargetAlreadySetUpIsResumedAtOnce) {
  const Attached page = open_held_page();
  gate.release(page.target);
  suite->call("Runtime.runIfWaitingForDebugger", json::object(), page.session);
  EXPECT_EQ(gate.resumes_held(), 0u);
}

// What Playwright and Puppeteer read first (connectOverCDP / connect with
// an http:// URL): the browser's own answer, with the gate's address in it,
// so that the suite's WebSocket goes through the gate too.
TEST_F(DevToolsGateTest, JsonVersionNamesTheGateNotTheBrowser) {
  namespace beast = boost::beast;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(gate.port())});
  beast::http::request<beast::http::string_body> request{beast::http::verb::get, "/json/version", 11};
  request.set(beast::http::field::host, "127.0.0.1:" + std::to_string(gate.port()));
  beast::http::write(socket, request);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  beast::http::read(socket, buffer, response);
  ASSERT_EQ(response.result_int(), 200) << response.body();
  json version = json::parse(response.body());
  EXPECT_EQ(version["webSocketDebuggerUrl"], gate.ws_url(chrome.process().endpoint().path));
  EXPECT_NE(version["Browser"].get<std::string>().find("Chrom"), std::string::npos);
}

}  // namespace
}  // namespace silentcors::e2e
