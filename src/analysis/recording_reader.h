// Reads a recording (JSON Lines of CDP messages) in one streaming pass.
// Lines of methods the analysis does not use are skipped unparsed; the
// others become a CdpEvent straight from simdjson (cdp_event_parser.h), and
// only a line simdjson refuses is parsed by nlohmann, which words the error
// exactly as before. A malformed line is an error naming file, line and
// column, except a cut-off last line after lines that parsed (a killed CI
// job), which is a warning. A file with no line that parses (an HTML error
// page saved as the recording) is bad input, as is a file with no CDP
// message at all (empty, or blank lines only), a read error, a directory,
// or a line longer than any CDP message (/dev/zero).
#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/cdp_event.h"

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

// The event's views are valid only during the call.
using EventCallback = std::function<void(const CdpEvent& event)>;

// Throws InputError ("FILE:LINE:COLUMN: ...", then the part of the line
// around the column) for a malformed line, and for a MessageError thrown by
// `on_event` for the line it was given.
ReadResult read_recording(std::istream& in, const std::string& name, const EventCallback& on_event,
                          const ReadOptions& options = {});
ReadResult read_recording_file(const std::string& path, const EventCallback& on_event,
                               const ReadOptions& options = {});

// nlohmann's parse error as the reader words it: without its "[json.exception...]
// parse error at line 1, column N: " prefix, and with a long "last read" token
// shortened (it can hold the rest of a line of megabytes).
std::string json_error_detail(const std::string& what);

// Whether a message with this method can matter to the analysis.
bool is_analysed_method(std::string_view method);

}  // namespace silentcors
