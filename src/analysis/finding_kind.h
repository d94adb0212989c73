// The report's vocabulary of findings, in one table: each kind's report
// name (docs/report.md, "Kinds"), its severity, the names Chromium gives it in
// Network.CorsError (on the actual response and on the preflight), and
// where it applies. Code carries the enum and switches on it (a kind that a
// switch forgets is a compile error: -Werror=switch); the strings appear
// only at the edges, in reports and in scenario files.
#pragma once

#include <optional>
#include <iosfwd>
#include <iterator>
#include <string_view>
#include <utility>

namespace silentcors {

enum class FindingKind {
  kHeaderNotAllowed,
  kMethodNotAllowed,
  kPreflightStatus,
  kPreflightRedirect,
  kMissingAllowOrigin,
  kAllowOriginMismatch,
  kMultipleAllowOrigin,
  kCredentialsNotAllowed,
  kWildcardWithCredentials,
  kHeaderNotExposed,
  kServerTimingHidden,
  kAuthorizationWildcard,
  kVaryOriginMissing,
  kOtherCors,
};

// Where a kind is checked: the preflight's answer, the actual response, or
// a request that passed (a latent problem, never a failure).
enum class Applies { kPreflight, kActual, kPreflightOrActual, kPassedRequest, kUnknown };

struct FindingKindInfo {
  FindingKind kind;
  std::string_view name;                // report `kind`
  std::string_view severity;            // "error" or "warning"
  std::string_view chrome_on_actual;    // Chromium's CorsError, "" when it has none
  std::string_view chrome_on_preflight;
  Applies applies;
};

// clang-format off
inline constexpr FindingKindInfo kFindingKinds[] = {
  {FindingKind::kHeaderNotAllowed,       "header-not-allowed",        "error",   "",                          "HeaderDisallowedByPreflightResponse", Applies::kPreflight},
  {FindingKind::kMethodNotAllowed,       "method-not-allowed",        "error",   "",                          "MethodDisallowedByPreflightResponse", Applies::kPreflight},
  {FindingKind::kPreflightStatus,        "preflight-status",          "error",   "",                          "PreflightInvalidStatus",              Applies::kPreflight},
  {FindingKind::kPreflightRedirect,      "preflight-redirect",        "error",   "",                          "PreflightDisallowedRedirect",         Applies::kPreflight},
  {FindingKind::kMissingAllowOrigin,     "missing-allow-origin",      "error",   "MissingAllowOriginHeader",  "PreflightMissingAllowOriginHeader",   Applies::kPreflightOrActual},
  {FindingKind::kAllowOriginMismatch,    "allow-origin-mismatch",     "error",   "AllowOriginMismatch",       "PreflightAllowOriginMismatch",        Applies::kPreflightOrActual},
  {FindingKind::kMultipleAllowOrigin,    "multiple-allow-origin",     "error",   "MultipleAllowOriginValues", "PreflightMultipleAllowOriginValues",  Applies::kPreflightOrActual},
  {FindingKind::kCredentialsNotAllowed,  "credentials-not-allowed",   "error",   "InvalidAllowCredentials",   "PreflightInvalidAllowCredentials",    Applies::kPreflightOrActual},
  {FindingKind::kWildcardWithCredentials,"wildcard-with-credentials", "error",   "WildcardOriginNotAllowed",  "PreflightWildcardOriginNotAllowed",   Applies::kPreflightOrActual},
  {FindingKind::kHeaderNotExposed,       "header-not-exposed",        "warning", "",                          "",                                    Applies::kPassedRequest},
  {FindingKind::kServerTimingHidden,     "server-timing-hidden",      "warning", "",                          "",                                    Applies::kPassedRequest},
  {FindingKind::kAuthorizationWildcard,  "authorization-wildcard",    "warning", "",                          "",                                    Applies::kPassedRequest},
  {FindingKind::kVaryOriginMissing,      "vary-origin-missing",       "warning", "",                          "",                                    Applies::kPassedRequest},
  {FindingKind::kOtherCors,              "other-cors",                "error",   "",                          "",                                    Applies::kUnknown},
};

// Chromium's other names for the same failures (older or finer-grained
// values of the drifting enum). Anything not named here is kOtherCors.
inline constexpr std::pair<std::string_view, FindingKind> kChromeAliases[] = {
  {"InvalidAllowHeadersPreflightResponse", FindingKind::kHeaderNotAllowed},
  {"InvalidAllowMethodsPreflightResponse", FindingKind::kMethodNotAllowed},
  {"PreflightInvalidAllowOriginValue",     FindingKind::kAllowOriginMismatch},
  {"InvalidAllowOriginValue",              FindingKind::kAllowOriginMismatch},
  {"RedirectContainsCredentials",          FindingKind::kOtherCors},
  {"DisallowedByMode",                     FindingKind::kOtherCors},
  {"CorsDisabledScheme",                   FindingKind::kOtherCors},
  {"InvalidResponse",                      FindingKind::kOtherCors},
};
// clang-format on

constexpr const FindingKindInfo& info(FindingKind kind) {
  for (const auto& entry : kFindingKinds) {
    if (entry.kind == kind) return entry;
  }
  return kFindingKinds[std::size(kFindingKinds) - 1];
}
constexpr std::string_view name_of(FindingKind kind) { return info(kind).name; }
constexpr bool is_error(FindingKind kind) { return info(kind).severity == "error"; }

// Its report name (for test messages and logs).
std::ostream& operator<<(std::ostream& out, FindingKind kind);

// The kind a report or scenario names; nullopt for a name not in the table.
std::optional<FindingKind> finding_kind_named(std::string_view name);
// The kind of Chromium's corsError; kOtherCors for a value we do not know.
FindingKind finding_kind_for_chrome_error(std::string_view cors_error);

}  // namespace silentcors
