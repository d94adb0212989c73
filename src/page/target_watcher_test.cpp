// TargetWatcher against a browser played by the test over FakeTransport: a
// new target is held (waitForDebuggerOnStart) until the domains it records
// are on, and only then resumed, so not even its first request is missed.
#include "page/target_watcher.h"

#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "browser/fake_transport.h"
#include "page/scripted_browser.h"

namespace silentcors::page {
namespace {

using nlohmann::json;

// Plays Chromium's side of the commands: every command gets an answer
// (getBrowserContexts names the default context), from a thread of its
// own, as TargetWatcher's constructor and finish() wait for theirs.
class Browser {
 public:
  Browser() : client(transport) {
    answering_ = std::thread([this] {
      std::size_t answered = 0;
      while (!stop_) {
        std::vector<json> sent;
        try {
          sent = transport.wait_sent(answered + 1, std::chrono::milliseconds(20));
        } catch (const std::runtime_error&) {
          continue;  // Nothing new yet.
        }
        for (; answered < sent.size(); ++answered) {
          const json& command = sent[answered];
          json result = json::object();
          if (command["method"] == "Target.getBrowserContexts") result = {{"defaultBrowserContextId", "CTX-0"}};
          json reply = {{"id", command["id"]}, {"result", result}};
          if (command.contains("sessionId")) reply["sessionId"] = command["sessionId"];
          transport.receive(reply);
        }
      }
    });
  }
  ~Browser() {
    stop_ = true;
    answering_.join();
  }

  // The commands sent on `session` ("" for the browser's own), in order,
  // once at least `count` have been sent there.
  std::vector<json> sent_on(const std::string& session, std::size_t count) {
    for (int tries = 0; tries < 500; ++tries) {
      std::vector<json> out;
      for (const auto& c : transport.wait_sent(0)) {
        if (c.value("sessionId", "") == session) out.push_back(c);
      }
      if (out.size() >= count) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "fewer than " << count << " commands on session \"" << session << "\"";
    return {};
  }

  browser::FakeTransport transport;
  browser::CdpClient client;

 private:
  std::atomic<bool> stop_{false};
  std::thread answering_;
};

json attached(const std::string& session, const std::string& type, const std::string& target, bool waiting,
              const std::string& parent = "") {
  json event = {{"method", "Target.attachedToTarget"},
                {"params",
                 {{"sessionId", session},
                  {"targetInfo",
                   {{"targetId", target}, {"type", type}, {"url", "about:blank"}, {"browserContextId", "CTX-1"}}},
                  {"waitingForDebugger", waiting}}}};
  if (!parent.empty()) event["sessionId"] = parent;
  return event;
}

std::vector<std::string> methods(const std::vector<json>& commands) {
  std::vector<std::string> out;
  for (const auto& c : commands) out.push_back(c["method"]);
  return out;
}

TEST(TargetWatcherTest, NewTargetsAreHeldAtTheBrowserLevel) {
  Browser browser;
  TargetWatcher watcher(browser.client);
  const auto own = browser.sent_on("", 3);
  EXPECT_EQ(methods(own), (std::vector<std::string>{"Target.getBrowserContexts", "Target.setDiscoverTargets",
                                                    "Target.setAutoAttach"}));
  EXPECT_EQ(own[2]["params"], json({{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}));
  EXPECT_EQ(watcher.default_context(), "CTX-0");
}

TEST(TargetWatcherTest, AHeldPageIsResumedOnlyOnceItsDomainsAreOn) {
  Browser browser;
  TargetWatcher watcher(browser.client);
  browser.sent_on("", 3);
  browser.transport.receive(attached("PAGE", "page", "T-PAGE", true));
  const auto page = browser.sent_on("PAGE", 7);
  EXPECT_EQ(methods(page), (std::vector<std::string>{"Network.enable", "Runtime.enable", "Log.enable", "Audits.enable",
                                                     "Page.enable", "Target.setAutoAttach",
                                                     "Runtime.runIfWaitingForDebugger"}));
  EXPECT_EQ(page[5]["params"]["waitForDebuggerOnStart"], true) << "its iframes and workers are held in turn";
  // Commands on one session run in order: each is sent before the next.
  for (std::size_t i = 1; i < page.size(); ++i) EXPECT_LT(page[i - 1]["id"], page[i]["id"]);

  // Its iframe, attached through the page's session, is held and resumed the same way.
  browser.transport.receive(attached("FRAME", "iframe", "T-FRAME", true, "PAGE"));
  EXPECT_EQ(methods(browser.sent_on("FRAME", 7)).back(), "Runtime.runIfWaitingForDebugger");
  // A worker records Network, Runtime and Log, no Page or Audits.
  browser.transport.receive(attached("SW", "service_worker", "T-SW", true));
  EXPECT_EQ(methods(browser.sent_on("SW", 5)),
            (std::vector<std::string>{"Network.enable", "Runtime.enable", "Log.enable", "Target.setAutoAttach",
                                      "Runtime.runIfWaitingForDebugger"}));
  EXPECT_EQ(watcher.targets_attached(), 3u);
}

TEST(TargetWatcherTest, ATargetNotWaitingIsNotResumedAndTheFirstRequestIsKept) {
  Browser browser;
  TargetWatcher watcher(browser.client);
  browser.sent_on("", 3);
  browser.transport.receive(attached("PAGE", "page", "T-PAGE", false));
  EXPECT_EQ(methods(browser.sent_on("PAGE", 6)).back(), "Target.setAutoAttach") << "nothing to resume";
  browser.transport.receive({{"method", "Network.requestWillBeSent"},
                             {"sessionId", "PAGE"},
                             {"params",
                              {{"requestId", "R1"},
                               {"type", "Document"},
                               {"frameId", "T-PAGE"},
                               {"request", {{"url", "http://app.test/"}, {"method", "GET"}}}}}});
  // The event is handled on the transport's thread; finish() waits for it.
  const auto visits = watcher.finish();
  const auto sent = methods(browser.transport.wait_sent(0));
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].context, "CTX-1");
  EXPECT_EQ(visits[0].target_type, "page");
  EXPECT_EQ(visits[0].url, "http://app.test/");
  ASSERT_EQ(visits[0].events.size(), 1u);
  EXPECT_NE(visits[0].events[0].find("\"R1\""), std::string::npos);
  // finish() lets go of new targets before it stops listening.
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[sent.size() - 2], "Target.setAutoAttach");
  EXPECT_EQ(sent.back(), "Target.setDiscoverTargets");
}

// Observed under `watch` with Playwright (1 run in 30 on a loaded machine):
// a popup opened by the page was resumed by the suite's own
// runIfWaitingForDebugger before Chromium had processed our Network.enable,
// and its first request was never seen. Our resume now waits for the
// answers, so while the target waits on us, what we record is on.
TEST(TargetWatcherTest, AHeldTargetIsResumedOnlyOnceTheBrowserHasAnsweredItsDomains) {
  testing::ScriptedBrowser browser;
  std::mutex mutex;
  std::vector<json> withheld;
  for (const char* method : {"Network.enable", "Page.enable"}) {
    browser.on(method, [&](const json& command) {
      if (command.value("sessionId", "") != "POPUP") return browser.reply(command);
      std::lock_guard lock(mutex);
      withheld.push_back(command);  // The renderer is busy: no answer yet.
    });
  }
  TargetWatcher watcher(browser.client);
  // Delivered on this thread: when receive() returns, the watcher has sent
  // whatever it sends for the attach.
  browser.transport.receive(attached("POPUP", "page", "T-POPUP", true));
  EXPECT_EQ(browser.sent("Target.setAutoAttach").size(), 2u) << "the browser's, then the popup's";
  EXPECT_TRUE(browser.sent("Runtime.runIfWaitingForDebugger").empty()) << "resumed before its domains were on";
  auto withheld_count = [&] {
    std::lock_guard lock(mutex);
    return withheld.size();
  };
  ASSERT_TRUE(browser.until([&] { return withheld_count() == 2; }));  // The browser has them, unanswered.
  {
    std::lock_guard lock(mutex);
    for (const auto& command : withheld) browser.reply(command);
  }
  ASSERT_TRUE(browser.until([&] { return !browser.sent("Runtime.runIfWaitingForDebugger").empty(); }));
  EXPECT_EQ(browser.sent("Runtime.runIfWaitingForDebugger")[0].value("sessionId", ""), "POPUP");
}

TEST(TargetWatcherTest, ATargetAttachedWhileTheWatcherIsStillSettingUpIsHeldAndResumed) {
  // The browser-level auto-attach reports a new page before its own answer.
  testing::ScriptedBrowser browser;
  browser.on("Target.setAutoAttach", [&](const json& command) {
    if (!command.contains("sessionId")) browser.transport.receive(attached("EARLY", "page", "T-EARLY", true));
    browser.reply(command);
  });
  TargetWatcher watcher(browser.client);
  ASSERT_TRUE(browser.until([&] { return !browser.sent("Runtime.runIfWaitingForDebugger").empty(); }));
  EXPECT_EQ(browser.sent("Runtime.runIfWaitingForDebugger")[0].value("sessionId", ""), "EARLY");
  EXPECT_EQ(watcher.targets_attached(), 1u);
}

TEST(TargetWatcherTest, AChildAttachedBeforeItsHeldParentIsAnsweredIsResumedToo) {
  // An iframe of a popup arrives while the popup's own commands are still
  // unanswered: each is resumed once its own domains are on, neither lost.
  testing::ScriptedBrowser browser;
  std::mutex mutex;
  std::vector<json> withheld;
  browser.on("Network.enable", [&](const json& command) {
    std::lock_guard lock(mutex);
    withheld.push_back(command);
  });
  TargetWatcher watcher(browser.client);
  browser.transport.receive(attached("POPUP", "page", "T-POPUP", true));
  browser.transport.receive(attached("FRAME", "iframe", "T-FRAME", true, "POPUP"));
  EXPECT_TRUE(browser.sent("Runtime.runIfWaitingForDebugger").empty());
  auto withheld_count = [&] {
    std::lock_guard lock(mutex);
    return withheld.size();
  };
  ASSERT_TRUE(browser.until([&] { return withheld_count() == 2; }));
  {
    std::lock_guard lock(mutex);
    for (const auto& command : withheld) browser.reply(command);
  }
  ASSERT_TRUE(browser.until([&] { return browser.sent("Runtime.runIfWaitingForDebugger").size() == 2; }));
  std::set<std::string> resumed;
  for (const auto& c : browser.sent("Runtime.runIfWaitingForDebugger")) resumed.insert(c.value("sessionId", ""));
  EXPECT_EQ(resumed, (std::set<std::string>{"FRAME", "POPUP"}));
}

}  // namespace
}  // namespace silentcors::page
