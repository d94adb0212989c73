#include "report/html_escape.h"

#include "analysis/utf8.h"

namespace silentcors::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Characters the HTML parser reports as errors in text (C0 and C1 controls
// other than whitespace, noncharacters): dropped rather than passed on.
bool dropped(char32_t cp) {
  if (cp == '\t' || cp == '\n') return false;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE;
}

}  // namespace

std::string html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    const std::string_view bytes = text.substr(pos, c.length);
    pos += c.length;
    if (!c.valid) {
      out += kReplacement;
      continue;
    }
    if (dropped(c.code_point)) continue;
    switch (c.code_point) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += bytes;
    }
  }
  return out;
}

}  // namespace silentcors::report
