// PageSession against a scripted browser: the orders of replies and frame
// events that Chromium produces under load, each staged on purpose. Every
// test here stands for a stall or a wrong run once seen with real Chromium.
#include "page/page_session.h"

#include <atomic>

#include <gtest/gtest.h>

#include "page/scripted_browser.h"

namespace silentcors::page {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::ScriptedBrowser;

constexpr const char* kUrl = "http://app.test/page";

Clock::time_point in(milliseconds ms) { return Clock::now() + ms; }

PageOptions options(milliseconds command_timeout = milliseconds(30000)) {
  PageOptions o;
  o.command_timeout = command_timeout;
  return o;
}

TEST(PageSessionTest, ANavigationIsFollowedToItsLoad) {
  ScriptedBrowser browser;
  PageSession page(browser.client, options(), nullptr);
  page.navigate(kUrl, in(milliseconds(10000)));
  EXPECT_EQ(page.wait_for_network_idle(milliseconds(0), in(milliseconds(10000))), PageSession::Wait::kDone);
  EXPECT_EQ(browser.sent("Page.navigate").size(), 1u);
  EXPECT_TRUE(page.take_notes().empty());
}

// Observed with Datadog RUM in a reused triage page: Chromium answered the
// reset's navigation to about:blank while the old document still ran its
// pagehide work; the next run's navigation started, about:blank committed
// late over it, and Chromium never answered the second Page.navigate.
TEST(PageSessionTest, TheResetWaitsForAboutBlankToCommitSoTheNextNavigationIsNotSuperseded) {
  ScriptedBrowser browser;
  std::atomic<bool> unloading{false};
  std::function<void()> late_commit;
  std::mutex mutex;
  browser.on("Page.navigate", [&](const json& command) {
    const std::string url = command["params"]["url"];
    const std::string loader = browser.next_loader();
    if (url == "about:blank") {
      browser.started(loader, url);
      browser.reply(command, {{"frameId", ScriptedBrowser::kTarget}, {"loaderId", loader}});
      unloading = true;
      auto commit = [&browser, &unloading, loader] {
        if (!unloading.exchange(false)) return;
        browser.committed(loader, "about:blank");
        browser.loaded(loader);
      };
      {
        std::lock_guard lock(mutex);
        late_commit = commit;
      }
      browser.after(milliseconds(200), commit);  // The old page's unload work.
      return;
    }
    if (unloading) {
      // Chromium: this navigation starts, the late commit supersedes it,
      // and its command is never answered.
      browser.started(loader, url);
      std::lock_guard lock(mutex);
      late_commit();
      return;
    }
    browser.navigate_normally(command, loader);
  });
  PageSession page(browser.client, options(milliseconds(3000)), nullptr);
  page.navigate(kUrl, in(milliseconds(10000)));
  ASSERT_EQ(page.wait_for_network_idle(milliseconds(0), in(milliseconds(10000))), PageSession::Wait::kDone);

  page.reset_for_next_run({"http://app.test"}, in(milliseconds(10000)));
  ASSERT_NO_THROW(page.navigate(kUrl, in(milliseconds(10000))));
  EXPECT_EQ(page.wait_for_network_idle(milliseconds(0), in(milliseconds(10000))), PageSession::Wait::kDone);
  EXPECT_EQ(browser.sent("Page.navigate").size(), 3u) << "no navigation had to be sent again";
  EXPECT_TRUE(page.take_notes().empty());
}

TEST(PageSessionTest, ANavigationSupersededByAnotherDocumentIsSeenAtOnceAndSentAgain) {
  ScriptedBrowser browser;
  int navigations = 0;
  browser.on("Page.navigate", [&](const json& command) {
    const std::string loader = browser.next_loader();
    if (++navigations == 1) {
      // Ours starts, then a document of the page's own (a late redirect by
      // script) takes the frame; Chromium never answers ours.
      browser.started(loader, command["params"]["url"]);
      browser.committed("L-OTHER", "http://app.test/elsewhere");
      return;
    }
    browser.navigate_normally(command, loader);
  });
  // The default 30 s command timeout: waiting it out would fail the test's
  // own deadline below.
  PageSession page(browser.client, options(), nullptr);
  page.navigate(kUrl, in(milliseconds(10000)));
  EXPECT_EQ(page.wait_for_network_idle(milliseconds(0), in(milliseconds(10000))), PageSession::Wait::kDone);
  EXPECT_EQ(browser.sent("Page.navigate").size(), 2u);
  const auto notes = page.take_notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "the navigation to http://app.test/page was superseded by a late commit of "
                      "http://app.test/elsewhere; navigated again");
}

TEST(PageSessionTest, AnUnansweredNavigationTheFrameShowsUnderWayIsSentAgainOnce) {
  ScriptedBrowser browser;
  int navigations = 0;
  browser.on("Page.navigate", [&](const json& command) {
    const std::string loader = browser.next_loader();
    if (++navigations == 1) {
      browser.started(loader, command["params"]["url"]);  // ... and nothing more.
      return;
    }
    browser.navigate_normally(command, loader);
  });
  PageSession page(browser.client, options(milliseconds(300)), nullptr);
  page.navigate(kUrl, in(milliseconds(10000)));
  EXPECT_EQ(browser.sent("Page.navigate").size(), 2u);
  const auto notes = page.take_notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "Page.navigate to http://app.test/page went unanswered for 300 ms while the frame showed "
                      "it under way; navigated again");
}

TEST(PageSessionTest, ANavigationNeverAnsweredNorStartedIsAnInfrastructureError) {
  ScriptedBrowser browser;
  browser.on("Page.navigate", [](const json&) {});
  PageSession page(browser.client, options(milliseconds(300)), nullptr);
  try {
    page.navigate(kUrl, in(milliseconds(10000)));
    FAIL() << "navigate returned";
  } catch (const browser::CdpError& e) {
    EXPECT_STREQ(e.what(), "Page.navigate: no reply from the browser within 300 ms");
  }
  EXPECT_EQ(browser.sent("Page.navigate").size(), 1u) << "nothing showed it under way: not sent again";
}

TEST(PageSessionTest, ANavigationTwiceUnansweredIsAnInfrastructureError) {
  ScriptedBrowser browser;
  browser.on("Page.navigate", [&](const json& command) { browser.started(browser.next_loader(), kUrl); });
  PageSession page(browser.client, options(milliseconds(300)), nullptr);
  EXPECT_THROW(page.navigate(kUrl, in(milliseconds(10000))), browser::CdpError);
  EXPECT_EQ(browser.sent("Page.navigate").size(), 2u);
}

TEST(PageSessionTest, AnErrorTextIsANavigationError) {
  ScriptedBrowser browser;
  browser.on("Page.navigate", [&](const json& command) {
    browser.reply(command, {{"frameId", ScriptedBrowser::kTarget}, {"loaderId", "L1"},
                            {"errorText", "net::ERR_CONNECTION_REFUSED"}});
  });
  PageSession page(browser.client, options(), nullptr);
  try {
    page.navigate(kUrl, in(milliseconds(10000)));
    FAIL() << "navigate returned";
  } catch (const NavigationError& e) {
    EXPECT_STREQ(e.what(), "could not open http://app.test/page: net::ERR_CONNECTION_REFUSED");
  }
}

TEST(PageSessionTest, ACommitBeforeTheReplyIsKnownIsStillOurs) {
  // The reply, not frameStartedNavigating, may be the first to name our
  // loader (a URL Chromium reported in another form).
  ScriptedBrowser browser;
  browser.on("Page.navigate", [&](const json& command) {
    browser.committed("L9", "http://app.test/page?normalised");
    browser.loaded("L9");
    browser.reply(command, {{"frameId", ScriptedBrowser::kTarget}, {"loaderId", "L9"}});
  });
  PageSession page(browser.client, options(), nullptr);
  page.reset_for_next_run({}, in(milliseconds(10000)));  // Waits for the commit, which came first.
  EXPECT_EQ(browser.sent("Page.navigate").size(), 1u);
  EXPECT_TRUE(page.take_notes().empty());
}

TEST(PageSessionTest, ALateEventOfADetachedWorkerDoesNotHoldTheNetworkBusy) {
  ScriptedBrowser browser;
  PageSession page(browser.client, options(), nullptr);
  page.navigate(kUrl, in(milliseconds(10000)));
  browser.event("Target.attachedToTarget",
                {{"sessionId", "S-WORKER"},
                 {"targetInfo", {{"targetId", "W"}, {"type", "worker"}, {"url", "http://app.test/w.js"}}},
                 {"waitingForDebugger", true}});
  browser.event("Target.detachedFromTarget", {{"sessionId", "S-WORKER"}, {"targetId", "W"}});
  // Its last request, announced after it was gone, never ends.
  browser.event("Network.requestWillBeSent",
                {{"requestId", "W.1"}, {"request", {{"url", "http://api.test/beacon"}, {"method", "POST"}}}},
                "S-WORKER");
  EXPECT_EQ(page.wait_for_network_idle(milliseconds(0), in(milliseconds(3000))), PageSession::Wait::kDone);
  EXPECT_EQ(page.in_flight(), 0u);
}

TEST(PageSessionTest, EventsOfAClosedPageReachNobody) {
  ScriptedBrowser browser;
  std::atomic<int> seen{0};
  PageSession page(browser.client, options(), [&](const browser::CdpEvent&) { ++seen; });
  page.navigate(kUrl, in(milliseconds(10000)));
  page.close();
  const int before = seen.load();
  browser.event("Network.requestWillBeSent", {{"requestId", "late"}, {"request", {{"url", kUrl}}}});
  browser.event("Runtime.consoleAPICalled", {{"type", "log"}, {"args", json::array()}});
  // A command after the events: once it is answered, the events were handled.
  browser.client.call("Browser.getVersion");
  EXPECT_EQ(seen.load(), before);
}

}  // namespace
}  // namespace silentcors::page
