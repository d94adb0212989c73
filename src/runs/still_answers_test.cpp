// Whether a browser whose run ended in an error is still there: the race a
// Grid test lost by luck (a dead node's session stays connected through the
// hub, silent, and its run's error was counted as a run) staged on a
// scripted browser, where it happens every time.
#include <gtest/gtest.h>

#include "page/scripted_browser.h"
#include "runs/suite_runner.h"

namespace silentcors::runs {
namespace {

using page::testing::ScriptedBrowser;
using namespace std::chrono_literals;

TEST(StillAnswers, ABrowserThatAnswersIsStillThere) {
  ScriptedBrowser browser;
  EXPECT_TRUE(still_answers(browser.client, 2s));
}

TEST(StillAnswers, ABrowserConnectedButSilentIsNot) {
  ScriptedBrowser browser;
  browser.on("Browser.getVersion", [](const nlohmann::json&) {});  // Never answered.
  EXPECT_TRUE(browser.client.connected());
  EXPECT_FALSE(still_answers(browser.client, 200ms));
}

TEST(StillAnswers, ABrowserWhoseConnectionClosedIsNot) {
  ScriptedBrowser browser;
  browser.transport.close();
  EXPECT_FALSE(still_answers(browser.client, 2s));
}

}  // namespace
}  // namespace silentcors::runs
