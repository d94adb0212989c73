// The part of an input line an error message shows. A broken line can be
// megabytes (a data: URL, a binary file given as a recording): the message
// shows about 80 characters around the error, and a caret under it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace silentcors {

// Two lines, each indented by two spaces and with no final newline: the
// excerpt ("…" where the line was cut; control characters and invalid
// UTF-8 shown as '?', so that nothing in it can drive a terminal), then a
// caret under the byte at 1-based `column` (one past the end: after the line).
std::string line_excerpt(std::string_view line, size_t column);

// `text` when it has at most `max_bytes` bytes; otherwise its first bytes
// (whole UTF-8 characters) and "…".
std::string cut_after(std::string_view text, size_t max_bytes);

}  // namespace silentcors
