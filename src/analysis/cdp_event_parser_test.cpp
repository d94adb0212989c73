// simdjson's reading of a line against nlohmann's: where the simdjson parser
// takes a line, nlohmann must take it too and give the same event; where it
// refuses one, the reader asks nlohmann (so refusing is always safe, taking
// a line nlohmann refuses never is). tests/fuzz/differential_reader_fuzzer
// tries the same on random lines.
#include "analysis/cdp_event_parser.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "analysis/cdp_event_json.h"

namespace silentcors {
namespace {

// Both readings of `line`: whether simdjson took it, and whether they agree.
struct Outcome {
  bool simdjson_took = false;
  bool nlohmann_took = false;
  bool same_event = false;
};

Outcome both(const std::string& text) {
  std::string padded = text + std::string(CdpEventParser::kPadding, ' ');
  CdpEventParser parser;
  CdpEvent fast;
  Outcome outcome;
  outcome.simdjson_took = parser.parse(std::string_view(padded.data(), text.size()), fast);
  nlohmann::json message;
  try {
    message = nlohmann::json::parse(text);
    outcome.nlohmann_took = message.is_object();
  } catch (const nlohmann::json::exception&) {
  }
  if (outcome.simdjson_took && outcome.nlohmann_took) {
    CdpEvent slow;
    cdp_event_from_json(message, slow);
    outcome.same_event = fast == slow;
  }
  return outcome;
}

// simdjson's reading alone; `event`'s strings point into `padded`.
bool parse_fast(const std::string& text, std::string& padded, CdpEvent& event) {
  padded = text + std::string(CdpEventParser::kPadding, ' ');
  CdpEventParser parser;
  return parser.parse(std::string_view(padded.data(), text.size()), event);
}

void expect_same_when_taken(const std::string& line) {
  Outcome o = both(line);
  if (o.simdjson_took) {
    EXPECT_TRUE(o.nlohmann_took) << "simdjson took what nlohmann refuses: " << line;
    EXPECT_TRUE(o.same_event) << "the readings differ: " << line;
  }
}

TEST(CdpEventParser, EveryRecordedLineReadsAsNlohmannReadsIt) {
  size_t recordings = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SILENTCORS_TEST_DATA) + "/recordings")) {
    if (entry.path().extension() != ".jsonl") continue;
    ++recordings;
    std::ifstream in(entry.path());
    ASSERT_TRUE(in) << entry.path();
    std::string line;
    while (std::getline(in, line)) {
      Outcome o = both(line);
      EXPECT_TRUE(o.simdjson_took) << line.substr(0, 200);
      EXPECT_TRUE(o.same_event) << line.substr(0, 200);
    }
  }
  EXPECT_GE(recordings, 10u);
}

TEST(CdpEventParser, TimestampsReadAsNlohmannReadsThem) {
  // Chromium writes seconds with microsecond decimals; integers and other
  // types must agree too (a string is as if absent).
  for (const char* value : {"12345.678901", "7", "0", "-1.5", "1e3", "\"12\"", "null", "18446744073709551615"}) {
    const std::string line = std::string(R"({"method":"Network.loadingFinished","params":{"requestId":"1","timestamp":)") +
                             value + "}}";
    Outcome o = both(line);
    EXPECT_TRUE(o.simdjson_took) << line;
    EXPECT_TRUE(o.same_event) << line;
  }
  std::string padded;
  CdpEvent event;
  ASSERT_TRUE(parse_fast(R"({"method":"Network.loadingFinished","params":{"timestamp":12.5}})", padded, event));
  EXPECT_TRUE(event.params.has_timestamp);
  EXPECT_EQ(event.params.timestamp, 12.5);
}

TEST(CdpEventParser, NumbersOfMoreThanNineteenDigitsReadAsNlohmannReadsThem) {
  // simdjson 3.0.1's get_number() gives 0 for a float of more than 19
  // significant digits (CI's fuzzer found a timestamp of 37; regression 009).
  for (const char* value : {"3660.685884999999999999999999999999999", "1.0000000000000000000001",
                            "204.000000000000000000001", "0.00000000000000000000000000001"}) {
    for (const char* member : {"timestamp", "statusCode"}) {
      const std::string line = std::string(R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"1",")") +
                               member + "\":" + value + "}}";
      Outcome o = both(line);
      EXPECT_TRUE(o.same_event) << line;
    }
  }
  std::string padded;
  CdpEvent event;
  ASSERT_TRUE(parse_fast(R"({"method":"Network.responseReceivedExtraInfo","params":{"statusCode":204.000000000000000000001}})",
                         padded, event));
  EXPECT_EQ(event.params.status_code, (CdpStatus{CdpStatus::Kind::kValid, 204}));
}

TEST(CdpEventParser, TheLastOfARepeatedMemberWinsAsInNlohmann) {
  for (const std::string line : {
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","requestId":5}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1"},"params":7})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1"},"params":{"errorText":"x"}})",
           R"({"method":"Network.requestWillBeSent","params":{"requestId":"1","request":{"url":"a"},"request":{}}})",
           R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"1","headers":{"b":"1","a":"2","b":3,"a":"4"}}})",
           R"({"method":"Audits.issueAdded","params":{"issue":{"code":"CorsIssue","details":{"corsIssueDetails":{"request":{"requestId":"1"}}},"details":{}}}})",
           R"({"method":"Network.loadingFailed","method":"Page.loadEventFired","params":{"requestId":"1"}})",
       }) {
    Outcome o = both(line);
    EXPECT_TRUE(o.simdjson_took) << line;
    EXPECT_TRUE(o.same_event) << line;
  }
}

TEST(CdpEventParser, AHeaderObjectComesInNlohmannsOrder) {
  // Names sorted bytewise (upper case first), each once, strings only.
  const std::string line =
      R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"1","headers":{"vary":"Origin","Location":"/a","location":"/b","n":1,"a\u0062":"c"}}})";
  std::string padded = line + std::string(CdpEventParser::kPadding, ' ');
  CdpEventParser parser;
  CdpEvent event;
  ASSERT_TRUE(parser.parse(std::string_view(padded.data(), line.size()), event));
  EXPECT_EQ(event.params.headers, (CdpHeaders{{"Location", "/a"}, {"ab", "c"}, {"location", "/b"}, {"vary", "Origin"}}));
  EXPECT_TRUE(both(line).same_event);
}

TEST(CdpEventParser, StatusesAreJudgedAsTheLedgerJudgedThem) {
  const auto status_of = [](const std::string& number) {
    std::string line = R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"1","statusCode":)" +
                       number + "}}";
    expect_same_when_taken(line);
    std::string padded = line + std::string(CdpEventParser::kPadding, ' ');
    CdpEventParser parser;
    CdpEvent event;
    EXPECT_TRUE(parser.parse(std::string_view(padded.data(), line.size()), event)) << number;
    return event.params.status_code;
  };
  EXPECT_EQ(status_of("204"), (CdpStatus{CdpStatus::Kind::kValid, 204}));
  EXPECT_EQ(status_of("204.0"), (CdpStatus{CdpStatus::Kind::kValid, 204}));
  EXPECT_EQ(status_of("2.04e2"), (CdpStatus{CdpStatus::Kind::kValid, 204}));
  EXPECT_EQ(status_of("-0"), (CdpStatus{CdpStatus::Kind::kValid, 0}));
  for (const char* bad : {"1e300", "4294967696", "-1", "1000", "200.5", "9223372036854775808"}) {
    EXPECT_EQ(status_of(bad).kind, CdpStatus::Kind::kOutOfRange) << bad;
  }
  EXPECT_EQ(status_of("\"204\"").kind, CdpStatus::Kind::kAbsent);
}

TEST(CdpEventParser, WhatNlohmannRefusesIsRefusedEvenWhereNothingIsRead) {
  // The hand-written reader and nlohmann refused these; On Demand alone
  // would skip the unread member unchecked.
  for (const std::string bad : {
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":tru}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":nul}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":1e400}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":01}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":"\q"}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":"\ud800"}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":[1,]}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":{"a" 1}}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1"}} x)",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1"}}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1"})",
           // Found by the differential fuzzer: On Demand steps over an
           // unread value counting brackets only, colons and all.
           R"({"":"":}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","errorText":"x":}}})",
           R"({"method":"Network.loadingFailed","params":{"requestId":"1","x":"y":}}})",
           "{\"method\":\"Network.loadingFailed\",\"params\":{\"requestId\":\"1\",\"x\":\"a\x01\"}}",
           "{\"method\":\"Network.loadingFailed\",\"params\":{\"requestId\":\"1\",\"x\":\"\xff\"}}",
       }) {
    Outcome o = both(bad);
    EXPECT_FALSE(o.nlohmann_took) << bad;
    EXPECT_FALSE(o.simdjson_took) << bad;
  }
}

TEST(CdpEventParser, WhatItDoesNotTakeIsLeftToNlohmann) {
  // Valid for nlohmann, refused here: the reader then builds the event from
  // nlohmann's reading, so these still analyse as before.
  expect_same_when_taken("[1]");
  expect_same_when_taken(R"({"method":"Network.loadingFailed","params":{"x":123456789012345678901234567890}})");
  expect_same_when_taken("\xef\xbb\xbf{\"method\":\"Network.loadingFailed\",\"params\":{}}");
  expect_same_when_taken(R"({"params":)" + std::string(2000, '[') + std::string(2000, ']') + "}");
}

}  // namespace
}  // namespace silentcors
