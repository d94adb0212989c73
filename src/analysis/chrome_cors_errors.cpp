#include "analysis/chrome_cors_errors.h"

#include <array>
#include <utility>

namespace silentcors {

namespace {

// From the devtools-protocol definition of Network.CorsError.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kKinds{{
    {"HeaderDisallowedByPreflightResponse", "header-not-allowed"},
    {"InvalidAllowHeadersPreflightResponse", "header-not-allowed"},
    {"MethodDisallowedByPreflightResponse", "method-not-allowed"},
    {"InvalidAllowMethodsPreflightResponse", "method-not-allowed"},
    {"PreflightInvalidStatus", "preflight-status"},
    {"PreflightDisallowedRedirect", "preflight-redirect"},
    {"PreflightMissingAllowOriginHeader", "missing-allow-origin"},
    {"MissingAllowOriginHeader", "missing-allow-origin"},
    {"PreflightAllowOriginMismatch", "allow-origin-mismatch"},
    {"AllowOriginMismatch", "allow-origin-mismatch"},
    {"PreflightInvalidAllowOriginValue", "allow-origin-mismatch"},
    {"InvalidAllowOriginValue", "allow-origin-mismatch"},
    {"PreflightMultipleAllowOriginValues", "multiple-allow-origin"},
    {"MultipleAllowOriginValues", "multiple-allow-origin"},
    {"PreflightInvalidAllowCredentials", "credentials-not-allowed"},
    {"InvalidAllowCredentials", "credentials-not-allowed"},
    {"PreflightWildcardOriginNotAllowed", "wildcard-with-credentials"},
    {"WildcardOriginNotAllowed", "wildcard-with-credentials"},
    {"RedirectContainsCredentials", "other-cors"},
    {"DisallowedByMode", "other-cors"},
    {"CorsDisabledScheme", "other-cors"},
    {"InvalidResponse", "other-cors"},
}};

}  // namespace

std::string_view report_kind_for_chrome_error(std::string_view cors_error) {
  for (const auto& [chrome, kind] : kKinds) {
    if (chrome == cors_error) return kind;
  }
  return "other-cors";
}

bool chrome_error_is_about_preflight(std::string_view cors_error) {
  return cors_error.rfind("Preflight", 0) == 0 || cors_error == "HeaderDisallowedByPreflightResponse" ||
         cors_error == "MethodDisallowedByPreflightResponse" ||
         cors_error == "InvalidAllowHeadersPreflightResponse" || cors_error == "InvalidAllowMethodsPreflightResponse";
}

}  // namespace silentcors
