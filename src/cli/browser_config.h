// Turns the shared browser options into launch options.
#pragma once

#include "browser/chrome_process.h"
#include "cli/args.h"

namespace silentcors::cli {

// `crash_log_dir`: where a Chromium that dies under the command leaves a
// copy of its log (the command's report folder); "" for none.
browser::ChromeOptions chrome_options_from(const Args& args, const std::string& crash_log_dir = "");

}  // namespace silentcors::cli
