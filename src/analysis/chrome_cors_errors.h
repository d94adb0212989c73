// Chromium's Network.CorsError values and the report kind each maps to.
// The enum drifts between releases (values renamed and removed in 2026), so
// an unknown value maps to "other-cors" and is kept as written.
#pragma once

#include <string_view>

namespace silentcors {

std::string_view report_kind_for_chrome_error(std::string_view cors_error);
// True when Chromium checked a preflight response (the "Preflight..." family
// and the method/header checks), false when it checked the actual response.
bool chrome_error_is_about_preflight(std::string_view cors_error);

}  // namespace silentcors
