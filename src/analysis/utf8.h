// UTF-8 decoding and encoding, shared by everything that must handle text
// from outside strictly: scenario files (positions counted in characters),
// and report writers (untrusted server text into JSON, XML, terminals).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace silentcors {

// One decoded UTF-8 sequence at a position: `valid` false means the byte at
// that position starts no valid sequence (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF), and `length` is then 1.
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};
Utf8Char decode_utf8(std::string_view text, std::size_t pos);

// Appends the UTF-8 encoding of `code_point`.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace silentcors
