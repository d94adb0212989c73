// The Grid's answers here are a real Selenium Grid 4.48's (hub and two
// Chromium nodes, as tests/grid starts them), kept in tests/grid/answers.
#include "browser/grid_protocol.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "browser/grid_client.h"

namespace silentcors::browser {
namespace {

std::string answer(const std::string& name) {
  std::ifstream in(std::string(SILENTCORS_TEST_DATA) + "/grid/answers/" + name);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << name;
  return text.str();
}

TEST(GridUrl, TakesHostPortAndAPrefix) {
  std::string error;
  auto grid = parse_grid_url("http://grid.internal:4444/wd/hub/", error);
  ASSERT_TRUE(grid) << error;
  EXPECT_EQ(grid->host, "grid.internal");
  EXPECT_EQ(grid->port, 4444);
  EXPECT_EQ(grid->prefix, "/wd/hub");
  EXPECT_EQ(parse_grid_url("http://127.0.0.1", error)->port, 4444);
}

TEST(GridUrl, RefusesWhatIsNoGridAddress) {
  std::string error;
  EXPECT_FALSE(parse_grid_url("ws://127.0.0.1:4444", error));
  EXPECT_NE(error.find("http://HOST:4444"), std::string::npos) << error;
  EXPECT_FALSE(parse_grid_url("http://127.0.0.1:44x4", error));
  EXPECT_NE(error.find("not a port"), std::string::npos) << error;
  EXPECT_FALSE(parse_grid_url("http://:4444", error));
  EXPECT_FALSE(parse_grid_url("http://h:4444/?token=1", error));
}

TEST(GridCapacity, CountsFreeChromiumSlotsOnNodesThatAreUp) {
  auto capacity = grid_capacity(nlohmann::json::parse(answer("status-two-nodes-free.json")));
  EXPECT_TRUE(capacity.ready);
  EXPECT_EQ(capacity.nodes_up, 2);
  EXPECT_EQ(capacity.chromium_slots, 2);
  EXPECT_EQ(capacity.chromium_free, 2);

  auto busy = grid_capacity(nlohmann::json::parse(answer("status-one-busy.json")));
  EXPECT_EQ(busy.chromium_slots, 2);
  EXPECT_EQ(busy.chromium_free, 1);
}

TEST(GridCapacity, HonoursANodesMaxSessionsAndSkipsOtherBrowsersAndDownNodes) {
  auto status = nlohmann::json::parse(R"({"value": {"ready": true, "message": "ok", "nodes": [
    {"availability": "UP", "maxSessions": 2, "slots": [
      {"session": {"sessionId": "a"}, "stereotype": {"browserName": "firefox"}},
      {"session": null, "stereotype": {"browserName": "chrome"}},
      {"session": null, "stereotype": {"browserName": "chrome"}},
      {"session": null, "stereotype": {"browserName": "MicrosoftEdge"}}]},
    {"availability": "DOWN", "maxSessions": 4, "slots": [
      {"session": null, "stereotype": {"browserName": "chrome"}}]}]}})");
  auto capacity = grid_capacity(status);
  EXPECT_EQ(capacity.nodes_up, 1);
  EXPECT_EQ(capacity.chromium_slots, 2);
  EXPECT_EQ(capacity.chromium_free, 1);  // Two free, but the node runs 2 at once and one is busy.
}

TEST(GridCapacity, SaysWhenTheAnswerIsNoGrid4Status) {
  // What a chromedriver answers on /status.
  EXPECT_THROW(grid_capacity(nlohmann::json::parse(R"({"value": {"build": {"version": "156"}, "message": "ChromeDriver ready for new sessions.", "ready": true}})")),
               std::runtime_error);
  EXPECT_THROW(grid_capacity(nlohmann::json::parse(R"(["not", "a", "status"])")), std::runtime_error);
}

TEST(NewSession, AsksForAHeadlessChromiumWithSilentcorsFlags) {
  auto request = new_session_request({"--headless", "--no-sandbox"});
  const auto& always = request["capabilities"]["alwaysMatch"];
  EXPECT_EQ(always["browserName"], "chrome");
  EXPECT_EQ(always["goog:chromeOptions"]["args"], nlohmann::json::array({"--headless", "--no-sandbox"}));
}

TEST(NewSession, ReadsTheSessionAndItsCdpEndpoint) {
  std::string id;
  GridSession session = parse_new_session(200, answer("new-session.json"), id);
  EXPECT_EQ(session.id, "76312220bb7cd1c9d1c4fe2bc8fb499a");
  EXPECT_EQ(id, session.id);
  EXPECT_EQ(session.browser_version, "156.0.8078.114");
  // The node named the machine's outside address and the default port...
  EXPECT_EQ(session.cdp_url, "ws://192.0.2.2:4444/session/76312220bb7cd1c9d1c4fe2bc8fb499a/se/cdp");
  // ...so silentcors goes through the address the user gave.
  std::string error;
  EXPECT_EQ(cdp_url_via(*parse_grid_url("http://127.0.0.1:14444", error), session.cdp_url),
            "ws://127.0.0.1:14444/session/76312220bb7cd1c9d1c4fe2bc8fb499a/se/cdp");
}

TEST(NewSession, GivesTheGridsOwnReasonWhenItMadeNone) {
  std::string id;
  try {
    parse_new_session(500, answer("no-firefox.json"), id);
    FAIL() << "no session was made";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "it made no session: Could not start a new session. New session request timed out ");
  }
  EXPECT_TRUE(id.empty());
}

TEST(NewSession, ASessionWithoutCdpIsRefusedButItsIdKeptForEndingIt) {
  std::string id;
  EXPECT_THROW(parse_new_session(200, R"({"value": {"sessionId": "s1", "capabilities": {"browserName": "chrome"}}})", id),
               std::runtime_error);
  EXPECT_EQ(id, "s1");
}

}  // namespace
}  // namespace silentcors::browser
