// Reads a recording (JSON Lines of CDP messages) in one streaming pass.
// Only the events the analysis uses are parsed: a recording is mostly
// dataReceived, console and page events, and skipping them unparsed is what
// makes `analyze` fast. A malformed line is an error naming file, line and
// column, except a cut-off last line after lines that parsed (a killed CI
// job), which is a warning. A file with no line that parses (an HTML error
// page saved as the recording) is bad input, as is a read error, a
// directory, or a line longer than any CDP message (/dev/zero).
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

struct ReadOptions {
  // No CDP message comes near this; a longer line is not a recording, and
  // reading on would only hold more memory.
  size_t max_line_bytes = size_t{256} << 20;
};

using MessageCallback = std::function<void(const nlohmann::json& message)>;

// Throws InputError ("FILE:LINE:COLUMN: ...", then the part of the line
// around the column) for a malformed line, and for a MessageError or a
// nlohmann::json::exception thrown by `on_message` for the line it was given.
ReadResult read_recording(std::istream& in, const std::string& name, const MessageCallback& on_message,
                          const ReadOptions& options = {});
ReadResult read_recording_file(const std::string& path, const MessageCallback& on_message,
                               const ReadOptions& options = {});

// nlohmann's parse error as the reader words it: without its "[json.exception...]
// parse error at line 1, column N: " prefix, and with a long "last read" token
// shortened (it can hold the rest of a line of megabytes).
std::string json_error_detail(const std::string& what);

// Whether a message with this method can matter to the analysis.
bool is_analysed_method(std::string_view method);

}  // namespace silentcors
