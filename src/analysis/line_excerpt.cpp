#include "analysis/line_excerpt.h"

#include "analysis/utf8.h"

namespace silentcors {

namespace {

constexpr size_t kBefore = 40;  // Bytes shown before the error column...
constexpr size_t kWidth = 80;   // ...of this many in all.

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string line_excerpt(std::string_view line, size_t column) {
  const size_t at = std::min(column > 0 ? column - 1 : 0, line.size());
  size_t begin = at > kBefore ? at - kBefore : 0;
  while (begin > 0 && is_continuation(line[begin])) --begin;
  size_t end = std::min(line.size(), begin + kWidth);
  while (end < line.size() && is_continuation(line[end])) ++end;

  std::string shown = "  ";
  size_t caret = 0;  // Characters before the error column.
  if (begin > 0) {
    shown += "…";
    ++caret;
  }
  for (size_t pos = begin; pos < end;) {
    Utf8Char c = decode_utf8(line, pos);
    const bool control = c.code_point < 0x20 || (c.code_point >= 0x7F && c.code_point < 0xA0);
    if (!c.valid || control || pos + c.length > end) {
      shown += '?';
    } else {
      shown.append(line.substr(pos, c.length));
    }
    if (pos < at) ++caret;
    pos += c.valid ? c.length : 1;
  }
  if (end < line.size()) shown += "…";
  return shown + "\n  " + std::string(caret, ' ') + "^";
}

std::string cut_after(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && is_continuation(text[end])) --end;
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace silentcors
