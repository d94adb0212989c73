// A JSON reader that remembers where every value came from.
//
// Scenario files are written by hand, so every problem must point at a line
// and column. nlohmann::json 3.11 keeps no source positions, so this small
// recursive-descent reader parses JSON (plus // and /* */ comments, which QA
// engineers use to explain their scenarios) into nlohmann::json and records,
// for every value, where the value starts and where the key naming it starts.
//
// Everything else is strict JSON: no trailing commas, no single quotes, no
// unquoted keys. The messages for those mistakes say how to fix them.
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace silentcors::scenario {

// 1-based. The column counts Unicode characters, not bytes, so it matches the
// column an editor shows. {0, 0} means "no position" (e.g. an unreadable file).
struct SourcePosition {
  int line = 0;
  int column = 0;
  friend auto operator<=>(const SourcePosition&, const SourcePosition&) = default;
};

// Paths name values the way they would be written in JavaScript, which is what
// error messages show: `steps[2].selector`, `headers.X-Api-Key`,
// `fixture.pages["/checkout"]`. The root value's path is "".
std::string member_path(std::string_view parent, std::string_view key);
std::string element_path(std::string_view parent, std::size_t index);

struct DuplicateKey {
  std::string path;
  SourcePosition first;   // key of the first occurrence
  SourcePosition second;  // key of the repeat (its value is the one kept)
};

struct JsonDocument {
  nlohmann::json value;
  // Duplicate keys are legal JSON but almost always a mistake in a
  // hand-written file (the second silently wins), so the reader lists them.
  std::vector<DuplicateKey> duplicate_keys;

  // Where the value at `path` starts; {0, 0} for an unknown path.
  SourcePosition value_position(std::string_view path) const;
  // Where the key naming `path` starts; for the root and array elements,
  // which have no key, the value's position.
  SourcePosition key_position(std::string_view path) const;

  struct Location {
    SourcePosition key;
    SourcePosition value;
  };
  std::map<std::string, Location, std::less<>> locations;
};

struct JsonSyntaxError {
  SourcePosition position;
  std::string path;  // the value being read when it went wrong ("" at top level)
  std::string message;
};

// Either the document or the first syntax error: after a syntax error nothing
// that follows can be trusted, so the reader stops there.
std::variant<JsonDocument, JsonSyntaxError> read_json(std::string_view text);

}  // namespace silentcors::scenario
