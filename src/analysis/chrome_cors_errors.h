// What Chromium's Network.CorsError values say beyond their kind (which
// finding_kind.h maps: finding_kind_for_chrome_error).
#pragma once

#include <string_view>

namespace silentcors {

// True when Chromium checked a preflight response (the "Preflight..." family
// and the method/header checks), false when it checked the actual response.
bool chrome_error_is_about_preflight(std::string_view cors_error);

}  // namespace silentcors
