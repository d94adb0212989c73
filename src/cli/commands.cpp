#include "cli/commands.h"

namespace silentcors::cli {

namespace {

std::vector<OptionSpec> with_browser_options(std::vector<OptionSpec> options) {
  for (auto& option : browser_options()) options.push_back(std::move(option));
  return options;
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"record", "URL --out RECORDING.jsonl [--timeout S] [--idle MS]",
       "open URL in headless Chromium and save every DevTools event of the page",
       with_browser_options({
           {"--out", "FILE", "where to write the recording (JSON Lines, one CDP event per line)"},
           {"--timeout", "S", "give up waiting for the network to go idle after S seconds (default 30)"},
           {"--idle", "MS", "the network counts as idle after MS ms with no request in flight (default 500)"},
       }),
       record_command},
  };
  return table;
}

}  // namespace silentcors::cli
