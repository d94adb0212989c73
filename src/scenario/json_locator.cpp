#include "scenario/json_locator.h"

#include "analysis/utf8.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <system_error>

namespace silentcors::scenario {
namespace {

using nlohmann::json;

// Deeper than any real scenario; stops a malicious file from overflowing the stack.
constexpr int kMaxDepth = 100;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0.
// Rejects overlong forms and surrogates, as RFC 3629 requires.
std::size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  const Utf8Char c = decode_utf8(s, 0);
  return c.valid ? c.length : 0;
}

struct SyntaxFailure {
  JsonSyntaxError error;
};

class Reader {
 public:
  Reader(std::string_view text, JsonDocument& doc) : text_(text), doc_(doc) {
    // Some Windows editors start UTF-8 files with a byte order mark; it is not content.
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
  }

  void read_document() {
    skip_space("");
    if (at_end()) fail(here(), "", "the file is empty; expected a JSON object");
    doc_.value = read_value("", 0);
    skip_space("");
    if (!at_end()) {
      fail(here(), "", "unexpected " + describe_here() + " after the end of the JSON value");
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  SourcePosition here() const { return {line_, column_}; }

  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!is_continuation_byte(c)) {
      ++column_;  // one column per character: continuation bytes do not count
    }
  }

  [[noreturn]] void fail(SourcePosition where, std::string_view path, std::string message) {
    throw SyntaxFailure{{where, std::string(path), std::move(message)}};
  }

  // How the character at the cursor reads in a message: 'x', '“', or "the end of the file".
  std::string describe_here() const {
    if (at_end()) return "the end of the file";
    const std::size_t length = utf8_sequence_length(text_.substr(pos_));
    const auto byte = static_cast<unsigned char>(peek());
    if (length == 0 || byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xF];
    }
    return "'" + std::string(text_.substr(pos_, length)) + "'";
  }

  // A syntax error at the cursor, with a hint for the mistakes people make by hand.
  [[noreturn]] void unexpected(std::string_view path, std::string_view expected) {
    const std::string_view rest = text_.substr(pos_);
    if (peek() == '\'') fail(here(), path, "use double quotes (\") for strings and field names, not single quotes");
    for (std::string_view curly : {"\u201C", "\u201D", "\u2018", "\u2019"}) {
      if (rest.starts_with(curly)) {
        fail(here(), path, "found a curly quote " + std::string(curly) + "; use straight double quotes (\")");
      }
    }
    if (is_word_start(peek())) {
      const std::string word = peek_word();
      fail(here(), path,
           "unexpected word \"" + word + "\"; strings and field names need double quotes (\"" + word +
               "\") and the only literals are true, false and null");
    }
    fail(here(), path, "expected " + std::string(expected) + ", found " + describe_here());
  }

  std::string peek_word() const {
    std::size_t end = pos_;
    while (end < text_.size() && is_word_char(text_[end])) ++end;
    return std::string(text_.substr(pos_, end - pos_));
  }

  // Whitespace and comments. `path` only labels an unterminated comment.
  void skip_space(std::string_view path) {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && text_.substr(pos_).starts_with("//")) {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && text_.substr(pos_).starts_with("/*")) {
        const SourcePosition start = here();
        advance();
        advance();
        while (!at_end() && !text_.substr(pos_).starts_with("*/")) advance();
        if (at_end()) fail(start, path, "this /* comment is never closed with */");
        advance();
        advance();
      } else if (c == '/') {
        fail(here(), path, "unexpected '/'; comments start with // or /*");
      } else {
        return;
      }
    }
  }

  json read_value(const std::string& path, int depth) {
    doc_.locations[path].value = here();
    const char c = peek();
    if (c == '{') return read_object(path, depth + 1);
    if (c == '[') return read_array(path, depth + 1);
    if (c == '"') return read_string(path);
    if (c == '-' || is_digit(c)) return read_number(path);
    const std::string word = peek_word();
    if (word == "true" || word == "false" || word == "null") {
      for (std::size_t i = 0; i < word.size(); ++i) advance();
      if (word == "null") return nullptr;
      return word == "true";
    }
    unexpected(path, "a value");
  }

  json read_object(const std::string& path, int depth) {
    const SourcePosition open = here();
    if (depth > kMaxDepth) fail(open, path, "nesting is too deep (more than 100 levels)");
    advance();  // '{'
    json object = json::object();
    skip_space(path);
    if (peek() == '}') {
      advance();
      return object;
    }
    while (true) {
      if (at_end()) fail(open, path, "this '{' is never closed");
      if (peek() != '"') unexpected(path, "a field name in double quotes");
      const SourcePosition key_position = here();
      std::string key = read_string(path);
      const std::string child = member_path(path, key);
      if (object.contains(key)) doc_.duplicate_keys.push_back({child, doc_.locations[child].key, key_position});
      doc_.locations[child].key = key_position;
      skip_space(child);
      if (peek() != ':') unexpected(child, "':' after the field name");
      advance();
      skip_space(child);
      if (at_end()) fail(open, path, "this '{' is never closed");
      object[key] = read_value(child, depth);
      skip_space(path);
      if (peek() == ',') {
        const SourcePosition comma = here();
        advance();
        skip_space(path);
        if (peek() == '}') fail(comma, path, "remove this trailing ','; JSON does not allow a ',' before '}'");
        continue;
      }
      if (peek() == '}') {
        advance();
        return object;
      }
      if (at_end()) fail(open, path, "this '{' is never closed");
      if (peek() == '"') fail(here(), path, "missing ',' before this field");
      unexpected(path, "',' or '}'");
    }
  }

  json read_array(const std::string& path, int depth) {
    const SourcePosition open = here();
    if (depth > kMaxDepth) fail(open, path, "nesting is too deep (more than 100 levels)");
    advance();  // '['
    json array = json::array();
    skip_space(path);
    if (peek() == ']') {
      advance();
      return array;
    }
    while (true) {
      if (at_end()) fail(open, path, "this '[' is never closed");
      array.push_back(read_value(element_path(path, array.size()), depth));
      skip_space(path);
      if (peek() == ',') {
        const SourcePosition comma = here();
        advance();
        skip_space(path);
        if (peek() == ']') fail(comma, path, "remove this trailing ','; JSON does not allow a ',' before ']'");
        continue;
      }
      if (peek() == ']') {
        advance();
        return array;
      }
      if (at_end()) fail(open, path, "this '[' is never closed");
      const char c = peek();
      if (c == '{' || c == '[' || c == '"' || c == '-' || is_digit(c)) {
        fail(here(), path, "missing ',' between array elements");
      }
      unexpected(path, "',' or ']'");
    }
  }

  std::string read_string(std::string_view path) {
    const SourcePosition open = here();
    advance();  // '"'
    std::string out;
    while (true) {
      if (at_end()) fail(open, path, "this string is never closed");
      const char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (c == '\n' || c == '\r') {
        fail(open, path, "this string is not closed before the end of the line (write \\n for a line break)");
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail(here(), path, "control character (such as a tab) inside a string; write it as an escape like \\t");
      }
      if (c == '\\') {
        read_escape(out, path);
        continue;
      }
      const std::size_t length = utf8_sequence_length(text_.substr(pos_));
      if (length == 0) fail(here(), path, "invalid UTF-8 in a string; save the file as UTF-8");
      out.append(text_.substr(pos_, length));
      for (std::size_t i = 0; i < length; ++i) advance();
    }
  }

  void read_escape(std::string& out, std::string_view path) {
    const SourcePosition start = here();
    advance();  // '\'
    const char c = peek();
    if (at_end()) fail(start, path, "this string is never closed");
    // The one-letter escapes and what they stand for, position by position.
    static constexpr std::string_view kEscapes = "\"\\/bfnrt";
    static constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
    if (const std::size_t i = kEscapes.find(c); i != std::string_view::npos) {
      out += kMeanings[i];
      advance();
      return;
    }
    if (c != 'u') {
      fail(start, path, "invalid escape: '\\' followed by " + describe_here() + "; write \\\\ for a backslash");
    }
    advance();
    char32_t cp = read_hex4(start, path);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail(start, path, "invalid \\u escape: a low surrogate without a high one");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // Characters outside the BMP are written as a UTF-16 surrogate pair.
      if (!text_.substr(pos_).starts_with("\\u")) fail(start, path, "invalid \\u escape: unpaired surrogate");
      advance();
      advance();
      const char32_t low = read_hex4(start, path);
      if (low < 0xDC00 || low > 0xDFFF) fail(start, path, "invalid \\u escape: unpaired surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
  }

  char32_t read_hex4(SourcePosition start, std::string_view path) {
    char32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      int digit = -1;
      if (is_digit(c)) digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (at_end() || digit < 0) fail(start, path, "invalid \\u escape: expected 4 hex digits");
      value = value * 16 + static_cast<char32_t>(digit);
      advance();
    }
    return value;
  }

  json read_number(std::string_view path) {
    const SourcePosition start = here();
    const std::size_t begin = pos_;
    bool integral = true;
    if (peek() == '-') advance();
    if (!is_digit(peek())) fail(start, path, "expected a digit after '-'");
    if (peek() == '0') {
      advance();
      if (is_digit(peek())) fail(start, path, "a number cannot start with 0 (write 7, not 07)");
    }
    while (is_digit(peek())) advance();
    if (peek() == '.') {
      integral = false;
      advance();
      if (!is_digit(peek())) fail(here(), path, "expected a digit after '.'");
      while (is_digit(peek())) advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      advance();
      if (peek() == '+' || peek() == '-') advance();
      if (!is_digit(peek())) fail(here(), path, "expected a digit in the exponent");
      while (is_digit(peek())) advance();
    }
    const std::string_view text = text_.substr(begin, pos_ - begin);
    const char* first = text.data();
    const char* last = text.data() + text.size();
    // Keep integers exact (nlohmann's own parser does the same): int64, then
    // uint64, and only numbers beyond both become doubles.
    if (integral) {
      std::int64_t i = 0;
      if (std::from_chars(first, last, i).ec == std::errc{}) return i;
      std::uint64_t u = 0;
      if (std::from_chars(first, last, u).ec == std::errc{}) return u;
    }
    double d = 0;
    if (std::from_chars(first, last, d).ec != std::errc{}) fail(start, path, "this number is too large");
    return d;
  }

  std::string_view text_;
  JsonDocument& doc_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

bool is_plain_key(std::string_view key) {
  if (key.empty() || !is_word_start(key[0])) return false;
  for (char c : key) {
    if (!is_word_char(c) && c != '-') return false;  // '-' reads fine in header names
  }
  return true;
}

}  // namespace

std::string member_path(std::string_view parent, std::string_view key) {
  if (!is_plain_key(key)) {
    return std::string(parent) + "[" + json(key).dump(-1, ' ', false, json::error_handler_t::replace) + "]";
  }
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string element_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

SourcePosition JsonDocument::value_position(std::string_view path) const {
  const auto it = locations.find(path);
  return it == locations.end() ? SourcePosition{} : it->second.value;
}

SourcePosition JsonDocument::key_position(std::string_view path) const {
  const auto it = locations.find(path);
  if (it == locations.end()) return {};
  return it->second.key.line == 0 ? it->second.value : it->second.key;
}

std::variant<JsonDocument, JsonSyntaxError> read_json(std::string_view text) {
  JsonDocument doc;
  try {
    Reader(text, doc).read_document();
  } catch (const SyntaxFailure& failure) {
    return failure.error;
  }
  return doc;
}

}  // namespace silentcors::scenario
