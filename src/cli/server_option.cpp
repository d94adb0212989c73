#include "cli/server_option.h"

#include "analysis/cors_change.h"
#include "analysis/url_parts.h"

namespace silentcors::cli {

ServerHints server_hints_from(const Args& args) {
  ServerHints hints;
  const auto value = args.value("--server");
  if (!value) return hints;
  for (const auto& item : split_header_list(*value)) {
    const auto eq = item.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--server takes ORIGIN=KIND (e.g. https://api.example.com=nginx), got \"" + item + "\"");
    }
    const std::string origin = item.substr(0, eq), kind = item.substr(eq + 1);
    if (origin_of(origin) != origin) {
      const std::string suggestion = origin_of(origin);
      throw UsageError("--server: \"" + origin + "\" is not an origin (scheme://host[:port], no path)" +
                       (suggestion == "null" ? std::string() : "; did you mean " + suggestion + "?"));
    }
    auto server = server_named(kind);
    if (!server) throw UsageError("--server: unknown server \"" + kind + "\"; expected one of: " + server_names());
    hints[origin] = *server;
  }
  return hints;
}

}  // namespace silentcors::cli
