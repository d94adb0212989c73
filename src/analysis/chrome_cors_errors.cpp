#include "analysis/chrome_cors_errors.h"


namespace silentcors {

bool chrome_error_is_about_preflight(std::string_view cors_error) {
  return cors_error.rfind("Preflight", 0) == 0 || cors_error == "HeaderDisallowedByPreflightResponse" ||
         cors_error == "MethodDisallowedByPreflightResponse" ||
         cors_error == "InvalidAllowHeadersPreflightResponse" || cors_error == "InvalidAllowMethodsPreflightResponse";
}

}  // namespace silentcors
