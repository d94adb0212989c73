// SHA-256 (FIPS 180-4), for one purpose: the hash of the HTML report's own
// inline script in its Content-Security-Policy, so that only that script
// may run, even if some value ever slipped past the escaping.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace silentcors::report {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// Standard base64 with padding (what CSP hash sources are written in).
std::string base64(const std::uint8_t* data, std::size_t size);

}  // namespace silentcors::report
