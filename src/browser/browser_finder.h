// Which Chromium to run: --chrome PATH, then $SILENTCORS_CHROME, then the
// first of chromium, chromium-browser, google-chrome on PATH.
#pragma once

#include <string>

namespace silentcors::browser {

// Returns an absolute path, or throws BrowserError saying what was tried.
std::string find_browser(const std::string& explicit_path);

}  // namespace silentcors::browser
