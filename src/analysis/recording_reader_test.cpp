// The recording reader on inputs that are not recordings, or not quite:
// every one is bad input with a message naming file, line and column, and
// a message never holds more of the line than a reader can take in.
#include "analysis/recording_reader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <streambuf>

#include "analysis/analyzer.h"
#include "analysis/input_error.h"

namespace silentcors {
namespace {

// What read_recording throws for `text` (fed to a real analyzer), or "".
std::string error_of(const std::string& text, const ReadOptions& options = {}) {
  std::istringstream in(text);
  Analyzer analyzer;
  analyzer.begin_source("x");
  try {
    read_recording(in, "x.jsonl", [&](const CdpEvent& message) { analyzer.add(message); }, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string kGood = R"({"method":"Page.loadEventFired","params":{"timestamp":1}})";

TEST(RecordingReader, ASingleLineThatIsNotJsonIsBadInputNotACutOffRecording) {
  // An HTML error page saved as the recording (curl -o of a 502): there is
  // no earlier line that parsed, so this is no cut-off recording.
  const std::string html = "<html><body>502 Bad Gateway</body></html>";
  const std::string expected =
      "x.jsonl:1:1: invalid JSON: syntax error while parsing value - invalid literal; last read: '<'\n"
      "  <html><body>502 Bad Gateway</body></html>\n"
      "  ^";
  EXPECT_EQ(error_of(html), expected);
  EXPECT_EQ(error_of(html + "\n"), expected);
  EXPECT_EQ(error_of("\n  \n" + html + "\n\n"), "x.jsonl:3:1: invalid JSON: syntax error while parsing value - "
                                               "invalid literal; last read: '<'\n"
                                               "  <html><body>502 Bad Gateway</body></html>\n"
                                               "  ^");
}

// An empty file (a recording step that never ran, a truncated upload) is no
// recording of a page that made no request: it is bad input, not a pass.
TEST(RecordingReader, AFileWithNoCdpMessageIsBadInputNamingIt) {
  EXPECT_EQ(error_of(""), "x.jsonl: no CDP message: the file is empty");
  EXPECT_EQ(error_of("\n \r\n\t\n\n"), "x.jsonl: no CDP message: the file has only 4 blank lines");
  EXPECT_EQ(error_of("\n"), "x.jsonl: no CDP message: the file has only 1 blank line");
  EXPECT_EQ(error_of("\n" + kGood + "\n\n"), "");
}

TEST(RecordingReader, ACutOffLastLineAfterGoodLinesIsOnlyAWarning) {
  std::istringstream in(kGood + "\n" + kGood + "\n" + kGood.substr(0, 20));
  ReadResult result = read_recording(in, "x.jsonl", [](const CdpEvent&) {});
  ASSERT_TRUE(result.warning);
  EXPECT_EQ(*result.warning,
            "x.jsonl:3: the last line is cut off (was the recording interrupted?); analysed the 2 complete lines "
            "before it");
}

TEST(RecordingReader, ACutOffOnlyLineOfAnUnparsedMethodIsBadInput) {
  EXPECT_EQ(error_of(kGood.substr(0, 50)),
            "x.jsonl:1:51: invalid JSON: the line ends before the message does\n"
            "  …\"Page.loadEventFired\",\"params\":{\"timesta\n"
            "                                           ^");
}

// A stream that gives `good` and then fails, as a disk that stops reading.
class FailingBuffer : public std::streambuf {
 public:
  explicit FailingBuffer(std::string good) : good_(std::move(good)) {
    setg(good_.data(), good_.data(), good_.data() + good_.size());
  }

 protected:
  int_type underflow() override { throw std::ios_base::failure("Input/output error"); }

 private:
  std::string good_;
};

TEST(RecordingReader, AReadErrorMidFileIsBadInputNotAShorterRecording) {
  FailingBuffer buffer(kGood + "\n" + kGood + "\n");
  std::istream in(&buffer);
  size_t messages = 0;
  try {
    read_recording(in, "x.jsonl", [&](const CdpEvent&) { ++messages; });
    FAIL() << "a read error was taken for the end of the recording";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "x.jsonl:3: cannot read: read error");
  }
}

TEST(RecordingReader, ADirectoryIsBadInputNamingIt) {
  const std::string dir = testing::TempDir();
  try {
    read_recording_file(dir, [](const CdpEvent&) {});
    FAIL() << "a directory was read as an empty recording";
  } catch (const InputError& e) {
    EXPECT_EQ(e.what(), dir + ": cannot read: Is a directory");
  }
}

std::string extra_info(const std::string& status) {
  return R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"7","statusCode":)" + status +
         R"(,"headers":{}}})";
}

TEST(RecordingReader, AStatusCodeOutOfRangeIsBadInputAtItsColumn) {
  // get<int>() of 1e300 was undefined behaviour; 4294967696 read as 400.
  for (const std::string status : {"1e300", "4294967696", "-1", "1000", "200.5"}) {
    EXPECT_EQ(error_of(kGood + "\n" + extra_info(status) + "\n" + kGood + "\n"),
              "x.jsonl:2:86: params.statusCode is out of range (expected a whole number from 0 to 999)\n"
              "  …,\"params\":{\"requestId\":\"7\",\"statusCode\":" +
                  status + ",\"headers\":{}}}\n" +
                  "                                           ^")
        << status;
  }
  EXPECT_EQ(error_of(extra_info("204") + "\n"), "");
  EXPECT_EQ(error_of(extra_info("204.0") + "\n"), "");
}

TEST(RecordingReader, ARedirectStatusOutOfRangeNamesItsPath) {
  const std::string line =
      R"({"method":"Network.requestWillBeSent","params":{"requestId":"7","redirectResponse":{"status":99999999999},"request":{"url":"http://a.test/"}}})";
  std::string error = error_of(line + "\n");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "x.jsonl:1:94: params.redirectResponse.status is out of range (expected a whole number from 0 to 999)");
}

// Issue 18 item 6: these were "1 request" (and "0 requests"), exit 0.
TEST(RecordingReader, ARequestWithoutItsIdOrUrlIsBadInputNamingTheField) {
  const std::string not_an_object =
      R"({"method":"Network.requestWillBeSent","params":{"requestId":"1","request":"oops"}})";
  std::string error = error_of(not_an_object + "\n");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "x.jsonl:1:1: params.request.url is missing or not a string (expected the request's URL)");
  const std::string numeric_id =
      R"({"method":"Network.requestWillBeSent","params":{"requestId":1,"request":{"url":"http://a.test/"}}})";
  error = error_of(numeric_id + "\n");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "x.jsonl:1:61: params.requestId is missing or not a string (expected the request's id)");
  const std::string numeric_url =
      R"({"method":"Network.requestWillBeSent","params":{"requestId":"1","request":{"url":5}}})";
  error = error_of(numeric_url + "\n");
  EXPECT_NE(error.find("params.request.url is missing or not a string"), std::string::npos) << error;
}

TEST(RecordingReader, ANumberBeyondADoubleIsBadInputWithLineAndColumn) {
  EXPECT_EQ(error_of(kGood + "\n" + extra_info("1e400") + "\n"),
            "x.jsonl:2:86: invalid JSON: number overflow parsing '1e400'\n"
            "  …,\"params\":{\"requestId\":\"7\",\"statusCode\":1e400,\"headers\":{}}}\n"
            "                                           ^");
}

TEST(RecordingReader, AHugeBrokenLineIsShownAsAboutEightyCharactersAroundTheError) {
  // An unterminated string of a megabyte: nlohmann's "last read" holds all of it.
  const std::string line = R"({"method":"Network.loadingFailed","params":{"errorText":")" + std::string(1 << 20, 'a');
  const std::string error = error_of(line + "\n" + kGood + "\n");
  EXPECT_LT(error.size(), 400u) << error.substr(0, 1000);
  EXPECT_EQ(error,
            "x.jsonl:1:1048634: invalid JSON: syntax error while parsing value - invalid string: missing closing "
            "quote; last read: '\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' (1048577 characters)\n"
            "  …" + std::string(40, 'a') + "\n" +
            std::string(2 + 1 + 40, ' ') + "^");  // After the line: the line ended, the string did not.
}

TEST(RecordingReader, ALineLongerThanTheLimitIsBadInput) {
  ReadOptions options;
  options.max_line_bytes = 1000;
  EXPECT_EQ(error_of(kGood + "\n" + std::string(5000, '\0'), options),
            "x.jsonl:2: the line is longer than 1000 bytes, the most one CDP message may take (is this a recording?)");
  EXPECT_EQ(error_of(kGood + "\n" + std::string(1000 - kGood.size(), ' ') + kGood + "\n", options), "");
  EXPECT_EQ(ReadOptions().max_line_bytes, 256u << 20);
}

TEST(RecordingReader, AHeaderNamedLikeABulkyCdpMemberIsStillAHeader) {
  // The hand-written reader dropped members named timing, stack, postData,
  // ... at any depth to save time, headers included: a response header
  // `timing` was seen by run and not by analyze of the same events.
  std::istringstream in(
      R"({"method":"Network.responseReceivedExtraInfo","params":{"requestId":"7","statusCode":200,"headers":{"stack":"a","timing":"b"}}})"
      "\n");
  std::vector<std::string> names;
  read_recording(in, "x.jsonl", [&](const CdpEvent& event) {
    for (const auto& header : event.params.headers) names.emplace_back(header.name);
  });
  EXPECT_EQ(names, (std::vector<std::string>{"stack", "timing"}));
}

}  // namespace
}  // namespace silentcors
