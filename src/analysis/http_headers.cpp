#include "analysis/http_headers.h"

#include <nlohmann/json.hpp>

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

HttpHeaders HttpHeaders::from_cdp(const CdpHeaders& cdp) {
  HttpHeaders headers;
  headers.headers_.reserve(cdp.size());
  for (const CdpHeader& header : cdp) {
    std::string_view joined = header.value;
    size_t start = 0;
    while (true) {
      size_t end = joined.find('\n', start);
      headers.headers_.push_back({std::string(header.name), std::string(joined.substr(start, end - start))});
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  return headers;
}

void HttpHeaders::add(std::string name, std::string value) {
  headers_.push_back({std::move(name), std::move(value)});
}

bool HttpHeaders::has(std::string_view name) const {
  for (const auto& h : headers_) {
    if (equals_ignore_case(h.name, name)) return true;
  }
  return false;
}

std::optional<std::string> HttpHeaders::get(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& h : headers_) {
    if (!equals_ignore_case(h.name, name)) continue;
    if (out) {
      *out += ", ";
      *out += h.value;
    } else {
      out = h.value;
    }
  }
  return out;
}

std::vector<std::string> HttpHeaders::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& h : headers_) {
    if (equals_ignore_case(h.name, name)) out.push_back(h.value);
  }
  return out;
}

}  // namespace silentcors
