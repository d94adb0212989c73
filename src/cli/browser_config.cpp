#include "cli/browser_config.h"

#include <cstdlib>
#include <string_view>

#include "browser/browser_error.h"
#include "browser/grid_client.h"
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

OptionSpec grid_option() {
  return {"--grid", "URL", "run on a Selenium Grid 4 (http://HOST:4444): each worker is a Chromium session of "
                           "its own there, driven over its se:cdp, and ended at the end"};
}

int grid_free_slots(const browser::ChromeOptions& options) {
  std::string error;
  const auto url = browser::parse_grid_url(options.grid_url, error);
  if (!url) throw UsageError("--grid " + error);
  const browser::GridCapacity capacity = browser::GridClient(*url, options.startup_timeout).capacity();
  if (capacity.chromium_free > 0) return capacity.chromium_free;
  std::string why = capacity.nodes_up == 0 ? "no node is up"
                    : capacity.chromium_slots == 0
                        ? "none of its " + std::to_string(capacity.nodes_up) + " nodes offers Chromium (browserName chrome)"
                        : "all " + std::to_string(capacity.chromium_slots) + " of its Chromium slots are busy";
  if (!capacity.message.empty()) why += "; it says \"" + capacity.message + "\"";
  throw browser::BrowserError("the Selenium Grid at " + url->text() + " has no free Chromium slot: " + why);
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
  if (auto grid = args.value("--grid")) {
    std::string error;
    if (!browser::parse_grid_url(*grid, error)) throw UsageError("--grid " + error);
    if (args.value("--chrome")) throw UsageError("--grid and --chrome exclude each other");
    if (args.value("--cdp")) throw UsageError("--grid and --cdp exclude each other");
    if (args.value("--chrome-log")) throw UsageError("--chrome-log keeps a local Chromium's log; with --grid it runs on a node");
    options.grid_url = *grid;
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
