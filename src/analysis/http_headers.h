// An HTTP header list as seen on the wire: names case-insensitive, order
// kept, a name may repeat. CDP reports raw headers as a JSON object whose
// repeated headers are joined with '\n'; from_cdp() splits them back so the
// CORS rules can see, for example, two Access-Control-Allow-Origin lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/cdp_event.h"

namespace silentcors {

// One line of a list, as views into the list's own storage: valid while the
// list lives and is not changed.
struct HttpHeader {
  std::string_view name;
  std::string_view value;
};

// Every name and value is kept in one buffer: a response has twenty headers,
// and a string each was half the allocations of `analyze`.
class HttpHeaders {
 public:
  HttpHeaders() = default;
  HttpHeaders(std::initializer_list<HttpHeader> headers);

  // {"Name": "v1\nv2", ...} -> Name: v1, Name: v2. Non-string values are skipped.
  static HttpHeaders from_cdp(const nlohmann::json& object);
  // The same from a header object as a CdpEvent holds it.
  static HttpHeaders from_cdp(const CdpHeaders& headers);

  void add(std::string_view name, std::string_view value);
  bool has(std::string_view name) const;
  // Fetch "get": all values of `name` joined with ", ", or nullopt if absent.
  std::optional<std::string> get(std::string_view name) const;
  // Each line of `name` separately, in order.
  std::vector<std::string> get_all(std::string_view name) const;

  class Iterator;
  Iterator begin() const;
  Iterator end() const;
  bool empty() const { return lines_.empty(); }
  size_t size() const { return lines_.size(); }
  HttpHeader operator[](size_t i) const;

 private:
  struct Line {
    uint32_t name_begin, name_size, value_begin, value_size;
  };
  std::string text_;
  std::vector<Line> lines_;
};

class HttpHeaders::Iterator {
 public:
  using value_type = HttpHeader;
  using difference_type = std::ptrdiff_t;
  Iterator() = default;
  Iterator(const HttpHeaders* list, size_t i) : list_(list), i_(i) {}
  HttpHeader operator*() const { return (*list_)[i_]; }
  Iterator& operator++() {
    ++i_;
    return *this;
  }
  Iterator operator++(int) {
    Iterator before = *this;
    ++i_;
    return before;
  }
  bool operator==(const Iterator& other) const { return i_ == other.i_; }

 private:
  const HttpHeaders* list_ = nullptr;
  size_t i_ = 0;
};

inline HttpHeaders::Iterator HttpHeaders::begin() const { return Iterator(this, 0); }
inline HttpHeaders::Iterator HttpHeaders::end() const { return Iterator(this, lines_.size()); }
inline HttpHeader HttpHeaders::operator[](size_t i) const {
  const Line& line = lines_[i];
  return {std::string_view(text_).substr(line.name_begin, line.name_size),
          std::string_view(text_).substr(line.value_begin, line.value_size)};
}

// ASCII lower-casing and case-insensitive comparison, as HTTP names need.
std::string to_lower_ascii(std::string_view text);
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace silentcors
