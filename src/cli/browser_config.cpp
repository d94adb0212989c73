#include "cli/browser_config.h"

#include <cstdlib>
#include <string_view>

#include "browser/remote_endpoint.h"
#include "cli/commands.h"

namespace silentcors::cli {

std::vector<OptionSpec> browser_options() {
  return {
      {"--chrome", "PATH", "Chromium to run (default: $SILENTCORS_CHROME, then chromium-headless-shell, chromium, chromium-browser, google-chrome on PATH)"},
      {"--chrome-log", "FILE", "keep Chromium's own stderr in FILE (default: discarded with its profile, or, if "
                              "Chromium dies under the command, copied to the report folder as chromium.log)"},
      {"--cdp", "URL", "use a running Chromium instead of launching one: ws(s)://HOST:PORT/devtools/browser/ID or "
                       "http://HOST:PORT (its /json/version)"},
      {"--startup-timeout", "S", "give up if Chromium has not opened DevTools after S seconds (default 30)"},
  };
}

browser::ChromeOptions chrome_options_from(const Args& args, const std::string& crash_log_dir) {
  browser::ChromeOptions options;
  options.chrome_path = args.value_or("--chrome", "");
  options.log_path = args.value_or("--chrome-log", "");
  options.crash_log_dir = crash_log_dir;
  options.startup_timeout = std::chrono::seconds(args.number("--startup-timeout", 30, 1, 600));
  if (auto cdp = args.value("--cdp")) {
    std::string error;
    // A malformed URL is bad usage (exit 2), found before anything starts;
    // an endpoint that does not answer is infrastructure (exit 3), later.
    if (!browser::parse_cdp_url(*cdp, error)) throw UsageError("--cdp " + error);
    if (args.value("--chrome")) throw UsageError("--cdp and --chrome exclude each other");
    options.cdp_url = *cdp;
  }
  // For scripts/bench-repeats only, which compares the two transports:
  // SILENTCORS_TRANSPORT=ws opens a loopback DevTools port (reachable by any
  // local user) and drives Chromium over the WebSocket instead of the pipe.
  if (const char* transport = std::getenv("SILENTCORS_TRANSPORT")) {
    if (std::string_view(transport) == "ws") {
      options.debugging_port = true;
    } else if (std::string_view(transport) != "pipe") {
      throw UsageError(std::string("SILENTCORS_TRANSPORT=") + transport + ": expected ws or pipe");
    }
  }
  return options;
}

}  // namespace silentcors::cli
