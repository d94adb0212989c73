#include "analysis/recording_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"

namespace silentcors {

namespace {

constexpr std::string_view kMethodPrefix = R"({"method":")";

// Chromium writes "method" first; for such a line the method is read
// without parsing. Other CDP clients may order keys differently: those
// lines are parsed in full.
std::optional<std::string_view> leading_method(std::string_view line) {
  if (line.substr(0, kMethodPrefix.size()) != kMethodPrefix) return std::nullopt;
  size_t end = line.find('"', kMethodPrefix.size());
  if (end == std::string_view::npos) return std::nullopt;
  return line.substr(kMethodPrefix.size(), end - kMethodPrefix.size());
}

// Drops the parts of events that are large and never read: call stacks of
// initiators, request bodies, TLS details, timing tables.
bool keep(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
  if (event != nlohmann::json::parse_event_t::key) return true;
  const auto& key = parsed.get_ref<const std::string&>();
  return !(key == "stack" || key == "postData" || key == "postDataEntries" || key == "securityDetails" ||
           key == "timing" || key == "headersText" || key == "connectTiming" || key == "stackTrace");
}

}  // namespace

bool is_analysed_method(std::string_view method) {
  return method == "Network.requestWillBeSent" || method == "Network.requestWillBeSentExtraInfo" ||
         method == "Network.responseReceived" || method == "Network.responseReceivedExtraInfo" ||
         method == "Network.loadingFinished" || method == "Network.loadingFailed" || method == "Audits.issueAdded" ||
         method == "Log.entryAdded";
}

ReadResult read_recording(std::istream& in, const std::string& name, const MessageCallback& on_message) {
  ReadResult result;
  std::string line;
  std::string pending_error;  // A malformed line is fatal only if another line follows it.
  uint64_t pending_line = 0;
  while (std::getline(in, line)) {
    ++result.lines;
    result.bytes += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!pending_error.empty()) throw InputError(pending_error);

    auto method = leading_method(line);
    if (method && !is_analysed_method(*method)) {
      // Unparsed, but a line that stops mid-object is still caught.
      if (line.back() != '}') {
        pending_line = result.lines;
        pending_error = name + ":" + std::to_string(result.lines) + ":" + std::to_string(line.size() + 1) +
                        ": invalid JSON: the line ends before the message does";
      }
      continue;
    }
    nlohmann::json message;
    try {
      message = nlohmann::json::parse(line, keep);
    } catch (const nlohmann::json::parse_error& e) {
      // One message per line: the column is the byte offset in the line.
      size_t column = e.byte > 0 ? e.byte : 1;
      std::string what = e.what();
      // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column N: detail".
      if (auto colon = what.find(": ", what.find("column")); colon != std::string::npos) what = what.substr(colon + 2);
      pending_line = result.lines;
      pending_error = name + ":" + std::to_string(result.lines) + ":" + std::to_string(column) + ": invalid JSON: " + what;
      continue;
    }
    if (!message.is_object()) {
      throw InputError(name + ":" + std::to_string(result.lines) + ":1: not a CDP message (expected a JSON object)");
    }
    ++result.parsed;
    on_message(message);
  }
  if (!pending_error.empty()) {
    result.warning = name + ":" + std::to_string(pending_line) +
                     ": the last line is cut off (was the recording interrupted?); analysed the " +
                     std::to_string(pending_line - 1) + " complete lines before it";
  }
  return result;
}

ReadResult read_recording_file(const std::string& path, const MessageCallback& on_message) {
  // Larger reads than the default buffer: recordings run to hundreds of MB.
  std::vector<char> buffer(1 << 20);
  std::ifstream in;
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
  return read_recording(in, path, on_message);
}

}  // namespace silentcors
