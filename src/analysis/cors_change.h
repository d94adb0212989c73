// What a server must send to fix a finding, whatever the server is: the
// CORS headers and their new values, keeping what it already allows (it
// adds traceparent to the list it sends, it never replaces the list), and
// where they must be (preflights, error responses). fix_snippet.h turns it
// into each server's own configuration language.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/report_model.h"

namespace silentcors {

struct CorsChange {
  std::string path;    // The endpoint, e.g. "/api/orders".
  std::string origin;  // The page's origin, to allow.
  // Full new lists (what the server sent plus what was refused); empty:
  // leave as is.
  std::vector<std::string> allow_headers;
  std::vector<std::string> allow_methods;
  std::vector<std::string> expose_headers;
  // The methods the server allows now, as sent (its preflight's
  // Allow-Methods): a snippet that replaces a whole CORS setup (Starlette's
  // add_middleware, rs/cors' Options) restates them where the list is not
  // changed, or the framework's default (Starlette: GET only and no
  // headers) would take their place.
  std::vector<std::string> current_methods;
  std::vector<std::string> current_headers;  // Its preflight's Allow-Headers, likewise.
  bool allow_origin = false;        // Access-Control-Allow-Origin: <origin> (and Vary: Origin)
  bool allow_credentials = false;   // Access-Control-Allow-Credentials: true
  bool timing_allow_origin = false;
  bool vary_origin = false;         // Vary: Origin alone (the origin is already echoed)
  bool answer_preflight = false;    // OPTIONS answered 204 before authentication or routing
  bool on_error_responses = false;  // The headers must be on 4xx/5xx answers too.
  bool one_allow_origin = false;    // Two layers each add Allow-Origin: keep one.
  bool credentialed = false;        // The request carries credentials: no "*" anywhere.
  std::optional<int> error_status;  // The error status behind the CORS failure.
};

// nullopt where no server setting fixes it (a redirect to follow, a CORS
// code we do not know).
std::optional<CorsChange> change_for(const Finding& finding);

// "a, b" -> {"a", "b"}, as sent (case kept); empty items dropped.
std::vector<std::string> split_header_list(const std::string& list);

}  // namespace silentcors
