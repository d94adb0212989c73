#include "scenario/js_regexp_syntax.h"

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace silentcors::scenario {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

uint32_t hex_value(std::string_view digits) {
  uint32_t value = 0;
  for (char c : digits) {
    value = value * 16 + static_cast<uint32_t>(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return value;
}

// A (?<name>: ASCII identifier characters, or anything non-ASCII (V8 takes
// Unicode ID_Start/ID_Continue, which is not checked here: accepted).
bool valid_group_name(std::string_view name) {
  if (name.empty() || is_digit(name[0])) return false;
  for (char c : name) {
    const bool ascii_ok = is_ascii_letter(c) || is_digit(c) || c == '_' || c == '$';
    if (!ascii_ok && static_cast<unsigned char>(c) < 0x80 && c != '\\') return false;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s), named_groups_(has_named_groups(s)) {}

  std::optional<RegExpSyntaxError> run() {
    disjunction();
    while (!error_ && i_ < s_.size()) {
      // disjunction() stops only at a ')' with no group open.
      fail(i_, "Unmatched ')'");
    }
    for (const auto& [name, offset] : references_) {
      if (!error_ && !names_.count(name)) fail(offset, "Invalid named capture referenced");
    }
    return error_;
  }

 private:
  // In Annex B, \k is a named reference only in a pattern with a named
  // group; elsewhere it is the letter k.
  static bool has_named_groups(std::string_view s) {
    bool in_class = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (in_class) {
        in_class = s[i] != ']';
      } else if (s[i] == '[') {
        in_class = true;
      } else if (s.substr(i, 3) == "(?<" && i + 3 < s.size() && s[i + 3] != '=' && s[i + 3] != '!') {
        return true;
      }
    }
    return false;
  }

  bool at_end() const { return error_.has_value() || i_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void fail(std::size_t offset, const char* message) {
    if (!error_) error_ = RegExpSyntaxError{offset, message};
  }

  void disjunction() {
    alternative();
    while (!at_end() && peek() == '|') {
      ++i_;
      alternative();
    }
  }

  void alternative() {
    while (!at_end() && peek() != '|' && peek() != ')') term();
  }

  // {n}, {n,}, {n,m} at i_: its length, or 0 when the brace is a character.
  std::size_t braced_quantifier(uint64_t& min, uint64_t& max) const {
    std::size_t j = i_ + 1;
    const auto number = [&](uint64_t& out) {
      const std::size_t start = j;
      out = 0;
      while (j < s_.size() && is_digit(s_[j])) {
        out = out > (uint64_t{1} << 53) ? out : out * 10 + static_cast<uint64_t>(s_[j] - '0');
        ++j;
      }
      return j > start;
    };
    if (!number(min)) return 0;
    max = min;
    if (j < s_.size() && s_[j] == ',') {
      ++j;
      if (!number(max)) max = UINT64_MAX;
    }
    if (j >= s_.size() || s_[j] != '}') return 0;
    return j + 1 - i_;
  }

  // After an atom: a quantifier, if one follows. `quantifiable` false: the
  // term before it (^, $, \b, \B, a lookbehind) takes none.
  void quantifier(bool quantifiable = true) {
    if (at_end()) return;
    const std::size_t start = i_;
    uint64_t min = 0, max = 0;
    if (peek() == '*' || peek() == '+' || peek() == '?') {
      ++i_;
    } else if (peek() == '{') {
      const std::size_t length = braced_quantifier(min, max);
      if (length == 0) return;
      if (min > max) return fail(start, "numbers out of order in {} quantifier");
      i_ += length;
    } else {
      return;
    }
    if (!quantifiable) return fail(start, "Nothing to repeat");
    if (peek() == '?') ++i_;  // Lazy.
  }

  void term() {
    const std::size_t start = i_;
    switch (peek()) {
      case '^':
      case '$':
        ++i_;
        return quantifier(false);
      case '*':
      case '+':
      case '?':
        return fail(start, "Nothing to repeat");
      case '{': {
        uint64_t min = 0, max = 0;
        if (braced_quantifier(min, max) != 0) return fail(start, "Nothing to repeat");
        ++i_;
        return quantifier();
      }
      case '(':
        return group();
      case '[':
        character_class();
        return quantifier();
      case '\\':
        return atom_escape();
      default:
        skip_character();
        return quantifier();
    }
  }

  void skip_character() {
    // A UTF-8 sequence is one character to the grammar.
    ++i_;
    while (i_ < s_.size() && (static_cast<unsigned char>(s_[i_]) & 0xC0) == 0x80) ++i_;
  }

  void atom_escape() {
    const std::size_t start = i_;
    if (i_ + 1 >= s_.size()) return fail(start, "\\ at end of pattern");
    const char c = s_[i_ + 1];
    if (c == 'b' || c == 'B') {
      i_ += 2;
      return quantifier(false);
    }
    if (c == 'k' && named_groups_) {
      i_ += 2;
      if (peek() != '<') return fail(start, "Invalid named reference");
      const std::size_t close = s_.find('>', i_);
      if (close == std::string_view::npos) return fail(start, "Invalid named reference");
      references_.push_back({std::string(s_.substr(i_ + 1, close - i_ - 1)), start});
      i_ = close + 1;
      return quantifier();
    }
    ++i_;
    skip_character();
    return quantifier();
  }

  void group() {
    const std::size_t start = i_;
    bool quantifiable = true;
    if (peek(1) == '?') {
      const char kind = peek(2);
      if (kind == ':' || kind == '=' || kind == '!') {
        i_ += 3;  // A lookahead may take a quantifier in Annex B.
      } else if (kind == '<' && (peek(3) == '=' || peek(3) == '!')) {
        i_ += 4;
        quantifiable = false;  // A lookbehind may not.
      } else if (kind == '<') {
        const std::size_t close = s_.find('>', i_ + 3);
        if (close == std::string_view::npos) return fail(start, "Invalid capture group name");
        const std::string name(s_.substr(i_ + 3, close - i_ - 3));
        if (!valid_group_name(name)) return fail(start, "Invalid capture group name");
        if (!names_.insert(name).second) return fail(start, "Duplicate capture group name");
        i_ = close + 1;
      } else {
        return fail(start, "Invalid group");
      }
    } else {
      ++i_;
    }
    disjunction();
    if (error_) return;
    if (peek() != ')') return fail(start, "Unterminated group");
    ++i_;
    quantifier(quantifiable);
  }

  // One class atom at i_: its UTF-16 code unit, as the page sees the
  // pattern, or nothing for a class escape (\d, \w...), where no range
  // order is judged. A character beyond the BMP is two atoms, its high
  // then its low surrogate: [U+1F600-U+1F601] is the range from the low half
  // of the first to the high half of the second, out of order.
  std::optional<uint32_t> class_atom() {
    if (pending_low_surrogate_) return std::exchange(pending_low_surrogate_, std::nullopt);
    const char c = peek();
    if (c != '\\') {
      const auto first = static_cast<unsigned char>(c);
      const std::size_t start = i_;
      skip_character();
      const std::size_t length = i_ - start;
      const auto continuation = [&](std::size_t k) { return static_cast<unsigned char>(s_[start + k]) & 0x3Fu; };
      if (length == 1) return first;
      if (length == 2) return ((first & 0x1Fu) << 6) | continuation(1);
      if (length == 3) return ((first & 0x0Fu) << 12) | (continuation(1) << 6) | continuation(2);
      if (length == 4) {
        const uint32_t code_point =
            ((first & 0x07u) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3);
        pending_low_surrogate_ = 0xDC00 + ((code_point - 0x10000) & 0x3FF);
        return 0xD800 + ((code_point - 0x10000) >> 10);
      }
      return std::nullopt;
    }
    if (i_ + 1 >= s_.size()) {
      fail(i_, "\\ at end of pattern");
      return std::nullopt;
    }
    const char e = s_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'b': return 8;
      case 't': return 9;
      case 'n': return 10;
      case 'v': return 11;
      case 'f': return 12;
      case 'r': return 13;
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S': return std::nullopt;
      case 'x':
        if (is_hex(peek()) && is_hex(peek(1))) {
          i_ += 2;
          return hex_value(s_.substr(i_ - 2, 2));
        }
        return 'x';
      case 'u':
        if (is_hex(peek()) && is_hex(peek(1)) && is_hex(peek(2)) && is_hex(peek(3))) {
          i_ += 4;
          return hex_value(s_.substr(i_ - 4, 4));
        }
        return 'u';
      case 'c':
        if (is_ascii_letter(peek()) || is_digit(peek()) || peek() == '_') return static_cast<uint32_t>(s_[i_++]) % 32;
        --i_;  // "\c" alone is a backslash, then c is read next.
        return '\\';
      default:
        break;
    }
    if (e >= '0' && e <= '7') {  // Legacy octal, up to \377.
      uint32_t value = static_cast<uint32_t>(e - '0');
      for (int k = 0; k < 2 && peek() >= '0' && peek() <= '7' && value * 8 + (peek() - '0') <= 0377; ++k) {
        value = value * 8 + static_cast<uint32_t>(s_[i_++] - '0');
      }
      return value;
    }
    if (static_cast<unsigned char>(e) < 0x80) return static_cast<uint32_t>(e);  // Identity escape.
    --i_;
    skip_character();
    return std::nullopt;
  }

  void character_class() {
    const std::size_t start = i_;
    ++i_;
    if (peek() == '^') ++i_;
    while (true) {
      if (error_) return;
      if (!pending_low_surrogate_ && i_ >= s_.size()) return fail(start, "Unterminated character class");
      if (!pending_low_surrogate_ && peek() == ']') {
        ++i_;
        return;
      }
      const std::size_t range_start = i_;
      const std::optional<uint32_t> from = class_atom();
      if (!pending_low_surrogate_ && peek() == '-' && i_ + 1 < s_.size() && s_[i_ + 1] != ']') {
        ++i_;
        const std::optional<uint32_t> to = class_atom();
        if (from && to && *from > *to) fail(range_start, "Range out of order in character class");
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  bool named_groups_;
  std::set<std::string> names_;
  std::vector<std::pair<std::string, std::size_t>> references_;
  std::optional<uint32_t> pending_low_surrogate_;  // The second half of a class character.
  std::optional<RegExpSyntaxError> error_;
};

}  // namespace

std::optional<RegExpSyntaxError> js_regexp_syntax_error(std::string_view source) {
  return Parser(source).run();
}

}  // namespace silentcors::scenario
