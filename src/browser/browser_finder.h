// Which Chromium to run: --chrome PATH, then $SILENTCORS_CHROME, then the
// first of chromium-headless-shell, chromium, chromium-browser,
// google-chrome on PATH. Debian's chromium-headless-shell is the same
// Chromium without the desktop browser around it: it starts in about half
// the time (0.45 s against 0.95 s here, scripts/bench-vs-playwright) and
// sends every DevTools event the analysis reads (the e2e suite passes on
// it), so it is taken when installed; chromium is the fallback.
#pragma once

#include <string>

namespace silentcors::browser {

// Returns an absolute path, or throws BrowserError saying what was tried.
std::string find_browser(const std::string& explicit_path);

}  // namespace silentcors::browser
