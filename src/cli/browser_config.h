// Turns the shared browser options into launch options.
#pragma once

#include "browser/chrome_process.h"
#include "cli/args.h"

namespace silentcors::cli {

browser::ChromeOptions chrome_options_from(const Args& args);

}  // namespace silentcors::cli
