// An HTTP header list as seen on the wire: names case-insensitive, order
// kept, a name may repeat. CDP reports raw headers as a JSON object whose
// repeated headers are joined with '\n'; from_cdp() splits them back so the
// CORS rules can see, for example, two Access-Control-Allow-Origin lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/cdp_event.h"

namespace silentcors {

struct HttpHeader {
  std::string name;
  std::string value;
};

class HttpHeaders {
 public:
  HttpHeaders() = default;
  HttpHeaders(std::initializer_list<HttpHeader> headers) : headers_(headers) {}

  // {"Name": "v1\nv2", ...} -> Name: v1, Name: v2. Non-string values are skipped.
  static HttpHeaders from_cdp(const nlohmann::json& object);
  // The same from a header object as a CdpEvent holds it.
  static HttpHeaders from_cdp(const CdpHeaders& headers);

  void add(std::string name, std::string value);
  bool has(std::string_view name) const;
  // Fetch "get": all values of `name` joined with ", ", or nullopt if absent.
  std::optional<std::string> get(std::string_view name) const;
  // Each line of `name` separately, in order.
  std::vector<std::string> get_all(std::string_view name) const;

  const std::vector<HttpHeader>& entries() const { return headers_; }
  bool empty() const { return headers_.empty(); }
  size_t size() const { return headers_.size(); }

 private:
  std::vector<HttpHeader> headers_;
};

// ASCII lower-casing and case-insensitive comparison, as HTTP names need.
std::string to_lower_ascii(std::string_view text);
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace silentcors
