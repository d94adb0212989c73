// The few URL operations the analysis needs, on serialized URLs as Chromium
// reports them (already canonical: lower-case scheme and host).
#pragma once

#include <string>
#include <string_view>

namespace silentcors {

// "http://127.0.0.1:8002/api?x=1" -> "http://127.0.0.1:8002"; default ports
// dropped as in an origin's serialization; "null" for opaque schemes.
std::string origin_of(std::string_view url);
// Without query and fragment: how findings of one endpoint are merged.
std::string without_query(std::string_view url);
// "http://h:1/api/orders?x=1" -> "/api/orders" ("/" when there is none).
std::string url_path(std::string_view url);

}  // namespace silentcors
