#include "page/network_idle.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace silentcors::page {
namespace {

using nlohmann::json;

json request(const std::string& id, const std::string& url) {
  return {{"requestId", id}, {"request", {{"url", url}, {"method", "GET"}}}};
}

TEST(NetworkIdleTracker, CountsRequestsUntilTheyFinishOrFail) {
  NetworkIdleTracker tracker;
  EXPECT_TRUE(tracker.on_event("S", "Network.requestWillBeSent", request("1", "http://a.test/")));
  EXPECT_TRUE(tracker.on_event("S", "Network.requestWillBeSent", request("2", "http://api.test/x")));
  EXPECT_EQ(tracker.in_flight(), 2u);
  EXPECT_TRUE(tracker.on_event("S", "Network.loadingFinished", {{"requestId", "1"}}));
  EXPECT_TRUE(tracker.on_event("S", "Network.loadingFailed", {{"requestId", "2"}, {"errorText", "net::ERR_FAILED"}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_EQ(tracker.requests_seen(), 2u);
}

TEST(NetworkIdleTracker, AResponseWhoseBodyIsNeverReadNoLongerCounts) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("7", "http://api.test/items"));
  EXPECT_TRUE(tracker.on_event("S", "Network.responseReceived", {{"requestId", "7"}, {"response", {{"status", 200}}}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_FALSE(tracker.on_event("S", "Network.loadingFinished", {{"requestId", "7"}}));
}

TEST(NetworkIdleTracker, ARedirectIsTheSameRequest) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("1", "http://a.test/old"));
  tracker.on_event("S", "Network.requestWillBeSent", request("1", "http://a.test/new"));
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.requests_seen(), 1u);
  EXPECT_EQ(tracker.describe_in_flight(), "http://a.test/new");
}

TEST(NetworkIdleTracker, SameRequestIdInAnotherSessionIsAnotherRequest) {
  NetworkIdleTracker tracker;
  tracker.on_event("PAGE", "Network.requestWillBeSent", request("1", "http://a.test/"));
  tracker.on_event("WORKER", "Network.requestWillBeSent", request("1", "http://a.test/w"));
  tracker.on_event("PAGE", "Network.loadingFinished", {{"requestId", "1"}});
  EXPECT_EQ(tracker.in_flight(), 1u);
}

TEST(NetworkIdleTracker, UnrelatedEventsChangeNothing) {
  NetworkIdleTracker tracker;
  EXPECT_FALSE(tracker.on_event("S", "Network.dataReceived", {{"requestId", "1"}}));
  EXPECT_FALSE(tracker.on_event("S", "Network.loadingFinished", {{"requestId", "9"}}));
  EXPECT_FALSE(tracker.on_event("S", "Runtime.consoleAPICalled", json::object()));
  EXPECT_FALSE(tracker.load_event_fired());
}

json lifecycle(const std::string& name, const std::string& loader) {
  return {{"frameId", "F"}, {"loaderId", loader}, {"name", name}, {"timestamp", 1.0}};
}

TEST(NetworkIdleTracker, OnlyTheAwaitedDocumentsLoadCounts) {
  NetworkIdleTracker tracker;
  tracker.expect_load("F", "BLANK");
  tracker.expect_load("F", "PAGE");  // Navigated on before about:blank reported its load.
  EXPECT_FALSE(tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "BLANK")));
  EXPECT_FALSE(tracker.load_event_fired());
  EXPECT_FALSE(tracker.on_event("S", "Page.lifecycleEvent", lifecycle("DOMContentLoaded", "PAGE")));
  EXPECT_FALSE(tracker.load_event_fired());
  EXPECT_TRUE(tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "PAGE")));
  EXPECT_TRUE(tracker.load_event_fired());
}

json committed(const std::string& frame, const std::string& loader) {
  return {{"frame", {{"id", frame}, {"loaderId", loader}, {"url", "http://a.test/"}}}, {"type", "Navigation"}};
}

TEST(NetworkIdleTracker, AScriptThatMovesOnToAnotherDocumentIsWaitedFor) {
  NetworkIdleTracker tracker;
  tracker.expect_load("MAIN", "LOGIN");
  tracker.on_event("S", "Page.frameNavigated", committed("MAIN", "LOGIN"));
  tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "LOGIN"));
  EXPECT_TRUE(tracker.load_event_fired());
  // location.href = '/app' after load: the run is about /app.
  EXPECT_TRUE(tracker.on_event("S", "Page.frameNavigated", committed("MAIN", "APP")));
  EXPECT_FALSE(tracker.load_event_fired());
  tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "APP"));
  EXPECT_TRUE(tracker.load_event_fired());
}

TEST(NetworkIdleTracker, AnIframesDocumentIsNotTheOneAwaited) {
  NetworkIdleTracker tracker;
  tracker.expect_load("MAIN", "PAGE");
  EXPECT_FALSE(tracker.on_event("S", "Page.frameNavigated", committed("CHILD", "FRAME")));
  tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "FRAME"));
  EXPECT_FALSE(tracker.load_event_fired());
}

TEST(NetworkIdleTracker, ALoadReportedBeforeTheNavigationAnsweredCounts) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Page.lifecycleEvent", lifecycle("load", "FAST"));
  tracker.expect_load("F", "FAST");
  EXPECT_TRUE(tracker.load_event_fired());
}

TEST(NetworkIdleTracker, ANavigationWithinTheDocumentWaitsForNoLoad) {
  NetworkIdleTracker tracker;
  tracker.expect_load("F", "");
  EXPECT_TRUE(tracker.load_event_fired());
}

TEST(NetworkIdleTracker, ForgettingTheOldDocumentsRequestsFreesTheNetwork) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("1", "http://a.test/stuck"));
  tracker.forget_in_flight();
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_EQ(tracker.describe_in_flight(), "");
  EXPECT_EQ(tracker.requests_seen(), 1u);
}

TEST(NetworkIdleTracker, DescribesWhatIsStillInFlight) {
  NetworkIdleTracker tracker;
  for (int i = 0; i < 7; ++i) tracker.on_event("S", "Network.requestWillBeSent", request(std::to_string(i), "u" + std::to_string(i)));
  EXPECT_EQ(tracker.describe_in_flight(2), "u0, u1, and 5 more");
}

json preflight_for(const std::string& id, const std::string& main_id) {
  return {{"requestId", id},
          {"type", "Preflight"},
          {"initiator", {{"type", "preflight"}, {"requestId", main_id}}},
          {"request", {{"url", "http://api.test/search"}, {"method", "OPTIONS"}}}};
}

// A page aborts (AbortController) a request whose preflight is in flight:
// Chromium ends the request (canceled) and never ends its preflight.
TEST(NetworkIdleTracker, APreflightEndsWithItsRequest) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("10", "http://api.test/search?q=a"));
  tracker.on_event("S", "Network.requestWillBeSent", preflight_for("10-pre", "10"));
  EXPECT_EQ(tracker.in_flight(), 2u);
  EXPECT_TRUE(tracker.on_event("S", "Network.loadingFailed",
                               {{"requestId", "10"}, {"errorText", "net::ERR_ABORTED"}, {"canceled", true}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(NetworkIdleTracker, APreflightAnnouncedAfterItsRequestEndedIsNotInFlight) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("10", "http://api.test/search?q=a"));
  tracker.on_event("S", "Network.loadingFailed", {{"requestId", "10"}, {"canceled", true}});
  tracker.on_event("S", "Network.requestWillBeSent", preflight_for("10-pre", "10"));
  EXPECT_EQ(tracker.in_flight(), 0u);
  // Counted all the same, as analyze counts the recording: record said
  // "2 requests" or "2 requests and 1 CORS preflight" for the same page,
  // by the order Chromium happened to send them in (found by CI).
  EXPECT_EQ(tracker.requests_seen(), 1u);
  EXPECT_EQ(tracker.preflights_seen(), 1u);
}

TEST(NetworkIdleTracker, PreflightsAreCountedApartFromTheRequestsTheyAreFor) {
  NetworkIdleTracker tracker;
  tracker.on_event("S", "Network.requestWillBeSent", request("10", "http://api.test/orders"));
  tracker.on_event("S", "Network.requestWillBeSent", preflight_for("10-pre", "10"));
  EXPECT_EQ(tracker.requests_seen(), 1u);
  EXPECT_EQ(tracker.preflights_seen(), 1u);
}

TEST(NetworkIdleTracker, RequestsOfADetachedTargetOrFrameAreGone) {
  NetworkIdleTracker tracker;
  tracker.on_event("WORKER", "Network.requestWillBeSent", request("1", "http://a.test/w"));
  json framed = request("2", "http://a.test/frame");
  framed["frameId"] = "IFRAME";
  tracker.on_event("PAGE", "Network.requestWillBeSent", framed);
  tracker.on_event("PAGE", "Network.requestWillBeSent", request("3", "http://a.test/main"));
  EXPECT_EQ(tracker.in_flight(), 3u);
  EXPECT_TRUE(tracker.on_event("PAGE", "Target.detachedFromTarget", {{"sessionId", "WORKER"}}));
  EXPECT_EQ(tracker.in_flight(), 2u);
  EXPECT_TRUE(tracker.on_event("PAGE", "Page.frameDetached", {{"frameId", "IFRAME"}, {"reason", "remove"}}));
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.describe_in_flight(), "http://a.test/main");
}

// The same, as real Chromium 156 sent it: four fetches aborted while
// their preflights were in flight. Replayed, nothing is left in flight.
TEST(NetworkIdleTracker, RecordedAbortsMidPreflightLeaveNothingInFlight) {
  std::ifstream in(std::string(SILENTCORS_TEST_DATA) + "/recordings/aborted_mid_preflight.jsonl");
  ASSERT_TRUE(in) << "recording missing";
  NetworkIdleTracker tracker;
  std::string line;
  size_t preflights = 0;
  while (std::getline(in, line)) {
    const json message = json::parse(line);
    if (!message.contains("method")) continue;
    const json params = message.value("params", json::object());
    if (message["method"] == "Network.requestWillBeSent" &&
        params.value("initiator", json::object()).value("type", "") == "preflight") {
      ++preflights;
    }
    tracker.on_event(message.value("sessionId", ""), message["method"].get<std::string>(), params);
  }
  EXPECT_EQ(preflights, 5u);
  EXPECT_EQ(tracker.in_flight(), 0u) << tracker.describe_in_flight();
}

}  // namespace
}  // namespace silentcors::page
