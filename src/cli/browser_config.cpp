#include "cli/browser_config.h"

#include "cli/commands.h"

namespace silentcors::cli {

std::vector<OptionSpec> browser_options() {
  return {
      {"--chrome", "PATH", "Chromium to run (default: $SILENTCORS_CHROME, then chromium on PATH)"},
      {"--chrome-log", "FILE", "keep Chromium's own stderr in FILE (default: discarded with its profile)"},
  };
}

browser::ChromeOptions chrome_options_from(const Args& args) {
  browser::ChromeOptions options;
  options.chrome_path = args.value_or("--chrome", "");
  options.log_path = args.value_or("--chrome-log", "");
  return options;
}

}  // namespace silentcors::cli
