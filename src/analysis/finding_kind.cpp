#include "analysis/finding_kind.h"

#include <ostream>

namespace silentcors {

std::ostream& operator<<(std::ostream& out, FindingKind kind) { return out << name_of(kind); }

std::optional<FindingKind> finding_kind_named(std::string_view name) {
  for (const auto& entry : kFindingKinds) {
    if (entry.name == name) return entry.kind;
  }
  return std::nullopt;
}

FindingKind finding_kind_for_chrome_error(std::string_view cors_error) {
  if (cors_error.empty()) return FindingKind::kOtherCors;
  for (const auto& entry : kFindingKinds) {
    if (entry.chrome_on_actual == cors_error || entry.chrome_on_preflight == cors_error) return entry.kind;
  }
  for (const auto& [alias, kind] : kChromeAliases) {
    if (alias == cors_error) return kind;
  }
  return FindingKind::kOtherCors;
}

}  // namespace silentcors
