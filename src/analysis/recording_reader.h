// Reads a recording (JSON Lines of CDP messages) in one streaming pass.
// Only the events the analysis uses are parsed: a recording is mostly
// dataReceived, console and page events, and skipping them unparsed is what
// makes `analyze` fast. A malformed line is an error naming file, line and
// column, except a cut-off last line (a killed CI job), which is a warning.
#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace silentcors {

struct ReadResult {
  uint64_t lines = 0;
  uint64_t parsed = 0;
  uint64_t bytes = 0;
  std::optional<std::string> warning;  // e.g. the last line was cut off
};

using MessageCallback = std::function<void(const nlohmann::json& message)>;

// Throws InputError ("FILE:LINE:COLUMN: ...") for a malformed line.
ReadResult read_recording(std::istream& in, const std::string& name, const MessageCallback& on_message);
ReadResult read_recording_file(const std::string& path, const MessageCallback& on_message);

// Whether a message with this method can matter to the analysis.
bool is_analysed_method(std::string_view method);

}  // namespace silentcors
