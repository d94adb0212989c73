// A CorsChange in the configuration language of the server that answered:
// the lines to put in its config or code, with the gotcha that bites next
// (nginx's `always` and add_header inheritance, Starlette's GET-only
// default, django-cors-headers' default list, Spring's refusal of "*" with
// credentials, Envoy answering every preflight...).
#pragma once

#include <string>

#include "analysis/cors_change.h"
#include "analysis/server_kind.h"

namespace silentcors {

std::string fix_snippet_text(ServerKind server, const CorsChange& change);

}  // namespace silentcors
