// Where a member's value starts in the text of one JSON object, for error
// messages about a value found bad after parsing (nlohmann::json keeps no
// positions). The text is a line that already parsed: no validation here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace silentcors {

// Byte offset of the value at `path` (member names from the root object),
// or npos. A repeated key: its last occurrence, the one nlohmann keeps.
size_t json_value_offset(std::string_view text, const std::vector<std::string>& path);

}  // namespace silentcors
