// Turns the shared browser options into launch options.
#pragma once

#include "browser/chrome_process.h"
#include "cli/args.h"

namespace silentcors::cli {

// `crash_log_dir`: where a Chromium that dies under the command leaves a
// copy of its log (the command's report folder); "" for none.
// --grid: how many sessions the Grid can start now (its free Chromium
// slots). Throws BrowserError (exit 3) when none.
int grid_free_slots(const browser::ChromeOptions& options);

browser::ChromeOptions chrome_options_from(const Args& args, const std::string& crash_log_dir = "");

}  // namespace silentcors::cli
