#include "wrapper/wrapped_launch.h"

#include <gtest/gtest.h>

namespace silentcors::wrapper {
namespace {

using Args = std::vector<std::string>;

// Playwright 1.65's launch of a Chromium at executablePath (its own flags
// shortened): the pipe, and a profile of its own.
TEST(WrappedLaunch, APipeSuiteKeepsItsFlagsAndGetsALoopbackPortBeside) {
  const Args suite = {"--disable-field-trial-config", "--headless", "--remote-debugging-pipe",
                      "--user-data-dir=/tmp/playwright_chromiumdev_profile-x", "--no-startup-window"};
  const WrappedLaunch launch = plan_wrapped_launch(suite);
  EXPECT_EQ(launch.channel, SuiteChannel::kPipe);
  Args expected = suite;
  expected.push_back("--remote-debugging-port=0");
  expected.push_back("--remote-debugging-address=127.0.0.1");
  EXPECT_EQ(launch.chromium_args, expected);
}

// Puppeteer's default and chromedriver's: the suite's own port is shared.
TEST(WrappedLaunch, APortSuiteIsLeftAsItIs) {
  const Args suite = {"--headless=new", "--remote-debugging-port=0", "--user-data-dir=/tmp/p", "about:blank"};
  const WrappedLaunch launch = plan_wrapped_launch(suite);
  EXPECT_EQ(launch.channel, SuiteChannel::kPort);
  EXPECT_EQ(launch.chromium_args, suite);
}

TEST(WrappedLaunch, AsRootChromiumGetsNoSandboxOnce) {
  EXPECT_EQ(plan_wrapped_launch({"--remote-debugging-port=0"}, /*as_root=*/true).chromium_args,
            (Args{"--no-sandbox", "--remote-debugging-port=0"}));
  EXPECT_EQ(plan_wrapped_launch({"--no-sandbox", "--remote-debugging-port=0"}, true).chromium_args,
            (Args{"--no-sandbox", "--remote-debugging-port=0"}));
}

TEST(WrappedLaunch, WithoutDevToolsThereIsNothingToWatch) {
  EXPECT_EQ(plan_wrapped_launch({"--version"}).channel, SuiteChannel::kNone);
  EXPECT_EQ(plan_wrapped_launch({}).channel, SuiteChannel::kNone);
}

TEST(WrappedLaunch, APipeSuiteThatAlsoOpenedAPortGetsNoSecondOne) {
  const Args suite = {"--remote-debugging-pipe", "--remote-debugging-port=9333"};
  const WrappedLaunch launch = plan_wrapped_launch(suite);
  EXPECT_EQ(launch.channel, SuiteChannel::kPipe);
  EXPECT_EQ(launch.chromium_args, suite);
}

// As Debian's Chromium 156 prints it.
TEST(DevToolsListening, TheLineNamesTheBrowsersWebSocket) {
  EXPECT_EQ(devtools_listening_url("DevTools listening on ws://127.0.0.1:40227/devtools/browser/6b1d8e6c-1f1e-4f0e-8a55-"
                                   "0f4c1b2a3d4e"),
            "ws://127.0.0.1:40227/devtools/browser/6b1d8e6c-1f1e-4f0e-8a55-0f4c1b2a3d4e");
  EXPECT_EQ(devtools_listening_url("DevTools listening on ws://127.0.0.1:1/devtools/browser/a\r"),
            "ws://127.0.0.1:1/devtools/browser/a");
  EXPECT_FALSE(devtools_listening_url("[1204/071512.3:ERROR:bus.cc(407)] Failed to connect to the bus"));
  EXPECT_FALSE(devtools_listening_url("DevTools listening on "));
  EXPECT_EQ(devtools_listening_line("ws://127.0.0.1:5/devtools/browser/a"),
            "DevTools listening on ws://127.0.0.1:5/devtools/browser/a\n");
}

}  // namespace
}  // namespace silentcors::wrapper
