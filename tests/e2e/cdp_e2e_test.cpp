// The CDP client over both real transports to real headless Chromium, its
// private pipe and a WebSocket to its loopback port: what the fake-transport
// tests cannot show (framing of multi-MB messages as Chromium writes them, a
// browser that dies under a waiting command).
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <future>

#include "browser/browser.h"
#include "browser/browser_error.h"
#include "browser/process_table.h"
#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;

// The parameter: Chromium with a DevTools port (LwsTransport) instead of the pipe.
class CdpWithChromium : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { setenv("TMPDIR", tool_tmpdir(tmp.str()).c_str(), 1); }
  void TearDown() override {
    unsetenv("TMPDIR");
    // Whatever happened in the test: nothing of Chromium survives the tool.
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }
  browser::ChromeOptions options() const {
    browser::ChromeOptions options;
    options.debugging_port = GetParam();
    return options;
  }
  TempDir tmp;
};

std::string attach_blank_page(browser::CdpClient& cdp) {
  auto target = cdp.call("Target.createTarget", {{"url", "about:blank"}}).at("targetId").get<std::string>();
  return cdp.call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}}).at("sessionId").get<std::string>();
}

TEST_P(CdpWithChromium, MultiMegabyteRepliesArriveWhole) {
  browser::Browser chrome(options());
  std::string session = attach_blank_page(chrome.cdp());
  // 6 MB of text: many WebSocket fragments, or many reads of the pipe.
  json result = chrome.cdp().call("Runtime.evaluate",
                                  {{"expression", "'x'.repeat(6 * 1024 * 1024)"}, {"returnByValue", true}}, session);
  EXPECT_EQ(result["result"]["value"].get_ref<const std::string&>().size(), 6u * 1024 * 1024);
}

TEST_P(CdpWithChromium, ManyCommandsInFlightAreAnsweredById) {
  browser::Browser chrome(options());
  std::string session = attach_blank_page(chrome.cdp());
  std::vector<std::future<json>> replies;
  // Later-sent commands resolve sooner: replies come back out of order.
  for (int i = 0; i < 50; ++i) {
    replies.push_back(chrome.cdp().send(
        "Runtime.evaluate",
        {{"expression", "new Promise(r => setTimeout(() => r(" + std::to_string(i) + "), " + std::to_string(50 - i) +
                            "))"},
         {"awaitPromise", true},
         {"returnByValue", true}},
        session));
  }
  for (int i = 0; i < 50; ++i) EXPECT_EQ(replies[i].get()["result"]["value"], i);
}

TEST_P(CdpWithChromium, ABrowserThatDiesFailsTheWaitingCommandAtOnce) {
  browser::Browser chrome(options());
  std::string session = attach_blank_page(chrome.cdp());
  auto never = chrome.cdp().send("Runtime.evaluate", {{"expression", "new Promise(() => {})"}, {"awaitPromise", true}},
                                 session);
  // Kill Chromium (every process of it names this test's TMPDIR), but not
  // its reaper: that one must still clean up afterwards.
  for (const auto& process : browser::processes_mentioning(tool_tmpdir(tmp.str()) + "/silentcors-profile-")) {
    if (process.argv0().find("silentcors-reaper") == std::string::npos) kill(process.pid, SIGKILL);
  }
  ASSERT_EQ(never.wait_for(std::chrono::seconds(10)), std::future_status::ready)
      << "the command should fail when the connection drops, not wait for its timeout";
  EXPECT_THROW(never.get(), browser::CdpError);
  EXPECT_FALSE(chrome.cdp().connected());
}

INSTANTIATE_TEST_SUITE_P(Transports, CdpWithChromium, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "WebSocket" : "Pipe"; });

}  // namespace
}  // namespace silentcors::e2e
