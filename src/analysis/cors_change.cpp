#include "analysis/cors_change.h"

#include <algorithm>

#include "analysis/cors_rules.h"
#include "analysis/http_headers.h"
#include "analysis/url_parts.h"

namespace silentcors {

namespace {

// Appends `name` unless `names` has it (compared case-blind: Starlette sends
// "Content-Type, content-type" when its list repeats a safelisted header).
void add_once(std::vector<std::string>& names, const std::string& name) {
  const bool present = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return equals_ignore_case(n, name); });
  if (!present) names.push_back(name);
}

// `existing` plus every name of `added` it lacks.
// With credentials "*" is a literal name, so it goes. An item that is no
// HTTP token ("trace parent", "traceparent;") made the whole list invalid:
// it goes too, and what it meant to allow comes back through `added`.
std::vector<std::string> extended(const std::optional<std::string>& existing, const std::vector<std::string>& added,
                                  bool credentialed) {
  std::vector<std::string> out;
  for (auto& name : split_header_list(existing.value_or(""))) {
    if (credentialed && name == "*") continue;
    if (!cors::is_http_token(name)) continue;
    add_once(out, name);
  }
  for (const auto& name : added) add_once(out, name);
  return out;
}

}  // namespace

std::vector<std::string> split_header_list(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    std::string item = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::optional<CorsChange> change_for(const Finding& f) {
  CorsChange c;
  c.path = url_path(without_query(f.url));
  c.origin = f.origin;
  c.credentialed = f.credentialed;
  c.current_methods = extended(f.allow_methods, {}, false);
  c.current_headers = extended(f.allow_headers, {}, false);
  const bool error_status = f.status && (*f.status < 200 || *f.status > 299) && f.kind != FindingKind::kPreflightStatus &&
                            f.kind != FindingKind::kPreflightRedirect && !f.preflight_status;
  if (error_status) {
    // The server's CORS settings are right; its error answers lose them.
    c.error_status = f.status;
    c.on_error_responses = true;
    c.allow_origin = true;
    c.allow_credentials = f.credentialed;
    return c;
  }
  switch (f.kind) {
    case FindingKind::kHeaderNotAllowed:
      c.allow_headers = extended(f.allow_headers, f.headers, f.credentialed);
      return c;
    case FindingKind::kMethodNotAllowed:
      c.allow_methods = extended(f.allow_methods, {f.method}, f.credentialed);
      // What fails next (our rules see past Chromium's first error).
      if (!f.headers.empty()) c.allow_headers = extended(f.allow_headers, f.headers, f.credentialed);
      return c;
    case FindingKind::kPreflightStatus:
      c.answer_preflight = true;
      return c;
    case FindingKind::kMissingAllowOrigin:
    case FindingKind::kAllowOriginMismatch:
      c.allow_origin = true;
      c.allow_credentials = f.credentialed;
      // A preflight answered without CORS headers refuses what it was
      // asked for as well: rack-cors and rs/cors answer a preflight that
      // asks for one header too many with none at all. The headers and the
      // method the page asked for are what fails next.
      if (f.preflight_status) {
        if (!f.headers.empty()) c.allow_headers = extended(f.allow_headers, f.headers, f.credentialed);
        if (f.method != "GET" && f.method != "HEAD" && f.method != "POST") {
          c.allow_methods = extended(f.allow_methods, {f.method}, f.credentialed);
        }
      }
      return c;
    case FindingKind::kMultipleAllowOrigin:
      c.one_allow_origin = true;
      c.allow_origin = true;
      return c;
    case FindingKind::kCredentialsNotAllowed:
      c.allow_credentials = true;
      c.credentialed = true;
      return c;
    case FindingKind::kWildcardWithCredentials:
      c.allow_origin = true;
      c.allow_credentials = true;
      c.credentialed = true;
      return c;
    case FindingKind::kHeaderNotExposed:
      c.expose_headers = extended(std::nullopt, f.headers, false);
      return c;
    case FindingKind::kServerTimingHidden:
      c.timing_allow_origin = true;
      return c;
    case FindingKind::kAuthorizationWildcard:
      c.allow_headers = extended(f.allow_headers, {"Authorization"}, true);
      return c;
    case FindingKind::kVaryOriginMissing:
      c.vary_origin = true;
      return c;
    case FindingKind::kPreflightRedirect:
    case FindingKind::kOtherCors:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace silentcors
