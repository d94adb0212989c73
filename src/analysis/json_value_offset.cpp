#include "analysis/json_value_offset.h"

namespace silentcors {

namespace {

size_t skip_ws(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// At an opening quote; returns the index after the closing one.
size_t skip_string(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// At a value; returns the index after it.
size_t skip_value(std::string_view s, size_t i) {
  if (i >= s.size()) return s.size();
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return s.size();
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
         s[i] != '\n') {
    ++i;
  }
  return i;
}

// In the object at `i`, the offset of the value of the last member named `key`.
size_t member_value(std::string_view s, size_t i, const std::string& key) {
  i = skip_ws(s, i);
  if (i >= s.size() || s[i] != '{') return std::string_view::npos;
  size_t found = std::string_view::npos;
  i = skip_ws(s, i + 1);
  while (i < s.size() && s[i] == '"') {
    size_t key_end = skip_string(s, i);
    // Keys are compared as written: CDP keys have no escapes.
    const bool match = key_end >= i + 2 && s.substr(i + 1, key_end - i - 2) == key;
    i = skip_ws(s, key_end);
    if (i >= s.size() || s[i] != ':') return std::string_view::npos;
    i = skip_ws(s, i + 1);
    if (match) found = i;
    i = skip_ws(s, skip_value(s, i));
    if (i >= s.size() || s[i] != ',') break;
    i = skip_ws(s, i + 1);
  }
  return found;
}

}  // namespace

size_t json_value_offset(std::string_view text, const std::vector<std::string>& path) {
  size_t at = 0;
  for (const auto& key : path) {
    at = member_value(text, at, key);
    if (at == std::string_view::npos) return at;
  }
  return at;
}

}  // namespace silentcors
