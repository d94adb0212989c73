#include "analysis/http_headers.h"

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"

namespace silentcors {

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

HttpHeaders HttpHeaders::from_cdp(const nlohmann::json& object) {
  CdpHeaders cdp;
  if (!object.is_object()) return {};
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.value().is_string()) cdp.push_back({it.key(), it.value().get_ref<const std::string&>()});
  }
  return from_cdp(cdp);
}

HttpHeaders::HttpHeaders(std::initializer_list<HttpHeader> headers) {
  for (const HttpHeader& header : headers) add(header.name, header.value);
}

HttpHeaders HttpHeaders::from_cdp(const CdpHeaders& cdp) {
  HttpHeaders headers;
  size_t bytes = 0;
  for (const CdpHeader& header : cdp) bytes += header.name.size() + header.value.size();
  headers.text_.reserve(bytes);
  headers.lines_.reserve(cdp.size());
  for (const CdpHeader& header : cdp) {
    std::string_view joined = header.value;
    size_t start = 0;
    while (true) {
      size_t end = joined.find('\n', start);
      headers.add(header.name, joined.substr(start, end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  return headers;
}

void HttpHeaders::add(std::string_view name, std::string_view value) {
  // Offsets, not views, so that a copy of the list needs no fixing up.
  if (text_.size() + name.size() + value.size() > UINT32_MAX) {
    throw MessageError({"headers"}, "are larger than 4 GiB");
  }
  const auto at = [this] { return static_cast<uint32_t>(text_.size()); };
  Line line{at(), static_cast<uint32_t>(name.size()), 0, static_cast<uint32_t>(value.size())};
  text_.append(name);
  line.value_begin = at();
  text_.append(value);
  lines_.push_back(line);
}

bool HttpHeaders::has(std::string_view name) const {
  for (const HttpHeader h : *this) {
    if (equals_ignore_case(h.name, name)) return true;
  }
  return false;
}

std::optional<std::string> HttpHeaders::get(std::string_view name) const {
  std::optional<std::string> out;
  for (const HttpHeader h : *this) {
    if (!equals_ignore_case(h.name, name)) continue;
    if (out) {
      *out += ", ";
      *out += h.value;
    } else {
      out.emplace(h.value);
    }
  }
  return out;
}

std::vector<std::string> HttpHeaders::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const HttpHeader h : *this) {
    if (equals_ignore_case(h.name, name)) out.emplace_back(h.value);
  }
  return out;
}

}  // namespace silentcors
