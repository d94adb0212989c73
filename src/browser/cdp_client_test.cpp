#include "browser/cdp_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "browser/fake_transport.h"

namespace silentcors::browser {
namespace {

using nlohmann::json;

TEST(CdpClient, CommandsGetIncreasingIdsAndCarryTheSessionId) {
  FakeTransport transport;
  CdpClient client(transport);
  auto browser_level = client.send("Target.getTargets");
  auto page_level = client.send("Network.enable", json::object(), "SESSION-1");
  auto sent = transport.wait_sent(2);
  EXPECT_EQ(sent[0]["method"], "Target.getTargets");
  EXPECT_FALSE(sent[0].contains("sessionId"));
  EXPECT_EQ(sent[1]["method"], "Network.enable");
  EXPECT_EQ(sent[1]["sessionId"], "SESSION-1");
  EXPECT_LT(sent[0]["id"].get<int>(), sent[1]["id"].get<int>());
}

TEST(CdpClient, RepliesArriveOutOfOrderAndReachTheirOwnCommand) {
  FakeTransport transport;
  CdpClient client(transport);
  auto first = client.send("Page.navigate", {{"url", "http://a.test/"}}, "S");
  auto second = client.send("Runtime.evaluate", {{"expression", "1+1"}}, "S");
  auto sent = transport.wait_sent(2);
  transport.receive({{"id", sent[1]["id"]}, {"sessionId", "S"}, {"result", {{"value", 2}}}});
  transport.receive({{"id", sent[0]["id"]}, {"sessionId", "S"}, {"result", {{"frameId", "F"}}}});
  EXPECT_EQ(second.get()["value"], 2);
  EXPECT_EQ(first.get()["frameId"], "F");
}

TEST(CdpClient, ErrorReplyBecomesCdpErrorNamingTheMethod) {
  FakeTransport transport;
  CdpClient client(transport);
  auto reply = client.send("Target.attachToTarget", {{"targetId", "nope"}});
  auto sent = transport.wait_sent(1);
  transport.receive({{"id", sent[0]["id"]}, {"error", {{"code", -32602}, {"message", "No target with given id found"}}}});
  try {
    reply.get();
    FAIL() << "expected CdpError";
  } catch (const CdpError& e) {
    EXPECT_STREQ(e.what(), "Target.attachToTarget: No target with given id found");
  }
}

TEST(CdpClient, EventsAreDispatchedWithSessionIdAndRawText) {
  FakeTransport transport;
  CdpClient client(transport);
  std::vector<std::pair<std::string, std::string>> seen;
  std::vector<std::string> raws;
  client.subscribe([&](const CdpEvent& event) {
    seen.emplace_back(std::string(event.method()), std::string(event.session_id()));
    raws.push_back(event.raw);
  });
  const std::string raw = R"({"method":"Network.loadingFailed","params":{"requestId":"7.2"},"sessionId":"S1"})";
  transport.receive(json::parse(raw));
  transport.receive({{"method", "Target.targetCreated"}, {"params", json::object()}});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], (std::pair<std::string, std::string>{"Network.loadingFailed", "S1"}));
  EXPECT_EQ(seen[1], (std::pair<std::string, std::string>{"Target.targetCreated", ""}));
  EXPECT_EQ(json::parse(raws[0]), json::parse(raw));
}

TEST(CdpClient, UnsubscribedHandlersAreNotCalled) {
  FakeTransport transport;
  CdpClient client(transport);
  int calls = 0;
  int token = client.subscribe([&](const CdpEvent&) { ++calls; });
  transport.receive({{"method", "Page.loadEventFired"}, {"params", json::object()}});
  client.unsubscribe(token);
  transport.receive({{"method", "Page.loadEventFired"}, {"params", json::object()}});
  EXPECT_EQ(calls, 1);
}

TEST(CdpClient, LargeFragmentedEventIsReassembledWhole) {
  FakeTransport transport;
  CdpClient client(transport);
  std::string big_value(5 * 1024 * 1024, 'x');  // 5 MB, like a huge console preview.
  json event = {{"method", "Runtime.consoleAPICalled"}, {"params", {{"value", big_value}}}, {"sessionId", "S"}};
  size_t received_size = 0;
  int events = 0;
  client.subscribe([&](const CdpEvent& e) {
    ++events;
    received_size = e.params()["value"].get_ref<const std::string&>().size();
  });
  transport.receive_fragmented(event.dump(), 4096);
  EXPECT_EQ(events, 1);
  EXPECT_EQ(received_size, big_value.size());
}

TEST(CdpClient, LargeFragmentedReplyIsReassembledWhole) {
  FakeTransport transport;
  CdpClient client(transport);
  auto reply = client.send("Network.getResponseBody", {{"requestId", "1"}}, "S");
  auto sent = transport.wait_sent(1);
  std::string body(3 * 1024 * 1024 + 17, 'b');
  transport.receive_fragmented(json({{"id", sent[0]["id"]}, {"result", {{"body", body}}}}).dump(), 65536);
  EXPECT_EQ(reply.get()["body"].get<std::string>().size(), body.size());
}

TEST(CdpClient, DisconnectFailsEveryWaitingCommandAtOnce) {
  FakeTransport transport;
  CdpClient client(transport);
  auto a = client.send("Page.navigate", {{"url", "http://a.test/"}}, "S");
  auto b = client.send("Network.enable", json::object(), "S");
  transport.wait_sent(2);
  std::thread browser_dies([&] { transport.disconnect("the browser closed the DevTools connection"); });
  // Would hang until the 30 s default timeout if disconnect did not fail it.
  EXPECT_THROW(client.call("Runtime.evaluate", {{"expression", "1"}}, "S", std::chrono::hours(1)), CdpError);
  browser_dies.join();
  try {
    a.get();
    FAIL() << "expected CdpError";
  } catch (const CdpError& e) {
    EXPECT_STREQ(e.what(),
                 "Page.navigate: DevTools connection closed while waiting for the reply "
                 "(the browser closed the DevTools connection)");
  }
  EXPECT_THROW(b.get(), CdpError);
  EXPECT_FALSE(client.connected());
}

TEST(CdpClient, CommandsAfterDisconnectFailImmediately) {
  FakeTransport transport;
  CdpClient client(transport);
  transport.disconnect("gone");
  try {
    client.call("Target.getTargets");
    FAIL() << "expected CdpError";
  } catch (const CdpError& e) {
    EXPECT_STREQ(e.what(), "Target.getTargets: DevTools connection is closed (gone)");
  }
}

TEST(CdpClient, CallTimesOutWithAClearMessage) {
  FakeTransport transport;
  CdpClient client(transport);
  try {
    client.call("Page.navigate", {{"url", "http://a.test/"}}, "S", std::chrono::milliseconds(10));
    FAIL() << "expected CdpError";
  } catch (const CdpError& e) {
    EXPECT_STREQ(e.what(), "Page.navigate: no reply from the browser within 10 ms");
  }
}

TEST(FakeTransport, WaitingForMessagesNeverSentEndsAtItsDeadline) {
  // It waited forever: a client that sent nothing hung the test binary.
  FakeTransport transport;
  try {
    transport.wait_sent(1, std::chrono::milliseconds(20));
    FAIL() << "wait_sent returned without the message";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "FakeTransport: the client sent 0 messages, not 1, within 20 ms");
  }
}

TEST(CdpClient, MalformedMessagesAreIgnored) {
  FakeTransport transport;
  CdpClient client(transport);
  int events = 0;
  client.subscribe([&](const CdpEvent&) { ++events; });
  EXPECT_NO_THROW(transport.receive_fragmented("{not json", 4));
  EXPECT_NO_THROW(transport.receive_fragmented("[1,2]", 4));
  EXPECT_EQ(events, 0);
}

}  // namespace
}  // namespace silentcors::browser
