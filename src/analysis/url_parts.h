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

// The site a URL belongs to, roughly: its host's last two labels ("shop.example"
// for https://api.shop.example:8443/x), three under a two-letter country code
// with a short second level ("shop.co.uk"), the host itself for an IP address
// or a single label. Without the Public Suffix List it errs on a few hosts
// (github.io pages all read as one site); used only to say "a third party".
std::string site_of(std::string_view url);

}  // namespace silentcors
