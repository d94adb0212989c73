#include "report/text_escape.h"

#include <cstdio>

namespace silentcors::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// https://www.w3.org/TR/xml/#charsets
bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Walks `text` a character at a time: invalid UTF-8 becomes U+FFFD, and
// `append(out, c, bytes)` writes each valid character as the format wants.
template <class Append>
std::string per_character(std::string_view text, Append append) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    if (c.valid) {
      append(out, c, text.substr(pos, c.length));
    } else {
      out += kReplacement;
    }
    pos += c.length;
  }
  return out;
}

std::string xml_escaped(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    const std::string_view bytes = text.substr(pos, c.length);
    pos += c.length;
    if (!c.valid || !is_xml_char(c.code_point)) continue;
    switch (c.code_point) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#13;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\'': out += attribute ? "&apos;" : "'"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      default: out += bytes;
    }
  }
  return out;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  return per_character(text, [](std::string& out, const Utf8Char&, std::string_view bytes) { out += bytes; });
}

namespace {

std::string shown_controls(std::string_view text, bool keep_newlines) {
  return per_character(text, [keep_newlines](std::string& out, const Utf8Char& c, std::string_view bytes) {
    if (is_control(c.code_point) && !(keep_newlines && c.code_point == '\n')) {
      char buf[8];
      std::snprintf(buf, sizeof buf, c.code_point < 0x80 ? "\\x%02X" : "\\u%04X",
                    static_cast<unsigned>(c.code_point));
      out += buf;
    } else {
      out += bytes;
    }
  });
}

}  // namespace

std::string terminal_safe(std::string_view text) { return shown_controls(text, false); }

std::string terminal_safe_lines(std::string_view text) { return shown_controls(text, true); }

std::string xml_text(std::string_view text) { return xml_escaped(text, false); }

std::string xml_attribute(std::string_view text) { return xml_escaped(text, true); }

std::string markdown_text(std::string_view text) {
  return per_character(text, [](std::string& out, const Utf8Char& c, std::string_view) {
    if (is_control(c.code_point)) {
      out += ' ';
    } else if (c.code_point < 0x80 &&
               std::string_view("\\`*_[]<>|~&!#").find(static_cast<char>(c.code_point)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(c.code_point);
    } else {
      append_utf8(out, c.code_point);
    }
  });
}

std::string markdown_code(std::string_view text) {
  std::string body;
  std::size_t run = 0;
  std::size_t longest = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    pos += c.length;
    run = c.valid && c.code_point == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
    if (!c.valid) {
      body += kReplacement;
    } else if (is_control(c.code_point)) {
      body += ' ';
    } else {
      append_utf8(body, c.code_point);
    }
  }
  const std::string fence(longest + 1, '`');
  // A span that starts or ends with a backtick needs a space to separate it
  // from the fence (CommonMark strips one space on each side).
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

}  // namespace silentcors::report
